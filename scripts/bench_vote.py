"""Benchmark of the live dot-vote under a production server (`make bench-vote`).

Starts gunicorn on a fresh PostgreSQL database. 300 participants join and place 5 dots each (every
request sets one item to one dot more, the way the page script does) while a projector polls
results.json every half second with If-None-Match. Each run on its own vote:

- capacity: all participants send their writes back to back, as fast as the server answers;
  gives ballot writes per second, to compare with the same server's throughput under the same
  load for a trivial endpoint, /favicon.ico (a redirect: the whole middleware stack, no
  template, no database), and for a page without database, the join page
  /vote/ (a template), both measured right before each of five capacity runs (the machine may
  be shared; the median ratio counts); an unmeasured round of all three warms the workers first;
- room: the participants arrive over 20 seconds (scanning the QR code) and think 0.5 to 2 seconds
  between two taps, as people do; gives the latency a participant feels and the projector's lag.

- closing: full speed again, and the facilitator closes after 30 % of the writes: how long the
  close takes, and that no write sent after its answer was accepted.

For each: p50 / p95 latency of a write; the projector's lag (for each accepted write, the time
until the answer to the first poll sent after the write had completed); invariant violations
(participants over the budget or an item over the cap, totals that differ from the accepted
writes, a poll that showed fewer dots than were already written). Exits non-zero when a goal is
missed: capacity at least half the trivial endpoint's, room lag p95 under 1 s, no violation.

Not a test: the figures depend on the machine. Options: --participants, --dots, --workers, ...
"""

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@dataclass
class Response:
    status: int
    headers: dict[str, list[str]]
    body: bytes

    def cookies(self) -> dict[str, str]:
        found = {}
        for header in self.headers.get("set-cookie", []):
            name, _, rest = header.partition("=")
            found[name.strip()] = rest.split(";", 1)[0]
        return found


async def http(port: int, method: str, path: str, *, headers=None, body: bytes = b"") -> Response:
    """One HTTP/1.1 request on its own connection (a phone in a room does the same)."""
    reader, writer = await asyncio.open_connection(HOST, port)
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed: dict[str, list[str]] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        parsed.setdefault(name.strip().lower(), []).append(value.strip())
    return Response(int(status_line.split(" ")[1]), parsed, payload)


@dataclass
class Write:
    sent: float
    done: float
    status: int


@dataclass
class Poll:
    sent: float
    received: float
    status: int
    dots_total: int | None


@dataclass
class Run:
    writes: list[Write] = field(default_factory=list)
    polls: list[Poll] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


async def join(port: int, code: str) -> dict[str, str]:
    """Open the vote's page; returns the headers a phone sends with its writes."""
    cookies = (await http(port, "GET", f"/vote/{code}/")).cookies()
    return {
        "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
        "X-CSRFToken": cookies["csrftoken"],
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
    }


async def taps(port, code, headers, item_ids, dots, cap, run: Run, rng, think=None):
    """Place ``dots`` dots one by one, each request setting an item to one dot more."""
    mine: dict[int, int] = {}
    for _ in range(dots):
        if think:
            await asyncio.sleep(rng.uniform(*think))
        item = rng.choice([i for i in item_ids if mine.get(i, 0) < cap])
        mine[item] = mine.get(item, 0) + 1
        body = urllib.parse.urlencode({"item": item, "dots": mine[item]}).encode()
        sent = time.monotonic()
        answer = await http(port, "POST", f"/vote/{code}/ballot/", headers=headers, body=body)
        run.writes.append(Write(sent, time.monotonic(), answer.status))
        if answer.status != 200:
            mine[item] -= 1
            run.refusals.append(answer.body.decode(errors="replace")[:200])


async def projector(port, code, session_cookie, run: Run, stop: asyncio.Event, interval: float):
    etag = None
    dots_total = None
    while not stop.is_set():
        headers = {"Cookie": session_cookie, "Accept": "application/json"}
        if etag:
            headers["If-None-Match"] = etag
        sent = time.monotonic()
        answer = await http(port, "GET", f"/vote/{code}/results.json", headers=headers)
        if answer.status == 200:
            etag = answer.headers["etag"][0]
            dots_total = json.loads(answer.body)["dots_total"]
        run.polls.append(Poll(sent, time.monotonic(), answer.status, dots_total))
        await asyncio.sleep(max(0.0, interval - (time.monotonic() - sent)))


TRIVIAL = ("/favicon.ico", 302)
PAGE = ("/vote/", 200)


async def trivial(port, clients: int, per_client: int, endpoint) -> tuple[float, int]:
    path, expected = endpoint

    async def client():
        failures = 0
        for _ in range(per_client):
            failures += (await http(port, "GET", path)).status != expected
        return failures

    start = time.monotonic()
    failures = sum(await asyncio.gather(*(client() for _ in range(clients))))
    return clients * per_client / (time.monotonic() - start), failures


async def voting(port, code, item_ids, args, session_cookie, cap, room: bool, measure=None):
    """One run on one vote while the projector polls; returns it and the writing time.
    ``measure`` is called right before and right after the writes of a capacity run."""
    run = Run()
    stop = asyncio.Event()
    poller = asyncio.create_task(projector(port, code, session_cookie, run, stop, args.poll))
    await asyncio.sleep(args.poll)
    rngs = [random.Random(n) for n in range(args.participants)]
    if room:

        async def person(rng):
            await asyncio.sleep(rng.uniform(0, args.arrival))
            headers = await join(port, code)
            think = (args.think_min, args.think_max)
            await taps(port, code, headers, item_ids, args.dots, cap, run, rng, think)

        start = time.monotonic()
        await asyncio.gather(*(person(rng) for rng in rngs))
    else:
        # Capacity: everybody joins first (not timed), then all writes back to back.
        headers = await asyncio.gather(*(join(port, code) for _ in rngs))
        if measure:
            measure()
        start = time.monotonic()
        await asyncio.gather(
            *(
                taps(port, code, h, item_ids, args.dots, cap, run, rng)
                for h, rng in zip(headers, rngs, strict=True)
            )
        )
        if measure:
            measure()
    elapsed = time.monotonic() - start
    await asyncio.sleep(2 * args.poll + 0.5)  # let the projector see the last writes
    stop.set()
    await poller
    return run, elapsed


async def closing(port, code, item_ids, args, session_cookie, cap) -> dict:
    """Full-speed writes; the facilitator closes once 30 % are done. Returns how long the close
    took and whether any write sent after the close's answer was accepted."""
    run = Run()
    rngs = [random.Random(n) for n in range(args.participants)]
    headers = await asyncio.gather(*(join(port, code) for _ in rngs))
    page = await http(port, "GET", f"/vote/{code}/projector/", headers={"Cookie": session_cookie})
    csrf = page.cookies()["csrftoken"]
    writers = asyncio.gather(
        *(
            taps(port, code, h, item_ids, args.dots, cap, run, rng)
            for h, rng in zip(headers, rngs, strict=True)
        )
    )
    while len(run.writes) < 0.3 * args.participants * args.dots:
        await asyncio.sleep(0.005)
    close_sent = time.monotonic()
    answer = await http(
        port,
        "POST",
        f"/vote/{code}/control/",
        headers={
            "Cookie": f"{session_cookie}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=b"action=close",
    )
    close_done = time.monotonic()
    await writers
    return {
        "run": run,
        "close_status": answer.status,
        "close_ms": round(1000 * (close_done - close_sent), 1),
        "accepted_after_close": sum(w.status == 200 and w.sent > close_done for w in run.writes),
        "accepted_in_flight": sum(
            w.status == 200 and w.sent < close_done < w.done for w in run.writes
        ),
        # Closed (409), or not found (404): the event's documentation is a draft, and a vote
        # over then answers only its staff.
        "refused_after_close": sum(w.status in (404, 409) for w in run.writes),
    }


def projector_lags(run: Run) -> tuple[list[float], int]:
    """Lag per accepted write, and how often a poll showed fewer dots than were already written
    (each accepted write here adds exactly one dot)."""
    polls = sorted((p for p in run.polls), key=lambda p: p.sent)
    done = sorted(w.done for w in run.writes if w.status == 200)
    lags, stale = [], 0
    current = None
    index = 0
    for poll in polls:
        if poll.dots_total is not None:
            current = poll.dots_total
        while index < len(done) and done[index] <= poll.sent:
            index += 1
        if current is not None and current < index:
            stale += 1
    for finished in done:
        first = next((p for p in polls if p.sent >= finished), None)
        if first is not None:
            lags.append(first.received - finished)
    return lags, stale


def setup_django(env: dict) -> None:
    """This process seeds and checks through the ORM, with the server's settings and secret (the
    projector's session must verify on the server)."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engagement_portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_database(database_url: str) -> None:
    import psycopg

    name = urllib.parse.urlparse(database_url).path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"refusing to recreate a database called {name!r}")
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


def prepare(database_url: str, **extra_env: str) -> dict:
    """A fresh, migrated database, collected static files and Django set up in this process;
    returns the environment for the server (production settings, a new secret)."""
    create_database(database_url)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DEBUG": "0",
        **extra_env,
    }
    env.pop("TESTING", None)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    setup_django(env)
    return env


def seed(items: int, codes: list[str]) -> tuple[list, str]:
    """Open Hagen-like votes with these codes over ``items`` recommendations, and a staff session
    for the projector and the controls."""
    import datetime

    from events.models import Event
    from recommendations.models import Recommendation, Strategy
    from stakeholders.models import Municipality
    from voting.models import DotVote
    from voting.services import dot_vote_open, vote_items_add

    hagen = Municipality.objects.create(name="Hagen", slug="hagen")
    event = Event.objects.create(
        title="Umsetzungskonferenz",
        slug="bench",
        kind="umsetzungskonferenz",
        date=datetime.date(2022, 8, 27),
        municipality=hagen,
    )
    strategy = Strategy.objects.create(name="Strategie", slug="bench", municipality=hagen)
    recommendations = [
        Recommendation.objects.create(strategy=strategy, slug=f"r{i}", title=f"Empfehlung {i}")
        for i in range(items)
    ]
    votes = []
    for code in codes:
        vote = DotVote.objects.create(event=event, title=code.title(), code=code)
        vote_items_add(vote=vote, recommendations=recommendations, labels=[])
        votes.append(dot_vote_open(vote=vote))
    return votes, staff_session_cookie(hagen)


def staff_session_cookie(municipality) -> str:
    """A logged-in session of a new editor of the municipality, as a Cookie header value."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from stakeholders.models import EditorMembership

    user = get_user_model().objects.create_user(
        "bench", password=secrets.token_hex(), is_staff=True
    )
    EditorMembership.objects.create(user=user, municipality=municipality)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def check_invariants(vote, accepted: int, expected_participants: int) -> list[str]:
    from django.db.models import Max, Sum

    from voting.models import Ballot, Participant
    from voting.selectors import vote_totals

    problems = []
    per_participant = (
        Ballot.objects.filter(participant__vote=vote)
        .values("participant")
        .annotate(total=Sum("dots"), top=Max("dots"))
    )
    for row in per_participant:
        if row["total"] > vote.dots_per_participant:
            problems.append(f"participant {row['participant']} has {row['total']} dots")
        if row["top"] > vote.cap_per_item:
            problems.append(f"participant {row['participant']} has {row['top']} on one item")
    totals = vote_totals(vote)
    if totals["dots_total"] != accepted:
        problems.append(f"{totals['dots_total']} dots counted, {accepted} writes accepted")
    if Participant.objects.filter(vote=vote).count() != expected_participants:
        problems.append("participants joined twice or not at all")
    return problems


def start_server(port: int, workers: int, env: dict, options=()) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "engagement_portal.wsgi"]
    command += ["--workers", str(workers), "--bind", f"{HOST}:{port}", "--backlog", "2048"]
    command += options
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return wait_until_up(process, port, "/vote/", "gunicorn")


def wait_until_up(process: subprocess.Popen, port: int, path: str, name: str, seconds=30):
    """``process`` once ``path`` on ``port`` answers 200; stopped, and the benchmark with it, if
    it does not within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if asyncio.run(http(port, "GET", path)).status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"{name} did not start")


def server_cpu(master: int, database_url: str) -> dict[int, int]:
    """CPU time (ns, from /proc/<pid>/schedstat) of gunicorn's processes and of the PostgreSQL
    backends serving them: what the server spends, whatever else runs on a shared machine."""
    import psycopg

    pids = {master}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.add(int(stat.parent.name))
    with psycopg.connect(database_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
    pids.update(pid for (pid,) in rows)
    found = {}
    for pid in pids:
        try:
            found[pid] = int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        except OSError:
            pass
    return found


def _append_cpu(found: list, master: int, database_url: str) -> None:
    found.append(server_cpu(master, database_url))


def middle(values) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def cpu_ms_per_request(before: dict[int, int], after: dict[int, int], requests: int) -> float:
    spent = sum(ns - before.get(pid, 0) for pid, ns in after.items())
    return spent / 1e6 / requests


def summary(run: Run, elapsed: float, vote, participants: int) -> tuple[dict, list[str]]:
    accepted = [w for w in run.writes if w.status == 200]
    latencies = [1000 * (w.done - w.sent) for w in run.writes]
    lags, stale = projector_lags(run)
    problems = check_invariants(vote, len(accepted), participants)
    if stale:
        problems.append(f"{stale} polls showed fewer dots than were already written")
    if len(accepted) != len(run.writes):
        problems.append(f"{len(run.writes) - len(accepted)} writes refused")
    figures = {
        "writes": len(run.writes),
        "writes_accepted": len(accepted),
        "writes_per_s": round(len(run.writes) / elapsed, 1),
        "write_latency_p50_ms": round(percentile(latencies, 50), 1),
        "write_latency_p95_ms": round(percentile(latencies, 95), 1),
        "projector_polls": len(run.polls),
        "projector_polls_304": sum(p.status == 304 for p in run.polls),
        "projector_poll_latency_p95_ms": round(
            percentile([1000 * (p.received - p.sent) for p in run.polls], 95), 1
        ),
        "projector_lag_p50_ms": round(1000 * percentile(lags, 50), 1),
        "projector_lag_p95_ms": round(1000 * percentile(lags, 95), 1),
        "invariant_violations": len(problems),
    }
    return figures, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--dots", type=int, default=5)
    parser.add_argument("--items", type=int, default=12)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--trials", type=int, default=5, help="capacity runs; the median counts")
    parser.add_argument("--poll", type=float, default=0.5, help="projector poll interval (s)")
    parser.add_argument("--arrival", type=float, default=20.0, help="room: arrivals spread (s)")
    parser.add_argument("--think-min", type=float, default=0.5)
    parser.add_argument("--think-max", type=float, default=2.0)
    parser.add_argument("--port", type=int, default=18473)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_vote_bench"
        ),
    )
    args = parser.parse_args()

    env = prepare(args.database_url)
    codes = ["WARMUP"] + [f"CAPACITY{n}" for n in range(1, args.trials + 1)] + ["ROOM", "CLOSING"]
    votes, session_cookie = seed(args.items, codes)
    warmup_vote, *capacity_votes, room_vote, closing_vote = votes

    def run_on(vote, room, measure=None):
        items = list(vote.items.values_list("id", flat=True))
        return asyncio.run(
            voting(
                args.port, vote.code, items, args, session_cookie, vote.cap_per_item, room, measure
            )
        )

    load_before = os.getloadavg()[0]
    server = start_server(args.port, args.workers, env)
    trials = []
    try:
        # Every worker and its database connection once through each path, not measured.
        for endpoint in (TRIVIAL, PAGE):
            asyncio.run(trivial(args.port, args.participants, 2, endpoint))
        run_on(warmup_vote, room=False)
        # The machine may be shared: each capacity run is compared with the trivial endpoint
        # and the join page measured right before it; the median ratio is reported.
        for vote in capacity_votes:
            cpu: list[dict[int, int]] = []
            measure = partial(_append_cpu, cpu, server.pid, args.database_url)

            measure()
            ceiling, trivial_failures = asyncio.run(
                trivial(args.port, args.participants, args.dots, TRIVIAL)
            )
            measure()
            measure()
            page, page_failures = asyncio.run(
                trivial(args.port, args.participants, args.dots, PAGE)
            )
            measure()
            run, elapsed = run_on(vote, room=False, measure=measure)
            requests = args.participants * args.dots
            cpu_ms = [
                cpu_ms_per_request(a, b, requests) for a, b in zip(cpu[::2], cpu[1::2], strict=True)
            ]
            trials.append(
                (ceiling, trivial_failures, page, page_failures, run, elapsed, vote, cpu_ms)
            )
        room_run = run_on(room_vote, room=True)
        items = list(closing_vote.items.values_list("id", flat=True))
        closed = asyncio.run(
            closing(args.port, "CLOSING", items, args, session_cookie, closing_vote.cap_per_item)
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    problems = []
    capacities = []
    for ceiling, trivial_failures, page, page_failures, run, elapsed, vote, cpu_ms in trials:
        figures, trial_problems = summary(run, elapsed, vote, args.participants)
        problems += trial_problems
        if trivial_failures or page_failures:
            problems.append(f"{trivial_failures + page_failures} failed trivial requests")
        capacities.append(
            {
                "trivial_requests_per_s": round(ceiling, 1),
                "join_page_requests_per_s": round(page, 1),
                **figures,
                "share_of_trivial": round(figures["writes_per_s"] / ceiling, 2),
                "share_of_join_page": round(figures["writes_per_s"] / page, 2),
                # Server CPU (gunicorn and its PostgreSQL backends) per request; a write's
                # includes the projector's polls meanwhile. Their ratio is the share of the
                # trivial endpoint's throughput the writes reach when the server's CPU is the
                # limit, undisturbed by other load on the machine.
                "server_cpu_ms_trivial": round(cpu_ms[0], 3),
                "server_cpu_ms_join_page": round(cpu_ms[1], 3),
                "server_cpu_ms_write": round(cpu_ms[2], 3),
                "cpu_share_of_trivial": round(cpu_ms[0] / cpu_ms[2], 2),
                "cpu_share_of_join_page": round(cpu_ms[1] / cpu_ms[2], 2),
            }
        )
    room, room_problems = summary(*room_run, room_vote, args.participants)
    problems += room_problems
    closing_accepted = sum(w.status == 200 for w in closed["run"].writes)
    problems += check_invariants(closing_vote, closing_accepted, args.participants)
    if closed["accepted_after_close"] or closed["close_status"] != 302:
        problems.append(
            f"close answered {closed['close_status']}; "
            f"{closed['accepted_after_close']} writes accepted after it"
        )
    median = sorted(capacities, key=lambda c: c["share_of_trivial"])[len(capacities) // 2]
    figures = {
        "participants": args.participants,
        "dots_each": args.dots,
        "gunicorn_workers": args.workers,
        "cpus": os.cpu_count(),
        "load_average_before": round(load_before, 2),
        **{
            f"capacity_{name}": " / ".join(str(c[name]) for c in capacities)
            for name in capacities[0]
        },
        "capacity_median_share_of_trivial": median["share_of_trivial"],
        "capacity_median_share_of_join_page": middle(c["share_of_join_page"] for c in capacities),
        "capacity_median_cpu_share_of_trivial": middle(
            c["cpu_share_of_trivial"] for c in capacities
        ),
        "capacity_median_cpu_share_of_join_page": middle(
            c["cpu_share_of_join_page"] for c in capacities
        ),
        **{f"room_{name}": value for name, value in room.items()},
        "closing_close_ms": closed["close_ms"],
        "closing_writes_accepted_before": closing_accepted,
        "closing_writes_in_flight_at_close": closed["accepted_in_flight"],
        "closing_writes_refused_after": closed["refused_after_close"],
        "closing_writes_accepted_after": closed["accepted_after_close"],
        "invariant_violations": len(problems),
    }
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    for problem in problems[:20]:
        print("VIOLATION:", problem)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "bench_vote.json").write_text(json.dumps(figures, indent=2) + "\n")
    goals = {
        "capacity >= half the trivial endpoint (median)": median["share_of_trivial"] >= 0.5,
        "room projector lag p95 < 1 s": room["projector_lag_p95_ms"] < 1000,
        "no invariant violation": not problems,
    }
    for goal, met in goals.items():
        print(f"{'met   ' if met else 'MISSED'}  {goal}")
    sys.exit(0 if all(goals.values()) else 1)


if __name__ == "__main__":
    main()
