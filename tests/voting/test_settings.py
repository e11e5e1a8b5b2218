"""The dot-vote's settings fail at start-up when they are wrong."""

import pytest

from tests.test_settings import run_manage


def test_an_unknown_rate_limit_store_stops_the_start():
    result = run_manage("check", DEBUG="1", VOTE_RATE_LIMIT_STORE="redis")
    assert result.returncode != 0
    assert "VOTE_RATE_LIMIT_STORE must be memory or database" in result.stderr


def test_a_retention_that_is_not_a_number_stops_the_start():
    result = run_manage("check", DEBUG="1", VOTE_RETENTION_DAYS="dreißig")
    assert result.returncode != 0
    assert "VOTE_RETENTION_DAYS must be a whole number" in result.stderr


@pytest.mark.parametrize(
    ("database_url", "store"),
    [("sqlite:///unused.sqlite3", "memory"), ("postgres://postgres@127.0.0.1/unused", "database")],
)
def test_the_rate_limit_is_shared_by_default_on_postgresql(database_url, store):
    # On PostgreSQL several app processes are the normal case: they share the count.
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.VOTE_RATE_LIMIT_STORE)",
        DEBUG="1",
        DATABASE_URL=database_url,
    )
    assert result.stdout.strip() == store, result.stderr


@pytest.mark.parametrize(
    ("name", "value"), [("CODE_LOOKUP_WINDOW", "0"), ("CODE_LOOKUP_LIMIT", "viele")]
)
def test_a_wrong_code_lookup_limit_stops_the_start(name, value):
    result = run_manage("check", DEBUG="1", **{name: value})
    assert result.returncode != 0
    assert name in result.stderr
