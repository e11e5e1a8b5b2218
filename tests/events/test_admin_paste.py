"""Fast entry of flipchart bullets and recommendation additions in the admin."""

import pytest
from django.urls import reverse

from events.models import Contribution
from recommendations.models import Addition, Recommendation
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

FLIPCHART = """
- Räume für Begegnung
    - im Quartier
    - digital
• Ansprechperson in der Verwaltung
3. Förderung zugänglich machen
"""


def test_pasting_bullets_creates_one_contribution_per_bullet_in_order(hagen_world, hagen_editor):
    session = hagen_world["session"]
    url = reverse("admin:events_session_paste", args=[session.pk])
    response = client_for(hagen_editor).post(
        url, {"category": "Was läuft gut?", "bullets": FLIPCHART}
    )
    assert response.status_code == 302
    contributions = list(Contribution.objects.filter(session=session).order_by("order"))
    assert [c.text for c in contributions] == [
        "Räume für Begegnung",
        "im Quartier",
        "digital",
        "Ansprechperson in der Verwaltung",
        # A lone number that does not count from 1 may be content ("1. FC Köln"): it stays.
        "3. Förderung zugänglich machen",
    ]
    assert {c.category for c in contributions} == {"Was läuft gut?"}
    assert contributions[1].parent == contributions[0]
    assert contributions[2].parent == contributions[0]
    assert contributions[3].parent is None


def test_a_second_paste_is_appended_after_the_first(hagen_world, hagen_editor):
    session = hagen_world["session"]
    url = reverse("admin:events_session_paste", args=[session.pk])
    client = client_for(hagen_editor)
    client.post(url, {"category": "A", "bullets": "- eins\n- zwei"})
    client.post(url, {"category": "B", "bullets": "- drei"})
    assert list(session.contributions.order_by("order").values_list("text", flat=True)) == [
        "eins",
        "zwei",
        "drei",
    ]


@pytest.mark.parametrize("bullets", ["", "   \n  \t "])
def test_empty_paste_is_refused_with_a_message(hagen_world, hagen_editor, bullets):
    session = hagen_world["session"]
    url = reverse("admin:events_session_paste", args=[session.pk])
    response = client_for(hagen_editor).post(url, {"category": "", "bullets": bullets})
    assert response.status_code == 200
    assert "mindestens einen Stichpunkt" in response.content.decode()
    assert not Contribution.objects.exists()


def test_additions_paste_moves_on_to_the_next_recommendation(hagen_world, hagen_editor):
    first = hagen_world["recommendation"]
    second = Recommendation.objects.create(
        strategy=first.strategy, slug="hagen-kompetenzagentur", title="Kompetenzagentur", order=5
    )
    event = hagen_world["event"]
    url = reverse("admin:recommendations_recommendation_paste", args=[first.pk])
    response = client_for(hagen_editor).post(
        url,
        {
            "event": event.pk,
            "bullets": "- Aufbau einer Struktur\n- Frühzeitige Planung",
            "_next": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("admin:recommendations_recommendation_paste", args=[second.pk])
    )
    assert list(Addition.objects.filter(recommendation=first).values_list("text", "event_id")) == [
        ("Aufbau einer Struktur", event.pk),
        ("Frühzeitige Planung", event.pk),
    ]


def test_additions_cannot_be_attached_to_another_municipalitys_event(
    hagen_world, dortmund_world, hagen_editor
):
    url = reverse(
        "admin:recommendations_recommendation_paste", args=[hagen_world["recommendation"].pk]
    )
    response = client_for(hagen_editor).post(
        url, {"event": dortmund_world["event"].pk, "bullets": "- fremd"}
    )
    assert response.status_code == 200
    assert not Addition.objects.exists()


def test_the_event_page_links_to_live_polls_dot_votes_audience_questions_and_export(
    hagen_world, hagen_editor
):
    event = hagen_world["event"]
    content = (
        client_for(hagen_editor)
        .get(reverse("admin:events_event_change", args=[event.pk]))
        .content.decode()
    )
    assert reverse("polls:event", args=[event.slug]) in content
    assert reverse("audience:event", args=[event.slug]) in content
    assert reverse("admin:voting_dotvote_changelist") in content
    assert reverse("admin:events_event_export", args=[event.pk]) in content
