"""In Chromium, as the Hagen editor on the Hagen documentation: a quote deleted with "Löschen?"
comes back by the undo button beside the message; a quote's new speaker and a new partner
organisation are typed in on the form, in one window."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from events.importer import documentation_import, documentation_load
from events.models import Quote
from stakeholders.models import Organisation, Person
from tests.conftest import make_editor
from tests.public.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HAGEN = (
    Path(settings.BASE_DIR) / "demo" / "documentations" / "002-hagen-umsetzungskonferenz-2022.yaml"
)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Screenshots for a look by eye, where SCREENSHOTS names a folder.
SHOTS = Path(os.environ.get("SCREENSHOTS", "/nonexistent"))


@pytest.fixture
def editor_page(live_server, browser):
    event = documentation_import(data=documentation_load(HAGEN)).event
    editor = make_editor("redaktion-hagen", event.municipality)
    context = browser.new_context(
        locale="de-DE", viewport={"width": 1280, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.goto(live_server.url + reverse("admin:events_event_change", args=[event.pk]))
    return page, event


def test_a_deleted_quote_comes_back_by_the_undo_button(editor_page):
    page, event = editor_page
    first = Quote.objects.filter(event=event, session=None).order_by("order", "id").first()
    count = Quote.objects.count()
    page.check("input[name=quotes-0-DELETE]")
    page.click("input[name=_continue]")

    message = page.locator(".messagelist li", has_text="Gelöscht:")
    assert f"Zitat „{first}“" in message.inner_text()
    assert Quote.objects.count() == count - 1
    button = message.get_by_role("button", name="Rückgängig")
    assert button.is_visible()
    page.wait_for_load_state("networkidle")
    assert axe_violations(page, WCAG) == []
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / "admin-undo-message.png"))

    button.click()

    assert "1 gelöschter Eintrag wiederhergestellt." in page.locator(".messagelist").inner_text()
    restored = Quote.objects.get(pk=first.pk)
    assert (restored.text, restored.order) == (first.text, first.order)
    assert Quote.objects.count() == count


def test_a_new_speaker_and_a_new_partner_are_typed_in_on_the_form(editor_page):
    page, event = editor_page
    group = page.locator("#quotes-group")
    rows = group.locator("tr.form-row:not(.empty-form)")
    before = rows.count()
    group.locator(".add-row a").click()
    row = rows.nth(before)
    row.locator("textarea[name$=-text]").fill("Wir bleiben dran.")
    row.locator("input[name$=new_person_name]").fill("Rita Rede")
    row.locator("input[name$=new_person_publish]").check()
    page.fill("input[name=new_organisation]", "Freiwilligenzentrum Hagen")
    page.select_option("select[name=new_organisation_sector]", "civil_society")
    page.get_by_role("radio", name="Partner").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    if SHOTS.is_dir():
        page.locator("fieldset", has_text="Neue Organisation").screenshot(
            path=str(SHOTS / "admin-new-organisation.png")
        )
        group.screenshot(path=str(SHOTS / "admin-quote-new-speaker.png"))
    page.click("input[name=_continue]")

    assert len(page.context.pages) == 1
    assert page.locator(".errornote").count() == 0
    speaker = Quote.objects.get(text="Wir bleiben dran.").speaker
    assert (speaker.name, speaker.municipality, speaker.publish_name) == (
        "Rita Rede",
        event.municipality,
        True,
    )
    organisation = Organisation.objects.get(name="Freiwilligenzentrum Hagen")
    assert organisation.municipality == event.municipality
    assert event.partners.filter(pk=organisation.pk).exists()
    assert Person.objects.filter(name="Rita Rede").count() == 1
