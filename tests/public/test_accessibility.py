"""axe-core in headless Chromium finds no violation on the public pages with the demo content:
home, lists, search results, every demo event, recommendations, municipalities, organisations,
practice examples, topics and the operator's pages (legal/); in German on a desktop, in English
on a phone."""

import pytest
from django.urls import reverse
from django.utils import translation

from recommendations.models import Recommendation
from stakeholders.models import Organisation, PracticeExample
from tests.public.browser import axe_violations
from tests.public.conftest import DEMO_EVENTS

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def public_pages() -> list[str]:
    with_history = Recommendation.objects.filter(priorities__isnull=False).first()
    without_history = Recommendation.objects.filter(priorities__isnull=True).first()
    organisation = Organisation.objects.filter(organised_events__isnull=False).first()
    example = PracticeExample.objects.order_by("pk").first()
    return [
        reverse("events:home"),
        reverse("events:list"),
        reverse("events:list") + "?q=Beteiligung",
        reverse("events:list") + "?q=Ehrenamt&municipality=hagen",
        reverse("events:list") + "?q=Raumfahrt",
        reverse("events:list") + "?municipality=atlantis",
        *[reverse("events:detail", args=[slug]) for slug in DEMO_EVENTS],
        reverse("recommendations:list"),
        reverse("recommendations:list") + "?q=Ehrenamt",
        with_history.get_absolute_url(),
        without_history.get_absolute_url(),
        reverse("stakeholders:index"),
        reverse("stakeholders:municipality", args=["hagen"]),
        reverse("stakeholders:organisation", args=[organisation.slug]),
        example.get_absolute_url(),
        reverse("events:tag", args=["quartier"]),
        reverse("legal:imprint"),
        reverse("legal:privacy"),
        reverse("legal:accessibility"),
        reverse("legal:feedback"),
        reverse("legal:easy_language"),
        reverse("legal:sign_language"),
    ]


def violations_on(chromium, base_url, urls, *, viewport, locale) -> dict[str, list]:
    context = chromium.new_context(viewport=viewport, locale=locale, bypass_csp=True)
    page = context.new_page()
    found = {}
    for url in urls:
        response = page.goto(base_url + url)
        assert response.status == 200, url
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    context.close()
    return found


def test_no_axe_violations_on_the_public_pages(committed_demo_content, live_server, chromium):
    found = violations_on(
        chromium, live_server.url, public_pages(), viewport=DESKTOP, locale="de-DE"
    )
    assert found == {}


def test_no_axe_violations_on_a_phone_in_english(committed_demo_content, live_server, chromium):
    with translation.override("en"):  # the English addresses, /en/…
        urls = [
            reverse("events:home"),
            reverse("events:list") + "?q=Beteiligung",
            reverse("legal:privacy"),
            reverse("legal:accessibility"),
            reverse("legal:easy_language"),
        ] + [reverse("events:detail", args=[slug]) for slug in DEMO_EVENTS]
    found = violations_on(chromium, live_server.url, urls, viewport=PHONE, locale="en-GB")
    assert found == {}


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(
    committed_demo_content, live_server, chromium
):
    context = chromium.new_context(viewport=DESKTOP, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + reverse("events:detail", args=[DEMO_EVENTS[0]]))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()
