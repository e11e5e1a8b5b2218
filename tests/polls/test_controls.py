"""The facilitator's controls: start, next, back, close, reopen, reveal, hide, finish, and going
to a chosen question; one question open at a time."""

import pytest
from django.urls import reverse

from polls.models import PollRun, RunQuestion
from polls.services import (
    PollRefused,
    run_advance,
    run_back,
    run_finish,
    run_go_to,
    run_start,
)
from tests.conftest import client_for
from tests.polls.conftest import make_run, question

pytestmark = pytest.mark.django_db


def control(client, run, action, **extra):
    return client.post(reverse("polls:control", args=[run.code]), {"action": action, **extra})


def statuses(run) -> list[str]:
    return list(run.questions.order_by("order").values_list("status", flat=True))


def current(run) -> RunQuestion:
    return PollRun.objects.get(pk=run.pk).current_question


def test_the_facilitator_runs_the_questions_in_sequence(hagen_world, hagen_editor):
    run = make_run(hagen_world["event"], start=False)
    staff = client_for(hagen_editor)
    assert statuses(run) == ["draft"] * 4

    control(staff, run, "start")
    assert current(run) == question(run, "single")
    assert statuses(run) == ["open", "draft", "draft", "draft"]

    control(staff, run, "next")
    assert current(run) == question(run, "multiple")
    assert statuses(run) == ["closed", "open", "draft", "draft"]

    control(staff, run, "back")
    assert current(run) == question(run, "single")
    # Going back shows the earlier result; it does not reopen it, and closes the one left.
    assert statuses(run) == ["closed", "closed", "draft", "draft"]

    control(staff, run, "reopen")
    assert statuses(run) == ["open", "closed", "draft", "draft"]
    control(staff, run, "close")
    assert statuses(run) == ["closed", "closed", "draft", "draft"]

    control(staff, run, "go_to", question=question(run, "text").pk)
    assert current(run) == question(run, "text")
    assert statuses(run) == ["closed", "closed", "draft", "open"]

    response = control(staff, run, "next")
    page = staff.get(response["Location"]).content.decode()
    assert "Das war die letzte Frage." in page

    control(staff, run, "finish")
    run.refresh_from_db()
    assert run.status == "finished" and run.current_question is None
    assert statuses(run) == ["closed", "closed", "draft", "closed"]


def test_reveal_and_hide_change_only_the_current_question(run, hagen_editor):
    staff = client_for(hagen_editor)
    control(staff, run, "reveal")
    assert list(run.questions.order_by("order").values_list("results_hidden", flat=True)) == [
        False,
        True,
        True,
        True,
    ]
    control(staff, run, "hide")
    assert question(run, "single").results_hidden


def test_at_most_one_question_is_ever_open(run):
    for target in ("mood", "multiple", "text"):
        run_go_to(run=run, question=question(run, target))
        assert list(run.questions.filter(status="open")) == [current(run)]
    # Showing an answered question again closes the open one and does not reopen the old one.
    run_go_to(run=run, question=question(run, "single"))
    assert not run.questions.filter(status="open").exists()


def test_a_finished_run_can_be_resumed_at_a_chosen_question(run):
    run_finish(run=run)
    # Not by "next" or "back" from a tab that still shows it live: they are refused.
    for stale in (run_advance, run_back):
        with pytest.raises(PollRefused, match="solange die Umfrage „Beendet“ ist"):
            stale(run=run)
    run.refresh_from_db()
    assert run.status == "finished" and run.current_question is None
    run_go_to(run=run, question=question(run, "mood"))
    run.refresh_from_db()
    assert run.status == "live" and run.finished_at is None
    assert current(run) == question(run, "mood")


def test_controls_refuse_what_does_not_apply(hagen_world):
    run = make_run(hagen_world["event"], start=False)
    for control in (run_advance, run_back, run_finish):
        with pytest.raises(PollRefused, match="solange die Umfrage „In Vorbereitung“ ist"):
            control(run=run)
    run_start(run=run)
    with pytest.raises(PollRefused, match="Das ist die erste Frage."):
        run_back(run=run)
    empty = PollRun.objects.create(event=hagen_world["event"], title="Leer")
    with pytest.raises(PollRefused, match="noch keine Fragen"):
        run_start(run=empty)
    with pytest.raises(PollRefused, match="Das war die letzte Frage"):
        run_advance(run=make_run(hagen_world["draft"], code="EINE", kinds=("mood",)))


def test_a_question_of_another_run_cannot_be_shown(run, hagen_world, hagen_editor):
    other = make_run(hagen_world["draft"], code="ANDERE")
    response = control(
        client_for(hagen_editor), run, "go_to", question=question(other, "single").pk
    )
    assert response.status_code == 404
    assert current(run) == question(run, "single")


def test_an_unknown_action_is_a_message_not_an_error(run, hagen_editor):
    staff = client_for(hagen_editor)
    response = control(staff, run, "explode")
    assert response.status_code == 302
    assert "Unbekannte Aktion." in staff.get(response["Location"]).content.decode()
    response = control(staff, run, "go_to")
    assert "Bitte wählen Sie eine Frage." in staff.get(response["Location"]).content.decode()


def logged(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "portal.event"]


def test_publishing_has_its_own_page_and_is_no_button_of_the_controls(run, hagen_editor, caplog):
    """The form knows "publish" (the publish page posts it); the controls do not run it, say
    so, and log nothing done."""
    staff = client_for(hagen_editor)
    with caplog.at_level("INFO", logger="portal.event"):
        response = control(staff, run, "publish", question=question(run, "single").pk)
    assert "Unbekannte Aktion." in staff.get(response["Location"]).content.decode()
    assert not logged(caplog)
    with caplog.at_level("INFO", logger="portal.event"):
        control(staff, run, "next")
    assert [line.split(" code=")[0] for line in logged(caplog)] == ["poll next"]


def test_the_projector_shows_join_code_qr_code_and_no_buttons(run, hagen_editor):
    staff = client_for(hagen_editor)
    html = staff.get(reverse("polls:projector", args=[run.code])).content.decode()
    assert f'<p class="projector-code">{run.code}</p>' in html
    assert f"http://testserver/poll/{run.code}/" in html
    assert '<svg role="img"' in html and 'class="qr"' in html
    assert "Wie sind Sie heute angereist?" in html and "Frage 1 von 4" in html
    assert "<button" not in html and "<form" not in html
    fragment = staff.get(reverse("polls:projector_live", args=[run.code])).content.decode()
    assert "Frage 1 von 4" in fragment and "<button" not in fragment


def test_the_staff_page_shows_the_buttons_that_apply(run, hagen_editor):
    staff = client_for(hagen_editor)
    for name in ("polls:staff", "polls:staff_live"):
        html = staff.get(reverse(name, args=[run.code])).content.decode()
        assert "Wie sind Sie heute angereist?" in html and "Frage 1 von 4" in html
        for shown in ("Frage schließen", "Ergebnis aufdecken", "Nächste Frage", "Umfrage beenden"):
            assert f">{shown}</button>" in html, name
        for absent in (
            "Umfrage starten",
            "Vorige Frage zeigen",
            "Frage wieder öffnen",
            "Ergebnis verbergen",
        ):
            assert f">{absent}</button>" not in html, name
    page = staff.get(reverse("polls:staff", args=[run.code])).content.decode()
    assert reverse("polls:projector", args=[run.code]) in page
