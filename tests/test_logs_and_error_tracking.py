"""Operations: one log line per request and event on standard output, errors to Sentry when a DSN
is set, without personal data."""

import gzip
import http.server
import logging
import os
import subprocess
import sys
import threading

import pytest
from django.test import Client

from engagement_portal.lib.logs import OneLineFormatter
from tests.test_settings import ROOT, STRONG

pytestmark = pytest.mark.django_db


def test_every_request_is_one_line_without_query_or_address(caplog):
    with caplog.at_level(logging.INFO, logger="portal.request"):
        Client(REMOTE_ADDR="203.0.113.9").get("/events/?q=geheim")
    [record] = [r for r in caplog.records if r.name == "portal.request"]
    method, path, status, took = record.getMessage().split(" ")
    assert (method, path, status) == ("GET", "/events/", "200")
    assert took.endswith("ms")
    assert "geheim" not in record.getMessage() and "203.0.113.9" not in record.getMessage()


def test_a_traceback_is_one_line():
    try:
        raise ValueError("kaputt")
    except ValueError:
        record = logging.LogRecord(
            "portal", logging.ERROR, __file__, 1, "Fehler", (), sys.exc_info()
        )
    line = OneLineFormatter("%(levelname)s %(message)s").format(record)
    assert "\n" not in line
    assert line.startswith("ERROR Fehler\\nTraceback") and "ValueError: kaputt" in line


class _Collector(http.server.BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]] = []

    def do_POST(self):  # noqa: N802 (the handler's API)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            # sentry-sdk compresses with Brotli where the module is installed (WeasyPrint's
            # font handling brings it).
            import brotli

            body = brotli.decompress(body)
        self.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    _Collector.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def test_errors_reach_the_tracker_when_a_dsn_is_set(sentry_server):
    port = sentry_server.server_address[1]
    script = (
        "import django; django.setup(); import sentry_sdk; "
        "assert sentry_sdk.get_client().is_active(); "
        "sentry_sdk.capture_exception(ValueError('kaputt')); sentry_sdk.flush(5)"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "TESTING"}},
        "SECRET_KEY": STRONG,
        "DJANGO_SETTINGS_MODULE": "engagement_portal.settings",
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/1",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    [(path, body)] = _Collector.received
    assert path == "/api/1/envelope/"
    assert b"kaputt" in body
    assert b'"send_default_pii": true' not in body


def test_without_a_dsn_nothing_is_sent():
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()


def test_what_staff_do_is_one_line_with_the_account_not_the_person(
    hagen_world, hagen_editor, caplog
):
    from django.urls import reverse

    from tests.conftest import client_for
    from tests.voting.conftest import make_vote

    vote = make_vote(hagen_world["event"], open_it=False)
    with caplog.at_level(logging.INFO, logger="portal.event"):
        client_for(hagen_editor).post(
            reverse("voting:control", args=[vote.code]), {"action": "open"}
        )
    [record] = [r for r in caplog.records if r.name == "portal.event"]
    assert record.getMessage() == (
        f"dot-vote open code={vote.code} event={vote.event_id} by=user:{hagen_editor.pk}"
    )
