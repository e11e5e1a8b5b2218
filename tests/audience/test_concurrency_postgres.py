"""Upvotes under concurrency on PostgreSQL: one participant's two upvotes of the same question at
the same instant (a double tap, two tabs) leave one vote, also when neither has a participant row
yet; a finish while many upvotes are in flight leaves none after it; deleting the round or its
event waits for a question in flight, and one after it is refused, never an error."""

import threading

import pytest
from django.db import connections, transaction
from django.urls import reverse

from audience.models import AudienceParticipant, AudienceQuestion, QuestionRound, Upvote
from audience.services import (
    AudienceRefused,
    question_ask,
    question_moderate,
    round_finish,
    upvote_set,
)
from live.participants import participant_token_new
from tests.audience.conftest import make_round
from tests.conftest import client_for
from tests.voting.test_concurrency_postgres import in_thread, still_waiting_then_go

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 40


def _in_threads(count: int, work) -> list[BaseException]:
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait()
            work(i)
        except BaseException as error:  # noqa: B036 - reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_upvotes_of_one_participant_at_once_give_one_vote(hagen_world):
    question_round = make_round(hagen_world["event"], premoderated=False)
    for _ in range(ROUNDS):
        question = question_ask(
            code=question_round.code, token=participant_token_new(), text="Wie?"
        )
        token = participant_token_new()  # no participant row yet: both tabs try to write it
        results = []

        def tab(i: int, question=question, token=token, results=results) -> None:
            saved = upvote_set(
                code=question_round.code, token=token, question_id=question.pk, upvoted=True
            )
            results.append(saved.votes)

        assert _in_threads(2, tab) == []
        assert Upvote.objects.filter(question=question).count() == 1
        assert sorted(results) == [1, 1]
    # One row per voter (and per asker): never two for one token.
    assert AudienceParticipant.objects.filter(round=question_round).count() == 2 * ROUNDS


def test_a_finish_waits_for_the_upvotes_in_flight_and_refuses_the_rest(hagen_world):
    question_round = make_round(hagen_world["event"], premoderated=False)
    question = question_ask(code=question_round.code, token=participant_token_new(), text="Wann?")
    question_moderate(question=question, action="release")
    accepted = []

    def work(i: int) -> None:
        if i == 0:
            round_finish(question_round=question_round)
            return
        try:
            upvote_set(
                code=question_round.code,
                token=participant_token_new(),
                question_id=question.pk,
                upvoted=True,
            )
        except AudienceRefused:
            return
        accepted.append(i)

    assert _in_threads(12, work) == []
    # Every vote the service accepted was committed, none after the finish came through.
    assert Upvote.objects.filter(question=question).count() == len(accepted)
    question_round.refresh_from_db()
    assert question_round.finished_at is not None
    late = Upvote.objects.filter(question=question, created_at__gt=question_round.finished_at)
    assert not late.exists()


@pytest.mark.parametrize(
    "admin_delete",
    [
        lambda question_round: reverse(
            "admin:audience_questionround_delete", args=[question_round.pk]
        ),
        lambda question_round: reverse("admin:events_event_delete", args=[question_round.event_id]),
    ],
    ids=["the round", "its event"],
)
def test_a_delete_waits_for_a_question_in_flight_and_a_later_one_is_refused(
    hagen_world, hagen_editor, admin_delete
):
    question_round = make_round(hagen_world["event"])
    url = admin_delete(question_round)
    written, go = threading.Event(), threading.Event()

    def ask_slowly():
        with transaction.atomic():
            question_ask(
                code=question_round.code, token=participant_token_new(), text="Noch schnell?"
            )
            written.set()
            go.wait()

    asking, asked = in_thread(ask_slowly)
    written.wait()
    delete, deleted = in_thread(lambda: client_for(hagen_editor).post(url, {"post": "yes"}))
    # The delete waits for the question to commit; without the lock it failed at commit.
    assert still_waiting_then_go(delete, go, asking, delete)
    assert "error" not in asked and "error" not in deleted, deleted.get("error")
    assert deleted["result"].status_code == 302
    assert not QuestionRound.objects.exists() and not AudienceQuestion.objects.exists()
    with pytest.raises(AudienceRefused) as refused:
        question_ask(code=question_round.code, token=participant_token_new(), text="Zu spät?")
    assert refused.value.status == 404
