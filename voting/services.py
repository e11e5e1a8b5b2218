"""Writes of the live dot-vote: setting dots (the first dot makes the participant), the
facilitator's controls, publishing, paper counts and retention.

Locking (PostgreSQL): a ballot holds the vote's advisory lock shared and its participant's
exclusively (migration 0002 explains why advisory); every control that changes what ballots may do
(open, close, reset, publish, reopen, paper counts, hide and reveal, the admin's saves and deletes)
takes the vote's lock exclusively, and the vote's row FOR UPDATE. So ballots of different
participants run in parallel, ballots of one participant run one after another, and a close waits
for the ballots in flight: each of them either committed before the close (and counts) or sees the
vote closed. On SQLite the settings open every transaction with BEGIN IMMEDIATE, which serialises
all writers; the ballot's steps, one statement on PostgreSQL, run from Python there.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from live.participants import participant_token_hash, purge_each, retention_cutoff
from live.push import announce
from live.ratelimit import TOO_MANY, rate_limit_arguments, rate_limit_exceeded
from live.refusals import LiveRefused
from live.statements import write
from recommendations.models import Priority, Recommendation
from voting.models import (
    MAX_DOTS,
    Ballot,
    DotVote,
    PaperCount,
    Participant,
    VoteItem,
    VoteResult,
)
from voting.selectors import item_tallies, vote_totals


class VoteRefused(LiveRefused):
    """A request the vote does not accept (live.refusals)."""


NOT_FOUND = _("Diese Abstimmung gibt es nicht. Bitte prüfen Sie den Code.")
NOT_STARTED = _("Die Abstimmung hat noch nicht begonnen.")
CLOSED = _("Die Abstimmung ist geschlossen. Punkte können nicht mehr geändert werden.")
UNKNOWN_ITEM = _("Diesen Eintrag gibt es in dieser Abstimmung nicht.")


@dataclass(frozen=True)
class BallotSet:
    item_id: int
    dots: int
    remaining: int


# The ballot write is the hot path. On PostgreSQL it is one statement, the function
# voting_ballot_set() of migrations 0002 and 0003 (its locking is explained in 0002, the rate limit
# it counts in 0003); elsewhere (SQLite) the
# same steps run from here in one transaction, which SQLite's BEGIN IMMEDIATE serialises. Both
# answer (outcome, budget, cap, other dots); the number of statements is pinned in
# tests/voting/test_query_counts.py.
_CALL = "SELECT outcome, budget, cap, others FROM voting_ballot_set(%s, %s, %s, %s, %s, %s)"
_VOTE_AND_PARTICIPANT = (
    "SELECT v.status, v.dots_per_participant, v.cap_per_item, v.id, p.id, "
    "EXISTS (SELECT 1 FROM voting_voteitem i WHERE i.id = %s AND i.vote_id = v.id) "
    "FROM voting_dotvote v "
    "LEFT JOIN voting_participant p ON p.vote_id = v.id AND p.token_hash = %s "
    "WHERE v.code = %s"
)
_JOIN = "INSERT INTO voting_participant (vote_id, token_hash, created_at) VALUES (%s, %s, %s)"
_OTHERS = (
    "SELECT COALESCE(SUM(dots), 0) FROM voting_ballot WHERE participant_id = %s AND item_id <> %s"
)
_DELETE = "DELETE FROM voting_ballot WHERE participant_id = %s AND item_id = %s"
_UPSERT = (
    "INSERT INTO voting_ballot (participant_id, item_id, dots) VALUES (%s, %s, %s) "
    "ON CONFLICT (participant_id, item_id) DO UPDATE SET dots = excluded.dots"
)


def _ballot_set_steps(cursor, code, token_hash, item_id, dots, rate_limit, rate_window) -> tuple:
    """voting_ballot_set() for databases without it, step by step. The participant's row is
    written with their first dot (migration 0004)."""
    if rate_limit_exceeded(token_hash, rate_limit, rate_window):
        return ("rate", None, None, None)
    cursor.execute(_VOTE_AND_PARTICIPANT, [item_id, token_hash, code])
    row = cursor.fetchone()
    if row is None:
        return ("vote", None, None, None)
    status, budget, cap, vote_id, participant_id, item_known = row
    if status != DotVote.Status.OPEN:
        return (status, budget, cap, None)
    if not item_known:
        return ("item", budget, cap, None)
    if dots > cap:
        return ("cap", budget, cap, None)
    if participant_id is None:
        if dots == 0:
            return ("ok", budget, cap, 0)
        # A new participant has no dots elsewhere, so the budget holds.
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.execute(_JOIN, [vote_id, token_hash, now])
        cursor.execute(_UPSERT, [cursor.lastrowid, item_id, dots])
        return ("ok", budget, cap, 0)
    cursor.execute(_OTHERS, [participant_id, item_id])
    (others,) = cursor.fetchone()
    if others + dots > budget:
        return ("budget", budget, cap, others)
    if dots == 0:
        cursor.execute(_DELETE, [participant_id, item_id])
    else:
        cursor.execute(_UPSERT, [participant_id, item_id, dots])
    return ("ok", budget, cap, others)


def ballot_set(
    *, code: str, token: str, item_id: int, dots: int, rate_limited: bool = False
) -> BallotSet:
    """Set the participant's dots on one item to ``dots`` (setting, not adding: a retried or
    doubled request cannot count twice). The participant's row is written with their first dot:
    a token that never placed one is no participant yet. Raises VoteRefused and changes nothing
    when the vote is not open, the item unknown, or the cap or the budget would be exceeded.
    ``rate_limited``:
    the request counts against the participant's rate limit (live.ratelimit) and is refused
    over it; the shared count is kept by the same statement as the ballot."""
    if not 0 <= dots <= MAX_DOTS:
        raise VoteRefused(_("Ungültige Punktzahl."), status=400)
    token_hash = participant_token_hash(code=code, token=token)
    limits = rate_limit_arguments(token_hash) if rate_limited else (None, None)
    if limits is None:
        raise VoteRefused(TOO_MANY, status=429)
    params = [code, token_hash, item_id, dots, *limits]
    outcome, budget, cap, others = write(_CALL, _ballot_set_steps, params)
    if outcome == "ok":
        return BallotSet(item_id=item_id, dots=dots, remaining=budget - others - dots)
    raise _refusal(outcome, budget=budget, cap=cap, others=others)


def _refusal(outcome: str, *, budget, cap, others) -> VoteRefused:
    if outcome == "rate":
        return VoteRefused(TOO_MANY, status=429)
    if outcome == "vote":
        return VoteRefused(NOT_FOUND, status=404)
    if outcome == "item":
        return VoteRefused(UNKNOWN_ITEM, status=404)
    if outcome == "cap":
        return VoteRefused(
            ngettext(
                "Höchstens %(cap)d Punkt pro Eintrag.", "Höchstens %(cap)d Punkte pro Eintrag.", cap
            )
            % {"cap": cap}
        )
    if outcome == "budget":
        return VoteRefused(
            ngettext(
                "Sie haben nur %(budget)d Punkt und davon %(others)d schon vergeben. "
                "Nehmen Sie zuerst woanders einen Punkt weg.",
                "Sie haben nur %(budget)d Punkte und davon %(others)d schon vergeben. "
                "Nehmen Sie zuerst woanders einen Punkt weg.",
                budget,
            )
            % {"budget": budget, "others": others}
        )
    return VoteRefused(NOT_STARTED if outcome == DotVote.Status.DRAFT else CLOSED)


# The advisory lock class of a vote; voting_ballot_set() takes it shared (migration 0002).
VOTE_LOCK = 30319


def _lock_key(vote_id: int) -> list[int]:
    return [VOTE_LOCK, vote_id % (2**31 - 1)]


def _lock(vote: DotVote) -> DotVote:
    """The vote, locked until the end of the transaction: on PostgreSQL the vote's advisory lock
    (waits for ballots in flight, blocks new ones) and the row FOR UPDATE (against other
    controls and edits). Each change by staff takes it, and so is announced as a change of what
    the live pages show, also a bulk write of items or paper counts."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", _lock_key(vote.pk))
    # The phones hear of the change at its commit (live.push), and the pages kept until the
    # state changes are computed again (announce counts it, live.changes).
    announce(vote.code)
    return DotVote.objects.select_for_update().select_related("event").get(pk=vote.pk)


def dot_votes_lock(votes) -> list[int]:
    """Lock these votes (a queryset) as ``_lock`` does, in the order of their ids so that two
    callers cannot deadlock; returns the ids. Call inside a transaction, before deleting the votes
    or what they belong to (their event): a delete then waits for the ballots in flight, and a
    ballot that waits for the delete finds the vote gone (404) instead of failing at commit."""
    ids = list(votes.order_by("pk").values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for vote_id in ids:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", _lock_key(vote_id))
    list(DotVote.objects.filter(pk__in=ids).order_by("pk").select_for_update().values_list("pk"))
    return ids


@transaction.atomic
def dot_votes_delete(*, votes) -> int:
    """Delete these votes (a queryset) with everything that belongs to them, under their locks
    (see ``dot_votes_lock``). Returns how many votes were deleted."""
    ids = dot_votes_lock(votes)
    deleted = 0
    for vote in DotVote.objects.filter(pk__in=ids):
        vote.delete()
        deleted += 1
    return deleted


# What the admin form of an existing vote may change; the status belongs to the controls.
SETTINGS = ("event", "title", "dots_per_participant", "cap_per_item", "results_hidden")
RULES = ("dots_per_participant", "cap_per_item")
PUBLISHED_FIXED = ("event", "results_hidden")


@transaction.atomic
def dot_vote_settings_save(*, vote: DotVote, fields: Iterable[str]) -> None:
    """Save these settings of an existing vote (``vote`` holds the new values) under the vote's
    lock, and nothing else of its row: a close or an open that committed meanwhile stays. The
    rules (dots, cap) only while the vote is a draft: ballots are counted against them. The event
    and the visibility not once the result is published: it stands in that event, visible."""
    fields = [name for name in SETTINGS if name in fields]
    current = _lock(vote)
    if current.status != DotVote.Status.DRAFT and any(name in RULES for name in fields):
        raise VoteRefused(
            _("Punkte pro Person und Höchstzahl sind fest, seit die Abstimmung geöffnet wurde.")
        )
    if current.is_published and any(name in PUBLISHED_FIXED for name in fields):
        raise VoteRefused(
            _(
                "Veranstaltung und Sichtbarkeit eines veröffentlichten Ergebnisses sind fest. "
                "Nehmen Sie die Veröffentlichung zuerst zurück."
            )
        )
    if fields:
        vote.save(update_fields=fields)


@transaction.atomic
def dot_vote_results_hidden_set(*, vote: DotVote, hidden: bool) -> DotVote:
    """Hide the result from everyone but staff, or reveal it. Under the vote's lock, so that a
    hide cannot land after a publish (which reveals): a published result stays visible."""
    vote = _lock(vote)
    if hidden:
        _refuse_unless(vote, DotVote.Status.DRAFT, DotVote.Status.OPEN, DotVote.Status.CLOSED)
    if vote.results_hidden != hidden:
        vote.results_hidden = hidden
        vote.save(update_fields=["results_hidden"])
    return vote


def _refuse_unless(vote: DotVote, *allowed: str) -> None:
    if vote.status not in allowed:
        raise VoteRefused(
            _("Das geht nicht, solange die Abstimmung „%(status)s“ ist.")
            % {"status": vote.get_status_display()}
        )


@transaction.atomic
def vote_items_add(
    *, vote: DotVote, recommendations: Iterable[Recommendation], labels: Iterable[str]
) -> list[VoteItem]:
    """Append items after the existing ones, skipping those the vote already has. Only before the
    vote is first opened: ballots and the participants' pages refer to the items."""
    vote = _lock(vote)
    _refuse_unless(vote, DotVote.Status.DRAFT)
    have_recommendations = set(vote.items.values_list("recommendation_id", flat=True))
    have_labels = set(
        vote.items.filter(recommendation__isnull=True).values_list("label", flat=True)
    )
    order = vote.items.aggregate(top=Max("order", default=0))["top"]
    new = []
    for recommendation in recommendations:
        if recommendation.pk not in have_recommendations:
            have_recommendations.add(recommendation.pk)
            order += 1
            new.append(VoteItem(vote=vote, recommendation=recommendation, order=order))
    for label in labels:
        label = label.strip()
        if label and label not in have_labels:
            have_labels.add(label)
            order += 1
            new.append(VoteItem(vote=vote, label=label, order=order))
    return VoteItem.objects.bulk_create(new)


@transaction.atomic
def dot_vote_open(*, vote: DotVote) -> DotVote:
    """Start (or resume) accepting ballots."""
    vote = _lock(vote)
    _refuse_unless(vote, DotVote.Status.DRAFT, DotVote.Status.CLOSED)
    if not vote.items.exists():
        raise VoteRefused(_("Die Abstimmung hat noch keine Einträge."))
    vote.open()
    return vote


@transaction.atomic
def dot_vote_close(*, vote: DotVote) -> DotVote:
    """Stop accepting ballots. Waits for the ballots in flight: each committed before the close
    counts; each that runs after it is refused."""
    vote = _lock(vote)
    _refuse_unless(vote, DotVote.Status.OPEN)
    vote.close()
    return vote


@transaction.atomic
def dot_vote_reset(*, vote: DotVote) -> int:
    """Delete every live dot of the vote (participants stay joined); returns the dots deleted,
    as the ranking counted them. Not after publishing: the published result is frozen until
    reopened. Under the vote's lock no ballot comes in between the count and the delete."""
    vote = _lock(vote)
    _refuse_unless(vote, DotVote.Status.DRAFT, DotVote.Status.OPEN, DotVote.Status.CLOSED)
    ballots = Ballot.objects.filter(item__vote=vote)
    dots = ballots.aggregate(dots=Sum("dots"))["dots"] or 0
    ballots.delete()
    return dots


@transaction.atomic
def paper_counts_save(*, vote: DotVote, counts: dict[int, int]) -> None:
    """Store the paper dots per item id (0 removes the count). Not after publishing."""
    vote = _lock(vote)
    _refuse_unless(vote, DotVote.Status.DRAFT, DotVote.Status.OPEN, DotVote.Status.CLOSED)
    item_ids = set(vote.items.values_list("id", flat=True))
    if not set(counts) <= item_ids:
        raise VoteRefused(UNKNOWN_ITEM, status=404)
    PaperCount.objects.filter(item_id__in=[i for i, dots in counts.items() if dots == 0]).delete()
    PaperCount.objects.bulk_create(
        [PaperCount(item_id=i, dots=dots) for i, dots in counts.items() if dots > 0],
        update_conflicts=True,
        unique_fields=["item"],
        update_fields=["dots"],
    )


def _priority_key(event_id: int, item: VoteItem, source: str) -> Q:
    if item.recommendation_id:
        return Q(event_id=event_id, recommendation_id=item.recommendation_id, source=source)
    return Q(event_id=event_id, recommendation__isnull=True, label=item.label, source=source)


@transaction.atomic
def dot_vote_publish(*, vote: DotVote) -> DotVote:
    """Freeze the result and write it into the event's prioritisation: one Priority row with
    source "live" (dots and distinct voters) per item that got live dots, one with source "paper"
    per item with paper dots. Reveals a hidden result. Only a closed vote can be published;
    refused when the event already holds points of that source for an item from elsewhere."""
    vote = _lock(vote)
    _refuse_unless(vote, DotVote.Status.CLOSED)
    tallies = list(item_tallies(vote))
    clashes = [
        tally.title
        for tally in tallies
        for source, points in (
            (Priority.Source.LIVE, tally.dots),
            (Priority.Source.PAPER, tally.paper),
        )
        if points and Priority.objects.filter(_priority_key(vote.event_id, tally, source)).exists()
    ]
    if clashes:
        raise VoteRefused(
            _(
                "Die Veranstaltung hat schon Punkte für: %(titles)s. Bitte diese zuerst in der "
                "Veranstaltung entfernen oder hier keine Punkte dafür veröffentlichen."
            )
            % {"titles": ", ".join(clashes)}
        )
    for rank, tally in enumerate(tallies):
        result = VoteResult(
            item=tally, dots=tally.dots, voters=tally.voters, paper_dots=tally.paper
        )
        label = "" if tally.recommendation_id else tally.label
        if tally.dots:
            result.live_priority = Priority.objects.create(
                event_id=vote.event_id,
                recommendation_id=tally.recommendation_id,
                label=label,
                source=Priority.Source.LIVE,
                points=tally.dots,
                voters=tally.voters,
                order=rank,
            )
        if tally.paper:
            result.paper_priority = Priority.objects.create(
                event_id=vote.event_id,
                recommendation_id=tally.recommendation_id,
                label=label,
                source=Priority.Source.PAPER,
                points=tally.paper,
                order=rank,
            )
        result.save()
    totals = vote_totals(vote)
    vote.participants_final = totals["participants"]
    vote.voters_final = totals["voters"]
    vote.status = DotVote.Status.PUBLISHED
    vote.published_at = timezone.now()
    vote.results_hidden = False
    vote.save()
    return vote


@transaction.atomic
def dot_vote_reopen(*, vote: DotVote) -> DotVote:
    """Undo publishing: delete the Priority rows and the frozen result publishing wrote; the vote
    is closed again and can be changed, opened or published anew. Impossible once the ballots
    were deleted after the retention period."""
    vote = _lock(vote)
    _refuse_unless(vote, DotVote.Status.PUBLISHED)
    if vote.purged_at:
        raise VoteRefused(_("Die Einzelstimmen sind nach Ablauf der Aufbewahrungsfrist gelöscht."))
    results = VoteResult.objects.filter(item__vote=vote)
    priority_ids = [
        pk
        for pair in results.values_list("live_priority_id", "paper_priority_id")
        for pk in pair
        if pk
    ]
    Priority.objects.filter(pk__in=priority_ids).delete()
    results.delete()
    vote.status = DotVote.Status.CLOSED
    vote.published_at = None
    vote.participants_final = vote.voters_final = None
    vote.save()
    return vote


def dot_votes_purge_expired(*, now=None) -> int:
    """Delete participants and their ballots of votes published more than VOTE_RETENTION_DAYS
    ago. The frozen VoteResult rows, the Priority rows and the participant totals remain.
    Returns the number of votes purged."""
    now = now or timezone.now()

    def purge(vote: DotVote) -> bool:
        vote = _lock(vote)
        if vote.status != DotVote.Status.PUBLISHED or vote.purged_at:
            return False
        Participant.objects.filter(vote=vote).delete()
        vote.purged_at = now
        vote.save(update_fields=["purged_at"])
        return True

    expired = DotVote.objects.filter(
        status=DotVote.Status.PUBLISHED,
        published_at__lte=retention_cutoff(now),
        purged_at__isnull=True,
    )
    return purge_each(expired, purge)
