import pytest
from django.core.cache import cache

from engagement_portal.lib.ratelimit import limit_exceeded


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_requests_up_to_the_limit_pass_and_the_next_is_told_when_to_come_back():
    now = 7200.0 + 600  # ten minutes into an hour's window
    assert [limit_exceeded("k", limit=3, window=3600, now=now) for _ in range(3)] == [None] * 3
    assert limit_exceeded("k", limit=3, window=3600, now=now) == 3000


def test_two_keys_are_counted_apart():
    for _ in range(3):
        limit_exceeded("a", limit=3, window=60, now=0)
    assert limit_exceeded("a", limit=3, window=60, now=0) is not None
    assert limit_exceeded("b", limit=3, window=60, now=0) is None


def test_the_next_window_starts_afresh():
    for _ in range(4):
        limit_exceeded("k", limit=3, window=60, now=10)
    assert limit_exceeded("k", limit=3, window=60, now=61) is None
