"""A live poll at an event whose documentation is still a draft. While the run is not finished, a
person holding the code sees only what the facilitator chose to show: the run's title and its
questions. Once it is finished while the documentation is still a draft, every live page of it is
not found for everyone but the staff who run it (editors of the event's municipality, superusers).
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from polls.services import run_finish
from tests.conftest import client_for
from tests.polls.conftest import join, make_run, options, question, send

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "participant", "dortmund_editor", "hagen_editor", "superuser"]
RUNS_IT = {"hagen_editor", "superuser"}


@pytest.fixture
def draft_run(hagen_world):
    draft = hagen_world["draft"]
    draft.title = "Geheime Werkstatt im Entwurf"
    draft.save(update_fields=["title"])
    return make_run(draft, code="ENTWURF8")


def persona_client(request, persona, run) -> Client:
    if persona == "anonymous":
        return Client()
    if persona == "participant":
        client = join(run)
        q = question(run, "single")
        send(client, run, q, options=[options(q)[0]])
        return client
    return client_for(request.getfixturevalue(persona))


def test_while_it_runs_the_room_sees_the_run_and_its_question_and_nothing_of_the_draft(
    draft_run,
):
    client = join(draft_run)
    for name in ("polls:participant", "polls:question", "polls:state"):
        response = client.get(reverse(name, args=[draft_run.code]))
        body = response.content.decode()
        assert response.status_code == 200, name
        assert "Wie sind Sie heute angereist?" in body, name
        assert "Geheime Werkstatt" not in body, name
        assert draft_run.event.get_absolute_url() not in body, name
    assert (
        "Umfragen im Plenum"
        in client.get(reverse("polls:participant", args=[draft_run.code])).content.decode()
    )


def test_a_run_at_a_published_event_shows_the_event_as_before(run):
    html = join(run).get(reverse("polls:participant", args=[run.code])).content.decode()
    assert run.event.title in html


def _live_answers(client, run) -> dict[str, int]:
    q = question(run, "single")
    return {
        "page": client.get(reverse("polls:participant", args=[run.code])).status_code,
        "fragment": client.get(reverse("polls:question", args=[run.code])).status_code,
        "state": client.get(reverse("polls:state", args=[run.code])).status_code,
        "answer": client.post(
            reverse("polls:answer", args=[run.code]),
            {"question": q.pk, "option": options(q)[1].pk},
            headers={"Accept": "application/json"},
        ).status_code,
        "join by hand": client.get(reverse("polls:join"), {"code": run.code}).status_code,
        "projector": client.get(reverse("polls:projector", args=[run.code])).status_code,
        "moderation": client.get(reverse("polls:moderate", args=[run.code])).status_code,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_once_it_is_finished_its_live_pages_are_gone_for_all_but_its_staff(
    request, draft_run, persona
):
    client = persona_client(request, persona, draft_run)
    run_finish(run=draft_run)
    answers = _live_answers(client, draft_run)
    if persona in RUNS_IT:
        # The answer is refused as closed (409); the join page forwards to the run (302).
        assert answers == {
            "page": 200,
            "fragment": 200,
            "state": 200,
            "answer": 409,
            "join by hand": 302,
            "projector": 200,
            "moderation": 200,
        }
    elif persona == "dortmund_editor":
        # Not found, as for an unknown code; the staff pages were "forbidden" (403) before.
        assert set(answers.values()) == {404}, answers
    else:
        # Staff pages ask for a login first; everything else is not found.
        assert answers.pop("projector") == answers.pop("moderation") == 302
        assert set(answers.values()) == {404}, answers


def comparable(response, code: str) -> str:
    """The page without its code and its CSRF tokens (new on every page)."""
    text = response.content.decode().replace(code, "CODE")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", text)


def test_the_finished_run_answers_exactly_as_an_unknown_code(draft_run):
    client = join(draft_run)
    q = question(draft_run, "single")
    send(client, draft_run, q, options=[options(q)[0]])
    run_finish(run=draft_run)
    for name in ("polls:participant", "polls:question", "polls:state"):
        gone = client.get(reverse(name, args=[draft_run.code]))
        unknown = client.get(reverse(name, args=["NICHTDA8"]))
        assert gone.status_code == unknown.status_code == 404, name
        assert comparable(gone, draft_run.code) == comparable(unknown, "NICHTDA8"), name
    for code in (draft_run.code, "NICHTDA8"):
        for data in ({"question": q.pk, "option": options(q)[1].pk}, {"question": 999999}):
            response = client.post(
                reverse("polls:answer", args=[code]), data, headers={"Accept": "application/json"}
            )
            assert response.status_code == 404
            assert response.json() == {
                "error": "Diese Umfrage gibt es nicht. Bitte prüfen Sie den Code."
            }


def test_once_the_documentation_is_published_the_finished_run_is_shown_again(draft_run):
    client = join(draft_run)
    run_finish(run=draft_run)
    assert client.get(reverse("polls:participant", args=[draft_run.code])).status_code == 404
    draft_run.event.publish()
    page = client.get(reverse("polls:participant", args=[draft_run.code]))
    assert page.status_code == 200
    assert "Die Umfrage ist beendet" in page.content.decode()
    assert "Geheime Werkstatt" in page.content.decode()
