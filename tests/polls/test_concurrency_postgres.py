"""Answers under concurrency on PostgreSQL: two tabs of one participant changing the same answer
at the same moment, and a close while many answers are in flight."""

import random
import threading
import time
from dataclasses import dataclass

import pytest
from django.db import connections

from live.participants import participant_token_hash, participant_token_new
from polls.models import Answer
from polls.selectors import option_tallies
from polls.services import (
    CLOSED,
    PollRefused,
    answer_set,
    question_close,
)
from tests.polls.conftest import make_run, options

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 80


def _selection(question, token_hash) -> frozenset[int]:
    return frozenset(
        Answer.objects.filter(question=question, participant__token_hash=token_hash).values_list(
            "option_id", flat=True
        )
    )


def test_two_tabs_changing_one_answer_at_once_leave_one_whole_selection(hagen_world):
    """Each round both tabs send at the same instant, one {a, b}, the other {c, d}. Whatever the
    order, the stored answer is exactly one of the two: never both mixed (four options), never
    a half (one option), never none."""
    run = make_run(hagen_world["event"], kinds=("multiple",))  # exactly 2 of 4
    question = run.questions.select_related("poll").get()
    a, b, c, d = (option.pk for option in options(question))
    token = participant_token_new()  # no participant row: the first round's answers write it
    token_hash = participant_token_hash(code=run.code, token=token)
    tabs = ([a, b], [c, d])
    start, done, checked = (threading.Barrier(2) for _ in range(3))
    seen: list[frozenset[int]] = []
    errors: list[BaseException] = []

    def tab(i: int) -> None:
        try:
            for _ in range(ROUNDS):
                start.wait()
                answer_set(code=run.code, token=token, question_id=question.pk, option_ids=tabs[i])
                done.wait()
                if i == 0:
                    seen.append(_selection(question, token_hash))
                checked.wait()
        except BaseException as error:  # noqa: B036 - reported by the main thread
            errors.append(error)
            for barrier in (start, done, checked):
                barrier.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tab, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors
    assert len(seen) == ROUNDS
    assert set(seen) <= {frozenset(tabs[0]), frozenset(tabs[1])}, set(seen)
    print(
        f"\n{ROUNDS} rounds: {seen.count(frozenset(tabs[0]))} × {{a, b}} won, "
        f"{seen.count(frozenset(tabs[1]))} × {{c, d}} won"
    )


@dataclass
class Attempt:
    participant: int
    option: int
    started: float
    ended: float = 0.0
    accepted: bool = False
    reason: str = ""


PARTICIPANTS = 12
BEFORE_CLOSE = PARTICIPANTS * 10  # answers sent before the facilitator closes


def test_a_close_while_answers_are_in_flight_keeps_every_accepted_answer_and_nothing_after(
    hagen_world,
):
    run = make_run(hagen_world["event"], kinds=("single",))
    question = run.questions.select_related("poll").get()
    option_ids = [option.pk for option in options(question)]
    tokens = [participant_token_new() for _ in range(PARTICIPANTS)]
    log: list[Attempt] = []
    lock = threading.Lock()
    go = threading.Event()
    closed = threading.Event()
    progress = threading.Semaphore(0)

    def participant(p: int) -> None:
        """Answers again and again until the close is over, then once more."""
        rng = random.Random(p)
        try:
            go.wait()
            while True:
                last = closed.is_set()
                attempt = Attempt(p, rng.choice(option_ids), time.monotonic())
                try:
                    answer_set(
                        code=run.code,
                        token=tokens[p],
                        question_id=question.pk,
                        option_ids=[attempt.option],
                    )
                    attempt.accepted = True
                except PollRefused as refusal:
                    attempt.reason = str(refusal.message)
                attempt.ended = time.monotonic()
                with lock:
                    log.append(attempt)
                progress.release()
                if last:
                    break
        finally:
            connections.close_all()

    threads = [threading.Thread(target=participant, args=(p,)) for p in range(PARTICIPANTS)]
    for thread in threads:
        thread.start()
    go.set()
    for _ in range(BEFORE_CLOSE):
        progress.acquire()
    close_started = time.monotonic()
    question_close(run=run)
    close_ended = time.monotonic()
    closed.set()
    at_close = [(o.pk, o.chosen) for o in option_tallies(question)]
    for thread in threads:
        thread.join()

    # Each participant's stored answer is their last accepted one; their attempts ran in order.
    expected = {}
    for attempt in log:
        if attempt.accepted:
            expected[attempt.participant] = attempt.option

    by_hash = {participant_token_hash(code=run.code, token=t): p for p, t in enumerate(tokens)}
    stored = {
        by_hash[token_hash]: option
        for token_hash, option in Answer.objects.filter(question=question).values_list(
            "participant__token_hash", "option_id"
        )
    }
    assert stored == expected
    # The tallies are the stored answers, and nothing changed after the close.
    assert sum(chosen for _pk, chosen in at_close) == len(stored)
    assert at_close == [(o.pk, o.chosen) for o in option_tallies(question)]
    # Nothing that started after the close was accepted; all of it was refused as closed.
    after = [a for a in log if a.started > close_ended]
    assert after and all(not a.accepted and a.reason == str(CLOSED) for a in after)
    # The run exercised what it claims: answers in flight while the close ran.
    assert [a for a in log if a.started < close_started and a.ended > close_started]
    print(
        f"\n{len(log)} answers, {sum(a.accepted for a in log)} accepted; "
        f"close took {1000 * (close_ended - close_started):.1f} ms"
    )
