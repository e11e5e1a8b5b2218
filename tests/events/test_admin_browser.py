"""In Chromium at 1280 x 800, as the Hagen editor: the event and session forms fit the screen
without sideways scrolling, a moderator is added without a popup window, and the change
history names the change."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from events.importer import documentation_import, documentation_load
from events.models import EventRole, Session
from stakeholders.models import Person
from tests.conftest import make_editor
from tests.public.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HAGEN = (
    Path(settings.BASE_DIR) / "demo" / "documentations" / "002-hagen-umsetzungskonferenz-2022.yaml"
)
SCREEN = {"width": 1280, "height": 800}


def _log_in(browser, live_server, user):
    # bypass_csp: axe-core is injected into the page (tests/public/browser.py).
    page = browser.new_context(locale="de-DE", viewport=SCREEN, bypass_csp=True).new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    return page


def test_the_hagen_editors_forms_fit_1280_pixels(live_server, browser):
    event = documentation_import(data=documentation_load(HAGEN)).event
    editor = make_editor("redaktion-hagen", event.municipality)
    # The session with the most results: the widest table of rows.
    session = (
        Session.objects.filter(event=event)
        .annotate(rows=Count("contributions"))
        .order_by("-rows")
        .first()
    )
    page = _log_in(browser, live_server, editor)
    for url in (
        reverse("admin:events_event_add"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:events_session_change", args=[session.pk]),
    ):
        page.goto(live_server.url + url)
        assert page.locator("#content-main form").count() == 1, url
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, f"{url}: {width} px wide"
        # Every field in the rows is named by its column's title (static/js/admin.js).
        unnamed = {v["id"] for v in axe_violations(page)} & {"select-name", "label-title-only"}
        assert unnamed == set(), url


def test_a_moderator_is_added_in_the_row_without_a_popup(live_server, browser):
    event = documentation_import(data=documentation_load(HAGEN)).event
    editor = make_editor("redaktion-hagen", event.municipality)
    page = _log_in(browser, live_server, editor)
    page.goto(live_server.url + reverse("admin:events_event_change", args=[event.pk]))
    rows_before = page.locator("#roles-group tr.form-row:not(.empty-form)").count()
    page.click("#roles-group .add-row a")
    row = page.locator("#roles-group tr.form-row:not(.empty-form)").nth(rows_before)
    row.locator("input[name$=new_person_name]").fill("Petra Neu")
    row.locator("select[name$=-role]").select_option("moderation")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.click("input[name=_continue]")

    assert len(page.context.pages) == 1
    person = Person.objects.get(name="Petra Neu")
    assert person.municipality == event.municipality and not person.publish_name
    assert EventRole.objects.filter(event=event, person=person, role="moderation").exists()

    page.goto(live_server.url + reverse("admin:events_event_history", args=[event.pk]))
    history = page.locator("#change-history").inner_text()
    assert "redaktion-hagen" in history and "Petra Neu" in history
