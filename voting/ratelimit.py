"""Rate limiting of anonymous ballot writes, per participant token (never per IP address alone:
a whole room shares one address).

A fixed window: at most VOTE_RATE_LIMIT writes per VOTE_RATE_LIMIT_WINDOW seconds. The store is
chosen by VOTE_RATE_LIMIT_STORE: "memory" counts in the process and needs no server (with several
processes each counts on its own, so a participant may get up to one limit per process);
"database" (the default on PostgreSQL) counts in the RateLimitBucket table with one atomic upsert,
shared by all processes. A ballot write does that upsert within its own statement.
"""

import threading
import time

from django.conf import settings
from django.db import connection

from voting.models import RateLimitBucket


class MemoryStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._window = -1
        self._hits: dict[str, int] = {}

    def hit(self, key: str, window: int) -> int:
        with self._lock:
            if window != self._window:
                # Only the current window matters; the old one is dropped whole.
                self._window, self._hits = window, {}
            self._hits[key] = self._hits.get(key, 0) + 1
            return self._hits[key]

    def clear(self) -> None:
        with self._lock:
            self._window, self._hits = -1, {}


_UPSERT = (
    "INSERT INTO voting_ratelimitbucket (key, window_number, hits) VALUES (%s, %s, 1) "
    "ON CONFLICT (key, window_number) DO UPDATE SET hits = voting_ratelimitbucket.hits + 1 "
    "RETURNING hits"
)


class DatabaseStore:
    def hit(self, key: str, window: int) -> int:
        # One statement, atomic on PostgreSQL and SQLite: concurrent hits never lose a count.
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT, [key, window])
            return cursor.fetchone()[0]

    def clear(self) -> None:
        RateLimitBucket.objects.all().delete()


memory_store = MemoryStore()
database_store = DatabaseStore()


def rate_limit_shared() -> bool:
    """Whether the count is shared by all app processes (kept in the database)."""
    return settings.VOTE_RATE_LIMIT_STORE == "database"


def rate_limit_window(*, now: float | None = None) -> int:
    """The number of the current window."""
    return int((time.time() if now is None else now) // max(settings.VOTE_RATE_LIMIT_WINDOW, 1))


def rate_limit_allows(key: str, *, now: float | None = None) -> bool:
    """Count one request for ``key``; False once the key is over the limit in this window.
    (A ballot write counts inside its own statement instead: voting.services.ballot_set.)"""
    store = database_store if rate_limit_shared() else memory_store
    return store.hit(key, rate_limit_window(now=now)) <= settings.VOTE_RATE_LIMIT


def rate_limit_buckets_prune(*, now: float | None = None) -> int:
    """Delete the database store's finished windows; the purge command calls this."""
    current = rate_limit_window(now=now)
    deleted, _ = RateLimitBucket.objects.filter(window_number__lt=current).delete()
    return deleted
