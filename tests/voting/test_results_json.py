"""GET /vote/<code>/results.json: the ranking, hidden results, ETag and 304."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import client_for
from tests.voting.conftest import join, make_vote, place

pytestmark = pytest.mark.django_db


def results(client, vote, **headers):
    return client.get(reverse("voting:results", args=[vote.code]), headers=headers)


def test_it_ranks_the_items_with_dots_and_voters(vote):
    a, b, c = vote.items.order_by("order")[:3]
    for dots_a, dots_c in [(1, 3), (2, 2)]:
        client = join(vote)
        place(client, vote, a, dots_a)
        place(client, vote, c, dots_c)
    join(vote)  # opened the page, placed no dot: no participant
    data = results(Client(), vote).json()
    assert data["status"] == "open" and data["hidden"] is False
    assert (data["participants"], data["voters"], data["dots_total"]) == (2, 2, 8)
    assert data["items"][:3] == [
        {"id": c.pk, "title": c.title, "dots": 5, "voters": 2, "paper": 0},
        {"id": a.pk, "title": a.title, "dots": 3, "voters": 2, "paper": 0},
        {"id": b.pk, "title": b.title, "dots": 0, "voters": 0, "paper": 0},
    ]
    assert {"id", "title", "dots", "voters"} <= set(data["items"][0])


@pytest.fixture
def hidden_vote(hagen_world):
    vote = make_vote(hagen_world["event"], results_hidden=True)
    last = vote.items.order_by("order").last()
    place(join(vote), vote, last, 3)
    return vote


@pytest.mark.parametrize(
    ("persona", "sees_numbers"),
    [
        (None, False),
        ("dortmund_editor", False),
        ("hagen_editor", True),
        ("superuser", True),
    ],
)
def test_a_hidden_result_never_reaches_those_who_do_not_run_the_vote(
    request, hidden_vote, persona, sees_numbers
):
    user = request.getfixturevalue(persona) if persona else None
    data = results(client_for(user), hidden_vote).json()
    assert data["hidden"] is True
    numbers = [key for item in data["items"] for key in item if key not in ("id", "title")]
    assert bool(numbers) is sees_numbers
    if not sees_numbers:
        # Not even the order may leak: the items come in their own order.
        assert [i["id"] for i in data["items"]] == list(
            hidden_vote.items.order_by("order").values_list("id", flat=True)
        )


def test_an_unchanged_result_answers_304_and_a_change_a_new_body(vote):
    first = results(Client(), vote)
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    again = results(Client(), vote, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    place(join(vote), vote, vote.items.first(), 1)
    changed = results(Client(), vote, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_an_unknown_vote_is_a_json_404(db):
    response = Client().get("/vote/NOSUCH/results.json")
    assert response.status_code == 404
    assert response.json()["error"]


def test_the_ranking_is_computed_once_per_short_interval_and_a_304_costs_no_query(
    vote, settings, django_assert_num_queries
):
    """A projector and a room polling results.json: one computation per VOTE_RESULTS_CACHE_MS
    and process; what finds nothing new is a 304 without a query; the hidden ranking stays
    hidden from the room while the staff's numbers are kept apart."""
    import time

    from voting import views

    # Long enough for the ballot below on a busy machine (a test run in parallel).
    settings.VOTE_RESULTS_CACHE_MS = 1500
    views._results.clear()
    first = results(Client(), vote)
    etag = first["ETag"]
    place(join(vote), vote, vote.items.first(), 2)
    with django_assert_num_queries(0):
        again = results(Client(), vote, **{"If-None-Match": etag})
    assert again.status_code == 304  # at most 1.5 s old
    time.sleep(1.55)
    fresh = results(Client(), vote, **{"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.json()["dots_total"] == 2


def test_the_cached_ranking_keeps_hidden_numbers_from_the_room(hidden_vote, settings, hagen_editor):
    from voting import views

    settings.VOTE_RESULTS_CACHE_MS = 300
    views._results.clear()
    staff = results(client_for(hagen_editor), hidden_vote).json()
    room = results(Client(), hidden_vote).json()
    assert any(item.get("dots") == 3 for item in staff["items"])
    assert all(set(item) == {"id", "title"} for item in room["items"])
    # And the other way round: the room's answer kept first does not hide the staff's numbers.
    views._results.clear()
    assert all(
        set(item) == {"id", "title"} for item in results(Client(), hidden_vote).json()["items"]
    )
    assert any(
        item.get("dots") == 3
        for item in results(client_for(hagen_editor), hidden_vote).json()["items"]
    )
