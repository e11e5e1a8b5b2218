"""Two gunicorn servers on two ports share one PostgreSQL database and behave as one: the
participants' requests alternate between them, the rate limit is shared, the results agree."""

import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.voting.conftest import make_vote
from voting.models import Ballot, Participant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def two_servers(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "two-servers-share-this-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "TESTING": "1",
        "VOTE_RATE_LIMIT": "8",
        "VOTE_RATE_LIMIT_WINDOW": "86400",  # one window for the whole test
    }
    servers = []
    for n in range(2):
        port = free_port()
        log = (tmp_path / f"gunicorn-{n}.log").open("w")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "engagement_portal.wsgi",
                "--workers",
                "2",
                # Threaded workers, as docs/deploy/portal.service runs them.
                "--worker-class",
                "gthread",
                "--threads",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        servers.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, base in servers:
            _wait_until_up(process, base)
        yield [base for _process, base in servers]
    finally:
        for process, _base in servers:
            process.terminate()
        for process, _base in servers:
            process.wait(timeout=20)


def _wait_until_up(process, base):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{base} stopped with {process.returncode}, see its log")
        try:
            urllib.request.urlopen(base + "/vote/", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not start")


class Browser:
    """One participant's browser: a cookie jar shared by both servers (cookies ignore ports)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url):
        with self.opener.open(url, timeout=10) as response:
            return response.status, response.read()

    def place(self, base, code, item, dots):
        csrf = next(c.value for c in self.jar if c.name == "csrftoken")
        request = urllib.request.Request(
            f"{base}/vote/{code}/ballot/",
            data=urllib.parse.urlencode({"item": item, "dots": dots}).encode(),
            headers={"Accept": "application/json", "X-CSRFToken": csrf},
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())


def test_two_app_servers_on_one_database_behave_as_one(hagen_world, two_servers):
    vote = make_vote(hagen_world["event"], items=4, labels=())
    items = list(vote.items.order_by("order").values_list("id", flat=True))
    first, second = two_servers
    browsers = [Browser() for _ in range(8)]
    for n, browser in enumerate(browsers):
        # Joined through one server, voting through both.
        assert browser.get(f"{two_servers[n % 2]}/vote/{vote.code}/")[0] == 200

    answers = {}

    def vote_through_both(n, browser):
        # 2 dots on one item, 3 on the next, alternating servers: the last would exceed the budget.
        steps = [(items[n % 4], 1), (items[n % 4], 2), (items[(n + 1) % 4], 3), (items[2], 3)]
        answers[n] = [
            browser.place(two_servers[(n + k) % 2], vote.code, item, dots)
            for k, (item, dots) in enumerate(steps)
        ]

    threads = [threading.Thread(target=vote_through_both, args=p) for p in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    for n, steps in answers.items():
        assert [status for status, _ in steps[:3]] == [200, 200, 200]
        assert steps[2][1]["remaining"] == 0
        if items[2] not in (items[n % 4], items[(n + 1) % 4]):
            assert steps[3][0] == 409 and "Punkte" in steps[3][1]["error"]
    assert Participant.objects.count() == 8
    assert Ballot.objects.count() == 16
    assert sum(Ballot.objects.values_list("dots", flat=True)) == 8 * 5

    # Both servers give the same result, with the same ETag: a 304 from either.
    _, body_first = browsers[0].get(f"{first}/vote/{vote.code}/results.json")
    with urllib.request.urlopen(f"{second}/vote/{vote.code}/results.json") as response:
        etag, body_second = response.headers["ETag"], response.read()
    assert json.loads(body_first) == json.loads(body_second)
    assert json.loads(body_first)["dots_total"] == 40
    request = urllib.request.Request(
        f"{first}/vote/{vote.code}/results.json", headers={"If-None-Match": etag}
    )
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(request)
    assert not_modified.value.code == 304

    # The rate limit (8 a day here) is counted across both servers, per participant: the default
    # store on PostgreSQL is shared.
    browser = browsers[0]
    statuses = [browser.place(two_servers[k % 2], vote.code, items[3], 0)[0] for k in range(6)]
    assert statuses.count(429) >= 2
    assert browsers[1].place(first, vote.code, items[3], 0)[0] == 200
