"""Personas and small builders shared by the tests.

Hagen editor (Alice), Dortmund editor (Bob), a superuser, an anonymous citizen.
"""

import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.signals import request_finished
from django.db import connection
from django.test import Client
from django.utils import translation

from events.models import Event, Session
from recommendations.models import Recommendation, Strategy
from stakeholders.models import EditorMembership, Municipality, Person


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Personas get a password; hashing it as slowly as in production would test nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _media_of_the_test_run(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _live_answers_computed_on_every_poll(settings):
    """Each state.json and results.json answer shows the database as it is (their short caches,
    live.http.RecentAnswers, have tests of their own)."""
    settings.POLL_STATE_CACHE_MS = 0
    settings.VOTE_RESULTS_CACHE_MS = 0


@pytest.fixture(autouse=True)
def _media_outside_the_project(settings, _media_of_the_test_run):
    """Photos and PDFs that tests store go to a folder of the test run, never into the
    project's media/ (a test may still choose a folder of its own)."""
    settings.MEDIA_ROOT = _media_of_the_test_run


@pytest.fixture(autouse=True)
def _german_addresses_in_the_test():
    """A request to an English address (/en/…) activates English for the thread, as the
    server does per request; afterwards reverse() in a test gives German addresses again
    unless the test asks for another language (translation.override)."""
    request_finished.connect(_german_again)
    translation.deactivate()
    yield
    request_finished.disconnect(_german_again)
    translation.deactivate()


def _german_again(**kwargs):
    translation.deactivate()


@pytest.fixture
def hagen(db) -> Municipality:
    return Municipality.objects.create(name="Hagen", slug="hagen")


@pytest.fixture
def dortmund(db) -> Municipality:
    return Municipality.objects.create(name="Dortmund", slug="dortmund")


def make_editor(username: str, municipality: Municipality):
    user = get_user_model().objects.create_user(username, password="pw", is_staff=True)
    EditorMembership.objects.create(user=user, municipality=municipality)
    return user


@pytest.fixture
def hagen_editor(hagen):
    return make_editor("alice-hagen", hagen)


@pytest.fixture
def dortmund_editor(dortmund):
    return make_editor("bob-dortmund", dortmund)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="pw")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def make_event(municipality: Municipality, *, slug: str, published: bool = True, **fields) -> Event:
    event = Event.objects.create(
        title=fields.pop("title", f"Konferenz {slug}"),
        slug=slug,
        kind=fields.pop("kind", Event.Kind.FACHTAGUNG),
        date=fields.pop("date", datetime.date(2022, 8, 27)),
        municipality=municipality,
        **fields,
    )
    if published:
        event.publish()
    return event


@pytest.fixture
def hagen_world(hagen):
    """A published Hagen conference and a draft, with a session, strategy and recommendation."""
    strategy = Strategy.objects.create(
        name="Engagementstrategie Hagen", slug="es-hagen", municipality=hagen
    )
    event = make_event(hagen, slug="hagen-konferenz")
    event.strategies.add(strategy)
    draft = make_event(hagen, slug="hagen-entwurf", published=False)
    session = Session.objects.create(
        event=event, slug="zukunftsraete", kind="small_group", title="Zukunftsräte"
    )
    recommendation = Recommendation.objects.create(
        strategy=strategy, slug="hagen-zukunftsraete", title="Zukunftsräte"
    )
    person = Person.objects.create(
        name="Erika Muster", slug="erika-muster", municipality=hagen, publish_name=True
    )
    return {
        "event": event,
        "draft": draft,
        "session": session,
        "strategy": strategy,
        "recommendation": recommendation,
        "person": person,
    }


@pytest.fixture
def dortmund_world(dortmund):
    event = make_event(dortmund, slug="dortmund-fachtagung")
    session = Session.objects.create(event=event, slug="orte", kind="thematic_table", title="Orte")
    person = Person.objects.create(name="Max Beispiel", slug="max-beispiel", municipality=dortmund)
    strategy = Strategy.objects.create(
        name="Aktionsplan Dortmund", slug="ap-dortmund", municipality=dortmund
    )
    recommendation = Recommendation.objects.create(
        strategy=strategy, slug="do-orte", title="Orte schaffen"
    )
    return {
        "event": event,
        "session": session,
        "person": person,
        "strategy": strategy,
        "recommendation": recommendation,
    }


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, headless, for one test module; the ORM may run beside Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.public.browser import CHROMIUM_ARGS, orm_beside_playwright

    with orm_beside_playwright(), sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium):
    """The browser; every context a test opens is closed after it (live pages keep polling)."""
    yield chromium
    for context in chromium.contexts:
        context.close()
    # A poll the test server was still answering ends before the test's database is emptied
    # (on SQLite the emptying otherwise finds the table locked).
    time.sleep(0.3)
