"""In Chromium: an English browser opens a German address and reads German; the language switch
is a link a keyboard reaches, and it leads to the same documentation under /en/ and back."""

import pytest

from tests.conftest import make_event

pytestmark = pytest.mark.browser


def test_the_language_switch_leads_by_keyboard_to_the_same_page_in_english_and_back(
    transactional_db, hagen, live_server, chromium
):
    event = make_event(hagen, slug="hagen-dialog", title="Bürgerdialog Hagen")
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/events/{event.slug}/")
    assert page.get_attribute("html", "lang") == "de"

    english = page.get_by_role("link", name="English")
    english.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/en/events/{event.slug}/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Bürgerdialog Hagen"
    assert page.get_by_role("link", name="Skip to content").count() == 1
    current = page.locator('nav.language a[aria-current="page"]')
    assert current.inner_text() == "English"

    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_url(f"{live_server.url}/events/{event.slug}/")
    assert page.get_attribute("html", "lang") == "de"
    assert not [c for c in context.cookies() if c["name"] in ("csrftoken", "django_language")]
    context.close()
