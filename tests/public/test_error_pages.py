"""Finding 14: error pages in the site's layout, JSON errors for JSON clients, and 503 with
Retry-After when the database cannot be reached (DEBUG off)."""

import socket

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from events import views as event_views
from tests.conftest import client_for
from tests.voting.conftest import join, make_vote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def _quiet_client(**defaults) -> Client:
    """A browser that gets the error page instead of the exception re-raised by the test."""
    return Client(raise_request_exception=False, **defaults)


def test_an_unknown_page_is_a_german_404_in_the_site_layout(db):
    response = _quiet_client().get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert f'href="{reverse("events:home")}"' in html
    assert "Zur Startseite" in html


def test_the_404_page_speaks_english_to_english_readers(db):
    response = _quiet_client().get("/en/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_a_draft_is_the_same_404_page(hagen_world):
    response = _quiet_client().get(reverse("events:detail", args=[hagen_world["draft"].slug]))
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_another_towns_object_in_the_admin_is_a_german_403(hagen_editor, dortmund_world):
    client = client_for(hagen_editor)
    url = reverse("admin:events_event_change", args=[dortmund_world["event"].pk])
    response = client.get(url)
    assert response.status_code == 403
    assert "Sie haben keinen Zugriff auf diese Seite." in response.content.decode()


@pytest.fixture
def broken_home(monkeypatch):
    """The start page's view fails with a programming error."""

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(event_views, "event_cards", broken)


def count_users(request) -> dict:
    """A context processor that queries, as a site-wide menu or the session's messages would."""
    return {"user_count": get_user_model().objects.count()}


@pytest.fixture
def querying_context_processor(settings):
    engine = settings.TEMPLATES[0]
    processors = [*engine["OPTIONS"]["context_processors"], f"{__name__}.count_users"]
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine["OPTIONS"], "context_processors": processors}}
    ]


def test_a_server_error_is_a_german_500_page_rendered_without_the_database(
    broken_home, querying_context_processor, django_assert_num_queries
):
    client = _quiet_client()
    with django_assert_num_queries(0):
        response = client.get(reverse("events:home"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Fehler auf dem Server" in html
    assert 'class="site-header"' in html and "Zur Startseite" in html
    assert "Retry-After" not in response


def test_a_server_error_of_a_json_client_is_json(broken_home):
    response = _quiet_client().get(reverse("events:home"), headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "Fehler" in response.json()["error"]


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/vote/ABC/nichts.json", {}),
        ("/gibt-es-nicht/", {"Accept": "application/json"}),
    ],
)
def test_json_clients_get_a_json_404(db, path, headers):
    response = _quiet_client().get(path, headers=headers)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Diese Seite gibt es nicht oder nicht mehr."}


def test_a_json_client_refused_in_the_admin_gets_a_json_403(hagen_editor, dortmund_world):
    client = client_for(hagen_editor)
    url = reverse("admin:events_event_change", args=[dortmund_world["event"].pk])
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.json() == {"error": "Sie haben keinen Zugriff auf diese Seite."}


def test_a_bad_request_of_a_json_client_is_json(db):
    response = _quiet_client().get("/poll/AB%00C/state.json")
    assert response.status_code == 400
    assert "ungültige Zeichen" in response.json()["error"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def unreachable_database(transactional_db):
    """From now on every new connection to the database fails as it does when the server is
    down: PostgreSQL at a port where nothing listens, SQLite in a folder that does not exist.
    The test's own connection is set aside and given back afterwards."""
    saved_connection, saved_settings = connection.connection, connection.settings_dict
    if connection.vendor == "postgresql":
        unreachable = {**saved_settings, "HOST": "127.0.0.1", "PORT": _closed_port()}
    else:
        unreachable = {**saved_settings, "NAME": "/nonexistent-folder/portal/db.sqlite3"}
    connection.connection, connection.settings_dict = None, unreachable
    yield
    connection.connection, connection.settings_dict = saved_connection, saved_settings


@pytest.fixture
def logged_in_editor(hagen_world, hagen_editor):
    """A logged-in editor (the session lives in the database), before the database goes."""
    client = client_for(hagen_editor)
    client.raise_request_exception = False
    return client, hagen_world


def test_without_the_database_every_page_is_a_503_with_retry_after(
    logged_in_editor, unreachable_database
):
    client, world = logged_in_editor
    for url in [
        reverse("events:home"),
        reverse("events:detail", args=[world["event"].slug]),
        reverse("admin:index"),
        reverse("admin:events_event_changelist"),
    ]:
        response = client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        html = response.content.decode()
        assert "Die Datenbank ist gerade nicht erreichbar" in html, url
        assert 'class="site-header"' in html and "Zur Startseite" in html


@pytest.fixture
def participant(hagen_world):
    """A participant who joined a vote, before the database goes."""
    vote = make_vote(hagen_world["event"], code="HAGEN1")
    client = join(vote)
    client.raise_request_exception = False
    return client, vote, vote.items.first().pk


def test_without_the_database_the_live_endpoints_answer_json_503(participant, unreachable_database):
    client, vote, item = participant
    answers = [
        client.get(reverse("voting:results", args=[vote.code])),
        client.post(
            reverse("voting:ballot", args=[vote.code]),
            {"item": item, "dots": 1},
            headers={"Accept": "application/json"},
        ),
        client.get(reverse("polls:state", args=["DIALOG"])),
        client.post(
            reverse("polls:answer", args=["DIALOG"]),
            {"question": 1},
            headers={"Accept": "application/json"},
        ),
    ]
    for response in answers:
        assert response.status_code == 503, response.request["PATH_INFO"]
        assert response["Content-Type"] == "application/json"
        assert response["Retry-After"] == "30"
        assert "Datenbank" in response.json()["error"]


def test_the_database_is_back_after_the_test(hagen_world):
    assert client_for(None).get(reverse("events:home")).status_code == 200


def test_a_form_sent_without_its_csrf_token_gets_the_sites_page(hagen_world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("voting:join"), {"code": "ABCDEFGH"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Die Seite ist abgelaufen. Bitte laden Sie sie neu." in html
    assert 'class="site-header"' in html and "Zur Startseite" in html
