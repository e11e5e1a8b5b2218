"""Answers the live pages share."""

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag


def conditional(request: HttpRequest, key: bytes, answer: Callable[[], HttpResponse]):
    """``answer()``, or a bodyless 304 when the client has it already (Django's conditional
    GET): the ETag is a hash of ``key``, the data the answer shows, so an unchanged poll costs
    no rendering. Private to the browser (answers differ by participant and staff)."""
    etag = quote_etag(hashlib.blake2b(key, digest_size=16).hexdigest())
    response = get_conditional_response(request, etag=etag) or answer()
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response
