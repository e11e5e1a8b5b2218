"""Middleware of the whole site."""

import logging
import time
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

NUL = "\x00"


def refuse_nul_characters(get_response: Callable[[HttpRequest], HttpResponse]):
    """A NUL character in the address or the query string is refused with 400 before any view
    runs, and a cookie holding one is ignored.

    No text of ours can hold NUL (PostgreSQL refuses it in a query parameter), so such a request
    is never meant; without this, a lookup with it (``/tags/%00/``, an admin filter, the session
    cookie) failed with a 500 on PostgreSQL. Form fields refuse NUL themselves (Django's
    ``CharField``), with a message at the field.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if NUL in request.path or any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the address")
        for name in [name for name, value in request.COOKIES.items() if NUL in name + value]:
            del request.COOKIES[name]
        return get_response(request)

    return middleware


request_logger = logging.getLogger("portal.request")


def log_requests(get_response: Callable[[HttpRequest], HttpResponse]):
    """One line per request: method, path, status, milliseconds. No query string (it holds
    search words and join codes), no address, no user agent: what the operator needs to see
    load and errors, and nothing about who asked."""

    def middleware(request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = get_response(request)
        took = (time.perf_counter() - start) * 1000
        request_logger.info(
            "%s %s %s %.0fms", request.method, request.path, response.status_code, took
        )
        return response

    return middleware
