"""The PDF link on the documentation page in Chromium: reached with the keyboard, found by axe-core
to have no problem, and it brings a PDF."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.public.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_keyboard_user_reaches_the_pdf_link_and_gets_the_pdf(hagen_world, live_server, chromium):
    event = hagen_world["event"]
    with translation.override("de"):
        url = live_server.url + event.get_absolute_url()
        pdf_path = reverse("events:pdf", args=[event.slug])
    context = chromium.new_context(locale="de-DE", bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    link = page.get_by_role("link", name="PDF herunterladen")
    assert link.get_attribute("href") == pdf_path
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "PDF herunterladen":
            break
    else:
        pytest.fail("the PDF link is not reached with the Tab key")
    assert axe_violations(page) == []

    response = page.request.get(live_server.url + pdf_path)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    context.close()
