"""Publishing writes the points into the event's prioritisation and freezes the result."""

import pytest
from django.urls import reverse

from recommendations.models import Priority
from tests.conftest import client_for
from tests.voting.conftest import join, place
from voting.models import DotVote, VoteResult
from voting.selectors import results_payload
from voting.services import (
    VoteRefused,
    dot_vote_close,
    dot_vote_publish,
    dot_vote_reopen,
    dot_vote_reset,
    dot_vote_results_hidden_set,
    paper_counts_save,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(vote):
    """Two participants voted; one item has paper dots too; the vote is closed."""
    first, second, *_, label = vote.items.order_by("order")
    alice, bob = join(vote), join(vote)
    place(alice, vote, first, 3)
    place(alice, vote, label, 2)
    place(bob, vote, first, 1)
    paper_counts_save(vote=vote, counts={second.pk: 6})
    dot_vote_close(vote=vote)
    return {"vote": vote, "first": first, "second": second, "label": label}


def test_publishing_writes_live_and_paper_points_side_by_side(voted):
    vote = dot_vote_publish(vote=voted["vote"])
    rows = {
        (p.recommendation_id, p.label, p.source): (p.points, p.voters)
        for p in Priority.objects.filter(event=vote.event)
    }
    assert rows == {
        (voted["first"].recommendation_id, "", "live"): (4, 2),
        (None, "Freies Thema", "live"): (2, 1),
        (voted["second"].recommendation_id, "", "paper"): (6, None),
    }
    assert (vote.participants_final, vote.voters_final) == (2, 2)
    assert vote.status == "published" and vote.published_at is not None


def test_the_published_result_is_frozen(voted):
    vote = dot_vote_publish(vote=voted["vote"])
    before = results_payload(vote, with_numbers=True)
    for attempt in (
        lambda: dot_vote_reset(vote=vote),
        lambda: paper_counts_save(vote=vote, counts={voted["first"].pk: 9}),
        lambda: dot_vote_publish(vote=vote),
    ):
        with pytest.raises(VoteRefused):
            attempt()
    # Even a ballot row changed behind the app's back does not move the published numbers.
    from voting.models import Ballot

    Ballot.objects.update(dots=1)
    assert results_payload(DotVote.objects.get(), with_numbers=True) == before


def test_reopening_removes_exactly_the_rows_publishing_wrote(voted):
    vote = voted["vote"]
    documented = Priority.objects.create(
        event=vote.event, label="Zukunftsräte", source="paper", points=17
    )
    dot_vote_publish(vote=vote)
    vote = dot_vote_reopen(vote=vote)
    assert list(Priority.objects.all()) == [documented]
    assert not VoteResult.objects.exists()
    assert vote.status == "closed" and vote.published_at is None


def test_publishing_refuses_when_the_event_already_has_points_for_an_item(voted):
    vote = voted["vote"]
    Priority.objects.create(
        event=vote.event,
        recommendation=voted["first"].recommendation,
        source="live",
        points=3,
    )
    with pytest.raises(VoteRefused) as refused:
        dot_vote_publish(vote=vote)
    assert voted["first"].title in str(refused.value.message)
    assert DotVote.objects.get().status == "closed"
    assert Priority.objects.count() == 1


def test_publishing_reveals_a_hidden_result(voted):
    DotVote.objects.filter(pk=voted["vote"].pk).update(results_hidden=True)
    vote = dot_vote_publish(vote=DotVote.objects.get())
    assert vote.results_hidden is False


def test_a_published_result_cannot_be_hidden(voted, hagen_editor):
    stale_page_vote = DotVote.objects.get()  # a projector loaded before the publish
    dot_vote_publish(vote=voted["vote"])
    response = client_for(hagen_editor).post(
        reverse("voting:control", args=[stale_page_vote.code]), {"action": "hide"}
    )
    assert response.status_code == 302
    assert DotVote.objects.get().results_hidden is False
    with pytest.raises(VoteRefused):
        dot_vote_results_hidden_set(vote=stale_page_vote, hidden=True)
    assert DotVote.objects.get().results_hidden is False


def test_an_open_vote_cannot_be_published(vote):
    with pytest.raises(VoteRefused):
        dot_vote_publish(vote=vote)
