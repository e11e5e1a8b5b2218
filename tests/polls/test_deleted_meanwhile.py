"""A control or a form that reaches a question or poll which was deleted meanwhile (in another
window, with its event, by an import) is refused with a message, never an error: the objects the
request loaded are stale by then."""

import pytest
from django.urls import reverse

from events.models import Poll
from polls.models import PollRun, RunQuestion
from polls.services import (
    POLL_GONE,
    PollRefused,
    hand_counts_save,
    question_results_hidden_set,
)
from tests.conftest import client_for
from tests.polls.conftest import make_run

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hidden", [False, True])
def test_revealing_or_hiding_a_question_deleted_meanwhile_is_refused(hagen_world, hidden):
    run = make_run(hagen_world["event"])
    loaded = PollRun.objects.select_related("current_question").get(pk=run.pk)
    RunQuestion.objects.filter(pk=loaded.current_question_id).delete()
    with pytest.raises(PollRefused):
        question_results_hidden_set(run=loaded, hidden=hidden)


def test_revealing_and_hiding_through_the_staff_page(hagen_world, hagen_editor):
    run = make_run(hagen_world["event"])
    staff = client_for(hagen_editor)
    control = reverse("polls:control", args=[run.code])
    staff.post(control, {"action": "reveal"})
    assert not RunQuestion.objects.get(pk=run.current_question_id).results_hidden
    staff.post(control, {"action": "hide"})
    assert RunQuestion.objects.get(pk=run.current_question_id).results_hidden
    run.current_question.delete()
    response = staff.post(control, {"action": "reveal"}, follow=True)
    assert response.status_code == 200
    assert "Gerade ist keine Frage ausgewählt." in response.content.decode()


def test_hand_counts_for_a_poll_deleted_meanwhile_are_refused(hagen_world):
    run = make_run(hagen_world["event"], start=False)
    poll = Poll.objects.get(pk=run.questions.first().poll_id)
    Poll.objects.filter(pk=poll.pk).delete()
    with pytest.raises(PollRefused) as refused:
        hand_counts_save(poll=poll, counts=[1] * poll.options.count() or [1, 2])
    assert refused.value.message == POLL_GONE
