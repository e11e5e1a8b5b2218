"""An import replaces an event's polls as a whole: not while a live poll asks them, whose
questions and answers would go with them. The import then writes nothing and says which live
polls stand in the way; once they are deleted, it goes through. The demo loader removes its own
live poll before it loads the demo again, answered or not."""

import copy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from events.importer import DocumentationError, documentation_import, documentation_load
from events.models import Event, Poll
from live.participants import participant_token_new
from polls.demo import DEMO_CODE
from polls.models import Answer, PollRun
from polls.services import answer_set, run_create, run_start

pytestmark = pytest.mark.django_db

DIALOG = Path(settings.BASE_DIR) / "demo" / "documentations" / "004-dortmund-buergerdialog.yaml"


def answer(code, question):
    """A phone's answer with as many options as the question asks for."""
    options = [o.pk for o in question.poll.options.order_by("order")]
    answer_set(
        code=code,
        token=participant_token_new(),
        question_id=question.pk,
        option_ids=options[: question.poll.min_choices],
    )


def answered_run(event, code):
    polls = list(event.polls.filter(kind=Poll.Kind.MULTIPLE).order_by("order"))
    run = run_create(event=event, title="Umfragen", polls=polls, code=code)
    question = run_start(run=run)
    answer(code, question)
    return run


def test_a_reimport_is_refused_while_a_live_poll_asks_the_polls_and_changes_nothing():
    data = documentation_load(DIALOG)
    event = documentation_import(data=copy.deepcopy(data)).event
    run = answered_run(event, "FRAGEN1")
    kept = (run.questions.count(), Answer.objects.count())
    assert kept[1] > 0
    data["event"]["title"] = "Ein neuer Titel"
    with pytest.raises(DocumentationError) as refused:
        documentation_import(data=copy.deepcopy(data), source="dialog.yaml")
    report = refused.value.report()
    assert "event.polls" in report and "Live-Umfrage FRAGEN1" in report
    assert "mit ihren Antworten" in report
    assert Event.objects.get(pk=event.pk).title != "Ein neuer Titel"
    assert (run.questions.count(), Answer.objects.count()) == kept
    # Deleted on purpose, the live poll no longer stands in the way.
    run.delete()
    assert documentation_import(data=data).event.title == "Ein neuer Titel"


def test_the_refusal_names_every_live_poll_that_asks_the_polls():
    data = documentation_load(DIALOG)
    event = documentation_import(data=copy.deepcopy(data)).event
    answered_run(event, "FRAGEN2")
    answered_run(event, "FRAGEN1")
    with pytest.raises(DocumentationError) as refused:
        documentation_import(data=data)
    assert "Die Live-Umfragen FRAGEN1, FRAGEN2 stellen" in refused.value.report()


def test_loading_the_demo_again_replaces_its_answered_live_poll():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run = PollRun.objects.get(code=DEMO_CODE)
    answer(DEMO_CODE, run.current_question)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    again = PollRun.objects.get(code=DEMO_CODE)
    assert again.questions.exists() and not Answer.objects.exists()
