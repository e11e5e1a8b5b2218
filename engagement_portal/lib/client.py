"""The address a request came from, for rate limits and login throttling.

Behind a reverse proxy REMOTE_ADDR is the proxy's address; with ``TRUSTED_PROXY_COUNT`` set to the
number of proxies in front of the app, the client is the entry that many places from the end of
X-Forwarded-For (entries before it may be forged by the client and are ignored). The address is
used only to count requests in memory or as a keyed hash (``client_key``); it is never stored.
"""

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return request.META.get("REMOTE_ADDR", "")
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) >= count:
        return forwarded[-count]
    # Fewer entries than proxies: the request did not come through all of them.
    return request.META.get("REMOTE_ADDR", "")


def client_key(request: HttpRequest, purpose: str) -> str:
    """A keyed hash of the client's address for one purpose: counts without keeping the address,
    and the keys of two purposes cannot be linked."""
    message = f"{purpose}:{client_address(request)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]
