"""Recommendation pages: by strategy and action field, with status, points and history, and
only what published events show."""

import datetime

import pytest
from django.urls import reverse

from events.models import Session
from recommendations.models import (
    ActionField,
    Addition,
    Priority,
    Recommendation,
    StatusChange,
    Strategy,
)
from tests.conftest import client_for, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy_world(hagen):
    strategy = Strategy.objects.create(
        name="Engagementstrategie Hagen", slug="es-hagen", municipality=hagen
    )
    anerkennen = ActionField.objects.create(
        strategy=strategy, number="3.1", title="Engagement anerkennen", order=1
    )
    zukunft = ActionField.objects.create(
        strategy=strategy, number="3.3", title="Engagement zukunftsfähig gestalten", order=3
    )
    raete = Recommendation.objects.create(
        strategy=strategy,
        action_field=zukunft,
        slug="zukunftsraete",
        title="Zukunftsräte",
        description="Zukunftsräte in allen Stadtbezirken.",
        status="in_progress",
    )
    karte = Recommendation.objects.create(
        strategy=strategy,
        action_field=anerkennen,
        slug="ehrenamtskarte",
        title="Ehrenamtskarte stärken",
        status="exists",
    )
    conference = make_event(
        hagen,
        slug="umsetzungskonferenz",
        title="Umsetzungskonferenz",
        date=datetime.date(2022, 8, 27),
    )
    conference.strategies.add(strategy)
    Priority.objects.create(event=conference, recommendation=raete, points=12)
    Priority.objects.create(event=conference, recommendation=raete, points=5, source="live")
    question = Addition.objects.create(recommendation=raete, event=conference, text="Wer lädt ein?")
    Addition.objects.create(
        recommendation=raete, event=conference, parent=question, text="Die Bezirksvertretung"
    )
    Session.objects.create(
        event=conference,
        slug="kleingruppe-zukunftsraete",
        kind="small_group",
        title="Kleingruppe Zukunftsräte",
        recommendation=raete,
    )
    draft = make_event(hagen, slug="entwurf", title="Entwurf", published=False)
    Priority.objects.create(event=draft, recommendation=raete, points=100)
    Addition.objects.create(recommendation=raete, event=draft, text="Geheime Ergänzung")
    return {"strategy": strategy, "raete": raete, "karte": karte, "conference": conference}


def page(url: str) -> str:
    response = client_for(None).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_groups_by_strategy_and_action_field_with_status_and_public_points(
    strategy_world,
):
    html = page(reverse("recommendations:list"))
    html = html[html.index('class="list-results"') :]
    assert html.index("3.1 Engagement anerkennen") < html.index("Ehrenamtskarte stärken")
    assert html.index("Ehrenamtskarte stärken") < html.index("3.3 Engagement zukunftsfähig")
    assert "Ist in Umsetzung" in html and "Gibt es schon" in html
    assert "17 Punkte" in html
    assert "117" not in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?status=exists", ["ehrenamtskarte"]),
        ("?strategy=es-hagen", ["ehrenamtskarte", "zukunftsraete"]),
        ("?q=Stadtbezirken", ["zukunftsraete"]),
    ],
)
def test_the_list_filters_and_searches(strategy_world, query, expected):
    response = client_for(None).get(reverse("recommendations:list") + query)
    assert [r.slug for r in response.context["page"].object_list] == expected


def test_the_action_field_filter_offers_only_public_fields(strategy_world, dortmund):
    hidden = Strategy.objects.create(name="Ohne Veranstaltung", slug="ohne", municipality=dortmund)
    ActionField.objects.create(strategy=hidden, number="9", title="Verborgenes Feld")
    html = page(reverse("recommendations:list"))
    assert "Engagement anerkennen" in html and "Verborgenes Feld" not in html


def test_the_detail_page_tells_the_history_across_published_events(strategy_world):
    raete = strategy_world["raete"]
    StatusChange.objects.create(
        recommendation=raete,
        status="in_progress",
        date=datetime.date(2023, 3, 1),
        note="Die Lenkungsgruppe hat beschlossen.",
    )
    html = page(raete.get_absolute_url())
    text = " ".join(html.split())
    assert "17 Punkte bei der Priorisierung (12 auf Papier, 5 live)" in text
    assert "Umsetzungskonferenz" in text
    assert "Kleingruppe Zukunftsräte" in text
    assert "Wer lädt ein?" in text and "Die Bezirksvertretung" in text
    assert text.index("27. August 2022") < text.index("1. März 2023")
    assert "Die Lenkungsgruppe hat beschlossen." in text
    assert "Geheime Ergänzung" not in text
    assert "Entwurf" not in text


def test_a_recommendation_whose_strategy_has_only_drafts_is_404(hagen):
    strategy = Strategy.objects.create(name="Geheim", slug="geheim", municipality=hagen)
    make_event(hagen, slug="entwurf", published=False).strategies.add(strategy)
    hidden = Recommendation.objects.create(strategy=strategy, slug="geheim", title="Geheim")
    assert client_for(None).get(hidden.get_absolute_url()).status_code == 404
    assert "Geheim" not in page(reverse("recommendations:list"))
