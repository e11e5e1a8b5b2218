"""A live poll at the Hagen conference over four questions, one of each kind, and participants who
join it through the page."""

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Poll, PollOption
from live import ratelimit
from polls.services import run_create, run_start


def make_poll(event, question, kind, options=(), *, min_choices=1, max_choices=1) -> Poll:
    order = event.polls.count() + 1
    poll = Poll.objects.create(
        event=event,
        question=question,
        kind=kind,
        min_choices=min_choices,
        max_choices=max_choices,
        order=order,
    )
    PollOption.objects.bulk_create(
        PollOption(poll=poll, text=text, order=i) for i, text in enumerate(options, 1)
    )
    return poll


def make_polls(event) -> dict[str, Poll]:
    return {
        "single": make_poll(
            event, "Wie sind Sie heute angereist?", "single", ["Bus", "Rad", "Auto"]
        ),
        "multiple": make_poll(
            event,
            "Was hat Sie am meisten belastet? Bitte wählen Sie 2 Antworten aus.",
            "multiple",
            ["Kontaktsperren", "Ausgangsbeschränkungen", "Existenzängste", "Kita/Schule"],
            min_choices=2,
            max_choices=2,
        ),
        "mood": make_poll(event, "Wie geht es Ihnen gerade?", "mood"),
        "text": make_poll(event, "Was nehmen Sie mit? In einem Satz.", "text"),
    }


def make_run(event, *, code="UMFRA1", start=True, kinds=("single", "multiple", "mood", "text")):
    polls = make_polls(event)
    run = run_create(
        event=event, title="Umfragen im Plenum", polls=[polls[k] for k in kinds], code=code
    )
    if start:
        run_start(run=run)
        run.refresh_from_db()
    return run


def results_shown(run):
    """Every question of the run shows its result live (new questions hide it until revealed)."""
    run.questions.update(results_hidden=False)
    return run


def question(run, kind):
    return run.questions.select_related("poll").get(poll__kind=kind)


@pytest.fixture
def run(hagen_world):
    return make_run(hagen_world["event"])


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    ratelimit.memory_store.clear()
    ratelimit.code_lookups_clear()


def join(run, client: Client | None = None) -> Client:
    """A participant's browser: opened the run's page, so it holds the cookie."""
    client = client or Client()
    response = client.get(reverse("polls:participant", args=[run.code]))
    assert response.status_code == 200
    return client


def send(client: Client, run, question, *, options=(), text=None, as_json: bool = True):
    data = {"question": getattr(question, "pk", question)}
    if options:
        data["option"] = [getattr(option, "pk", option) for option in options]
    if text is not None:
        data["text"] = text
    headers = {"Accept": "application/json"} if as_json else {}
    return client.post(reverse("polls:answer", args=[run.code]), data, headers=headers)


def options(question_or_poll):
    poll = getattr(question_or_poll, "poll", question_or_poll)
    return list(poll.options.order_by("order", "id"))
