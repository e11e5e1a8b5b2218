"""Pushed updates for the live pages: Server-Sent Events fed by PostgreSQL ``LISTEN/NOTIFY``.

A change of what a live run shows (the facilitator moves on, reveals a result, moderates) is
announced with ``NOTIFY`` inside the transaction that makes it (``announce``): PostgreSQL delivers
it at commit, to every app server that listens, so several servers on one database behave as one.
Answers are not announced: a notifying commit holds a database-wide lock until it is written, and a
room answering at once would queue behind it. The numbers are read instead, once per
``LIVE_PUSH_NUMBERS_MS`` and code in each process that has streams of it; they wake the staff
pages' streams, not the phones', which do not show them.

Each ASGI process listens on one connection of its own (``_Hub``) and wakes the streams of that
join code. The message they send is built once per change, language and process, not once per
phone (``_Channel.message``): when the facilitator presses "next", a room of phones gets the new
question in the message itself, without asking for anything. A stream sends only what changed for
its page.

The streams need an ASGI server (docs/deploy/portal-live.service); a sync worker would be held by
each of them. Where ``LIVE_PUSH`` is off (SQLite, a server without ASGI) the pages are given no
stream and poll (static/js/live.js), and a page whose stream fails polls too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import psycopg
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections, connection, connections
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import get_language

from engagement_portal.lib.database import is_postgresql
from live import changes
from live.codes import code_from_address
from live.ratelimit import code_lookup_refused

logger = logging.getLogger(__name__)

CHANNEL = "portal_live"
# A comment line as often as this keeps proxies and phones from closing a quiet stream.
HEARTBEAT_SECONDS = 20


def enabled() -> bool:
    """Whether the live pages are given a stream: pushed updates need PostgreSQL. Read from the
    settings: in a stream's async code ``connection`` would make a database wrapper of its own
    for each phone."""
    return settings.LIVE_PUSH and is_postgresql(settings.DATABASES["default"]["ENGINE"])


def served(request) -> bool:
    """Whether this request may be given a stream: pushed updates on, and an ASGI server. A sync
    worker (gunicorn's, the development server's) would be held by the stream for good, so there
    the stream is "not found" and the page polls."""
    return enabled() and isinstance(request, ASGIRequest)


def stream_view(view: Callable) -> Callable:
    """Marks an async view that answers with ``stream``: the ASGI application serves it without
    the site's middleware (engagement_portal/asgi.py), so that a room of phones can open their
    streams at once. Such a view checks everything itself; it gets the session and the user
    (``request.user``, loaded when first used: use it only in ``database``) and the language from
    the address, nothing else."""
    view.stream_view = True
    return view


def announce(code: str) -> None:
    """Tell every listening app server that what the live run or vote ``code`` shows changed.
    Call it inside the transaction that makes the change: PostgreSQL sends it at commit, or not
    at all, and sends one of equal notices in one transaction. Counts as a change of the state
    for the pages kept until one (live.changes)."""
    changes.changed_on_commit(changes.STATE)
    if not enabled():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, code])


@dataclass(frozen=True)
class Message:
    """What a change sends, built once for all the streams of a code and language.

    ``body`` is everything, for a page whose question changed (``version``); ``lean`` the same
    without what only such a change needs (the question's markup). ``public`` is what a
    participant's page shows: while it is unchanged (a hidden result whose answers come in) their
    stream sends nothing; staff pages (projector, controls) get every change. ``staff_only``: the
    run now answers only its staff (over while its documentation is a draft)."""

    body: bytes
    lean: bytes
    version: str
    public: bytes
    staff_only: bool


def database(function: Callable) -> Callable[..., Awaitable]:
    """``function`` for a stream's async code, run in a thread of the event loop's small pool: a
    stream holds no database connection while it waits (a request's own thread would keep one
    open for each of a room's phones). The pool's connections are kept as the app server's
    are (DB_CONN_MAX_AGE, checked before use)."""

    def call(*args):
        close_old_connections()
        try:
            return function(*args)
        finally:
            close_old_connections()

    return sync_to_async(call, thread_sensitive=False)


def _public(message: Message | None):
    """What of a message a participant's stream acts on (``stream``)."""
    return None if message is None else (message.public, message.staff_only)


def _succeeded(future: asyncio.Future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


class _Channel:
    """The streams of one code in this process: a generation number that grows with each change
    (and each LIVE_PUSH_NUMBERS_MS, for the numbers), the events the streams wait on, and the
    message of the current generation per variant (the language), built by the first stream that
    needs it. ``event`` is set by every change, for staff pages; ``public_event`` only by one
    that may change what a participant's page shows: a room of phones is not woken each period
    while the numbers, which only staff see live, grow."""

    def __init__(self) -> None:
        self.generation = 0
        self.event = asyncio.Event()
        self.public_event = asyncio.Event()
        self.streams = 0
        self._built: dict[str, tuple[int, asyncio.Future]] = {}
        self._builders: dict[str, Callable[[], Awaitable]] = {}
        self._ticker = asyncio.create_task(self._tick())

    async def _tick(self) -> None:
        """The numbers: the message built again once per period; the streams are woken only
        when it differs (a quiet room costs one build per period, not one wake per phone)."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(settings.LIVE_PUSH_NUMBERS_MS / 1000)
            for variant, build in list(self._builders.items()):
                built = self._built.get(variant)
                try:
                    fresh = await build()
                except Exception:  # the streams build it themselves and fail visibly
                    logger.warning("live push: building a message failed", exc_info=True)
                    continue
                # Compared with the message built before; when that one was still being built or
                # failed, everyone is woken.
                known = built is not None and _succeeded(built[1])
                before = built[1].result() if known else None
                if known and before == fresh:
                    continue
                self.changed(public=not known or _public(before) != _public(fresh))
                done = loop.create_future()
                done.set_result(fresh)
                self._built[variant] = (self.generation, done)

    def changed(self, *, public: bool = True) -> None:
        self.generation += 1
        event, self.event = self.event, asyncio.Event()
        event.set()
        if public:
            event, self.public_event = self.public_event, asyncio.Event()
            event.set()

    def waited_on(self, *, staff: bool) -> asyncio.Event:
        return self.event if staff else self.public_event

    def message(self, variant: str, build: Callable[[], Awaitable]) -> asyncio.Future:
        self._builders.setdefault(variant, build)
        built = self._built.get(variant)
        failed = built is not None and built[1].done() and not _succeeded(built[1])
        if built is None or built[0] != self.generation or failed:
            built = (self.generation, asyncio.ensure_future(build()))
            self._built[variant] = built
        return built[1]

    async def current(self, variant: str, build: Callable[[], Awaitable]):
        """The current message for a stream. Shielded: a phone that leaves while the message is
        built must not cancel the building for the others."""
        return await asyncio.shield(self.message(variant, build))

    def close(self) -> None:
        self._ticker.cancel()


class _Hub:
    """This process's one listening connection and the channels of the codes it streams."""

    def __init__(self) -> None:
        self.channels: dict[str, _Channel] = {}
        self._task: asyncio.Task | None = None
        self._ready: asyncio.Event | None = None

    async def subscribe(self, code: str) -> _Channel:
        if self._task is None or self._task.done():
            self._ready = asyncio.Event()
            self._task = asyncio.create_task(self._listen())
        # A message built before the listener is in could miss a change made meanwhile.
        await asyncio.wait_for(self._ready.wait(), timeout=10)
        channel = self.channels.get(code)
        if channel is None:  # (not setdefault: each channel made starts a ticker)
            channel = self.channels[code] = _Channel()
        channel.streams += 1
        return channel

    def unsubscribe(self, code: str) -> None:
        channel = self.channels.get(code)
        if channel is None:
            return
        channel.streams -= 1
        if channel.streams <= 0:
            channel.close()
            del self.channels[code]

    async def _listen(self) -> None:
        params = connections["default"].settings_dict
        conninfo = psycopg.conninfo.make_conninfo(
            dbname=params["NAME"],
            user=params.get("USER") or None,
            password=params.get("PASSWORD") or None,
            host=params.get("HOST") or None,
            port=params.get("PORT") or None,
        )
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    conninfo, autocommit=True
                ) as listener:
                    await listener.execute(f"LISTEN {CHANNEL}")
                    self._ready.set()
                    # Whatever happened while no one listened: every stream checks again.
                    for channel in self.channels.values():
                        channel.changed()
                    async for notice in listener.notifies():
                        channel = self.channels.get(notice.payload)
                        if channel is not None:
                            channel.changed()
            except (psycopg.Error, OSError):
                logger.warning("live push: listening failed, trying again", exc_info=True)
                await asyncio.sleep(1)


_hub = _Hub()


def has_session(request) -> bool:
    """Whether the request may belong to someone logged in. A phone has no session: what it
    may see of a run is what every phone sees (``current``), known without a query of its own."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


async def current(
    code: str, variant: str, build: Callable[[], Awaitable[Message | None]]
) -> Message | None:
    """The message the streams of ``code`` get now, built once per change and ``variant``: a
    stream view answers a room's phones with it rather than with a query per phone."""
    channel = await _hub.subscribe(code)
    try:
        return await channel.current(variant, build)
    finally:
        _hub.unsubscribe(code)


def stream(
    code: str,
    variant: str,
    build: Callable[[], Awaitable[Message | None]],
    *,
    staff: bool,
) -> StreamingHttpResponse:
    """An event stream of ``code``'s messages for one page. ``build`` makes the message of the
    current state (a ``Message``), once per change and ``variant`` in this process, or None when
    the run is gone. The page gets the current message at once, then each one that differs in
    what it shows (``staff``: the person runs the run, and sees every change); ``event: gone``
    when it may no longer see the run, after which the stream ends."""
    if not enabled():
        raise Http404

    async def events() -> AsyncIterator[bytes]:
        channel = await _hub.subscribe(code)
        try:
            yield f"retry: {settings.LIVE_PUSH_RETRY_MS}\n\n".encode()
            loop = asyncio.get_running_loop()
            shown, version, sent = None, None, loop.time()
            while True:
                event = channel.waited_on(staff=staff)
                # Shielded: a phone that leaves while the message is built must not cancel the
                # building for the others.
                message = await channel.current(variant, build)
                if message is None or (message.staff_only and not staff):
                    yield b"event: gone\ndata: {}\n\n"
                    return
                now = message.body if staff else message.public
                if now != shown:
                    body = message.body if message.version != version else message.lean
                    shown, version, sent = now, message.version, loop.time()
                    yield b"data: " + body + b"\n\n"
                elif loop.time() - sent >= HEARTBEAT_SECONDS:
                    sent = loop.time()
                    yield b": \n\n"
                try:
                    async with asyncio.timeout(HEARTBEAT_SECONDS):
                        await event.wait()
                except TimeoutError:
                    pass
        finally:
            _hub.unsubscribe(code)

    response = StreamingHttpResponse(events(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache, no-store"
    # nginx passes each message on at once instead of filling its buffer first.
    response["X-Accel-Buffering"] = "no"
    return response


def events_view(
    *,
    message: Callable[[str, str], Message | None],
    lookup: Callable[[HttpRequest, str], tuple[HttpResponse | None, bool]],
) -> Callable:
    """A live feature's stream view, ``GET <code>/events/`` (served by the ASGI server only where
    pushed updates are on). ``message(code, language)`` builds the message of the current state
    (``Message``, or None when the code finds nothing); ``lookup(request, code)`` gives the
    refusal to answer instead (rate limited, not found), or None, and whether the person runs the
    live object (then they follow it also when only staff may). A phone (no one logged in) whose
    client is within the lookup limit is answered from the room's message, without a query of its
    own: what every phone may see of it."""

    @stream_view
    async def events(request: HttpRequest, code: str) -> HttpResponse:
        if not served(request) or request.method != "GET":
            raise Http404
        code = code_from_address(code)
        language = get_language()

        def build():
            return database(message)(code, language)

        if not has_session(request) and code_lookup_refused(request, code) is None:
            current_message = await current(code, language, build)
            if current_message is not None and not current_message.staff_only:
                return stream(code, language, build, staff=False)
        refused, staff = await database(lookup)(request, code)
        if refused is not None:
            return refused
        return stream(code, language, build, staff=staff)

    return events
