"""A brief measurement of the live poll's answer endpoint under a production server.

Starts gunicorn on a fresh PostgreSQL database (the dot-vote benchmark's helpers) with a running
poll whose first question asks for exactly 2 of 6 answers, and 300 participants:

- capacity: each participant sends 3 answers back to back (changing their mind), all at once,
  while a projector polls state.json every half second; compared with the same server's trivial
  endpoint (the join page /poll/: a template, no database);
- room: 300 phones poll state.json every 2 s with If-None-Match, as the page script does, and
  answer once after 0.5 to 5 s of thinking; then the facilitator moves on to the next question.
  Gives the answer latency a participant feels while the room polls, and how long the phones take
  to see the next question.

Checks afterwards that each participant's stored answer is exactly their last accepted one.
Not a test: the figures depend on the machine. Run: .venv/bin/python scripts/bench_poll.py
"""

import argparse
import asyncio
import json
import os
import random
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_vote import (  # noqa: E402 - the dot-vote benchmark's HTTP client and server helpers
    http,
    percentile,
    prepare,
    staff_session_cookie,
    start_server,
)

CODE = "BENCHPOLL"
PHONE_INTERVAL = 2.0  # seconds, as data-interval on the participant page


def seed() -> tuple[object, str, list[int]]:
    """A started run with two questions (exactly 2 of 6), and a staff session for the controls."""
    import datetime

    from events.models import Event, Poll, PollOption
    from polls.services import run_create, run_start
    from stakeholders.models import Municipality

    dortmund = Municipality.objects.create(name="Dortmund", slug="dortmund")
    event = Event.objects.create(
        title="Bürgerdialog",
        slug="bench",
        kind="buergerdialog",
        date=datetime.date(2020, 6, 1),
        municipality=dortmund,
    )
    polls = []
    for i in (1, 2):
        poll = Poll.objects.create(
            event=event, question=f"Frage {i}", kind="multiple", min_choices=2, max_choices=2
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, text=f"Antwort {j}", order=j) for j in range(6)
        )
        polls.append(poll)
    run = run_create(event=event, title="Umfragen", polls=polls, code=CODE)
    # Results shown live, the dearer state.json (tallies in every answer); new runs hide them.
    run.questions.update(results_hidden=False)
    run.refresh_from_db()
    first = run_start(run=run)
    options = list(first.poll.options.values_list("id", flat=True))
    return first, staff_session_cookie(dortmund), options


async def join(port: int) -> dict[str, str]:
    cookies = (await http(port, "GET", f"/poll/{CODE}/")).cookies()
    return {
        "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
        "X-CSRFToken": cookies["csrftoken"],
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
    }


async def answer(port, headers, question_id, chosen, log, last, person):
    body = urllib.parse.urlencode({"question": question_id, "option": chosen}, doseq=True)
    sent = time.monotonic()
    response = await http(
        port, "POST", f"/poll/{CODE}/answer/", headers=headers, body=body.encode()
    )
    log.append((sent, time.monotonic(), response.status))
    if response.status == 200:
        last[person] = frozenset(chosen)


async def poller(port, interval, stop, seen_version, log, cookie=""):
    """A page polling state.json; records when it first saw each version."""
    etag = None
    while not stop.is_set():
        headers = {"Accept": "application/json", "Cookie": cookie}
        if etag:
            headers["If-None-Match"] = etag
        sent = time.monotonic()
        response = await http(port, "GET", f"/poll/{CODE}/state.json", headers=headers)
        log.append((sent, time.monotonic(), response.status))
        if response.status == 200:
            etag = response.headers["etag"][0]
            seen_version.setdefault(json.loads(response.body)["version"], time.monotonic())
        await asyncio.sleep(max(0.0, interval - (time.monotonic() - sent)))


async def trivial(port, clients, per_client):
    async def client():
        for _ in range(per_client):
            await http(port, "GET", "/poll/")

    start = time.monotonic()
    await asyncio.gather(*(client() for _ in range(clients)))
    return clients * per_client / (time.monotonic() - start)


async def capacity(port, question_id, options, participants, changes):
    headers = await asyncio.gather(*(join(port) for _ in range(participants)))
    log, last, polls, stop = [], {}, [], asyncio.Event()
    projector = asyncio.create_task(poller(port, 0.5, stop, {}, polls))

    async def person(n):
        rng = random.Random(n)
        for _ in range(changes):
            chosen = rng.sample(options, 2)
            await answer(port, headers[n], question_id, chosen, log, last, n)

    start = time.monotonic()
    await asyncio.gather(*(person(n) for n in range(participants)))
    elapsed = time.monotonic() - start
    stop.set()
    await projector
    return log, last, elapsed, headers


async def room(port, question_id, options, headers, staff_cookie, think_max):
    """The phones poll; each answers once; then the facilitator moves on."""
    log, last, polls, stop = [], {}, [], asyncio.Event()
    seen = [{} for _ in headers]
    phones = [
        asyncio.create_task(poller(port, PHONE_INTERVAL, stop, seen[n], polls, h["Cookie"]))
        for n, h in enumerate(headers)
    ]

    async def person(n):
        rng = random.Random(1000 + n)
        await asyncio.sleep(rng.uniform(0.5, think_max))
        await answer(port, headers[n], question_id, rng.sample(options, 2), log, last, n)

    await asyncio.gather(*(person(n) for n in range(len(headers))))
    page = await http(port, "GET", f"/poll/{CODE}/projector/", headers={"Cookie": staff_cookie})
    csrf = page.cookies()["csrftoken"]
    advanced = time.monotonic()
    await http(
        port,
        "POST",
        f"/poll/{CODE}/control/",
        headers={
            "Cookie": f"{staff_cookie}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=b"action=next",
    )
    await asyncio.sleep(3.5)
    stop.set()
    await asyncio.gather(*phones)
    lags = []
    for versions in seen:
        later = [when for version, when in versions.items() if version.endswith(":open:shown")]
        new = [when - advanced for when in later if when > advanced]
        if new:
            lags.append(new[0])
    return log, last, polls, lags


def stored_selections(question) -> dict[str, frozenset[int]]:
    from polls.models import Answer

    found: dict[str, set[int]] = {}
    for token_hash, option in Answer.objects.filter(question=question).values_list(
        "participant__token_hash", "option_id"
    ):
        found.setdefault(token_hash, set()).add(option)
    return {key: frozenset(value) for key, value in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--changes", type=int, default=3)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--think-max", type=float, default=5.0)
    parser.add_argument("--port", type=int, default=18474)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_poll_bench"
        ),
    )
    args = parser.parse_args()
    # Three answers in a burst are far below any limit a person reaches; keep it out of the way.
    env = prepare(args.database_url, VOTE_RATE_LIMIT="1000")
    question, staff_cookie, options = seed()

    server = start_server(args.port, args.workers, env)
    try:
        ceiling = asyncio.run(trivial(args.port, args.participants, args.changes))
        cap_log, cap_last, elapsed, headers = asyncio.run(
            capacity(args.port, question.pk, options, args.participants, args.changes)
        )
        room_log, room_last, polls, lags = asyncio.run(
            room(args.port, question.pk, options, headers, staff_cookie, args.think_max)
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    from live.participants import participant_token_hash

    # The room's answer is each participant's last; the capacity run's last accepted otherwise.
    expected = {**cap_last, **room_last}
    tokens = []
    for h in headers:
        signed = dict(part.split("=", 1) for part in h["Cookie"].split("; "))["vote_participant"]
        tokens.append(signed.split(":", 1)[0])
    stored = stored_selections(question)
    mismatches = sum(
        stored.get(participant_token_hash(code=CODE, token=tokens[n])) != selection
        for n, selection in expected.items()
    )
    cap_ms = [1000 * (done - sent) for sent, done, _status in cap_log]
    room_ms = [1000 * (done - sent) for sent, done, _status in room_log]
    poll_ms = [1000 * (done - sent) for sent, done, _status in polls]
    figures = {
        "participants": args.participants,
        "gunicorn_workers": args.workers,
        "cpus": os.cpu_count(),
        "trivial_requests_per_s": round(ceiling, 1),
        "capacity_answers": len(cap_log),
        "capacity_answers_accepted": sum(status == 200 for *_t, status in cap_log),
        "capacity_answers_per_s": round(len(cap_log) / elapsed, 1),
        "capacity_latency_p50_ms": round(percentile(cap_ms, 50), 1),
        "capacity_latency_p95_ms": round(percentile(cap_ms, 95), 1),
        "room_answers_accepted": sum(status == 200 for *_t, status in room_log),
        "room_latency_p50_ms": round(percentile(room_ms, 50), 1),
        "room_latency_p95_ms": round(percentile(room_ms, 95), 1),
        "room_state_polls": len(polls),
        "room_state_polls_304": sum(status == 304 for *_t, status in polls),
        "room_state_poll_p95_ms": round(percentile(poll_ms, 95), 1),
        "phones_on_next_question": f"{len(lags)} of {len(headers)}",
        "next_question_lag_p50_ms": round(1000 * percentile(lags, 50), 1),
        "next_question_lag_p95_ms": round(1000 * percentile(lags, 95), 1),
        "stored_answer_mismatches": mismatches,
    }
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
