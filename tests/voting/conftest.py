"""A dot-vote at the Hagen conference, and participants who join it through the page."""

import pytest
from django.test import Client
from django.urls import reverse

from live import ratelimit
from recommendations.models import Recommendation
from voting.models import DotVote
from voting.services import dot_vote_open, vote_items_add


def make_vote(event, *, code="HAGEN1", open_it=True, items=4, labels=("Freies Thema",), **fields):
    """A vote over ``items`` recommendations of the event's first strategy plus free labels."""
    strategy = event.strategies.first()
    recommendations = [
        Recommendation.objects.get_or_create(
            strategy=strategy,
            slug=f"{code.lower()}-empfehlung-{i}",
            defaults={"title": f"Empfehlung {i}", "order": i},
        )[0]
        for i in range(1, items + 1)
    ]
    vote = DotVote.objects.create(event=event, title="Priorisierung", code=code, **fields)
    vote_items_add(vote=vote, recommendations=recommendations, labels=list(labels))
    if open_it:
        dot_vote_open(vote=vote)
    vote.refresh_from_db()
    return vote


@pytest.fixture
def vote(hagen_world):
    return make_vote(hagen_world["event"])


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    ratelimit.memory_store.clear()
    ratelimit.code_lookups_clear()


def join(vote, client: Client | None = None) -> Client:
    """A participant's browser: opened the vote's page, so it holds the cookie."""
    client = client or Client()
    response = client.get(reverse("voting:participant", args=[vote.code]))
    assert response.status_code == 200
    return client


def place(client: Client, vote, item, dots, *, as_json: bool = True):
    headers = {"Accept": "application/json"} if as_json else {}
    return client.post(
        reverse("voting:ballot", args=[vote.code]),
        {"item": getattr(item, "pk", item), "dots": dots},
        headers=headers,
    )
