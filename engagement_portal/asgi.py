"""The ASGI application (uvicorn, docs/deploy/portal-live.service): the live pages' streams
(live.push), and every other address as gunicorn serves it.

A stream view (``live.push.stream_view``) is served without the site's middleware. Under ASGI
Django runs each middleware's sync parts in a thread (asgiref), and gives each request a thread of
its own: opening a stream cost 7.7 ms of CPU, and a room of 2,000 phones joining within 10 s
queued for seconds on the one process. A stream needs little of the middleware; what it needs is
done here: the host checked against ALLOWED_HOSTS, cookies holding NUL ignored, the language from
the address, the session and the user (loaded only when the view asks, in its database thread),
the security headers that apply to a stream, one log line.
"""

import asyncio
import contextlib
import io
import logging
import os
import time
from importlib import import_module

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engagement_portal.settings")
django_application = get_asgi_application()

# After Django is set up:
from django.conf import settings  # noqa: E402
from django.contrib import auth  # noqa: E402
from django.core.exceptions import DisallowedHost  # noqa: E402
from django.core.handlers.asgi import ASGIRequest, get_script_prefix  # noqa: E402
from django.http import (  # noqa: E402
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.urls import Resolver404, resolve, set_script_prefix  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.functional import SimpleLazyObject  # noqa: E402

from engagement_portal.middleware import request_logger, without_nul_cookies  # noqa: E402

logger = logging.getLogger(__name__)
# SecurityMiddleware's headers that mean something for a stream or a JSON refusal.
STREAM_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


async def application(scope, receive, send):
    if scope["type"] == "http":
        found = _stream_view(scope)
        if found is not None:
            await _serve_stream(scope, receive, send, *found)
            return
    await django_application(scope, receive, send)


def _stream_view(scope) -> tuple | None:
    """The stream view this address leads to, with its arguments and language, or None."""
    path = scope["path"].removeprefix(get_script_prefix(scope).rstrip("/")) or "/"
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    if not getattr(match.func, "stream_view", False):
        return None
    return match, language


async def _serve_stream(scope, receive, send, match, language) -> None:
    started = time.perf_counter()
    while True:  # the request's body, if any, is not needed
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        if not message.get("more_body"):
            break
    set_script_prefix(get_script_prefix(scope))
    request = ASGIRequest(scope, io.BytesIO())
    with translation.override(language):
        response = await _response(request, match)
    for header, value in STREAM_HEADERS.items():
        response.headers.setdefault(header, value)
    request_logger.info(
        "%s %s %s %.0fms",
        request.method,
        request.path,
        response.status_code,
        (time.perf_counter() - started) * 1000,
    )
    await _send(response, receive, send)


async def _response(request: ASGIRequest, match) -> HttpResponse:
    try:
        request.get_host()
    except DisallowedHost:
        return HttpResponseBadRequest()
    without_nul_cookies(request)
    engine = import_module(settings.SESSION_ENGINE)
    request.session = engine.SessionStore(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
    request.user = SimpleLazyObject(lambda: auth.get_user(request))
    try:
        return await match.func(request, *match.args, **match.kwargs)
    except Http404:
        return HttpResponseNotFound()
    except Exception:
        logger.exception("stream %s failed", request.path)
        return HttpResponseServerError()


async def _send(response: HttpResponse, receive, send) -> None:
    """The response, sent as Django sends it (``ASGIHandler.send_response``); a streamed one
    until it ends or the client leaves."""
    sending = asyncio.create_task(django_application.send_response(response, send))

    async def left():
        while (await receive())["type"] != "http.disconnect":
            pass

    tasks = [sending, asyncio.create_task(left())]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:  # the stream's own cleanup (live.push) runs as it is cancelled
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
