"""Many threads hammer one vote on PostgreSQL, with double taps, two tabs per participant,
retries and a close in the middle; then the invariants are checked against what was accepted."""

import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.contrib.admin import ModelAdmin
from django.db import OperationalError, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from events.models import Event
from live.participants import participant_token_new
from recommendations.models import Recommendation
from tests.conftest import client_for
from tests.voting.conftest import make_vote
from voting.admin import DotVoteAdmin
from voting.models import Ballot, DotVote
from voting.selectors import item_tallies, vote_totals
from voting.services import (
    CLOSED,
    VoteRefused,
    _lock,
    ballot_set,
    dot_vote_close,
    dot_vote_open,
    dot_votes_delete,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PARTICIPANTS = 10  # two tabs each, plus a thread per double tap: ≤ 40 connections at once
STEPS = 30


@dataclass
class Attempt:
    participant: int
    item: int
    dots: int
    started: float
    ended: float = 0.0
    accepted: bool = False
    reason: str = ""


def send(code, token, participant, item, dots, log, lock) -> Attempt:
    attempt = Attempt(participant, item, dots, time.monotonic())
    try:
        ballot_set(code=code, token=token, item_id=item, dots=dots)
        attempt.accepted = True
    except VoteRefused as refusal:
        attempt.reason = str(refusal.message)
    finally:
        attempt.ended = time.monotonic()
        with lock:
            log.append(attempt)
    return attempt


def tab(code, token, participant, items, seed, log, lock, start, progress):
    """One browser tab: a sequence of settings on its own items; some tapped twice at once,
    some sent again after the answer (a retry after a lost response)."""
    rng = random.Random(seed)
    try:
        start.wait()
        for _ in range(STEPS):
            item, dots = rng.choice(items), rng.choice([0, 1, 1, 2, 2, 3, 3, 4])
            if rng.random() < 0.25:
                twin = threading.Thread(
                    target=_closing_connection(send),
                    args=(code, token, participant, item, dots, log, lock),
                )
                twin.start()
                send(code, token, participant, item, dots, log, lock)
                twin.join()
            else:
                send(code, token, participant, item, dots, log, lock)
            if rng.random() < 0.2:
                send(code, token, participant, item, dots, log, lock)
            progress.release()
    finally:
        connections.close_all()


def _closing_connection(function):
    def run(*args):
        try:
            function(*args)
        finally:
            connections.close_all()

    return run


def test_parallel_ballots_and_a_close_in_the_middle_keep_every_invariant(hagen_world):
    vote = make_vote(hagen_world["event"], items=5, labels=("Freies Thema",))
    item_ids = list(vote.items.order_by("order").values_list("id", flat=True))
    # Nobody has a participant row yet: each one's first taps (two tabs, double taps) race to
    # write it.
    tokens = [participant_token_new() for _ in range(PARTICIPANTS)]

    log: list[Attempt] = []
    lock = threading.Lock()
    start = threading.Event()
    progress = threading.Semaphore(0)
    threads = [
        threading.Thread(
            target=tab,
            args=(
                vote.code,
                token,
                p,
                item_ids[half * 3 : half * 3 + 3],
                p * 10 + half,
                log,
                lock,
                start,
                progress,
            ),
        )
        for p, token in enumerate(tokens)
        for half in (0, 1)
    ]
    for thread in threads:
        thread.start()
    start.set()
    # Close once about 40 % of the steps are done, while the tabs keep sending.
    for _ in range(int(len(threads) * STEPS * 0.4)):
        progress.acquire()
    close_started = time.monotonic()
    dot_vote_close(vote=vote)
    close_ended = time.monotonic()
    at_close = [(i.pk, i.dots, i.voters) for i in item_tallies(vote)], vote_totals(vote)
    for thread in threads:
        thread.join()

    # What the database holds must be exactly what the accepted requests set: per participant
    # and item, each tab wrote its own items one step after another, so the last accepted
    # setting of a pair is its final value.
    expected: dict[tuple[int, int], int] = defaultdict(int)
    for attempt in sorted((a for a in log if a.accepted), key=lambda a: a.ended):
        expected[attempt.participant, attempt.item] = attempt.dots
    hashes = {token: p for p, token in enumerate(tokens)}
    from live.participants import participant_token_hash

    by_hash = {participant_token_hash(code=vote.code, token=t): p for t, p in hashes.items()}
    actual = {
        (by_hash[h], item): dots
        for h, item, dots in Ballot.objects.values_list("participant__token_hash", "item", "dots")
    }
    assert actual == {pair: dots for pair, dots in expected.items() if dots}

    # Nobody over the budget or the cap.
    per_participant: dict[int, int] = defaultdict(int)
    for (participant, _item), dots in actual.items():
        assert 1 <= dots <= vote.cap_per_item
        per_participant[participant] += dots
    assert max(per_participant.values()) <= vote.dots_per_participant

    # The aggregated totals equal the sum of the accepted settings.
    tallies = {i.pk: (i.dots, i.voters) for i in item_tallies(vote)}
    for item in item_ids:
        values = [dots for (_p, i), dots in actual.items() if i == item]
        assert tallies[item] == (sum(values), len(values))
    # A participant row for each token with an accepted dot, written by the first of them.
    assert vote_totals(vote) == {
        "participants": len({a.participant for a in log if a.accepted and a.dots}),
        "voters": len(per_participant),
        "dots_total": sum(actual.values()),
    }

    # The close: nothing accepted that started after it, nothing changed since.
    assert not [a for a in log if a.accepted and a.started > close_ended]
    after = [a for a in log if a.started > close_ended]
    assert after and all(a.reason == str(CLOSED) for a in after)
    assert at_close == ([(i.pk, i.dots, i.voters) for i in item_tallies(vote)], vote_totals(vote))

    # The run really exercised what it claims: contention, refusals, a close under load.
    reasons = {a.reason.split(" ")[0] for a in log if not a.accepted}
    assert {"Höchstens", "Sie", "Die"} <= reasons  # cap, budget, closed
    assert sum(a.accepted for a in log) > 100
    assert [a for a in log if a.started < close_started and a.ended > close_started]
    print(
        f"\n{len(log)} requests, {sum(a.accepted for a in log)} accepted; "
        f"close took {1000 * (close_ended - close_started):.1f} ms"
    )


def one_participant(hagen_world):
    """An open vote, one participant's token (no dot yet, so no row) and the first item."""
    vote = make_vote(hagen_world["event"])
    return vote, participant_token_new(), vote.items.first()


def test_a_close_waits_for_a_ballot_in_flight_and_the_next_ballot_sees_it_closed(hagen_world):
    vote, token, item = one_participant(hagen_world)
    written, closed = threading.Event(), threading.Event()
    times = {}

    def ballot_in_flight():
        try:
            with transaction.atomic():
                ballot_set(code=vote.code, token=token, item_id=item.pk, dots=2)
                written.set()
                time.sleep(0.4)  # the close is sent meanwhile
                times["ballot_committed"] = time.monotonic()
        finally:
            connections.close_all()

    def close():
        try:
            written.wait()
            dot_vote_close(vote=vote)
            times["close_returned"] = time.monotonic()
            closed.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ballot_in_flight), threading.Thread(target=close)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert times["close_returned"] > times["ballot_committed"]
    assert vote_totals(vote)["dots_total"] == 2  # the ballot in flight counts
    with pytest.raises(VoteRefused) as refusal:
        ballot_set(code=vote.code, token=token, item_id=item.pk, dots=3)
    assert refusal.value.message == CLOSED


def in_thread(function) -> tuple[threading.Thread, dict]:
    """Run ``function`` on its own connection; its result or exception lands in the dict."""
    outcome = {}

    def run():
        try:
            outcome["result"] = function()
        except Exception as error:  # noqa: BLE001 - handed to the test
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def still_waiting_then_go(waiter, go, *threads) -> bool:
    """Whether ``waiter`` is still blocked after 0.3 s; then sets ``go`` and joins ``threads``
    (``go`` is set even when the answer is no, so that no thread is left waiting)."""
    time.sleep(0.3)
    waited = waiter.is_alive()
    go.set()
    for thread in threads:
        thread.join()
    return waited


def test_a_ballot_that_waits_for_a_close_is_refused(hagen_world):
    vote, token, item = one_participant(hagen_world)
    locked, go = threading.Event(), threading.Event()

    def slow_close():
        with transaction.atomic():
            dot_vote_close(vote=vote)
            locked.set()
            go.wait()

    closer, _ = in_thread(slow_close)
    locked.wait()
    tap, outcome = in_thread(
        lambda: ballot_set(code=vote.code, token=token, item_id=item.pk, dots=1)
    )
    time.sleep(0.3)
    assert tap.is_alive()  # waits for the close to commit
    go.set()
    closer.join()
    tap.join()
    assert outcome["error"].message == CLOSED
    assert not Ballot.objects.filter(item__vote=vote).exists()


def test_an_admin_edit_sent_during_a_close_does_not_reopen_the_vote(
    hagen_world, hagen_editor, monkeypatch
):
    vote, token, item = one_participant(hagen_world)
    loaded, go = threading.Event(), threading.Event()
    save_model = DotVoteAdmin.save_model

    def paused(self, request, obj, form, change):  # the form has read the vote: status open
        loaded.set()
        go.wait()
        return save_model(self, request, obj, form, change)

    monkeypatch.setattr(DotVoteAdmin, "save_model", paused)
    url = reverse("admin:voting_dotvote_change", args=[vote.pk])
    data = {"event": vote.event_id, "title": "Neu"}
    data.update({"items-TOTAL_FORMS": 0, "items-INITIAL_FORMS": 0})
    edit, outcome = in_thread(lambda: client_for(hagen_editor).post(url, data).status_code)
    loaded.wait()
    dot_vote_close(vote=vote)
    go.set()
    edit.join()
    assert outcome["result"] == 302
    vote.refresh_from_db()
    assert (vote.title, vote.status) == ("Neu", DotVote.Status.CLOSED)
    with pytest.raises(VoteRefused):
        ballot_set(code=vote.code, token=token, item_id=item.pk, dots=1)


def test_adding_items_in_the_admin_while_the_vote_is_opened_does_not_deadlock(
    hagen_world, hagen_editor, monkeypatch
):
    vote = make_vote(hagen_world["event"], open_it=False)
    extra = Recommendation.objects.create(
        strategy=hagen_world["event"].strategies.first(), slug="extra", title="Extra", order=99
    )
    saved, go = threading.Event(), threading.Event()
    save_related = DotVoteAdmin.save_related

    def paused(self, request, form, formsets, change):  # the vote's row is written, items next
        saved.set()
        go.wait()
        return save_related(self, request, form, formsets, change)

    monkeypatch.setattr(DotVoteAdmin, "save_related", paused)
    url = reverse("admin:voting_dotvote_change", args=[vote.pk])
    data = {
        **{name: getattr(vote, name) for name in ("title", "dots_per_participant", "cap_per_item")},
        "event": vote.event_id,
        "recommendations": [extra.pk],
        "labels": "",
        "items-TOTAL_FORMS": 0,
        "items-INITIAL_FORMS": 0,
    }
    edit, edited = in_thread(lambda: client_for(hagen_editor).post(url, data).status_code)
    saved.wait()
    opening, opened = in_thread(lambda: dot_vote_open(vote=vote))
    time.sleep(0.3)
    go.set()
    edit.join()
    opening.join()
    assert edited == {"result": 302} and "error" not in opened
    vote.refresh_from_db()
    assert vote.status == DotVote.Status.OPEN
    assert vote.items.filter(recommendation=extra).exists()


def test_a_statement_the_server_cancels_is_not_sent_again(hagen_world):
    vote, token, item = one_participant(hagen_world)
    locked, go = threading.Event(), threading.Event()

    def hold_the_vote():
        with transaction.atomic():
            _lock(vote)
            locked.set()
            go.wait()

    holder, _ = in_thread(hold_the_vote)
    locked.wait()

    def impatient_tap():
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 300")
        ballot_set(code=vote.code, token=token, item_id=item.pk, dots=1)

    started = time.monotonic()
    tap, outcome = in_thread(impatient_tap)
    tap.join(timeout=3)  # a tap sent again would wait for the lock without a timeout
    go.set()
    holder.join()
    tap.join()
    assert isinstance(outcome["error"], OperationalError)  # cancelled, not retried
    assert time.monotonic() - started < 2
    assert not Ballot.objects.filter(item__vote=vote).exists()


def test_deleting_a_vote_waits_for_a_ballot_in_flight(hagen_world, hagen_editor):
    vote, token, item = one_participant(hagen_world)
    written, go = threading.Event(), threading.Event()

    def ballot_in_flight():
        with transaction.atomic():
            ballot_set(code=vote.code, token=token, item_id=item.pk, dots=2)
            written.set()
            go.wait()

    tap, tapped = in_thread(ballot_in_flight)
    written.wait()
    url = reverse("admin:voting_dotvote_delete", args=[vote.pk])
    delete, deleted = in_thread(lambda: client_for(hagen_editor).post(url, {"post": "yes"}))
    assert still_waiting_then_go(delete, go, tap, delete)  # for the ballot to commit
    # Without the lock one of them failed at commit: the ballot's participant or the
    # participant's ballot was gone.
    assert "error" not in tapped and "error" not in deleted
    assert deleted["result"].status_code == 302
    assert not DotVote.objects.exists() and not Ballot.objects.exists()


def test_a_ballot_that_waits_for_the_event_being_deleted_finds_the_vote_gone(
    hagen_world, hagen_editor, monkeypatch
):
    vote, token, item = one_participant(hagen_world)
    event = vote.event
    deleting, go = threading.Event(), threading.Event()
    delete_model = ModelAdmin.delete_model

    def paused(self, request, obj):  # the event's votes are locked, the delete not committed
        delete_model(self, request, obj)
        deleting.set()
        go.wait()

    monkeypatch.setattr(ModelAdmin, "delete_model", paused)
    url = reverse("admin:events_event_delete", args=[event.pk])
    delete, deleted = in_thread(lambda: client_for(hagen_editor).post(url, {"post": "yes"}))
    deleting.wait()
    tap, tapped = in_thread(
        lambda: ballot_set(code=vote.code, token=token, item_id=item.pk, dots=1)
    )
    assert still_waiting_then_go(tap, go, delete, tap)  # for the delete to commit
    assert deleted["result"].status_code == 302
    assert tapped["error"].status == 404  # a refusal, not an integrity error at commit
    assert not Event.objects.filter(pk=event.pk).exists() and not Ballot.objects.exists()


def test_a_participant_page_opened_while_the_vote_is_deleted_writes_nothing_and_waits_not(
    hagen_world,
):
    vote = make_vote(hagen_world["event"])
    deleting, go = threading.Event(), threading.Event()
    url = reverse("voting:participant", args=[vote.code])
    # Once before: the templates are loaded, so 0.3 s below measures waiting, not a first render
    # on a busy machine.
    assert Client().get(url).status_code == 200

    def slow_delete():
        with transaction.atomic():
            dot_votes_delete(votes=DotVote.objects.filter(pk=vote.pk))
            deleting.set()
            go.wait()

    delete, _ = in_thread(slow_delete)
    deleting.wait()
    page, opened = in_thread(lambda: Client().get(url))
    # Before, the page wrote a participant row, which waited for the delete.
    assert not still_waiting_then_go(page, go, delete, page)
    assert opened["result"].status_code == 200  # the delete had not committed yet
    assert Client().get(url).status_code == 404
