"""The fixed-window counter behind the ballot rate limit, in both stores."""

import pytest
from django.test import override_settings

from live.models import RateLimitBucket
from live.ratelimit import rate_limit_allows, rate_limit_buckets_prune

pytestmark = pytest.mark.django_db


@override_settings(VOTE_RATE_LIMIT=2, VOTE_RATE_LIMIT_WINDOW=10)
@pytest.mark.parametrize("store", ["memory", "database"])
def test_a_new_window_starts_a_new_count_and_keys_count_apart(store):
    with override_settings(VOTE_RATE_LIMIT_STORE=store):
        assert [rate_limit_allows("a", now=100.0) for _ in range(3)] == [True, True, False]
        assert rate_limit_allows("b", now=101.0)
        assert rate_limit_allows("a", now=110.0)


@override_settings(VOTE_RATE_LIMIT_STORE="database", VOTE_RATE_LIMIT_WINDOW=10)
def test_the_database_store_keeps_one_row_per_key_and_window_until_pruned():
    for now in (100.0, 101.0, 115.0):
        rate_limit_allows("a", now=now)
    assert sorted(RateLimitBucket.objects.values_list("window_number", "hits")) == [
        (10, 2),
        (11, 1),
    ]
    assert rate_limit_buckets_prune(now=115.0) == 1
    assert list(RateLimitBucket.objects.values_list("window_number", flat=True)) == [11]
