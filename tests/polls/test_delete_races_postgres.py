"""Deleting a live poll, its event or one of its questions while participants answer and the
facilitator presses buttons, on PostgreSQL: the delete waits for the answers in flight, and an
answer or a button pressed meanwhile is refused, never an error."""

import threading

import pytest
from django.contrib.admin import ModelAdmin
from django.db import transaction
from django.urls import reverse

from events.models import Event, Poll
from live.participants import participant_token_new
from polls.models import Answer, PollParticipant, PollRun
from polls.services import PollRefused, answer_set, run_go_to
from tests.conftest import client_for
from tests.polls.conftest import make_run, options, question
from tests.voting.test_concurrency_postgres import in_thread, still_waiting_then_go

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def answer_in_flight(run):
    """A first answer to the open question whose transaction stays open until ``go`` is set."""
    single = question(run, "single")
    written, go = threading.Event(), threading.Event()

    def answer():
        with transaction.atomic():
            answer_set(
                code=run.code,
                token=participant_token_new(),
                question_id=single.pk,
                option_ids=[options(single)[0].pk],
            )
            written.set()
            go.wait()

    thread, outcome = in_thread(answer)
    written.wait()
    return thread, outcome, go


@pytest.mark.parametrize(
    "admin_delete",
    [
        lambda run: reverse("admin:polls_pollrun_delete", args=[run.pk]),
        lambda run: reverse("admin:events_event_delete", args=[run.event_id]),
        lambda run: reverse("admin:events_poll_delete", args=[question(run, "single").poll_id]),
    ],
    ids=["the run", "its event", "the question's poll"],
)
def test_a_delete_waits_for_an_answer_in_flight(hagen_world, hagen_editor, admin_delete):
    run = make_run(hagen_world["event"])
    url = admin_delete(run)
    tap, tapped, go = answer_in_flight(run)
    delete, deleted = in_thread(lambda: client_for(hagen_editor).post(url, {"post": "yes"}))
    assert still_waiting_then_go(delete, go, tap, delete)  # for the answer to commit
    # Without the lock the delete failed at commit: the new answer's participant or question
    # was gone.
    assert "error" not in tapped and "error" not in deleted, deleted.get("error")
    assert deleted["result"].status_code == 302
    assert not Answer.objects.filter(question__poll__kind="single").exists()


def test_a_button_pressed_while_the_run_is_deleted_is_refused(hagen_world):
    run = make_run(hagen_world["event"], start=False)
    first = run.questions.order_by("order").first()
    deleting, go = threading.Event(), threading.Event()

    def slow_delete():
        with transaction.atomic():
            PollRun.objects.filter(pk=run.pk).delete()
            deleting.set()
            go.wait()

    delete, _ = in_thread(slow_delete)
    deleting.wait()
    # The facilitator's "start": its first statement locks the run, which waits for the delete.
    press, pressed = in_thread(lambda: run_go_to(run=run, question=first))
    assert still_waiting_then_go(press, go, delete, press)  # for the delete to commit
    # Before, the lock found the run gone: DoesNotExist, a 500 on the control page.
    assert isinstance(pressed["error"], PollRefused) and pressed["error"].status == 404
    assert not PollRun.objects.exists()


def test_an_answer_that_waits_for_the_delete_is_refused_and_writes_nothing(
    hagen_world, hagen_editor, monkeypatch
):
    run = make_run(hagen_world["event"])
    single = question(run, "single")
    deleting, go = threading.Event(), threading.Event()
    delete_model = ModelAdmin.delete_model

    def paused(self, request, obj):  # the run is locked and deleted, not yet committed
        delete_model(self, request, obj)
        deleting.set()
        go.wait()

    monkeypatch.setattr(ModelAdmin, "delete_model", paused)
    url = reverse("admin:polls_pollrun_delete", args=[run.pk])
    delete, deleted = in_thread(lambda: client_for(hagen_editor).post(url, {"post": "yes"}))
    deleting.wait()
    tap, tapped = in_thread(
        lambda: answer_set(
            code=run.code,
            token=participant_token_new(),
            question_id=single.pk,
            option_ids=[options(single)[0].pk],
        )
    )
    assert still_waiting_then_go(tap, go, delete, tap)
    assert deleted["result"].status_code == 302
    assert isinstance(tapped["error"], PollRefused) and tapped["error"].status == 404
    assert not PollParticipant.objects.exists() and not Answer.objects.exists()
    assert Event.objects.filter(pk=run.event_id).exists() and Poll.objects.exists()


def test_next_question_while_a_first_answer_is_in_flight_deadlocks_nobody(hagen_world):
    """The facilitator's "next" locks the run, then waits for the question an answer holds; the
    answer's new participant checks at commit that its run exists (a key share of the run row).
    With the run locked FOR UPDATE that was a deadlock: PostgreSQL killed one of them (503s
    under load, make bench-live). FOR NO KEY UPDATE lets the answer commit, then "next" goes on."""
    run = make_run(hagen_world["event"])
    second = run.questions.order_by("order")[1]
    tap, tapped, go = answer_in_flight(run)
    press, pressed = in_thread(lambda: run_go_to(run=run, question=second))
    assert still_waiting_then_go(press, go, tap, press)  # for the answer to commit
    assert "error" not in tapped and "error" not in pressed, (tapped, pressed)
    run.refresh_from_db()
    assert run.current_question_id == second.pk
    assert PollParticipant.objects.filter(run=run).count() == 1
