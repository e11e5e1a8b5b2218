"""Rate limiting of anonymous ballot writes, per participant token (never per IP address alone:
a whole room shares one address); and of lookups of unknown join codes, per client.

A fixed window: at most VOTE_RATE_LIMIT writes per VOTE_RATE_LIMIT_WINDOW seconds. The store is
chosen by VOTE_RATE_LIMIT_STORE: "memory" counts in the process and needs no server (with several
processes each counts on its own, so a participant may get up to one limit per process);
"database" (the default on PostgreSQL) counts in the RateLimitBucket table with one atomic upsert,
shared by all processes. A ballot or a poll answer does that upsert within its own statement.

Code lookups: every answer "no such code" (of the join forms, the live pages, their JSON and
writes) counts one failure for the client (``engagement_portal.lib.client.client_key``: a keyed
hash of its address, never the address), at most CODE_LOOKUP_LIMIT per CODE_LOOKUP_WINDOW
seconds, in the same store. Successful lookups do not count: a room of phones joins from one
address. Over the limit every lookup of the client is refused (429) until the window ends, known
codes too, or the refusal itself would tell known from unknown codes. Exempt are the codes whose
page this browser opened before (a signed cookie lists them: the room's open pages keep working,
and their answers "gone" are no guesses) and staff.
"""

import math
import threading
import time

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from engagement_portal.lib.client import client_key
from live.models import RateLimitBucket
from live.refusals import LiveRefused


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
    (With the shared store a ballot or a poll answer counts inside its own statement instead:
    voting.services.ballot_set, polls.services.answer_set.)"""
    store = database_store if rate_limit_shared() else memory_store
    return store.hit(key, rate_limit_window(now=now)) <= settings.VOTE_RATE_LIMIT


TOO_MANY = _("Zu viele Änderungen in kurzer Zeit. Bitte warten Sie einen Moment.")


def rate_limit_arguments(key: str) -> tuple[int | None, int | None] | None:
    """For a write that counts the shared limit inside its own statement (live.statements): the
    limit and the window to pass it. With the process's own store the request is counted here
    instead: (None, None), or None when it is over the limit."""
    if rate_limit_shared():
        return settings.VOTE_RATE_LIMIT, rate_limit_window()
    return (None, None) if rate_limit_allows(key) else None


def rate_limit_exceeded(key: str, limit: int | None, window: int | None) -> bool:
    """What such a statement does with ``rate_limit_arguments``, for databases without it:
    count one request in the shared store, and whether the key is now over the limit."""
    return limit is not None and database_store.hit(key, window) > limit


def rate_limit_buckets_prune(*, now: float | None = None) -> int:
    """Delete the database store's finished windows; the purge command calls this."""
    lookups = Q(key__startswith=LOOKUP_KEY_PREFIX)
    finished = (~lookups & Q(window_number__lt=rate_limit_window(now=now))) | (
        lookups & Q(window_number__lt=code_lookup_window(now=now))
    )
    deleted, _ = RateLimitBucket.objects.filter(finished).delete()
    return deleted


# --- Lookups of unknown codes -------------------------------------------------------------------

LOOKUPS_REFUSED = _(
    "Zu viele unbekannte Codes von diesem Anschluss. Bitte prüfen Sie den Code auf der Leinwand "
    "und versuchen Sie es in %(minutes)d Minuten wieder."
)
# Keys in the shared table: "lookup:" and the client's hash (ballots use the token's hash).
LOOKUP_KEY_PREFIX = "lookup:"
lookup_memory_store = MemoryStore()
# The clients this process refuses, with the window they are refused in: a refused client costs
# no query of the shared store, and nobody costs anything while nobody is refused.
_refused: dict[str, int] = {}
_refused_lock = threading.Lock()
JOINED_COOKIE = "live_joined"
JOINED_SALT = "voting.joined"
JOINED_KEEP = 8


def code_lookup_window(*, now: float | None = None) -> int:
    return int((time.time() if now is None else now) // settings.CODE_LOOKUP_WINDOW)


def _seconds_left(now: float | None) -> int:
    now = time.time() if now is None else now
    window = settings.CODE_LOOKUP_WINDOW
    return max(1, math.ceil(window - now % window))


def code_lookup_refused(request: HttpRequest, code: str, *, now: float | None = None) -> int | None:
    """Seconds until this client may look up codes again, or None: it may (it is not over the
    limit, the code is one whose page this browser opened before, or the user is staff)."""
    if not _refused:
        return None
    key = client_key(request, "code-lookup")
    if _refused.get(key) != code_lookup_window(now=now):
        return None
    if code in joined_codes(request) or getattr(request.user, "is_staff", False):
        return None
    return _seconds_left(now)


def code_lookup_failed(request: HttpRequest, code: str, *, now: float | None = None) -> int | None:
    """Count an answer "no such code" for this client. Seconds until it may look up codes again
    when this failure is over the limit (it is refused from now on), else None. A code whose page
    this browser opened is no guess: the room's phones asking after a vote or poll has gone (over
    while its documentation is a draft) do not count."""
    if code in joined_codes(request):
        return None
    key = client_key(request, "code-lookup")
    window = code_lookup_window(now=now)
    store = database_store if rate_limit_shared() else lookup_memory_store
    if store.hit(LOOKUP_KEY_PREFIX + key, window) <= settings.CODE_LOOKUP_LIMIT:
        return None
    with _refused_lock:
        for old in [k for k, w in _refused.items() if w != window]:
            del _refused[old]
        _refused[key] = window
    return _seconds_left(now)


def code_lookups_clear() -> None:
    lookup_memory_store.clear()
    with _refused_lock:
        _refused.clear()


def lookups_refused_message(seconds: int) -> str:
    return str(LOOKUPS_REFUSED % {"minutes": math.ceil(seconds / 60)})


def lookups_over_limit_refuse(request: HttpRequest, code: str, refusal: type[LiveRefused]) -> None:
    """Raises ``refusal`` "too many codes tried" (429) while this client may not look up codes
    (``code_lookup_refused``): the first check of a participant's write."""
    if (wait := code_lookup_refused(request, code)) is not None:
        raise refusal(lookups_refused_message(wait), status=429, retry_after=wait)


def lookup_failure_counted(request: HttpRequest, code: str, refusal: LiveRefused, not_found):
    """``refusal`` as the client gets it: a refusal ``not_found`` (the feature's "no such code")
    counts as a failed lookup of the client's, and the one over the limit becomes "too many codes
    tried" (429), of the refusal's own type."""
    if refusal.message == not_found and (wait := code_lookup_failed(request, code)):
        return type(refusal)(lookups_refused_message(wait), status=429, retry_after=wait)
    return refusal


def joined_codes(request: HttpRequest) -> list[str]:
    """The codes whose live page this browser opened (signed cookie of the app's path)."""
    value = request.get_signed_cookie(JOINED_COOKIE, default="", salt=JOINED_SALT)
    return [code for code in value.split(",") if code]


def joined_code_remember(
    request: HttpRequest, response: HttpResponse, code: str, *, path: str
) -> None:
    """Add ``code`` to the signed list of codes this browser opened (the last few), unless it is
    there: its live page keeps answering when the client's lookups are refused later."""
    codes = joined_codes(request)
    if code in codes:
        return
    codes = [*codes, code][-JOINED_KEEP:]
    response.set_signed_cookie(
        JOINED_COOKIE,
        ",".join(codes),
        salt=JOINED_SALT,
        max_age=7 * 24 * 3600,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
