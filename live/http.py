"""Answers the live pages share."""

import hashlib
import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language

from live import changes
from live.codes import code_from_address
from live.participants import COOKIE as PARTICIPANT_COOKIE
from live.ratelimit import code_lookup_failed, code_lookup_refused, lookups_refused_message
from live.staff import reachable


def wants_json(request: HttpRequest) -> bool:
    """Whether the page script asked (``Accept: application/json``) rather than a plain form. From
    META, not request.headers: a ballot is the hot path, and request.headers copies every
    header of the request."""
    return "application/json" in request.META.get("HTTP_ACCEPT", "")


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
    everyone who may see them; who may is checked on every request.

    ``follows``: the counters of changes (live.changes) the answer depends on. After its period
    an answer is then kept while they are unchanged, checked with one small query per period and
    process (two for ``NUMBERS``), up to live.changes.KEPT_AT_MOST_SECONDS: it is computed once
    per change, however many processes and polls there are."""

    def __init__(self, setting: str, follows: tuple[str, ...] = ()) -> None:
        self.setting = setting
        self.follows = follows
        self._answers: dict = {}

    def get(self, key, compute: Callable[[], object]):
        now = time.monotonic()
        kept = self._answers.get(key)
        if kept is not None and kept[0] > now:
            return kept[3]
        period = getattr(settings, self.setting) / 1000
        marks = changes.marks(self.follows) if self.follows and period > 0 else None
        if (
            kept is not None
            and marks is not None
            and kept[1] == marks
            and now - kept[2] < changes.KEPT_AT_MOST_SECONDS
        ):
            self._answers[key] = (now + period, *kept[1:])
            return kept[3]
        # The marks are read before the answer is computed: a change meanwhile counts as new.
        answer = compute()
        if period > 0 and answer is not None:
            if len(self._answers) > 1000:  # codes come and go: drop the expired ones
                # A copy first: another thread of the worker (gthread) may add an answer.
                self._answers = {
                    k: v
                    for k, v in list(self._answers.items())
                    if v[0] > now or now - v[2] < changes.KEPT_AT_MOST_SECONDS
                }
            self._answers[key] = (now + period, marks, now, answer)
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
    context: Callable[[], dict | None],
) -> HttpResponse | None:
    """The page of a phone on its first visit, found and rendered once per period of ``cache``
    and process for all of them (a room joins within seconds: looking the vote or run up and
    rendering it for each phone filled the server), with this phone's CSRF token put in.
    ``context()`` looks up what the page shows, as it reaches a phone that brings nothing of its
    own (``first_visit``), or gives None when nothing does: then None, and the view answers "not
    found" (not kept: each such request asks again, and counts as a failed lookup)."""

    def page() -> str | None:
        found = context()
        if found is None:
            return None
        return render_to_string(template, {**found, "csrf_token": _TOKEN}, request=request)

    html = cache.get((key, request.get_host(), request.path, get_language()), page)
    return None if html is None else HttpResponse(html.replace(_TOKEN, get_token(request)))


class CodeRefusals:
    """A feature's answers to a code that finds nothing it may show: "not found", counted as a
    failed lookup of the client, and once it is over the limit "too many unknown codes" (429)
    (live.ratelimit); as JSON for the page scripts, else the feature's join page with the error
    at the code. Written once for the live features."""

    def __init__(self, *, join_template: str, form_class, not_found_message) -> None:
        self.join_template = join_template
        self.form_class = form_class
        self.not_found_message = not_found_message

    def not_found(self, request: HttpRequest, code: str, *, as_json: bool) -> HttpResponse:
        if (wait := code_lookup_failed(request, code)) is not None:
            return self.lookups_refused(request, code, wait, as_json=as_json)
        if as_json:
            return JsonResponse({"error": str(self.not_found_message)}, status=404)
        return self.join_page_with_error(request, code, self.not_found_message, status=404)

    def shared_json(
        self, request: HttpRequest, code: str, found: Callable[[str], tuple[bytes, object] | None]
    ) -> HttpResponse:
        """``GET <code>/state.json`` of a feature: ``found(code)`` gives the body, the same for
        everyone who may see the live object, with the object (kept by a RecentAnswers), or
        None. After the checks every such answer takes: the code lookups, the object reachable
        for this person; an unchanged body is a 304."""
        code = code_from_address(code)
        if (wait := code_lookup_refused(request, code)) is not None:
            return self.lookups_refused(request, code, wait, as_json=True)
        kept = found(code)
        if kept is None or not reachable(request, kept[1]):
            return self.not_found(request, code, as_json=True)
        body = kept[0]
        return conditional(
            request, body, lambda: HttpResponse(body, content_type="application/json")
        )

    def lookups_refused(
        self, request: HttpRequest, code: str, wait: int, *, as_json: bool
    ) -> HttpResponse:
        message = lookups_refused_message(wait)
        if as_json:
            response = JsonResponse({"error": message}, status=429)
        else:
            response = self.join_page_with_error(request, code, message, status=429)
        response["Retry-After"] = str(wait)
        return response

    def join_page_with_error(self, request: HttpRequest, code: str, error, *, status: int):
        form = self.form_class({"code": code})
        form.is_valid()
        form.add_error("code", error)
        return render(request, self.join_template, {"form": form}, status=status)
