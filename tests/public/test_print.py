"""Printing an event page gives a clean documentation: no navigation, links written out,
charts that print with their numbers."""

import pytest

from tests.public.conftest import DEMO_EVENTS

pytestmark = pytest.mark.browser


def test_the_printed_page_has_no_navigation_and_writes_links_out(
    committed_demo_content, live_server, chromium
):
    context = chromium.new_context(viewport={"width": 800, "height": 1100}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{live_server.url}/events/{DEMO_EVENTS[2]}/")
    page.emulate_media(media="print")

    def display(selector: str) -> str:
        return page.eval_on_selector(selector, "e => getComputedStyle(e).display")

    for hidden in [".site-header", ".site-footer", ".toc", ".skip-link"]:
        assert display(hidden) == "none", hidden
    assert display(".print-only") == "block"
    assert live_server.url in page.inner_text(".print-only")
    # The ranking chart prints its bars (borders, not backgrounds) and the points as text.
    bar = page.eval_on_selector(".bar", "e => getComputedStyle(e).borderTopWidth")
    assert bar != "0px"
    assert "17" in page.inner_text(".chart-ranking")

    page.goto(f"{live_server.url}/events/{DEMO_EVENTS[1]}/")
    page.emulate_media(media="print")
    link = page.query_selector(".example a[href^='https']")
    written_out = page.evaluate("e => getComputedStyle(e, '::after').content", link)
    assert link.get_attribute("href") in written_out
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    context.close()
