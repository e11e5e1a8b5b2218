"""Reads of the live dot-vote. Every tally is an aggregation over the Ballot rows (or, once
published, over the frozen VoteResult rows); nothing is counted in Python."""

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from voting.models import Ballot, DotVote, Participant, VoteItem, VoteResult


def item_tallies(vote: DotVote) -> QuerySet[VoteItem]:
    """The items ranked by live plus paper dots, each with ``dots`` (live), ``voters`` (distinct
    participants with a dot on it) and ``paper``. Frozen values once the vote is published."""
    items = vote.items.select_related("recommendation")
    if vote.is_published:
        items = items.annotate(
            dots=Coalesce(F("result__dots"), Value(0)),
            voters=Coalesce(F("result__voters"), Value(0)),
            paper=Coalesce(F("result__paper_dots"), Value(0)),
        )
    else:
        items = items.annotate(
            # One Ballot row per participant and item, so counting rows counts voters.
            dots=Sum("ballots__dots", default=0),
            voters=Count("ballots"),
            paper=Coalesce(F("paper_count__dots"), Value(0)),
        )
    return items.order_by(-(F("dots") + F("paper")), "order", "id")


def vote_totals(vote: DotVote) -> dict[str, int]:
    """Participants joined, participants with at least one dot, live dots placed."""
    if vote.is_published:
        dots = VoteResult.objects.filter(item__vote=vote).aggregate(total=Sum("dots", default=0))
        return {
            "participants": vote.participants_final or 0,
            "voters": vote.voters_final or 0,
            "dots_total": dots["total"],
        }
    return Participant.objects.filter(vote=vote).aggregate(
        participants=Count("id", distinct=True),
        voters=Count("id", distinct=True, filter=Q(ballots__isnull=False)),
        dots_total=Sum("ballots__dots", default=0),
    )


def results_payload(vote: DotVote, *, with_numbers: bool) -> dict:
    """The body of results.json. Without numbers (a hidden result, asked by someone who does not
    run the vote) the items come in their own order, so not even the ranking leaks."""
    payload = {
        "status": vote.status,
        "hidden": vote.results_hidden,
        # The view staff last chose for the projector (live.projector).
        "projector": vote.projector_command,
        **vote_totals(vote),
    }
    if with_numbers:
        payload["items"] = [
            {
                "id": item.id,
                "title": item.title,
                "dots": item.dots,
                "voters": item.voters,
                "paper": item.paper,
            }
            for item in item_tallies(vote)
        ]
    else:
        payload["items"] = [
            {"id": item.id, "title": item.title}
            for item in vote.items.select_related("recommendation")
        ]
    return payload


def items_with_my_dots(vote: DotVote, participant: Participant | None) -> QuerySet[VoteItem]:
    """The vote's items in their order, each with ``mine``: this participant's dots on it."""
    mine = Ballot.objects.filter(item=OuterRef("pk"), participant=participant).values("dots")
    return vote.items.select_related("recommendation__action_field").annotate(
        mine=Coalesce(Subquery(mine[:1]), Value(0))
    )


def dots_placed(participant: Participant) -> int:
    return participant.ballots.aggregate(total=Sum("dots", default=0))["total"]
