"""The stream server's channel of one code (live.push._Channel), without a server: the message
is built once per change for all streams, and a phone that leaves while it is built does not
cancel it for the others."""

import asyncio

from live import push
from live.push import _Channel


def test_one_build_per_change_and_a_leaving_phone_cancels_nothing(settings):
    settings.LIVE_PUSH_NUMBERS_MS = 60_000  # no periodic rebuild during the test
    builds = []

    async def build():
        builds.append(1)
        await asyncio.sleep(0.2)
        return f"message {len(builds)}"

    async def scenario():
        channel = _Channel()
        try:

            async def phone():  # as a stream waits for its message
                return await channel.current("de", build)

            leaving, staying = asyncio.create_task(phone()), asyncio.create_task(phone())
            await asyncio.sleep(0.05)
            leaving.cancel()  # the phone closes its page while the message is built
            assert await staying == "message 1"
            assert len(builds) == 1
            # The same generation: the same message, not built again.
            assert await channel.message("de", build) == "message 1"
            channel.changed()
            assert await channel.message("de", build) == "message 2"
            assert len(builds) == 2
        finally:
            channel.close()

    asyncio.run(scenario())


def _ready_hub():
    """A hub whose listener counts as running (no database here)."""
    hub = push._Hub()
    hub._task = asyncio.ensure_future(asyncio.sleep(3600))
    hub._ready = asyncio.Event()
    hub._ready.set()
    return hub


def test_streams_of_one_code_share_one_channel_and_its_one_ticker(settings):
    settings.LIVE_PUSH_NUMBERS_MS = 60_000

    async def scenario():
        hub = _ready_hub()
        before = len(asyncio.all_tasks())
        channels = [await hub.subscribe("DIALOG") for _ in range(20)]
        assert all(channel is channels[0] for channel in channels)
        assert len(asyncio.all_tasks()) == before + 1  # one ticker
        for _ in channels:
            hub.unsubscribe("DIALOG")
        await asyncio.sleep(0)
        assert hub.channels == {}
        assert len(asyncio.all_tasks()) == before  # the ticker went with the last stream
        hub._task.cancel()

    asyncio.run(scenario())


def test_a_quiet_stream_sends_a_heartbeat(settings, monkeypatch):
    settings.LIVE_PUSH = True
    settings.LIVE_PUSH_NUMBERS_MS = 60_000
    monkeypatch.setattr(push, "enabled", lambda: True)
    monkeypatch.setattr(push, "HEARTBEAT_SECONDS", 0.2)
    message = push.Message(body=b"{}", lean=b"{}", version="1", public=b"1", staff_only=False)

    async def build():
        return message

    async def scenario():
        monkeypatch.setattr(push, "_hub", _ready_hub())
        response = push.stream("DIALOG", "de", build, staff=False)
        chunks = aiter(response.streaming_content)
        assert (await anext(chunks)).startswith(b"retry: ")
        assert await anext(chunks) == b"data: {}\n\n"
        # Nothing changes: within the heartbeat's period a comment line keeps the stream open.
        assert await asyncio.wait_for(anext(chunks), 1.0) == b": \n\n"
        await chunks.aclose()

    asyncio.run(scenario())


def test_the_numbers_wake_the_staff_pages_and_leave_the_phones_asleep(settings):
    """Each period the message is built again with the new numbers (answers coming in): the
    staff pages are woken to send them, a room of phones only when what it shows changes."""
    settings.LIVE_PUSH_NUMBERS_MS = 20
    answers, question = [0], ["Frage 1"]

    async def build():
        body = f"{question[0]}: {answers[0]} Antworten".encode()
        public = question[0].encode()
        return push.Message(
            body=body, lean=body, version=question[0], public=public, staff_only=False
        )

    async def scenario():
        channel = _Channel()
        try:
            await channel.current("de", build)
            staff, phones = channel.waited_on(staff=True), channel.waited_on(staff=False)
            answers[0] += 1
            await asyncio.wait_for(staff.wait(), 2)
            await asyncio.sleep(0.1)  # a few periods more
            assert not phones.is_set()
            question[0] = "Frage 2"
            await asyncio.wait_for(phones.wait(), 2)
        finally:
            channel.close()

    asyncio.run(scenario())


def test_a_code_that_stays_gone_wakes_no_one_each_period(settings):
    """A code whose run is gone builds no message (None) each period: nothing changed, no
    stream is woken for it."""
    settings.LIVE_PUSH_NUMBERS_MS = 20

    async def build():
        return None

    async def scenario():
        channel = _Channel()
        try:
            assert await channel.current("de", build) is None
            generation = channel.generation
            await asyncio.sleep(0.15)  # several periods
            assert channel.generation == generation
        finally:
            channel.close()

    asyncio.run(scenario())


def test_pushed_updates_are_on_for_postgresql_and_postgis(settings, monkeypatch):
    settings.LIVE_PUSH = True
    default = settings.DATABASES["default"]
    for engine, on in (
        ("django.db.backends.postgresql", True),
        ("django.contrib.gis.db.backends.postgis", True),
        ("django.db.backends.sqlite3", False),
    ):
        monkeypatch.setitem(default, "ENGINE", engine)
        assert push.enabled() is on
    settings.LIVE_PUSH = False
    monkeypatch.setitem(default, "ENGINE", "django.db.backends.postgresql")
    assert push.enabled() is False
