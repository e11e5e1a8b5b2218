"""Publishing a question's result into the documentation (events.PollOption.count), mood steps
and free texts included; hand counts; one source per poll, replaced only when confirmed; the
public event page shows the numbers."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Poll, PollOption
from polls.models import Answer, CountSource
from polls.services import (
    PollRefused,
    hand_counts_save,
    question_close,
    question_publish,
    run_go_to,
    text_answer_moderate,
)
from tests.conftest import client_for
from tests.polls.conftest import join, options, question, send

pytestmark = pytest.mark.django_db


def counts(poll) -> list:
    return list(poll.options.order_by("order", "id").values_list("count", flat=True))


def public_text(event) -> str:
    html = Client().get(event.get_absolute_url()).content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def ask_and_answer(run, kind, answers):
    q = question(run, kind)
    run_go_to(run=run, question=q)
    for answer in answers:
        send(join(run), run, q, **answer)
    question_close(run=run)
    q.refresh_from_db()
    return q


def test_publishing_writes_the_counts_and_the_method_into_the_documentation(run):
    q = question(run, "single")
    bus, rad, _auto = options(q)
    for chosen in (bus, bus, rad):
        send(join(run), run, q, options=[chosen])
    with pytest.raises(PollRefused, match="Nur eine geschlossene Frage"):
        question_publish(question=q)
    question_close(run=run)
    question_publish(question=q)
    poll = Poll.objects.get(pk=q.poll_id)
    assert counts(poll) == [2, 1, 0]
    assert poll.method == "live im Browser, 3 Antwortende"
    source = CountSource.objects.get(poll=poll)
    assert (source.source, source.question, source.respondents) == ("live", q, 3)
    q.refresh_from_db()
    assert q.published_at is not None

    text = public_text(run.event)
    assert "Wie sind Sie heute angereist?" in text
    assert "live im Browser, 3 Antwortende" in text
    assert "Bus 2 Rad 1 Auto 0" in text


def test_a_mood_check_is_documented_as_counts_of_its_five_steps(run):
    q = question(run, "mood")
    run_go_to(run=run, question=q)
    steps = options(q)
    for step in (0, 1, 1, 4):
        send(join(run), run, q, options=[steps[step]])
    question_close(run=run)
    question_publish(question=q)
    assert counts(q.poll) == [1, 2, 0, 0, 1]
    assert "sehr gut 1 gut 2 teils, teils 0 schlecht 0 sehr schlecht 1" in public_text(run.event)


def test_free_texts_are_documented_as_options_without_numbers_hidden_ones_left_out(run):
    q = ask_and_answer(
        run, "text", [{"text": "Mehr Treffpunkte"}, {"text": "Schimpfwort"}, {"text": "Ungelesen"}]
    )
    by_text = {a.text: a for a in Answer.objects.filter(question=q)}
    text_answer_moderate(answer=by_text["Mehr Treffpunkte"], action="release")
    text_answer_moderate(answer=by_text["Schimpfwort"], action="hide")
    question_publish(question=q)
    documented = list(q.poll.options.values_list("text", "count"))
    assert documented == [("Mehr Treffpunkte", None)]
    assert CountSource.objects.get(poll=q.poll).respondents == 3


def test_publishing_again_updates_its_own_numbers_without_asking(run):
    q = question(run, "single")
    send(join(run), run, q, options=[options(q)[0]])
    question_close(run=run)
    question_publish(question=q)
    run_go_to(run=run, question=q)
    from polls.services import question_reopen

    question_reopen(run=run)
    send(join(run), run, q, options=[options(q)[1]])
    question_close(run=run)
    question_publish(question=q)
    assert counts(q.poll) == [1, 1, 0]


def test_hand_counts_are_not_overwritten_without_confirmation(run):
    q = question(run, "single")
    hand_counts_save(poll=q.poll, counts=[7, 3, None], method="per Handzeichen")
    send(join(run), run, q, options=[options(q)[2]])
    question_close(run=run)
    with pytest.raises(PollRefused, match="Von Hand gezählt"):
        question_publish(question=q)
    assert counts(q.poll) == [7, 3, None]
    assert Poll.objects.get(pk=q.poll_id).method == "per Handzeichen"
    question_publish(question=q, overwrite=True)
    assert counts(q.poll) == [0, 0, 1]
    assert CountSource.objects.get(poll=q.poll).source == "live"


def test_numbers_from_an_import_count_as_another_source(run):
    q = question(run, "single")
    PollOption.objects.filter(poll=q.poll).update(count=5)
    question_close(run=run)
    with pytest.raises(PollRefused, match="aus der Dokumentation"):
        question_publish(question=q)


def test_hand_counts_replace_a_live_result_only_when_confirmed(run):
    q = question(run, "single")
    send(join(run), run, q, options=[options(q)[0]])
    question_close(run=run)
    question_publish(question=q)
    with pytest.raises(PollRefused, match="Live-Ergebnis veröffentlicht"):
        hand_counts_save(poll=q.poll, counts=[9, 9, 9])
    assert counts(q.poll) == [1, 0, 0]
    hand_counts_save(poll=q.poll, counts=[9, 8, 7], method="auf Papier", overwrite=True)
    assert counts(q.poll) == [9, 8, 7]
    source = CountSource.objects.get(poll=q.poll)
    assert (source.source, source.question, source.respondents) == ("hand", None, None)
    assert Poll.objects.get(pk=q.poll_id).method == "auf Papier"


def test_hand_counts_of_a_mood_check_without_options_create_the_five_steps(hagen_world):
    # As imported from the Dortmund documentation: "Stimmungsbild … per Handzeichen", no options.
    poll = Poll.objects.create(
        event=hagen_world["event"], question="Stimmungsbild zu Beginn", kind="mood"
    )
    assert not poll.options.exists()
    hand_counts_save(poll=poll, counts=[3, 5, None, 1, 0], method="per Handzeichen")
    assert list(poll.options.values_list("text", "count")) == [
        ("sehr gut", 3),
        ("gut", 5),
        ("teils, teils", None),
        ("schlecht", 1),
        ("sehr schlecht", 0),
    ]


def test_hand_counts_with_no_number_at_all_leave_no_source(run):
    q = question(run, "single")
    hand_counts_save(poll=q.poll, counts=[None, None, None])
    assert not CountSource.objects.filter(poll=q.poll).exists()


def test_the_publish_page_shows_both_sources_and_asks_for_confirmation(run, hagen_editor):
    q = question(run, "single")
    hand_counts_save(poll=q.poll, counts=[7, 3, None], method="per Handzeichen")
    send(join(run), run, q, options=[options(q)[2]])
    question_close(run=run)
    staff = client_for(hagen_editor)
    url = reverse("polls:publish", args=[run.code, q.pk])
    html = staff.get(url).content.decode()
    assert "Von Hand gezählt" in html and "per Handzeichen" in html
    assert 'name="overwrite"' in html
    response = staff.post(url, {})
    assert response["Location"] == url
    assert "Bitte bestätigen Sie" in staff.get(url).content.decode()
    assert counts(q.poll) == [7, 3, None]
    response = staff.post(url, {"overwrite": "1"})
    assert response["Location"] == reverse("polls:staff", args=[run.code])
    assert counts(q.poll) == [0, 0, 1]


def test_the_hand_count_form_saves_and_validates(run, hagen_editor):
    q = question(run, "multiple")
    staff = client_for(hagen_editor)
    url = reverse("polls:hand_counts", args=[q.poll_id])
    html = staff.get(url).content.decode()
    assert '<label for="id_count_0">Kontaktsperren</label>' in html
    response = staff.post(url, {"count_0": "-1", "count_1": "x"})
    assert response.status_code == 200
    assert counts(q.poll) == [None] * 4
    response = staff.post(
        url, {"count_0": "12", "count_1": "4", "count_2": "", "count_3": "0", "method": ""}
    )
    assert response.status_code == 302
    assert counts(q.poll) == [12, 4, None, 0]
    assert Poll.objects.get(pk=q.poll_id).method == "per Handzeichen"


def test_text_answers_can_be_entered_by_hand(run, hagen_editor):
    q = question(run, "text")
    url = reverse("polls:hand_counts", args=[q.poll_id])
    client_for(hagen_editor).post(
        url, {"texts": "Mehr Bänke\n\n  Längere Öffnungszeiten ", "method": "auf Karten"}
    )
    assert list(q.poll.options.values_list("text", "count")) == [
        ("Mehr Bänke", None),
        ("Längere Öffnungszeiten", None),
    ]
