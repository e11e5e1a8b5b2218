"""The projector's ranking and the room's first page are computed once per change (live.changes):
a poll that finds nothing new costs one or two small queries per period and process, never the
ranking; a ballot, a control, an edit of what the page shows and a change committed while the
ranking was computed are all seen after the period. On PostgreSQL, whose sequences count the
changes."""

import time

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from live import changes
from tests.conftest import client_for
from tests.voting.conftest import join, make_vote, place
from voting import views

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PERIOD_MS = 40


@pytest.fixture
def kept(settings):
    settings.VOTE_RESULTS_CACHE_MS = PERIOD_MS
    views._results.clear()
    views._first_pages.clear()
    yield
    views._results.clear()
    views._first_pages.clear()


def after_the_period():
    time.sleep(PERIOD_MS / 1000 + 0.02)


def results(client, vote, etag=None):
    headers = {"If-None-Match": etag} if etag else {}
    return client.get(reverse("voting:results", args=[vote.code]), headers=headers)


def test_a_projector_poll_that_finds_nothing_new_costs_two_small_queries_and_no_ranking(
    hagen_world, hagen_editor, kept, django_assert_num_queries
):
    vote = make_vote(hagen_world["event"])
    place(join(vote), vote, vote.items.first(), 2)
    projector = client_for(hagen_editor)
    etag = results(projector, vote)["ETag"]
    for _ in range(3):
        after_the_period()
        # The counters only: no vote, no ranking (nor the session: a visible result is the
        # same for everyone).
        with django_assert_num_queries(2) as counted:
            assert results(projector, vote, etag).status_code == 304
        assert "live_changes_state" in counted.captured_queries[0]["sql"]
    # A phone's poll of the same code finds the answer kept: only the counters.
    after_the_period()
    with django_assert_num_queries(2):
        assert results(Client(), vote).json()["dots_total"] == 2


def test_a_ballot_a_control_and_paper_dots_are_seen_after_the_period(
    hagen_world, hagen_editor, kept
):
    vote = make_vote(hagen_world["event"])
    projector = client_for(hagen_editor)
    etag = results(projector, vote)["ETag"]
    place(join(vote), vote, vote.items.first(), 3)
    after_the_period()
    fresh = results(projector, vote, etag)
    assert fresh.status_code == 200 and fresh.json()["dots_total"] == 3
    projector.post(reverse("voting:control", args=[vote.code]), {"action": "close"})
    after_the_period()
    assert results(projector, vote).json()["status"] == "closed"
    item = vote.items.last()
    projector.post(reverse("voting:paper", args=[vote.code]), {f"item_{item.pk}": "5"})
    after_the_period()
    ranked = results(projector, vote).json()["items"]
    assert [i["paper"] for i in ranked if i["id"] == item.pk] == [5]


def test_an_edit_of_a_recommendation_shows_on_the_room_s_first_page(hagen_world, kept):
    vote = make_vote(hagen_world["event"])
    page = reverse("voting:participant", args=[vote.code])
    assert "Empfehlung 1" in Client().get(page).content.decode()
    recommendation = vote.items.exclude(recommendation=None).first().recommendation
    recommendation.title = "Ein neuer Titel"
    recommendation.save()
    after_the_period()
    assert "Ein neuer Titel" in Client().get(page).content.decode()


def other_connection():
    params = connection.settings_dict
    return psycopg.connect(
        dbname=params["NAME"], user=params["USER"], host=params["HOST"], port=params["PORT"]
    )


def test_the_room_s_first_page_stays_kept_while_ballots_are_written(
    hagen_world, kept, django_assert_num_queries
):
    """The first page follows only the state, which is counted after commit: the room's ballots
    in flight do not make each process look the vote up and render the page again each period."""
    vote = make_vote(hagen_world["event"])
    page = reverse("voting:participant", args=[vote.code])
    assert "Empfehlung 1" in Client().get(page).content.decode()
    with other_connection() as other:
        token = "0" * 64
        item = vote.items.first()
        other.execute(
            "SELECT voting_ballot_set(%s, %s, %s, %s, NULL, NULL)", [vote.code, token, item.pk, 2]
        )
        for _ in range(2):
            after_the_period()
            with django_assert_num_queries(1) as counted:
                assert "Empfehlung 1" in Client().get(page).content.decode()
            assert "live_changes_state" in counted.captured_queries[0]["sql"]
        other.rollback()


def test_a_ballot_committed_while_the_ranking_is_computed_is_not_missed(hagen_world, kept):
    """A ballot counts itself before its commit: a ranking computed in between misses it while
    the counter already says so. The counters are not trusted while another transaction writes,
    so the next poll computes again and finds it."""
    vote = make_vote(hagen_world["event"])
    item = vote.items.first()
    with other_connection() as other:
        token = "0" * 64
        other.execute(
            "SELECT voting_ballot_set(%s, %s, %s, %s, NULL, NULL)", [vote.code, token, item.pk, 2]
        )
        # In progress: counted, not committed. The room's poll now computes without it.
        assert changes.marks((changes.STATE, changes.NUMBERS)) is None
        assert results(Client(), vote).json()["dots_total"] == 0
        other.commit()
    after_the_period()
    assert results(Client(), vote).json()["dots_total"] == 2
    after_the_period()
    assert changes.marks((changes.NUMBERS,)) is not None
