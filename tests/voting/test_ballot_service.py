"""ballot_set: setting semantics, budget, cap, and refusals that change nothing."""

import psycopg
import pytest
from django.db import connection

from live.participants import participant_token_hash, participant_token_new
from tests.voting.conftest import make_vote
from voting.models import Ballot, DotVote, Participant
from voting.selectors import item_tallies, vote_totals
from voting.services import (
    VoteRefused,
    ballot_set,
    dot_vote_close,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(vote):
    return participant_token_new()


def items(vote):
    return list(vote.items.order_by("order"))


def test_it_sets_rather_than_adds_so_a_retry_counts_once(vote, token):
    first = items(vote)[0]
    ballot_set(code=vote.code, token=token, item_id=first.pk, dots=2)
    result = ballot_set(code=vote.code, token=token, item_id=first.pk, dots=2)
    assert (result.dots, result.remaining) == (2, 3)
    assert Ballot.objects.get().dots == 2


def test_it_removes_the_row_when_set_to_zero(vote, token):
    first = items(vote)[0]
    ballot_set(code=vote.code, token=token, item_id=first.pk, dots=1)
    result = ballot_set(code=vote.code, token=token, item_id=first.pk, dots=0)
    assert result.remaining == 5
    assert not Ballot.objects.exists()


def test_it_rejects_a_dot_over_the_cap(vote, token):
    with pytest.raises(VoteRefused) as refused:
        ballot_set(code=vote.code, token=token, item_id=items(vote)[0].pk, dots=4)
    assert refused.value.status == 409
    assert "Höchstens 3" in str(refused.value.message)
    assert not Ballot.objects.exists()


def test_it_rejects_a_dot_over_the_budget_and_keeps_the_ballot(vote, token):
    a, b, c = items(vote)[:3]
    ballot_set(code=vote.code, token=token, item_id=a.pk, dots=3)
    ballot_set(code=vote.code, token=token, item_id=b.pk, dots=2)
    with pytest.raises(VoteRefused) as refused:
        ballot_set(code=vote.code, token=token, item_id=c.pk, dots=1)
    assert "5 Punkte" in str(refused.value.message)
    assert sorted(Ballot.objects.values_list("dots", flat=True)) == [2, 3]


def test_moving_dots_within_the_budget_is_allowed(vote, token):
    a, b = items(vote)[:2]
    ballot_set(code=vote.code, token=token, item_id=a.pk, dots=3)
    ballot_set(code=vote.code, token=token, item_id=b.pk, dots=2)
    ballot_set(code=vote.code, token=token, item_id=a.pk, dots=1)
    result = ballot_set(code=vote.code, token=token, item_id=b.pk, dots=3)
    assert result.remaining == 1


@pytest.mark.parametrize(
    ("status", "message"), [("draft", "noch nicht begonnen"), ("closed", "geschlossen")]
)
def test_a_vote_that_is_not_open_refuses(vote, token, status, message):
    DotVote.objects.filter(pk=vote.pk).update(status=status)
    with pytest.raises(VoteRefused) as refused:
        ballot_set(code=vote.code, token=token, item_id=items(vote)[0].pk, dots=1)
    assert message in str(refused.value.message)
    assert not Ballot.objects.exists()


def test_an_item_of_another_vote_is_unknown(vote, token, hagen_world):
    from tests.voting.conftest import make_vote

    other = make_vote(hagen_world["event"], code="OTHER1")
    with pytest.raises(VoteRefused) as refused:
        ballot_set(code=vote.code, token=token, item_id=items(other)[0].pk, dots=1)
    assert refused.value.status == 404


def test_the_first_dot_makes_the_participant_and_a_refused_tap_or_a_zero_makes_none(vote, token):
    first, second = items(vote)[:2]
    with pytest.raises(VoteRefused):
        ballot_set(code=vote.code, token=token, item_id=first.pk, dots=4)  # over the cap
    ballot_set(code=vote.code, token=token, item_id=first.pk, dots=0)
    assert not Participant.objects.exists()
    assert ballot_set(code=vote.code, token=token, item_id=first.pk, dots=2).remaining == 3
    assert ballot_set(code=vote.code, token=token, item_id=second.pk, dots=3).remaining == 0
    participant = Participant.objects.get()
    assert participant.token_hash == participant_token_hash(code=vote.code, token=token)
    assert participant.ballots.count() == 2


def test_a_tap_on_a_vote_that_is_not_open_makes_no_participant(vote, token):
    dot_vote_close(vote=vote)
    with pytest.raises(VoteRefused):
        ballot_set(code=vote.code, token=token, item_id=items(vote)[0].pk, dots=1)
    assert not Participant.objects.exists()


def test_an_unknown_code_is_not_found(vote, token):
    with pytest.raises(VoteRefused) as refused:
        ballot_set(code="NOSUCH", token=token, item_id=items(vote)[0].pk, dots=1)
    assert refused.value.status == 404


@pytest.mark.parametrize("dots", [-1, 51, 1000])
def test_impossible_numbers_are_malformed(vote, token, dots):
    with pytest.raises(VoteRefused) as refused:
        ballot_set(code=vote.code, token=token, item_id=items(vote)[0].pk, dots=dots)
    assert refused.value.status == 400


def test_the_same_browser_is_two_unlinkable_participants_in_two_votes(vote, hagen_world):
    from tests.voting.conftest import make_vote

    other = make_vote(hagen_world["event"], code="OTHER1")
    token = participant_token_new()
    ballot_set(code=vote.code, token=token, item_id=items(vote)[0].pk, dots=1)
    ballot_set(code=other.code, token=token, item_id=items(other)[0].pk, dots=1)
    ballot_set(code=vote.code, token=token, item_id=items(vote)[1].pk, dots=1)
    first, second = Participant.objects.get(vote=vote), Participant.objects.get(vote=other)
    assert first.token_hash != second.token_hash
    assert token not in first.token_hash


def test_totals_are_aggregated_from_the_ballots(vote):
    a, b = items(vote)[:2]
    for dots_a, dots_b in [(3, 2), (1, 0), (2, 3)]:
        token = participant_token_new()
        ballot_set(code=vote.code, token=token, item_id=a.pk, dots=dots_a)
        if dots_b:
            ballot_set(code=vote.code, token=token, item_id=b.pk, dots=dots_b)
    took_back = participant_token_new()  # placed a dot and took it back
    ballot_set(code=vote.code, token=took_back, item_id=b.pk, dots=1)
    ballot_set(code=vote.code, token=took_back, item_id=b.pk, dots=0)
    ranked = list(item_tallies(vote))
    assert [(i.pk, i.dots, i.voters) for i in ranked[:2]] == [(a.pk, 6, 3), (b.pk, 5, 2)]
    assert vote_totals(vote) == {"participants": 4, "voters": 3, "dots_total": 11}
    assert Participant.objects.count() == 4


def test_after_closing_nothing_changes(vote, token):
    ballot_set(code=vote.code, token=token, item_id=items(vote)[0].pk, dots=2)
    dot_vote_close(vote=vote)
    with pytest.raises(VoteRefused):
        ballot_set(code=vote.code, token=token, item_id=items(vote)[0].pk, dots=0)
    assert Ballot.objects.get().dots == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_tap_on_a_connection_the_database_dropped_is_sent_again(vote, token):
    # No health check before the tap (one round trip less): when the server has dropped the
    # connection since the last request, the tap is sent again on a new one.
    first = items(vote)[0]
    ballot_set(code=vote.code, token=token, item_id=first.pk, dots=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (old_pid,) = cursor.fetchone()
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    assert ballot_set(code=vote.code, token=token, item_id=first.pk, dots=2).remaining == 3
    assert connection.connection.info.backend_pid != old_pid
    assert Ballot.objects.get(item=first).dots == 2


def test_the_refusals_count_one_dot_in_the_singular(hagen_world, token):
    vote = make_vote(hagen_world["event"], code="EINER1", dots_per_participant=1, cap_per_item=1)
    a, b = items(vote)[:2]
    with pytest.raises(VoteRefused) as over_cap:
        ballot_set(code=vote.code, token=token, item_id=a.pk, dots=2)
    assert str(over_cap.value.message) == "Höchstens 1 Punkt pro Eintrag."
    ballot_set(code=vote.code, token=token, item_id=a.pk, dots=1)
    with pytest.raises(VoteRefused) as over_budget:
        ballot_set(code=vote.code, token=token, item_id=b.pk, dots=1)
    assert str(over_budget.value.message).startswith(
        "Sie haben nur 1 Punkt und davon 1 schon vergeben."
    )
