"""A fixed-window request count in Django's cache, for pages that are asked for rarely.

``limit_exceeded(key, limit=5, window=3600)`` counts one request for ``key`` and says whether
it is over the limit. The key names the purpose and a keyed hash of the client
(``engagement_portal.lib.client.client_key``) or an id, never an address.

Django's cache is per app process unless ``CACHES`` names a shared one: with four processes a
client may get up to four times the limit. That is enough where the limit only has to keep a
client from sending hundreds of mails (a password reset); where an exact count across servers
matters (ballots, join codes) the count lives in the database (live.ratelimit).
"""

import math
import time

from django.core.cache import cache


def limit_exceeded(key: str, *, limit: int, window: int, now: float | None = None) -> int | None:
    """Count one request for ``key``: the seconds until its window ends when this request is
    over ``limit`` in the current window of ``window`` seconds, else None."""
    now = time.time() if now is None else now
    number = int(now // window)
    cache_key = f"ratelimit:{key}:{number}"
    # add() then incr() is atomic in every cache backend Django ships.
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the entry expired between add() and incr()
        cache.add(cache_key, 1, timeout=window)
        count = 1
    if count <= limit:
        return None
    return max(1, math.ceil((number + 1) * window - now))
