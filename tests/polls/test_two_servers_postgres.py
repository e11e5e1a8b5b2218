"""Two gunicorn servers on one PostgreSQL database run one live poll as one: phones joined on
either follow the facilitator's next question within the state's short cache, answer through
both, and both servers count the same answers."""

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from polls.models import Answer
from polls.services import run_go_to
from tests.polls.conftest import make_run, options
from tests.voting.test_two_servers_postgres import Browser, two_servers  # noqa: F401 (fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _answer(browser, base, code, question_id, option_id):
    csrf = next(c.value for c in browser.jar if c.name == "csrftoken")
    request = urllib.request.Request(
        f"{base}/poll/{code}/answer/",
        data=urllib.parse.urlencode({"question": question_id, "option": option_id}).encode(),
        headers={"Accept": "application/json", "X-CSRFToken": csrf},
    )
    try:
        with browser.opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _state(browser, base, code):
    return json.loads(browser.get(f"{base}/poll/{code}/state.json")[1])


def test_two_app_servers_run_one_poll_as_one(hagen_world, two_servers):  # noqa: F811
    run = make_run(hagen_world["event"], code="ZWEISERV", kinds=("single", "mood"))
    first_question, second_question = run.questions.order_by("order")
    phones = [Browser() for _ in range(6)]
    for n, phone in enumerate(phones):
        assert phone.get(f"{two_servers[n % 2]}/poll/{run.code}/")[0] == 200

    # Answers through both servers at once, each phone alternating.
    choice = options(first_question)[0].pk
    statuses = []
    threads = [
        threading.Thread(
            target=lambda n, phone: statuses.append(
                _answer(phone, two_servers[(n + 1) % 2], run.code, first_question.pk, choice)
            ),
            args=(n, phone),
        )
        for n, phone in enumerate(phones)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 6
    assert Answer.objects.filter(question=first_question).count() == 6

    # The facilitator moves on: phones on both servers see it within the state's cache.
    run_go_to(run=run, question=second_question)
    moved = time.monotonic()
    seen = {}
    while len(seen) < len(phones) and time.monotonic() - moved < 5:
        for n, phone in enumerate(phones):
            if n not in seen:
                state = _state(phone, two_servers[n % 2], run.code)
                if state["question"]["id"] == second_question.pk:
                    seen[n] = time.monotonic() - moved
        time.sleep(0.05)
    assert len(seen) == len(phones)
    assert max(seen.values()) < 1.0  # POLL_STATE_CACHE_MS (250 ms) and the polling here
    # Both servers tell the same state, respondents included.
    one, other = (_state(phones[0], base, run.code) for base in two_servers)
    assert one == other
