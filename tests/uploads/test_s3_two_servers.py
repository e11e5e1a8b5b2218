"""Media on S3-compatible object storage, shared by two app servers: a photo uploaded through one
gunicorn is shown and served by another. The store is moto's S3 server (a real S3 API over HTTP,
a pip package, no internet); the servers share the test's database (on SQLite a copy in a file).
"""

import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.uploads.conftest import gps_exif, image_bytes, pdf_bytes
from tests.voting.test_two_servers_postgres import database_url, free_port
from uploads.models import Photo

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "portal-media"
REGION = "eu-central-1"


def _wait_for(process, url: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} stopped with {process.returncode}: {log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not start: {log.read_text()}")


def _start(command: list[str], url: str, log: Path, env: dict | None = None):
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    try:
        _wait_for(process, url, log)
    except BaseException:
        process.terminate()
        process.wait(timeout=10)
        raise
    return process


@pytest.fixture
def s3_server(tmp_path):
    """moto's S3 server on a free port with one empty, private bucket; the portal's settings."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    process = _start(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        endpoint,
        tmp_path / "moto.log",
    )
    try:
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id="portal",
            aws_secret_access_key="portal-secret",
        )
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        yield (
            client,
            {
                "MEDIA_S3_BUCKET": BUCKET,
                "MEDIA_S3_ENDPOINT_URL": endpoint,
                "MEDIA_S3_REGION": REGION,
                "MEDIA_S3_ACCESS_KEY_ID": "portal",
                "MEDIA_S3_SECRET_ACCESS_KEY": "portal-secret",
            },
        )
    finally:
        process.terminate()
        process.wait(timeout=10)


def _shared_database(tmp_path) -> str:
    """The address of the test's database for other processes (its committed state)."""
    if connection.vendor == "postgresql":
        return database_url()
    # SQLite's test database lives in this process's memory: the servers get a copy in a file.
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


@pytest.fixture
def two_servers(tmp_path, s3_server, hagen_world, hagen_editor):
    """Two gunicorns on one database and one bucket; a session cookie of the Hagen editor."""
    client = Client()
    client.force_login(hagen_editor)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    env = {
        **os.environ,
        **s3_server[1],
        "DATABASE_URL": _shared_database(tmp_path),
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "TESTING": "1",
        # Nothing may land on the file system: a folder that is never made.
        "MEDIA_ROOT": str(tmp_path / "no-media-here"),
    }
    servers = []
    try:
        for n in range(2):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "engagement_portal.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
            ]
            servers.append(
                (_start(command, base + "/healthz", tmp_path / f"gunicorn-{n}.log", env), base)
            )
        yield [base for _process, base in servers], session
    finally:
        for process, _base in servers:
            process.terminate()
        for process, _base in servers:
            process.wait(timeout=20)
    assert not (tmp_path / "no-media-here").exists()


class Browser:
    """A browser with a cookie jar; cookies ignore ports, so both servers see the same."""

    def __init__(self, session: str | None = None):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        if session:
            self.jar.set_cookie(_cookie(settings.SESSION_COOKIE_NAME, session))

    def get(self, url: str) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(url)
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def post_form(self, url: str, fields: dict, files: dict) -> tuple[int, dict, bytes]:
        """A multipart form as the admin's add page sends it, with its CSRF token."""
        _status, _headers, page = self.get(url)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {**fields, "csrfmiddlewaretoken": token}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n')
            parts.append(f"{value}\r\n")
        body = "".join(parts).encode()
        for name, (filename, data) in files.items():
            body += (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                ).encode()
                + data
                + b"\r\n"
            )
        body += f"--{boundary}--\r\n".encode()
        csrf = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        request = urllib.request.Request(
            url,
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-CSRFToken": csrf,
            },
        )
        # The answer to a successful add is a redirect; it is not followed.
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


def _cookie(name: str, value: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        0,
        name,
        value,
        None,
        False,
        "127.0.0.1",
        False,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _upload_photo(staff: Browser, base: str, event, alt_text: str) -> None:
    status, _headers, body = staff.post_form(
        f"{base}/admin/uploads/photo/add/",
        {"event": event.pk, "alt_text": alt_text, "order": 0, "caption": "", "credit": ""},
        {"upload": ("podium.jpg", image_bytes("JPEG", (2000, 1500), exif=gps_exif()))},
    )
    assert status == 302, body.decode()[:2000]


def test_a_photo_uploaded_through_one_server_is_served_by_the_other(
    two_servers, s3_server, hagen_world
):
    (first, second), session = two_servers
    s3, _settings = s3_server
    event, draft = hagen_world["event"], hagen_world["draft"]
    staff, visitor = Browser(session), Browser()

    _upload_photo(staff, first, event, "Podium im Ratssaal")
    _upload_photo(staff, first, draft, "Flipchart im Entwurf")
    status, _headers, body = staff.post_form(
        f"{first}/admin/uploads/attachment/add/",
        {"event": event.pk, "title": "Folien", "order": 0},
        {"upload": ("folien.pdf", pdf_bytes())},
    )
    assert status == 302, body.decode()[:2000]

    # Every file is in the bucket, under its random key.
    stored = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert len(stored) == 2 * 4 + 1
    assert all(re.fullmatch(r"(photos|files)/[0-9a-f-]{36}/[\w.-]+", key) for key in stored)

    # The other server shows the published photo and serves each of its sizes.
    status, _headers, page = visitor.get(f"{second}{event.get_absolute_url()}")
    assert status == 200
    [srcset] = re.findall(rb'alt="Podium im Ratssaal"', page) and re.findall(
        rb'srcset="([^"]+)"', page
    )
    urls = [entry.rsplit(b" ", 1)[0].decode() for entry in srcset.split(b", ")]
    assert len(urls) == 3
    for url in urls:
        status, headers, data = visitor.get(f"{second}{url}")
        assert status == 200
        assert headers["Content-Type"] == "image/webp" and data.startswith(b"RIFF")
        assert headers["Cache-Control"] == "public, max-age=86400"
        assert b"GPS" not in data

    # The draft's photo: not for the public, from either server; for its editor, uncached.
    if connection.vendor == "postgresql":
        photo = Photo.objects.get(alt_text="Flipchart im Entwurf")
        url = photo.url_of(photo.image.name)
    else:
        # The servers wrote into the copy of the database; the address is on the preview.
        _status, _headers, preview = staff.get(f"{second}{draft.get_absolute_url()}")
        url = re.search(rb'src="(/media/photos/[^"]+)"', preview).group(1).decode()
    for base in (first, second):
        assert visitor.get(f"{base}{url}")[0] == 404
        status, headers, data = staff.get(f"{base}{url}")
        assert status == 200 and headers["Cache-Control"] == "private, no-store"
