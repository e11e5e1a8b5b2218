"""Word-cloud answers under concurrency on PostgreSQL: two tabs of one participant sending
different terms at the same moment leave one whole answer, and a term hidden while answers
naming it are in flight stays hidden for all of them."""

import threading

import pytest
from django.db import connections

from live.participants import participant_token_hash, participant_token_new
from polls.models import Answer
from polls.selectors import word_tallies
from polls.services import answer_set, run_go_to, word_term_moderate
from tests.polls.test_scale_and_words import make_kinds_run

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 60


def _run_together(target, n: int) -> None:
    errors: list[BaseException] = []

    def wrapped(i: int) -> None:
        try:
            target(i)
        except BaseException as error:  # noqa: B036 - reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_two_tabs_sending_terms_at_once_leave_one_whole_answer(hagen_world):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    run_go_to(run=run, question=cloud_q)
    token = participant_token_new()
    token_hash = participant_token_hash(code=run.code, token=token)
    tabs = (["Ehrenamt", "Zeit"], ["Räume", "Geld", "ehrenamt"])
    wanted = ({"ehrenamt", "zeit"}, {"räume", "geld", "ehrenamt"})
    start = threading.Barrier(2)
    done = threading.Barrier(2)
    seen = []

    def tab(i: int) -> None:
        for _ in range(ROUNDS):
            start.wait()
            answer_set(code=run.code, token=token, question_id=cloud_q.pk, terms=tabs[i])
            done.wait()
            if i == 0:
                seen.append(
                    frozenset(
                        Answer.objects.filter(
                            question=cloud_q, participant__token_hash=token_hash
                        ).values_list("term", flat=True)
                    )
                )
            done.wait()

    _run_together(tab, 2)
    assert len(seen) == ROUNDS
    assert {set(s) == wanted[0] or set(s) == wanted[1] for s in seen} == {True}, set(seen)


def test_a_term_hidden_while_answers_name_it_stays_hidden(hagen_world):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    run_go_to(run=run, question=cloud_q)
    answer_set(
        code=run.code, token=participant_token_new(), question_id=cloud_q.pk, terms=["Quatsch"]
    )
    tokens = [participant_token_new() for _ in range(40)]

    def work(i: int) -> None:
        if i == 0:
            word_term_moderate(question=cloud_q, term="quatsch", action="hide")
            return
        for token in tokens[(i - 1) * 10 : i * 10]:
            answer_set(code=run.code, token=token, question_id=cloud_q.pk, terms=["quatsch"])

    _run_together(work, 5)
    assert Answer.objects.filter(question=cloud_q, term="quatsch").count() == 41
    # Whichever answers committed after the hide are hidden by it or at their insert; those
    # before it were hidden by it: the term is out of the cloud either way.
    assert word_tallies(cloud_q) == []
