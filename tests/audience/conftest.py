"""A question round at the Hagen conference, and participants who join it through the page."""

import pytest
from django.test import Client
from django.urls import reverse

from audience.services import round_create, round_start
from live import ratelimit


def make_round(event, *, code="PODIUM1", start=True, premoderated=True, session=None):
    question_round = round_create(
        event=event,
        title="Fragen an das Podium",
        code=code,
        premoderated=premoderated,
        session=session,
    )
    if start:
        question_round = round_start(question_round=question_round)
        question_round.refresh_from_db()
    return question_round


@pytest.fixture
def question_round(hagen_world):
    return make_round(hagen_world["event"])


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    ratelimit.memory_store.clear()
    ratelimit.code_lookups_clear()


def join(question_round, client: Client | None = None) -> Client:
    """A participant's browser: opened the round's page, so it holds the cookie."""
    client = client or Client()
    response = client.get(reverse("audience:participant", args=[question_round.code]))
    assert response.status_code == 200
    return client


def ask(client: Client, question_round, text: str, *, as_json: bool = True):
    headers = {"Accept": "application/json"} if as_json else {}
    return client.post(
        reverse("audience:ask", args=[question_round.code]), {"text": text}, headers=headers
    )


def vote(client: Client, question_round, question, *, upvoted: bool = True, as_json: bool = True):
    headers = {"Accept": "application/json"} if as_json else {}
    data = {"question": getattr(question, "pk", question), "upvoted": "1" if upvoted else "0"}
    return client.post(
        reverse("audience:upvote", args=[question_round.code]), data, headers=headers
    )
