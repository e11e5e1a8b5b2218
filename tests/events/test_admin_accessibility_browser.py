"""axe-core in Chromium finds no violation of WCAG 2.1 A and AA on the admin pages the Hagen
editor documents a workshop with: the event's add and change form, a session, a photo's and a
dot-vote's add form."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from events.importer import documentation_import, documentation_load
from events.models import Session
from tests.conftest import make_editor
from tests.public.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HAGEN = (
    Path(settings.BASE_DIR) / "demo" / "documentations" / "002-hagen-umsetzungskonferenz-2022.yaml"
)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_no_wcag_violations_on_the_editors_admin_pages(live_server, browser):
    event = documentation_import(data=documentation_load(HAGEN)).event
    editor = make_editor("redaktion-hagen", event.municipality)
    session = (
        Session.objects.filter(event=event)
        .annotate(rows=Count("contributions"))
        .order_by("-rows")
        .first()
    )
    # bypass_csp: axe-core is injected into the page (tests/public/browser.py).
    context = browser.new_context(
        locale="de-DE", viewport={"width": 1280, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")

    found = {}
    for url in (
        reverse("admin:events_event_add"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:events_session_change", args=[session.pk]),
        reverse("admin:uploads_photo_add"),
        reverse("admin:voting_dotvote_add"),
    ):
        page.goto(live_server.url + url)
        assert page.locator("#content-main form").count() == 1, url
        # The select2 boxes are built after the page has loaded.
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page, WCAG)
        if violations:
            found[url] = violations
    assert found == {}
