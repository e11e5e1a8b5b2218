"""A dot-vote at an event whose documentation is still a draft. While the vote is not over, a person
holding the code sees only what the facilitator chose to show: the vote's title and its items.
Once it is closed or published while the documentation is still a draft, every live page of it is
not found for everyone but the staff who run it (editors of the event's municipality, superusers).
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from recommendations.models import ActionField, Recommendation, Strategy
from tests.conftest import client_for
from tests.voting.conftest import join, place
from voting.models import DotVote
from voting.services import dot_vote_close, dot_vote_open, dot_vote_publish, vote_items_add

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "participant", "dortmund_editor", "hagen_editor", "superuser"]
RUNS_IT = {"hagen_editor", "superuser"}


@pytest.fixture
def draft_vote(hagen_world):
    """An open vote at the Hagen draft, over a recommendation of a strategy that no published
    event has (its own page is not found) and a free theme."""
    draft = hagen_world["draft"]
    draft.title = "Geheime Werkstatt im Entwurf"
    draft.save(update_fields=["title"])
    strategy = Strategy.objects.create(
        name="Entwurfsstrategie", slug="entwurf", municipality=draft.municipality
    )
    draft.strategies.add(strategy)
    field = ActionField.objects.create(strategy=strategy, number="9", title="Verborgenes Feld")
    secret = Recommendation.objects.create(
        strategy=strategy, slug="noch-geheim", title="Noch nicht öffentlich", action_field=field
    )
    vote = DotVote.objects.create(event=draft, title="Welche Themen zuerst?", code="ENTWURF8")
    vote_items_add(vote=vote, recommendations=[secret], labels=["Freies Thema"])
    dot_vote_open(vote=vote)
    vote.refresh_from_db()
    return vote


def persona_client(request, persona, vote) -> Client:
    if persona == "anonymous":
        return Client()
    if persona == "participant":
        client = join(vote)
        place(client, vote, vote.items.first(), 1)
        return client
    return client_for(request.getfixturevalue(persona))


def test_while_it_runs_the_room_sees_the_vote_and_its_items_and_nothing_of_the_draft(draft_vote):
    secret = Recommendation.objects.get(slug="noch-geheim")
    assert Client().get(reverse("recommendations:detail", args=[secret.slug])).status_code == 404
    page = join(draft_vote).get(reverse("voting:participant", args=[draft_vote.code]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Welche Themen zuerst?" in html
    assert "Noch nicht öffentlich" in html and "Freies Thema" in html
    assert "Geheime Werkstatt" not in html  # the event's title
    assert "Verborgenes Feld" not in html  # the recommendation's action field
    assert reverse("recommendations:detail", args=[secret.slug]) not in html
    assert draft_vote.event.get_absolute_url() not in html
    data = Client().get(reverse("voting:results", args=[draft_vote.code])).content.decode()
    assert "Noch nicht öffentlich" in data
    assert "Geheime Werkstatt" not in data and "Verborgenes Feld" not in data


def test_a_vote_at_a_published_event_shows_the_event_as_before(vote):
    html = join(vote).get(reverse("voting:participant", args=[vote.code])).content.decode()
    assert vote.event.title in html


def _live_answers(client, vote) -> dict[str, int]:
    item = vote.items.first()
    return {
        "page": client.get(reverse("voting:participant", args=[vote.code])).status_code,
        "results": client.get(reverse("voting:results", args=[vote.code])).status_code,
        "ballot": client.post(
            reverse("voting:ballot", args=[vote.code]),
            {"item": item.pk, "dots": 0},
            headers={"Accept": "application/json"},
        ).status_code,
        "join by hand": client.get(reverse("polls:join"), {"code": vote.code}).status_code,
        "projector": client.get(reverse("voting:projector", args=[vote.code])).status_code,
        "paper": client.get(reverse("voting:paper", args=[vote.code])).status_code,
    }


@pytest.mark.parametrize("over", ["closed", "published"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_once_it_is_over_its_live_pages_are_gone_for_all_but_its_staff(
    request, draft_vote, persona, over
):
    client = persona_client(request, persona, draft_vote)
    dot_vote_close(vote=draft_vote)
    if over == "published":
        dot_vote_publish(vote=draft_vote)
    answers = _live_answers(client, draft_vote)
    if persona in RUNS_IT:
        # The ballot is refused as closed (409); the join page forwards to the vote (302).
        assert answers == {
            "page": 200,
            "results": 200,
            "ballot": 409,
            "join by hand": 302,
            "projector": 200,
            "paper": 200,
        }
    elif persona == "dortmund_editor":
        # Not found, as for an unknown code; the staff pages were "forbidden" (403) before.
        assert set(answers.values()) == {404}, answers
    else:
        # Staff pages ask for a login first; everything else is not found.
        assert answers.pop("projector") == answers.pop("paper") == 302
        assert set(answers.values()) == {404}, answers


def comparable(response, code: str) -> str:
    """The page without its code and its CSRF tokens (new on every page)."""
    text = response.content.decode().replace(code, "CODE")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", text)


def test_the_gone_vote_answers_exactly_as_an_unknown_code(draft_vote):
    client = join(draft_vote)
    dot_vote_close(vote=draft_vote)
    for path in ("voting:participant", "voting:results"):
        gone = client.get(reverse(path, args=[draft_vote.code]))
        unknown = client.get(reverse(path, args=["NICHTDA8"]))
        assert gone.status_code == unknown.status_code == 404
        assert comparable(gone, draft_vote.code) == comparable(unknown, "NICHTDA8")
    item = draft_vote.items.first()
    for code in (draft_vote.code, "NICHTDA8"):
        response = client.post(
            reverse("voting:ballot", args=[code]),
            {"item": item.pk, "dots": 1},
            headers={"Accept": "application/json"},
        )
        assert response.json() == {
            "error": "Diese Abstimmung gibt es nicht. Bitte prüfen Sie den Code."
        }


def test_once_the_documentation_is_published_the_closed_vote_is_shown_again(draft_vote):
    client = join(draft_vote)
    place(client, draft_vote, draft_vote.items.first(), 2)
    dot_vote_close(vote=draft_vote)
    assert client.get(reverse("voting:participant", args=[draft_vote.code])).status_code == 404
    draft_vote.event.publish()
    page = client.get(reverse("voting:participant", args=[draft_vote.code]))
    assert page.status_code == 200
    assert "Die Abstimmung ist geschlossen" in page.content.decode()
    assert "Geheime Werkstatt" in page.content.decode()
