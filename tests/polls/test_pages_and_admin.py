"""The join page, new questions, moderation, the event's polls, the admin, and retention."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import Poll
from polls.models import Answer, PollParticipant, PollRun
from polls.services import run_finish, run_go_to
from tests.conftest import client_for
from tests.polls.conftest import join, make_run, question, send
from tests.voting.conftest import make_vote
from tests.voting.test_participant_page import assert_lean_frame

pytestmark = pytest.mark.django_db


def test_the_join_page_takes_poll_and_dot_vote_codes(run, hagen_world):
    vote = make_vote(hagen_world["event"], code="PUNKTE")
    client = join(run)
    join_url = reverse("polls:join")
    assert client.get(join_url, {"code": " umfra1 "})["Location"] == f"/poll/{run.code}/"
    assert client.get(join_url, {"code": "punkte"})["Location"] == f"/vote/{vote.code}/"
    response = client.get(join_url, {"code": "NICHTDA"})
    assert response.status_code == 404
    assert "Diese Umfrage gibt es nicht." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert client.get(join_url).status_code == 200


def test_an_unknown_or_lowercase_code_on_the_participant_page(run):
    client = join(run)
    assert client.get("/poll/umfra1/")["Location"] == f"/poll/{run.code}/"
    assert client.get("/poll/NICHTDA/").status_code == 404


def test_generated_codes_avoid_the_codes_of_dot_votes(hagen_world, monkeypatch):
    make_vote(hagen_world["event"], code="AAAAAA")
    codes = iter(["AAAAAA", "BBBBBB"])
    monkeypatch.setattr("live.codes.generate_code", lambda: next(codes))
    run = PollRun.objects.create(event=hagen_world["event"], title="Neu")
    assert run.code == "BBBBBB"


def test_a_new_mood_question_gets_five_steps_and_joins_the_run(run, hagen_editor):
    staff = client_for(hagen_editor)
    url = reverse("polls:question_new", args=[run.code])
    response = staff.post(url, {"question": "Wie ist die Stimmung?", "kind": "mood"})
    assert response.status_code == 302
    q = run.questions.select_related("poll").order_by("order").last()
    assert q.poll.event == run.event and q.poll.kind == "mood"
    assert list(q.poll.options.values_list("text", flat=True)) == [
        "sehr gut",
        "gut",
        "teils, teils",
        "schlecht",
        "sehr schlecht",
    ]
    assert (q.status, q.results_hidden, q.premoderated) == ("draft", False, False)


def test_a_new_multiple_choice_question_is_validated(run, hagen_editor):
    staff = client_for(hagen_editor)
    url = reverse("polls:question_new", args=[run.code])
    before = Poll.objects.count()
    response = staff.post(
        url,
        {
            "question": "Was war positiv?",
            "kind": "multiple",
            "options": "Home-Office\nSolidarität\n",
            "min_choices": "2",
            "max_choices": "3",
        },
    )
    assert response.status_code == 200
    assert "Höchstens so viele, wie es Antwortmöglichkeiten gibt." in response.content.decode()
    response = staff.post(url, {"question": "Was?", "kind": "single", "options": "Nur eine"})
    assert "mindestens zwei Antworten" in response.content.decode()
    assert Poll.objects.count() == before
    response = staff.post(
        url,
        {
            "question": "Was war positiv?",
            "kind": "multiple",
            "options": "Home-Office\nSolidarität\nEntschleunigung",
            "min_choices": "2",
            "max_choices": "2",
            "results_hidden": "on",
        },
    )
    assert response.status_code == 302
    poll = Poll.objects.get(question="Was war positiv?")
    assert (poll.min_choices, poll.max_choices, poll.options.count()) == (2, 2, 3)
    assert poll.run_questions.get().results_hidden


def test_the_moderation_page_lists_every_text_and_changes_their_state(run, hagen_editor):
    q = question(run, "text")
    run_go_to(run=run, question=q)
    for text in ("Erste", "Zweite", "Dritte"):
        send(join(run), run, q, text=text)
    staff = client_for(hagen_editor)
    url = reverse("polls:moderate", args=[run.code])
    html = staff.get(url).content.decode()
    assert html.count("wartet auf Freigabe") == 3
    second = Answer.objects.get(text="Zweite")
    staff.post(url, {"action": "hide", "answer": second.pk, "question": q.pk})
    staff.post(url, {"action": "release_all", "question": q.pk})
    states = dict(Answer.objects.values_list("text", "released"))
    assert states == {"Erste": True, "Zweite": False, "Dritte": True}
    assert Answer.objects.get(text="Zweite").hidden
    staff.post(url, {"action": "show", "answer": second.pk, "question": q.pk})
    assert Answer.objects.filter(hidden=False, released=True).count() == 3
    # An answer of another question cannot be moderated through this one.
    choice = question(run, "single")
    assert (
        staff.post(url, {"action": "hide", "answer": 999999, "question": q.pk}).status_code == 404
    )
    assert staff.get(url, {"question": choice.pk}).status_code == 404


def test_the_moderation_list_answers_304_while_nothing_changed(run, hagen_editor):
    q = question(run, "text")
    run_go_to(run=run, question=q)
    staff = client_for(hagen_editor)
    url = reverse("polls:moderate_texts", args=[run.code])
    first = staff.get(url)
    assert first.status_code == 200
    assert staff.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    send(join(run), run, q, text="Neu")
    changed = staff.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and "Neu" in changed.content.decode()


def test_the_event_page_creates_a_run_over_chosen_polls(hagen_world, hagen_editor):
    from tests.polls.conftest import make_polls

    polls = make_polls(hagen_world["event"])
    staff = client_for(hagen_editor)
    url = reverse("polls:event", args=[hagen_world["event"].slug])
    html = staff.get(url).content.decode()
    assert "Von Hand gezählte Ergebnisse eintragen" in html
    response = staff.post(
        url, {"title": "Abschlussrunde", "polls": [polls["mood"].pk, polls["text"].pk]}
    )
    run = PollRun.objects.get(title="Abschlussrunde")
    assert response["Location"] == reverse("polls:staff", args=[run.code])
    assert [q.poll for q in run.questions.order_by("order")] == [polls["mood"], polls["text"]]
    assert run.status == "draft"


def test_a_choice_poll_without_options_cannot_be_asked(hagen_world, hagen_editor):
    poll = Poll.objects.create(event=hagen_world["event"], question="Leer?", kind="single")
    staff = client_for(hagen_editor)
    url = reverse("polls:event", args=[hagen_world["event"].slug])
    response = staff.post(url, {"title": "Leer", "polls": [poll.pk]}, follow=True)
    assert "weniger als zwei Antwortmöglichkeiten" in response.content.decode()
    assert not PollRun.objects.exists()


def test_the_admin_lists_only_the_editors_runs(run, dortmund_world, hagen_editor, dortmund_editor):
    other = make_run(dortmund_world["event"], code="DORT1")
    changelist = reverse("admin:polls_pollrun_changelist")
    html = client_for(hagen_editor).get(changelist).content.decode()
    assert run.title in html and "DORT1" not in html
    change = reverse("admin:polls_pollrun_change", args=[other.pk])
    assert client_for(hagen_editor).get(change).status_code == 403
    assert client_for(dortmund_editor).get(change).status_code == 200


def test_the_admin_refuses_a_code_a_dot_vote_has(hagen_world, superuser):
    make_vote(hagen_world["event"], code="PUNKTE")
    response = client_for(superuser).post(
        reverse("admin:polls_pollrun_add"),
        {"event": hagen_world["event"].pk, "title": "Kollision", "code": "punkte"},
    )
    assert response.status_code == 200
    assert "Diesen Code hat schon eine Live-Bepunktung." in response.content.decode()
    client_for(superuser).post(
        reverse("admin:polls_pollrun_add"),
        {"event": hagen_world["event"].pk, "title": "Eigener", "code": "eigen1"},
    )
    assert PollRun.objects.get(title="Eigener").code == "EIGEN1"


def test_the_admin_offers_only_polls_of_the_runs_event(run, hagen_world, hagen_editor):
    Poll.objects.create(event=hagen_world["draft"], question="Fremde Frage", kind="mood")
    change = reverse("admin:polls_pollrun_change", args=[run.pk])
    html = client_for(hagen_editor).get(change).content.decode()
    assert "Wie geht es Ihnen gerade?" in html
    assert "Fremde Frage" not in html


def test_answers_of_runs_finished_long_ago_are_deleted_and_the_documentation_stays(run):
    q = question(run, "single")
    send(join(run), run, q, options=[q.poll.options.first()])
    run_finish(run=run)
    call_command("purge_poll_answers")
    assert PollParticipant.objects.count() == 1
    PollRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=31)
    )
    call_command("purge_poll_answers")
    assert not PollParticipant.objects.exists() and not Answer.objects.exists()
    assert PollRun.objects.filter(pk=run.pk).exists()


def test_releasing_counts_one_text_in_the_singular(run, hagen_editor):
    q = question(run, "text")
    run_go_to(run=run, question=q)
    send(join(run), run, q, text="Erste")
    staff = client_for(hagen_editor)
    url = reverse("polls:moderate", args=[run.code])
    response = staff.post(url, {"action": "release_all", "question": q.pk})
    assert "1 Antwort freigegeben." in staff.get(response["Location"]).content.decode()
    for text in ("Zweite", "Dritte"):
        send(join(run), run, q, text=text)
    response = staff.post(url, {"action": "release_all", "question": q.pk})
    assert "2 Antworten freigegeben." in staff.get(response["Location"]).content.decode()


def test_the_participant_and_join_pages_have_the_lean_frame(run):
    client = join(run)
    for url in (
        reverse("polls:participant", args=[run.code]),
        reverse("polls:join"),
        reverse("polls:join") + "?code=NIX",
    ):
        assert_lean_frame(client.get(url).content.decode())
    # The rest of the portal keeps its navigation.
    assert 'aria-label="Hauptnavigation"' in client.get(reverse("events:list")).content.decode()
