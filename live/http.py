"""Answers the live pages share."""

import hashlib
import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language

from live.participants import COOKIE as PARTICIPANT_COOKIE


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


class RecentAnswers:
    """The last answer per key in this process, for a few hundred milliseconds (the setting
    named ``setting``, in ms; 0 keeps nothing): a room of phones or a projector polling costs one
    computation per period and process, not one per request. The answers are the same for
    everyone who may see them; who may is checked on every request."""

    def __init__(self, setting: str) -> None:
        self.setting = setting
        self._answers: dict = {}

    def get(self, key, compute: Callable[[], object]):
        now = time.monotonic()
        kept = self._answers.get(key)
        if kept is not None and kept[0] > now:
            return kept[1]
        answer = compute()
        period = getattr(settings, self.setting) / 1000
        if period > 0 and answer is not None:
            if len(self._answers) > 1000:  # codes come and go: drop the expired ones
                self._answers = {k: v for k, v in self._answers.items() if v[0] > now}
            self._answers[key] = (now + period, answer)
        return answer

    def clear(self) -> None:
        self._answers.clear()


# Stands for the CSRF token in a page rendered once for many phones; each answer gets its own.
# Random per process: no text a participant writes can contain it.
_TOKEN = secrets.token_hex(16)


def first_visit(request: HttpRequest) -> bool:
    """A phone that brings nothing of its own (no participant token, no session, no message, no
    query string, which the page's links repeat): its page is the one every new phone of the
    room gets."""
    return not request.META.get("QUERY_STRING") and not any(
        name in request.COOKIES
        for name in (settings.SESSION_COOKIE_NAME, "messages", PARTICIPANT_COOKIE)
    )


def shared_page(
    request: HttpRequest,
    cache: RecentAnswers,
    key,
    template: str,
    context: Callable[[], dict],
) -> HttpResponse:
    """The page of a phone on its first visit, rendered once per period of ``cache`` and process
    for all of them (a room joins within seconds: rendering it for each phone filled the server),
    with this phone's CSRF token put in."""
    html = cache.get(
        (key, request.get_host(), request.path, get_language()),
        lambda: render_to_string(template, {**context(), "csrf_token": _TOKEN}, request=request),
    )
    return HttpResponse(html.replace(_TOKEN, get_token(request)))
