"""The dot-vote's settings fail at start-up when they are wrong."""

from tests.test_settings import run_manage


def test_an_unknown_rate_limit_store_stops_the_start():
    result = run_manage("check", DEBUG="1", VOTE_RATE_LIMIT_STORE="redis")
    assert result.returncode != 0
    assert "VOTE_RATE_LIMIT_STORE must be memory or database" in result.stderr


def test_a_retention_that_is_not_a_number_stops_the_start():
    result = run_manage("check", DEBUG="1", VOTE_RETENTION_DAYS="dreißig")
    assert result.returncode != 0
    assert "VOTE_RETENTION_DAYS must be a whole number" in result.stderr
