"""Fixtures of the public site's tests: the demo content, loaded once per test module."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction

DEMO_EVENTS = [
    "dortmund-fachtagung-aktionsraeume-2022",
    "nrw-fachkongress-luenen-2015",
    "hagen-umsetzungskonferenz-2022",
    "dessau-rosslau-selbstcheck-2020",
    "dortmund-digitaler-buergerdialog-1",
]
LARGEST_DEMO_EVENT = "nrw-fachkongress-luenen-2015"


def build_search_index() -> None:
    """On PostgreSQL the search documents are rebuilt at commit; tests never commit, so fire the
    deferred triggers now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """The five demo documentations, for all tests of a module, rolled back afterwards.

    Like Django's setUpTestData: an outer transaction around the module; each test runs in a
    savepoint inside it. Tests using it must not use transactional_db or live_server.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            build_search_index()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def committed_demo_content(transactional_db):
    """The demo content committed, for pages served by live_server to a browser."""
    call_command("load_demo", stdout=io.StringIO())
