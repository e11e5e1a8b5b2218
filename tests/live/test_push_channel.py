"""The stream server's channel of one code (live.push._Channel), without a server: the message
is built once per change for all streams, and a phone that leaves while it is built does not
cancel it for the others."""

import asyncio

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
