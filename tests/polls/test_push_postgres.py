"""Pushed updates of a live poll (live/push.py) with real servers on one PostgreSQL database: a
gunicorn app server takes the answers, two ASGI servers (uvicorn) hold the phones' streams, and
a change made anywhere reaches the phones on both at once, with the question to show in the
message. The sync app server never holds a stream."""

import json
import os
import queue
import socket
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
from tests.conftest import client_for
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
    """One gunicorn (threaded workers, as the app server) and two uvicorn (the streams),
    started once for this module's tests on the test database."""
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
        ["gunicorn", "engagement_portal.wsgi", "--workers", "2", "--worker-class", "gthread"]
        + ["--threads", "2", "--bind"],
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
        # Shut down first: closing alone waits for the reading thread's next line (a heartbeat).
        if self.connection.sock is not None:
            self.connection.sock.shutdown(socket.SHUT_RDWR)
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


# --- The streams are served without the site's middleware (engagement_portal/asgi.py) ----------

SERVERS_SECRET = "push-servers-share-this-secret"


def _session_cookie(user) -> str:
    """A session of ``user`` as the servers know it (signed with their secret)."""
    with override_settings(SECRET_KEY=SERVERS_SECRET):
        client = client_for(user)
    return f"sessionid={client.cookies['sessionid'].value}"


@override_settings(LIVE_PUSH=True)
def test_the_staff_who_run_a_run_over_in_a_draft_still_follow_it(
    hagen_world, hagen_editor, dortmund_editor, servers
):
    _app, stream_server, _two = servers
    event = hagen_world["event"]
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    run = make_run(event, code="NURSTAFF", kinds=("single",))
    run_finish(run=run)
    path = f"/poll/{run.code}/events/"
    assert Stream(stream_server, path).response.status == 404  # a phone
    other_town = Stream(stream_server, path, _session_cookie(dortmund_editor))
    assert other_town.response.status == 404
    staff = Stream(stream_server, path, _session_cookie(hagen_editor))
    try:
        assert staff.response.status == 200
        assert staff.next()[1]["status"] == "finished"
    finally:
        staff.close()


@override_settings(LIVE_PUSH=True)
def test_a_stream_speaks_the_language_of_its_address(hagen_world, servers):
    _app, stream_server, _two = servers
    run = make_run(hagen_world["event"], code="SPRACHE", kinds=("single",))
    german = Stream(stream_server, f"/poll/{run.code}/events/")
    english = Stream(stream_server, f"/en/poll/{run.code}/events/")
    try:
        html = german.next()[1]["html"]
        assert "Frage 1 von 1" in html and f'action="/poll/{run.code}/answer/"' in html
        html = english.next()[1]["html"]
        assert "Question 1 of 1" in html and f'action="/en/poll/{run.code}/answer/"' in html
    finally:
        german.close()
        english.close()


@override_settings(LIVE_PUSH=True)
def test_the_stream_server_checks_the_host_and_serves_pages_with_the_site_middleware(
    hagen_world, servers
):
    _app, stream_server, _two = servers
    run = make_run(hagen_world["event"], code="KOPFZEILE", kinds=("single",))
    stream = Stream(stream_server, f"/poll/{run.code}/events/")
    try:
        assert stream.response.getheader("Content-Type").startswith("text/event-stream")
        assert stream.response.getheader("X-Content-Type-Options") == "nosniff"
        assert stream.response.getheader("Cache-Control") == "no-cache, no-store"
    finally:
        stream.close()
    host, port = stream_server.removeprefix("http://").split(":")
    connection = HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", f"/poll/{run.code}/events/", headers={"Host": "evil.example"})
    assert connection.getresponse().status == 400
    connection.close()
    # Every other address as gunicorn serves it: the page with its security policy.
    with urllib.request.urlopen(f"{stream_server}/poll/{run.code}/", timeout=10) as page:
        assert page.status == 200
        assert "default-src" in page.headers["Content-Security-Policy"]
        assert page.headers["X-Frame-Options"] == "DENY"


@override_settings(LIVE_PUSH=True)
def test_a_client_over_the_lookup_limit_gets_no_stream_of_a_room_it_did_not_join(
    hagen_world, tmp_path
):
    """Three unknown codes with CODE_LOOKUP_LIMIT=2: the client is refused, also for a code that
    exists (it would learn that it does), but not for the room whose page it opened."""
    joined = make_run(hagen_world["event"], code="MEINRAUM", kinds=("single",))
    other = make_run(hagen_world["event"], code="FREMDRAUM", kinds=("single",))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "a-server-of-its-own-with-its-own-counts",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "TESTING": "1",
        "LIVE_PUSH": "1",
        "CODE_LOOKUP_LIMIT": "2",
    }
    command = ["uvicorn", "engagement_portal.asgi:application", "--no-access-log", "--port"]
    with (tmp_path / "server.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", *command, str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(process, base)
        phone = Browser()
        assert phone.get(f"{base}/poll/{joined.code}/")[0] == 200  # through the same server
        cookies = "; ".join(f"{c.name}={c.value}" for c in phone.jar)
        statuses = [
            Stream(base, f"/poll/RATEN{n}/events/", cookies).response.status for n in range(3)
        ]
        assert statuses == [404, 404, 429]
        assert Stream(base, f"/poll/{other.code}/events/", cookies).response.status == 429
        own = Stream(base, f"/poll/{joined.code}/events/", cookies)
        try:
            assert own.response.status == 200
            assert own.next()[1]["status"] == "live"
        finally:
            own.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
