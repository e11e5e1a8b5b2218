"""Helpers for the tests that hold each demo documentation to its original.

``page_text(event)`` is what a reader reads of the public page's documentation (header and
chapters, without the table of contents and the site around it), as plain text with single
spaces. ``assert_in_order(text, passages)`` checks that the passages stand in the text in this
order; its message names the first one that is missing or out of order.
"""

import html
import re

from django.test import Client

from events.importer import documentation_import, documentation_load


def imported(path):
    """The demo documentation at ``path``, imported and published."""
    event = documentation_import(data=documentation_load(path)).event
    assert event.is_published
    return event


def body_of(event) -> str:
    """The HTML of the page's chapters (without header, contents and footer)."""
    html = Client(HTTP_ACCEPT_LANGUAGE="de").get(event.get_absolute_url()).content.decode()
    return re.search(r'<div class="doc-body">(.*)<p class="doc-footer', html, re.S).group(1)


def chapter_titles(event) -> list[str]:
    titles = re.findall(r"<h2.*?</h2>", body_of(event), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", title).split()) for title in titles]


def between(text: str, start: str, end: str) -> str:
    begin = text.index(start) + len(start)
    return text[begin : text.index(end, begin)]


def page_text(event) -> str:
    response = Client(HTTP_ACCEPT_LANGUAGE="de").get(event.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    # Up to the documentation's own end: it holds articles of its own (practice examples).
    article = re.search(r'<article class="documentation".*</article>', page, re.S).group(0)
    article = re.sub(r'<nav class="toc[^"]*".*?</nav>', " ", article, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", article)
    return " ".join(html.unescape(text).split())


def assert_in_order(text: str, passages: list[str]) -> None:
    position = 0
    for number, passage in enumerate(passages, start=1):
        wanted = " ".join(passage.split())
        found = text.find(wanted, position)
        if found < 0:
            earlier = text.find(wanted)
            where = "earlier in the page" if 0 <= earlier < position else "not on the page"
            raise AssertionError(f"passage {number} {where}: {wanted!r}")
        position = found + len(wanted)
