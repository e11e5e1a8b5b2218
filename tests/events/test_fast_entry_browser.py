"""In Chromium: an editor types all Hagen additions (about 100 bullets for 40 recommendations)
through the paste page, one paste and one click per recommendation."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from events.importer import documentation_import, documentation_load
from recommendations.models import Addition, Recommendation
from stakeholders.models import EditorMembership, Municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HAGEN = (
    Path(settings.BASE_DIR) / "demo" / "documentations" / "002-hagen-umsetzungskonferenz-2022.yaml"
)


def as_flipchart(items: list[dict], depth: int = 0) -> str:
    lines = []
    for item in items:
        lines.append("    " * depth + "- " + item["text"])
        if item.get("children"):
            lines.append(as_flipchart(item["children"], depth + 1))
    return "\n".join(lines)


def test_an_editor_enters_all_hagen_additions_in_one_pass(live_server, browser):
    data = documentation_load(HAGEN)
    event = documentation_import(data=data).event
    expected = list(
        Addition.objects.filter(event=event)
        .order_by("order")
        .values_list("recommendation__slug", "text")
    )
    Addition.objects.filter(event=event).delete()
    user = get_user_model().objects.create_user("redaktion", password="geheim-123", is_staff=True)
    EditorMembership.objects.create(user=user, municipality=Municipality.objects.get(slug="hagen"))
    per_recommendation: dict[str, list[dict]] = {}
    for item in data["event"]["recommendation_additions"]:
        per_recommendation.setdefault(item["recommendation"], []).append(item)
    recommendations = list(
        Recommendation.objects.filter(strategy__slug="engagementstrategie-hagen")
    )

    page = browser.new_context(locale="de-DE").new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "redaktion")
    page.fill("#id_password", "geheim-123")
    page.click("input[type=submit]")
    first = recommendations[0]
    page.goto(
        live_server.url + reverse("admin:recommendations_recommendation_paste", args=[first.pk])
    )
    page.select_option("#id_event", str(event.pk))
    clicks = 0
    for index, recommendation in enumerate(recommendations):
        # The click starts the next page's navigation; its title is there once it has loaded.
        expect(page).to_have_title(re.compile(re.escape(recommendation.title)))
        page.fill("#id_bullets", as_flipchart(per_recommendation[recommendation.slug]))
        last = index == len(recommendations) - 1
        page.click("input[name=_save]" if last else "input[name=_next]")
        clicks += 1

    entered = list(
        Addition.objects.filter(event=event)
        .order_by("recommendation__order", "order")
        .values_list("recommendation__slug", "text")
    )
    assert sorted(entered) == sorted(expected)
    assert len(entered) == 101
    assert clicks == 40
    nested = Addition.objects.filter(event=event, parent__isnull=False)
    assert nested.count() == 2 and nested.first().parent.text == "Diskriminierung:"
