"""Answers the live pages share."""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
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
