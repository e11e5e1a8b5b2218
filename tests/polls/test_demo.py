"""The demo content's live poll DIALOG over the Dortmund digital dialogue's two questions,
without invented numbers."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from events.importer import documentation_import, documentation_load
from polls.demo import DEMO_CODE, demo_poll_run_create, demo_poll_runs_remove
from polls.models import PollRun

pytestmark = pytest.mark.django_db

DORTMUND = settings.BASE_DIR / "demo" / "documentations" / "004-dortmund-buergerdialog.yaml"


def import_dortmund():
    return documentation_import(data=documentation_load(DORTMUND), source=str(DORTMUND)).event


def test_without_the_dortmund_dialogue_the_demo_poll_is_skipped(db):
    assert "übersprungen" in demo_poll_run_create()
    assert not PollRun.objects.exists()


def test_the_demo_poll_runs_the_two_questions_and_the_page_shows_no_numbers():
    event = import_dortmund()
    assert "läuft" in demo_poll_run_create()
    assert "gibt es schon" in demo_poll_run_create()
    run = PollRun.objects.get()
    assert (run.code, run.status, run.event) == ("DIALOG", "live", event)
    questions = list(run.questions.select_related("poll").order_by("order"))
    assert [q.poll.question[:40] for q in questions] == [
        "Die Pandemie ist für uns alle schwer. Wa",
        "Trotz der vielen Probleme in der Krise: ",
    ]
    assert [(q.poll.min_choices, q.poll.max_choices) for q in questions] == [(2, 2), (2, 2)]
    assert run.current_question == questions[0] and questions[0].status == "open"
    # Unlike a new run's: whoever tries the demo alone has nobody to reveal the result.
    assert [q.results_hidden for q in questions] == [False, False]
    assert not run.questions.filter(poll__options__count__isnull=False).exists()

    phone = Client().get(reverse("polls:participant", args=["DIALOG"])).content.decode()
    assert "Bitte wählen Sie genau 2 Antworten aus." in phone
    assert phone.count('type="checkbox" name="option"') == 6

    html = Client().get(event.get_absolute_url()).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Kontaktsperren – meine Verwandten und Freunde nicht besuchen zu können." in text
    assert text.count("Für diese Umfrage sind keine Zahlen dokumentiert.") == 4


def test_loading_the_demo_again_makes_the_demo_poll_again():
    import_dortmund()
    demo_poll_run_create()
    # An import refuses to replace the polls the run asks; the demo removes its run first.
    assert demo_poll_runs_remove("dortmund-digitaler-buergerdialog-1") == [DEMO_CODE]
    import_dortmund()
    assert not PollRun.objects.exists()
    assert "läuft" in demo_poll_run_create()
    run = PollRun.objects.get()
    assert run.questions.count() == 2 and run.current_question is not None
