"""``/vote/<code>/state.json``: what a phone follows of its vote (open or not, result hidden or
not), the same for everyone, with an ETag; a vote over in a draft is not found for the room."""

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event
from tests.conftest import client_for
from tests.voting.conftest import join, make_vote, place
from voting.services import dot_vote_close, dot_vote_results_hidden_set

pytestmark = pytest.mark.django_db


def state(client, vote, **headers):
    return client.get(reverse("voting:state", args=[vote.code]), headers=headers)


def test_the_state_follows_the_controls_and_an_unchanged_one_is_a_304(hagen_world):
    vote = make_vote(hagen_world["event"], results_hidden=True)
    first = state(Client(), vote)
    assert first.json() == {"status": "open", "hidden": True}
    assert state(Client(), vote, **{"If-None-Match": first["ETag"]}).status_code == 304
    dot_vote_close(vote=vote)
    dot_vote_results_hidden_set(vote=vote, hidden=False)
    changed = state(Client(), vote, **{"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed.json() == {"status": "closed", "hidden": False}


def test_the_state_costs_one_query(hagen_world, django_assert_num_queries):
    vote = make_vote(hagen_world["event"])
    with django_assert_num_queries(1):
        assert state(Client(), vote).status_code == 200


def test_a_vote_over_in_a_draft_is_not_found_for_the_room_but_for_its_staff(
    hagen_world, hagen_editor, dortmund_editor
):
    event = hagen_world["event"]
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    vote = make_vote(event)
    dot_vote_close(vote=vote)
    assert state(Client(), vote).status_code == 404
    assert state(client_for(dortmund_editor), vote).status_code == 404
    assert state(client_for(hagen_editor), vote).json()["status"] == "closed"
    assert Client().get("/vote/GIBTSNICHT/state.json").status_code == 404


def test_the_english_result_counts_dots_and_people_in_their_plural(hagen_world):
    vote = make_vote(hagen_world["event"], items=2, labels=())
    first, second = vote.items.all()
    place(join(vote), vote, first, 1)
    phone = join(vote)
    place(phone, vote, first, 1)
    place(phone, vote, second, 2)
    dot_vote_close(vote=vote)
    page = phone.get(f"/en/vote/{vote.code}/").content.decode()
    assert "dots</span>" in page and "people</span>" in page and "person</span>" in page
    assert "Points" not in page and "People" not in page
    # The phone placed dots: its own list; one that placed none gets no empty heading.
    assert "Your dots" in page
    assert "Your dots" not in join(vote).get(f"/en/vote/{vote.code}/").content.decode()
