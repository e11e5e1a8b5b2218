"""In Chromium: an editor copies bullets from Word and from a PDF and pastes them (Ctrl+V) into
the admin's paste pages; the stored items and the public page keep every character of content."""

import pytest
from django.urls import reverse

from events.models import Contribution
from recommendations.models import Addition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What Word puts on the clipboard as plain text: Symbol-font bullets, tabs, Windows line ends.
FROM_WORD = (
    "\uf0b7\tTreffpunkte im Quartier\r\n"
    "\to\t1. FC Köln stellt Räume\r\n"
    "\to\tA. Müller: Termine ab 10. Mai 2022\r\n"
    "\uf0b7\t> 50 % der Vereine suchen Nachwuchs\r\n"
    "\uf0b7\tBei -5 °C fiel das Fest aus\r\n"
)
# A PDF's copy: the indentation is lost, a long item is broken where the page's line ended.
FROM_PDF = (
    "1. Räume für Begegnung\n"
    "a) im Quartier und in den\n"
    "umliegenden Stadtteilen\n"
    "b) digital\n"
    "2. 2. Engagementforum im Herbst\n"
)


def log_in_and_paste(live_server, browser, user, url: str, text: str, *, event=None):
    context = browser.new_context(locale="de-DE", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.goto(live_server.url + url)
    if event is not None:
        page.select_option("#id_event", str(event.pk))
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    page.focus("#id_bullets")
    page.keyboard.press("Control+V")
    # The textarea holds the clipboard's text as it was (line ends as the browser keeps them).
    assert page.input_value("#id_bullets") == text.replace("\r\n", "\n")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    return page


def test_bullets_pasted_from_word_keep_their_content(
    live_server, browser, hagen_world, hagen_editor
):
    session = hagen_world["session"]
    url = reverse("admin:events_session_paste", args=[session.pk])
    page = log_in_and_paste(live_server, browser, hagen_editor, url, FROM_WORD)

    assert page.get_by_text("5 Ergebnisse angelegt.").is_visible()
    stored = list(Contribution.objects.filter(session=session).order_by("order"))
    assert [(c.text, c.parent and c.parent.text) for c in stored] == [
        ("Treffpunkte im Quartier", None),
        ("1. FC Köln stellt Räume", "Treffpunkte im Quartier"),
        ("A. Müller: Termine ab 10. Mai 2022", "Treffpunkte im Quartier"),
        ("> 50 % der Vereine suchen Nachwuchs", None),
        ("Bei -5 °C fiel das Fest aus", None),
    ]
    page.goto(live_server.url + hagen_world["event"].get_absolute_url())
    body = page.inner_text("main")
    assert "1. FC Köln stellt Räume" in body and "> 50 % der Vereine" in body
    assert "\uf0b7" not in page.content()


def test_additions_pasted_from_a_pdf_keep_their_levels_and_lines(
    live_server, browser, hagen_world, hagen_editor
):
    recommendation = hagen_world["recommendation"]
    url = reverse("admin:recommendations_recommendation_paste", args=[recommendation.pk])
    log_in_and_paste(live_server, browser, hagen_editor, url, FROM_PDF, event=hagen_world["event"])

    stored = list(Addition.objects.filter(recommendation=recommendation).order_by("order"))
    assert [(a.text, a.parent and a.parent.text) for a in stored] == [
        ("Räume für Begegnung", None),
        ("im Quartier und in den umliegenden Stadtteilen", "Räume für Begegnung"),
        ("digital", "Räume für Begegnung"),
        ("2. Engagementforum im Herbst", None),
    ]
