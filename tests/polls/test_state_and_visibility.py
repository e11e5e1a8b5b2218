"""GET /poll/<code>/state.json and the pages: a hidden result and hidden or unreleased texts are
never sent to participants or the projector, in JSON or HTML; ETag and 304."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from polls.models import Answer, PollRun
from polls.services import question_create, run_go_to, text_answer_moderate
from tests.conftest import client_for
from tests.polls.conftest import (
    join,
    make_polls,
    make_run,
    options,
    question,
    results_shown,
    send,
)

pytestmark = pytest.mark.django_db


def state(client, run, **headers):
    return client.get(reverse("polls:state", args=[run.code]), headers=headers)


def pages(run, participant: Client, staff) -> dict[str, str]:
    """Everything a participant's phone and the projector receive, as text."""
    return {
        "state": state(participant, run).content.decode(),
        "staff state": state(client_for(staff), run).content.decode(),
        "page": participant.get(reverse("polls:participant", args=[run.code])).content.decode(),
        "fragment": participant.get(reverse("polls:question", args=[run.code])).content.decode(),
        "projector": client_for(staff)
        .get(reverse("polls:projector", args=[run.code]))
        .content.decode(),
        "projector fragment": client_for(staff)
        .get(reverse("polls:projector_live", args=[run.code]))
        .content.decode(),
    }


def test_the_state_names_the_question_and_its_live_result(run):
    results_shown(run)
    q = question(run, "single")
    bus, rad, auto = options(q)
    for chosen in (bus, bus, rad):
        send(join(run), run, q, options=[chosen])
    join(run)  # opened the page, did not answer: no participant
    data = state(Client(), run).json()
    assert data == {
        "status": "live",
        "version": f"{q.pk}:open:shown",
        "participants": 3,
        "projector": "",
        "question": {
            "id": q.pk,
            "kind": "single",
            "status": "open",
            "hidden": False,
            "text": "Wie sind Sie heute angereist?",
            "respondents": 3,
            "options": [
                {"id": bus.pk, "text": "Bus", "chosen": 2, "percent": 67},
                {"id": rad.pk, "text": "Rad", "chosen": 1, "percent": 33},
                {"id": auto.pk, "text": "Auto", "chosen": 0, "percent": 0},
            ],
        },
    }


def test_percentages_of_a_multiple_choice_are_of_the_respondents(run):
    results_shown(run)
    q = question(run, "multiple")
    run_go_to(run=run, question=q)
    a, b, c, _d = options(q)
    send(join(run), run, q, options=[a, b])
    send(join(run), run, q, options=[a, c])
    rows = state(Client(), run).json()["question"]["options"]
    assert [(o["chosen"], o["percent"]) for o in rows] == [(2, 100), (1, 50), (1, 50), (0, 0)]


@pytest.fixture
def hidden_run(hagen_world):
    run = make_run(hagen_world["event"], code="VERDECKT")
    run.questions.update(results_hidden=True)
    run.refresh_from_db()
    return run


def test_a_hidden_result_is_sent_to_nobody_until_revealed(hidden_run, hagen_editor):
    run = hidden_run
    q = question(run, "single")
    bus = options(q)[0]
    anna = join(run)
    send(anna, run, q, options=[bus])
    data = state(anna, run).json()
    assert data["question"]["hidden"] is True
    assert data["question"]["respondents"] == 1  # how many answered is no secret
    assert data["question"]["options"][0] == {"id": bus.pk, "text": "Bus"}
    for name, body in pages(run, anna, hagen_editor).items():
        assert "data-chosen" not in body, name
        assert '"chosen"' not in body and "percent" not in body, name
    assert "sobald die Moderation es aufdeckt" in pages(run, anna, hagen_editor)["fragment"]

    run.current_question.reveal()
    data = state(anna, run).json()
    assert data["version"] == f"{q.pk}:open:shown"
    assert data["question"]["options"][0]["chosen"] == 1
    assert "data-chosen>1<" in pages(run, anna, hagen_editor)["page"]


def test_hidden_and_unreleased_texts_never_leave_the_server(run, hagen_editor):
    results_shown(run)
    q = question(run, "text")
    run_go_to(run=run, question=q)
    writers = {text: join(run) for text in ("Gut so", "Beleidigung", "Noch ungelesen")}
    for text, client in writers.items():
        send(client, run, q, text=text)
    by_text = {a.text: a for a in Answer.objects.filter(question=q)}
    text_answer_moderate(answer=by_text["Gut so"], action="release")
    text_answer_moderate(answer=by_text["Beleidigung"], action="hide")

    reader = join(run)
    data = state(reader, run).json()
    assert data["question"]["texts"] == [{"id": by_text["Gut so"].pk, "text": "Gut so"}]
    for name, body in pages(run, reader, hagen_editor).items():
        assert "Gut so" in body, name
        assert "Beleidigung" not in body, name
        assert "Noch ungelesen" not in body, name

    # Only the author sees their own text, in their own form.
    own = writers["Beleidigung"].get(reverse("polls:participant", args=[run.code]))
    assert ">Beleidigung</textarea>" in own.content.decode()
    assert own.content.decode().count("Beleidigung") == 1


def test_without_premoderation_a_text_shows_at_once_unless_hidden(run):
    results_shown(run)
    q = question(run, "text")
    q.premoderated = False
    q.save()
    run_go_to(run=run, question=q)
    send(join(run), run, q, text="Sofort sichtbar")
    send(join(run), run, q, text="Weg damit")
    text_answer_moderate(answer=Answer.objects.get(text="Weg damit"), action="hide")
    texts = [t["text"] for t in state(Client(), run).json()["question"]["texts"]]
    assert texts == ["Sofort sichtbar"]


def test_a_hidden_text_stays_hidden_when_its_author_changes_it(run, hagen_editor):
    results_shown(run)
    q = question(run, "text")
    q.premoderated = False
    q.save()
    run_go_to(run=run, question=q)
    author = join(run)
    send(author, run, q, text="Weg damit")
    text_answer_moderate(answer=Answer.objects.get(question=q), action="hide")
    for changed in ("Weg damit!", "Weg  damit!", "Und nochmal"):
        assert send(author, run, q, text=changed).status_code == 200
        assert state(Client(), run).json()["question"]["texts"] == []
        for name, body in pages(run, join(run), hagen_editor).items():
            assert changed not in body, name
    # Staff can show it again; it is still one answer, in its changed form.
    text_answer_moderate(answer=Answer.objects.get(question=q), action="show")
    texts = [t["text"] for t in state(Client(), run).json()["question"]["texts"]]
    assert texts == ["Und nochmal"]


def test_an_unchanged_state_costs_a_bodyless_304(run):
    client = join(run)
    first = state(client, run)
    assert first["Cache-Control"] == "private, no-cache"
    again = state(client, run, **{"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    send(client, run, question(run, "single"), options=[options(question(run, "single"))[0]])
    changed = state(client, run, **{"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_before_the_start_and_after_the_end_there_is_no_question(hagen_world):
    run = make_run(hagen_world["event"], start=False)
    assert state(Client(), run).json() == {
        "status": "draft",
        "version": "none",
        "participants": 0,
        "projector": "",
        "question": None,
    }
    page = join(run).get(reverse("polls:participant", args=[run.code])).content.decode()
    assert "Gleich geht es los" in page and '<form class="poll-form"' not in page


def test_an_unknown_code_has_no_state(run):
    response = Client().get(reverse("polls:state", args=["NICHTDA"]))
    assert response.status_code == 404
    assert response.json() == {"error": "Diese Umfrage gibt es nicht. Bitte prüfen Sie den Code."}


def test_the_state_is_computed_once_per_short_interval_for_a_room_of_phones(
    run, settings, django_assert_num_queries
):
    from polls import views

    settings.POLL_STATE_CACHE_MS = 300
    views._state_bodies.clear()
    client = join(run)
    q = question(run, "single")
    before = state(client, run).json()
    send(client, run, q, options=[options(q)[0]])
    with django_assert_num_queries(0):
        assert state(Client(), run).json() == before  # at most 300 ms old
    time.sleep(0.35)
    assert state(Client(), run).json()["question"]["respondents"] == 1


def test_a_new_runs_results_stay_off_the_phones_until_the_facilitator_reveals_them(
    hagen_world, hagen_editor
):
    """Hidden is the default: for runs made on the event's page and for questions added on the
    projector. Before the reveal no phone receives a count or a text of anyone else; the
    facilitator's button reveals the result, and then the phones get it."""
    polls = make_polls(hagen_world["event"])
    staff = client_for(hagen_editor)
    staff.post(
        reverse("polls:event", args=[hagen_world["event"].slug]),
        {"title": "Abschlussrunde", "polls": [polls["single"].pk, polls["text"].pk]},
    )
    run = PollRun.objects.get(title="Abschlussrunde")
    form = staff.get(reverse("polls:question_new", args=[run.code])).content.decode()
    assert re.search(r'<input type="checkbox" name="results_hidden"[^>]* checked', form)
    question_create(run=run, question="Wie geht es Ihnen?", kind="mood")
    assert list(run.questions.values_list("results_hidden", flat=True)) == [True, True, True]
    staff.post(reverse("polls:control", args=[run.code]), {"action": "start"})

    q = question(run, "single")
    bus = options(q)[0]
    anna, ben = join(run), join(run)
    send(anna, run, q, options=[bus])
    send(ben, run, q, options=[bus])
    data = state(ben, run).json()
    assert data["question"]["hidden"] is True
    assert all(set(option) == {"id", "text"} for option in data["question"]["options"])
    for name, body in pages(run, ben, hagen_editor).items():
        assert "data-chosen" not in body and '"chosen"' not in body and "percent" not in body, name
    staff_page = client_for(hagen_editor).get(reverse("polls:staff", args=[run.code]))
    assert ">Ergebnis aufdecken</button>" in staff_page.content.decode()

    t = question(run, "text")
    run_go_to(run=run, question=t)
    send(anna, run, t, text="Mehr davon")
    text_answer_moderate(answer=Answer.objects.get(text="Mehr davon"), action="release")
    assert "texts" not in state(ben, run).json()["question"]
    for name, body in pages(run, ben, hagen_editor).items():
        assert "Mehr davon" not in body, name

    staff.post(reverse("polls:control", args=[run.code]), {"action": "reveal"})
    assert state(ben, run).json()["question"]["texts"][0]["text"] == "Mehr davon"
    assert "Mehr davon" in pages(run, ben, hagen_editor)["page"]
    run_go_to(run=run, question=q)
    assert state(ben, run).json()["question"]["hidden"] is True  # revealed one question only
    staff.post(reverse("polls:control", args=[run.code]), {"action": "reveal"})
    data = state(ben, run).json()
    assert data["question"]["options"][0] == {
        "id": bus.pk,
        "text": "Bus",
        "chosen": 2,
        "percent": 100,
    }
    assert "data-chosen>2<" in pages(run, ben, hagen_editor)["page"]


def test_the_shared_question_holds_nothing_of_a_participant_and_is_rendered_once(
    run, settings, django_assert_num_queries
):
    """What the phones fetch when the facilitator moves on: the question as every phone that
    has not answered it sees it, without anyone's answer or CSRF token, rendered once per
    POLL_STATE_CACHE_MS for the room."""
    from polls import views

    # Long enough for a busy machine: the second request must fall into the same period.
    settings.POLL_STATE_CACHE_MS = 60_000
    views._shared_questions.clear()
    views._state_bodies.clear()
    anna = join(run)
    q = question(run, "single")
    send(anna, run, q, options=[options(q)[0]])
    url = reverse("polls:question_shared", args=[run.code])
    html = anna.get(url).content.decode()
    assert "csrfmiddlewaretoken" not in html and " checked" not in html
    assert ">Antwort senden</button>" in html and "Ihre Antwort ist gespeichert" not in html
    with django_assert_num_queries(0):
        assert Client().get(url).content.decode() == html
    # The phone's own fragment still shows its answer.
    mine = anna.get(reverse("polls:question", args=[run.code])).content.decode()
    assert " checked" in mine and "csrfmiddlewaretoken" in mine
    views._shared_questions.clear()
    views._state_bodies.clear()
