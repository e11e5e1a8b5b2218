"""The demo content's live poll: the two questions of the Dortmund digital dialogue, code DIALOG,
running on the first question. No answers: the documentation shows the questions with their
options until someone answers and publishes."""

from django.db import transaction

from events.models import Event, Poll
from polls.models import PollRun
from polls.services import poll_runs_lock, run_create, run_start

DEMO_CODE = "DIALOG"
DEMO_EVENT = "dortmund-digitaler-buergerdialog-1"


def demo_poll_run_create() -> str:
    """Create the running demo poll unless it exists; returns what happened, for the command's
    output. Loading the demo again removes it first (``demo_poll_runs_remove``): then it is made
    again over the new polls."""
    run = PollRun.objects.filter(code=DEMO_CODE).first()
    if run is not None and run.questions.exists():
        return f"Demo-Umfrage {DEMO_CODE} gibt es schon."
    event = Event.objects.filter(slug=DEMO_EVENT).first()
    if event is None:
        return f"Demo-Umfrage übersprungen: Veranstaltung {DEMO_EVENT} fehlt."
    polls = list(event.polls.filter(kind=Poll.Kind.MULTIPLE).order_by("order", "id"))
    if not polls:
        return f"Demo-Umfrage übersprungen: {event} hat keine Mehrfachauswahl-Fragen."
    with transaction.atomic():
        if run is not None:
            run.delete()
        run = run_create(
            event=event, title="Umfragen im Bürger*innendialog", polls=polls, code=DEMO_CODE
        )
        # Shown live, unlike a new run's questions: whoever tries the demo on a phone has no
        # facilitator to reveal the result.
        run.questions.update(results_hidden=False)
        run_start(run=run)
    return (
        f"Demo-Umfrage {DEMO_CODE} läuft: {len(polls)} Fragen, Teilnahme unter /poll/{DEMO_CODE}/"
    )


def demo_poll_runs_remove(event_slug: str) -> list[str]:
    """Remove the live polls that ask the polls of a demo event, before its documentation is
    loaded again (an import refuses to replace polls that a live poll asks): the demo's own and
    any tried out on a demo instance. Returns their codes."""
    with transaction.atomic():
        runs = PollRun.objects.filter(questions__poll__event__slug=event_slug)
        poll_runs_lock(runs)
        codes = sorted(set(runs.values_list("code", flat=True)))
        for run in PollRun.objects.filter(code__in=codes):
            run.delete()
    return codes
