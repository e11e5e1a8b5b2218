"""After the retention period only the aggregates of a published vote remain."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from live.models import RateLimitBucket
from recommendations.models import Priority
from tests.voting.conftest import join, place
from voting.models import Ballot, DotVote, Participant, VoteResult
from voting.selectors import results_payload
from voting.services import (
    VoteRefused,
    dot_vote_close,
    dot_vote_publish,
    dot_vote_reopen,
    dot_votes_purge_expired,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(vote):
    first, second = vote.items.order_by("order")[:2]
    for dots in (3, 1):
        client = join(vote)
        place(client, vote, first, dots)
        place(client, vote, second, 2)
    join(vote)
    dot_vote_close(vote=vote)
    return dot_vote_publish(vote=vote)


@override_settings(VOTE_RETENTION_DAYS=30)
def test_the_link_between_participants_and_ballots_goes_after_the_period(published):
    before = results_payload(published, with_numbers=True)
    soon = published.published_at + datetime.timedelta(days=29)
    assert dot_votes_purge_expired(now=soon) == 0
    assert Ballot.objects.count() == 4

    later = published.published_at + datetime.timedelta(days=30, minutes=1)
    assert dot_votes_purge_expired(now=later) == 1
    assert not Participant.objects.exists() and not Ballot.objects.exists()
    vote = DotVote.objects.get()
    assert vote.purged_at == later
    assert results_payload(vote, with_numbers=True) == before
    assert before["participants"] == 2 and before["voters"] == 2
    assert VoteResult.objects.count() == vote.items.count()
    assert sorted(Priority.objects.values_list("points", "voters")) == [(4, 2), (4, 2)]
    with pytest.raises(VoteRefused):
        dot_vote_reopen(vote=vote)


@override_settings(VOTE_RETENTION_DAYS=0)
def test_votes_that_are_not_published_are_never_purged(vote):
    place(join(vote), vote, vote.items.first(), 1)
    dot_vote_close(vote=vote)
    assert dot_votes_purge_expired(now=timezone.now() + datetime.timedelta(days=365)) == 0
    assert Ballot.objects.count() == 1


@override_settings(VOTE_RETENTION_DAYS=0, VOTE_RATE_LIMIT_STORE="database")
def test_the_command_purges_and_clears_old_rate_limit_windows(published):
    RateLimitBucket.objects.create(key="old", window_number=1, hits=3)
    out = io.StringIO()
    call_command("purge_vote_ballots", stdout=out)
    assert "1 Abstimmung(en) auf Summen reduziert" in out.getvalue()
    assert not Participant.objects.exists()
    assert not RateLimitBucket.objects.filter(key="old").exists()
