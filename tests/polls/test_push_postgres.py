"""Pushed updates of a live poll (live/push.py) with real servers on one PostgreSQL database: a
gunicorn app server takes the answers, two ASGI servers (uvicorn) hold the phones' streams, and
a change made anywhere reaches the phones on both at once, with the question to show in the
message. The sync app server never holds a stream."""

import json
import os
import queue
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPConnection

import pytest
from django.test import override_settings

from events.models import Event
from live import push
from polls.services import question_close, run_advance, run_finish
from tests.polls.conftest import make_run, options
from tests.voting.test_two_servers_postgres import (
    ROOT,
    Browser,
    _wait_until_up,
    database_url,
    free_port,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def servers(tmp_path_factory, django_db_setup):
    """One gunicorn (sync workers, as the app server) and two uvicorn (the streams), started once
    for this module's tests on the test database."""
    tmp_path = tmp_path_factory.mktemp("push")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "push-servers-share-this-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "TESTING": "1",
        "LIVE_PUSH": "1",
        "LIVE_PUSH_NUMBERS_MS": "300",
    }
    commands = [
        ["gunicorn", "engagement_portal.wsgi", "--workers", "2", "--bind"],
        ["uvicorn", "engagement_portal.asgi:application", "--no-access-log", "--port"],
        ["uvicorn", "engagement_portal.asgi:application", "--no-access-log", "--port"],
    ]
    started = []
    for n, command in enumerate(commands):
        port = free_port()
        address = f"127.0.0.1:{port}" if command[0] == "gunicorn" else str(port)
        log = (tmp_path / f"server-{n}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", *command, address],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, base in started:
            _wait_until_up(process, base)
        yield [base for _process, base in started]
    finally:
        for process, _base in started:
            process.terminate()
        for process, _base in started:
            process.wait(timeout=20)


class Stream:
    """A phone's EventSource: reads the stream in a thread; ``next()`` is its next message."""

    def __init__(self, base: str, path: str, cookies: str = ""):
        host, port = base.removeprefix("http://").split(":")
        self.connection = HTTPConnection(host, int(port), timeout=30)
        self.connection.request(
            "GET", path, headers={"Accept": "text/event-stream", "Cookie": cookies}
        )
        self.response = self.connection.getresponse()
        self.messages = queue.Queue()
        if self.response.status == 200:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        event, data = "message", []
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line.removeprefix("event: ")
                elif line.startswith("data: "):
                    data.append(line.removeprefix("data: "))
                elif line == "" and data:
                    self.messages.put((event, json.loads("\n".join(data)), time.monotonic()))
                    event, data = "message", []
        except (OSError, ValueError, AttributeError):  # closed by the test
            pass

    def next(self, timeout: float = 5.0):
        return self.messages.get(timeout=timeout)

    def close(self):
        self.connection.close()


def _answer(browser, base, code, question_id, option_id):
    csrf = next(c.value for c in browser.jar if c.name == "csrftoken")
    request = urllib.request.Request(
        f"{base}/poll/{code}/answer/",
        data=urllib.parse.urlencode({"question": question_id, "option": option_id}).encode(),
        headers={"Accept": "application/json", "X-CSRFToken": csrf},
    )
    with browser.opener.open(request, timeout=10) as response:
        return response.status


@override_settings(LIVE_PUSH=True)
def test_a_change_reaches_the_phones_on_both_stream_servers_at_once(hagen_world, servers):
    app, stream_one, stream_two = servers
    run = make_run(hagen_world["event"], code="SCHIEBEN", kinds=("single", "mood"))
    run.questions.update(results_hidden=False)
    first, second = run.questions.order_by("order")
    phone = Browser()
    status, page = phone.get(f"{app}/poll/{run.code}/")
    assert status == 200
    # The page is given its stream.
    assert f'data-events-url="/poll/{run.code}/events/"'.encode() in page

    streams = [Stream(base, f"/poll/{run.code}/events/") for base in (stream_one, stream_two)]
    try:
        for stream in streams:
            _event, message, _at = stream.next()
            assert message["question"]["id"] == first.pk
            assert 'data-version="{}"'.format(message["version"]) in message["html"]

        # An answer through the app server: every stream hears the new numbers.
        assert _answer(phone, app, run.code, first.pk, options(first)[0].pk) == 200
        for stream in streams:
            _event, message, _at = stream.next()
            assert message["question"]["respondents"] == 1
            assert message["question"]["options"][0]["chosen"] == 1

        # The facilitator moves on: each phone gets the new question in the message itself.
        moved = time.monotonic()
        run_advance(run=run)
        for stream in streams:
            _event, message, at = stream.next()
            assert message["question"]["id"] == second.pk
            assert message["question"]["status"] == "open"
            assert 'data-version="{}"'.format(message["version"]) in message["html"]
            assert second.poll.question in message["html"]
            assert at - moved < 1.0
    finally:
        for stream in streams:
            stream.close()


@override_settings(LIVE_PUSH=True)
def test_the_sync_app_server_never_holds_a_stream(hagen_world, servers):
    app, _one, _two = servers
    run = make_run(hagen_world["event"], code="SYNCHRON", kinds=("single",))
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{app}/poll/{run.code}/events/", timeout=10)
    assert refused.value.code == 404
    assert time.monotonic() - started < 5


@override_settings(LIVE_PUSH=True)
def test_a_run_over_in_a_draft_is_gone_for_the_phones(hagen_world, servers):
    _app, stream_server, _two = servers
    event = hagen_world["event"]
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    run = make_run(event, code="ENTWURF", kinds=("single",))
    stream = Stream(stream_server, f"/poll/{run.code}/events/")
    try:
        assert stream.next()[1]["status"] == "live"
        question_close(run=run)
        assert stream.next()[1]["question"]["status"] == "closed"
        run_finish(run=run)
        event_name, _message, _at = stream.next()
        assert event_name == "gone"
    finally:
        stream.close()
    # And a new stream of it is not found, as its state.json.
    assert Stream(stream_server, f"/poll/{run.code}/events/").response.status == 404


@override_settings(LIVE_PUSH=True)
def test_an_unknown_code_has_no_stream(servers):
    _app, stream_server, _two = servers
    assert Stream(stream_server, "/poll/GIBTSNICHT/events/").response.status == 404


@override_settings(LIVE_PUSH=True)
def test_a_phone_hears_nothing_of_answers_to_a_hidden_result(hagen_world, servers):
    app, stream_server, _two = servers
    run = make_run(hagen_world["event"], code="VERDECKT", kinds=("single",))
    question = run.questions.get()
    assert question.results_hidden
    phone = Browser()
    assert phone.get(f"{app}/poll/{run.code}/")[0] == 200
    stream = Stream(stream_server, f"/poll/{run.code}/events/")
    try:
        first = stream.next()[1]
        assert first["question"]["hidden"] and "html" in first
        assert _answer(phone, app, run.code, question.pk, options(question)[0].pk) == 200
        with pytest.raises(queue.Empty):
            stream.next(timeout=1.5)
        # Revealed: the result comes, with the question's markup to swap in.
        question.reveal()
        push.announce(run.code)  # as the control view does after revealing
        revealed = stream.next()[1]
        assert not revealed["question"]["hidden"]
        assert revealed["question"]["options"][0]["chosen"] == 1
        assert 'data-part="result"' in revealed["html"]
    finally:
        stream.close()
