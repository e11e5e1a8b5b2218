"""Guessing join codes of live polls: answers "no such code" count per client and are refused over
the limit (live.ratelimit), on every page and endpoint a code opens; the pages a browser opened
before keep working."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from polls.models import PollRun
from polls.services import run_finish
from tests.polls.conftest import make_run, options, question, send

pytestmark = pytest.mark.django_db

ROOM = "198.51.100.20"


def phone() -> Client:
    return Client(REMOTE_ADDR=ROOM)


def test_a_run_gets_a_generated_code_of_eight_characters(hagen_world):
    run = PollRun.objects.create(event=hagen_world["event"], title="Ohne Code")
    assert len(run.code) == 8


@override_settings(CODE_LOOKUP_LIMIT=4, CODE_LOOKUP_WINDOW=600)
def test_each_endpoint_counts_unknown_codes_and_refuses_over_the_limit(run):
    room_phone = phone()
    assert room_phone.get(reverse("polls:participant", args=[run.code])).status_code == 200
    guesser = phone()
    q = question(run, "single")
    misses = [
        guesser.get(reverse("polls:join"), {"code": "RATE0001"}),
        guesser.get(reverse("polls:participant", args=["RATE0002"])),
        guesser.get(reverse("polls:state", args=["RATE0003"])),
        guesser.post(
            reverse("polls:answer", args=["RATE0004"]),
            {"question": q.pk, "option": options(q)[0].pk},
            headers={"Accept": "application/json"},
        ),
    ]
    assert [response.status_code for response in misses] == [404] * 4
    assert guesser.get(reverse("polls:question", args=["RATE0005"])).status_code == 429
    # Now known codes are refused too, everywhere.
    refused = {
        "join": guesser.get(reverse("polls:join"), {"code": run.code}),
        "page": guesser.get(reverse("polls:participant", args=[run.code])),
        "fragment": guesser.get(reverse("polls:question", args=[run.code])),
        "state": guesser.get(reverse("polls:state", args=[run.code])),
        "answer": send(guesser, run, q, options=[options(q)[0]]),
    }
    for name, response in refused.items():
        assert response.status_code == 429, name
        assert int(response["Retry-After"]) > 0, name
    assert "Zu viele unbekannte Codes" in refused["state"].json()["error"]
    # The phone that had the page open follows the poll and answers.
    assert room_phone.get(reverse("polls:state", args=[run.code])).status_code == 200
    assert room_phone.get(reverse("polls:question", args=[run.code])).status_code == 200
    assert send(room_phone, run, q, options=[options(q)[0]]).status_code == 200


@override_settings(CODE_LOOKUP_LIMIT=5, CODE_LOOKUP_WINDOW=600)
def test_phones_polling_a_draft_documentations_finished_run_are_not_counted_as_guessing(
    hagen_world,
):
    finished = make_run(hagen_world["draft"], code="ENTWURF8", kinds=("single",))
    following = make_run(hagen_world["event"], code="DANACH88", kinds=("single",))
    phones = [phone() for _ in range(20)]
    for client in phones:
        assert client.get(reverse("polls:participant", args=[finished.code])).status_code == 200
    run_finish(run=finished)
    for client in phones:
        assert client.get(reverse("polls:state", args=[finished.code])).status_code == 404
    response = phone().get(reverse("polls:join"), {"code": following.code})
    assert response.status_code == 302
