"""A room of phones on the live features at scale (`make bench-live`).

Starts gunicorn (its workers as docs/deploy/portal.service runs them: threaded, with connections
kept open) on a fresh PostgreSQL database with the dot-vote benchmark's helpers, uvicorn beside it
for the pushed updates (--push, the default), a second gunicorn with 2 workers for the staff pages
(both at Nice -5, as their services run), and nginx in front with the deployment's upstreams and
locations (docs/deploy/nginx-upstreams.conf, nginx-portal.conf: static files from the disk, the
streams to uvicorn, the staff pages to their gunicorn, the rest to the first; --no-nginx: the
phones talk to the app servers directly, static files through gunicorn, no staff lane). An
unmeasured small room first warms the workers, as on a server that has been running. For N
phones (--phones, default 100, 300, 1,000 and 2,000) it plays a room --runs times (default 3)
with the load generator on the same machine: first a dot-vote, then a live poll, each on its own
vote or run.

The phones run in --generators processes (2) beside this one, which plays the projector and
the facilitator. Every phone joins within the first --join seconds (10 s, each at a random
moment) and acts over about --act seconds (30 s) with human think times. It makes the requests
the page scripts make:

- first page load: the participant page, then its stylesheets and scripts (once: they are cached
  after that), with the cookies the page sets and the form's CSRF token;
- dot-vote (static/js/vote.js): each tap of + or − posts ``item`` and the new number of
  ``dots`` (with ``csrfmiddlewaretoken``, ``Accept: application/json``) to /vote/<code>/ballot/,
  one request in flight per phone. Each phone places its budget of dots at random moments of the
  act, and some move one dot afterwards; it follows the vote's state on the vote's stream
  (/vote/<code>/events/, or state.json every 5 s without one) until the room ends. The
  projector (static/js/projector.js through static/js/live.js) polls results.json 0.5 s after
  each answer with If-None-Match; the facilitator's staff page polls it every second;
- poll (static/js/polls.js through live.js): each phone polls state.json 2 s after each answer
  with If-None-Match; when the ``version`` differs from the one it shows, it fetches the
  question (/poll/<code>/question/shared/ for one it has not shown and for a result that
  appears, its own fragment /poll/<code>/question/ for one it showed before) and shows it;
  after an answer it polls at once. People think 2
  to 8 s and answer the question shown (some change their answer once). The facilitator, logged
  in as staff, presses "next" every 10 s on the staff page (a plain form post to the control
  endpoint, then the staff page it redirects to); the staff page follows state.json every 1 s
  and the projector every 0.5 s, each fetching its own fragment on a new version.

Figures per run, and their median over the runs of each N: dot-vote write latency p50/p95/p99;
projector lag p95 (from an accepted write until the answer to the projector's first poll sent after
it, which shows it); poll: from the facilitator's press of "next" until each phone that had joined
has the new question shown (state.json and the fragment in) p50/p95/p99, and how many got there, and
the slowest answer to the facilitator's "next"; poll answer latency p95; errors (statuses other than
2xx/302/304 and the expected refusal 409 of an answer to a question closed meanwhile; 0 = connection
failed, -1 = no answer within 30 s), listed by request and status; server CPU seconds (utime + stime
from /proc/<pid>/stat of the app servers' processes: both gunicorns', uvicorn's and nginx's; and
of the PostgreSQL backends), also per server, and the largest RSS of a worker
(sampled each second); the dot-vote's and the poll's requests by kind with their p95; after
each run, the server CPU (app servers and PostgreSQL) per conditional request answered 304, from
--conditional
requests of each by 10 clients back to back: results.json as the projector asks (logged in) and
anonymously, state.json as a phone asks and as the projector asks, and the trivial /favicon.ico
(a redirect) for comparison. The load average is
printed before each run: the machine may be shared; and how late the load generator's own timers
fire (p95): when it is late, the phones are too, and the figures say more about the machine than
about the server.

Checks after each run: no participant over the budget or an item over the cap, the counted dots
equal to what the phones were told (each phone's stored dots are exactly its confirmed ones),
and each phone's stored poll answers exactly its last accepted ones; a request that got no answer
may or may not have been stored, so its item or question is left out of the exact comparison.
Exits non-zero on a violation or an error. Results also in bench-results/bench_live.json.
"""

import argparse
import asyncio
import bisect
import gzip
import json
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import indent

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_vote import (  # noqa: E402 - the dot-vote benchmark's HTTP client and server helpers
    HOST,
    ROOT,
    Response,
    check_invariants,
    http,
    percentile,
    prepare,
    staff_session_cookie,
    start_server,
    wait_until_up,
)

TIMEOUT = 30.0  # seconds without an answer: counted as error -1 (gunicorn's own timeout is 30 s)
ASSETS = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- HTTP as a phone's browser does it ----------------------------------------------------------


@dataclass
class Request:
    kind: str
    sent: float
    done: float
    status: int


@dataclass
class Log:
    requests: list[Request] = field(default_factory=list)

    def errors(self) -> Counter:
        return Counter(
            (r.status, r.kind)
            for r in self.requests
            if not (200 <= r.status < 300 or r.status in (302, 304))
            and not (r.kind == "answer" and r.status == 409)
        )


class Browser:
    """One browser: its cookies, its requests logged. Answers that fail or never come have the
    status 0 or -1, as a page script sees a failed fetch."""

    def __init__(self, port: int, log: Log, cookie: str = ""):
        self.port = port
        self.log = log
        self.cookies: dict[str, str] = {}
        self.assets: set[str] = set()  # in the browser's cache
        if cookie:
            name, _, value = cookie.partition("=")
            self.cookies[name] = value

    async def request(self, kind, method, path, *, headers=None, body=b"") -> Response:
        headers = {"Accept-Encoding": "gzip", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent = time.monotonic()
        try:
            answer = await asyncio.wait_for(
                http(self.port, method, path, headers=headers, body=body), TIMEOUT
            )
        except TimeoutError:
            answer = Response(-1, {}, b"")
        except OSError:
            answer = Response(0, {}, b"")
        answer.timing = Request(kind, sent, time.monotonic(), answer.status)
        self.log.requests.append(answer.timing)
        if kind != "asset" and answer.headers.get("content-encoding") == ["gzip"]:
            answer.body = gzip.decompress(answer.body)
        self.cookies.update(answer.cookies())
        return answer

    async def page(self, kind: str, path: str) -> Response:
        """A page with its stylesheets and scripts (in parallel, each once per browser)."""
        answer = await self.request(kind, "GET", path, headers={"Accept": "text/html"})
        wanted = [url for url in ASSETS.findall(answer.body.decode()) if url not in self.assets]
        self.assets.update(wanted)
        await asyncio.gather(*(self.request("asset", "GET", url) for url in wanted))
        return answer

    async def post(self, kind: str, path: str, fields, *, json_answer=True) -> Response:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
            "Origin": f"http://{HOST}:{self.port}",
            "Accept": "application/json" if json_answer else "text/html",
        }
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        return await self.request(kind, "POST", path, headers=headers, body=body)

    def token(self) -> str:
        """The participant's token (the signed cookie's value before the signature)."""
        return urllib.parse.unquote(self.cookies["vote_participant"]).strip('"').split(":")[0]


@dataclass
class Seen:
    """A poll of a live page (live.js): when it was sent and answered, and what it showed."""

    sent: float
    received: float
    status: int


async def follow(browser, url, interval, stop, on_data, poke=None, seen=None):
    """live.js: ask ``url`` with If-None-Match ``interval`` seconds after each answer, or at once
    when ``poke`` is set; ``on_data`` gets each changed body."""
    etag = None
    while not stop.is_set():
        waiter = poke or stop
        try:
            await asyncio.wait_for(waiter.wait(), interval)
        except TimeoutError:
            pass
        if poke:
            poke.clear()
        if stop.is_set():
            return
        headers = {"Accept": "application/json"}
        if etag:
            headers["If-None-Match"] = etag
        answer = await browser.request("poll", "GET", url, headers=headers)
        if seen is not None:
            seen.append(Seen(answer.timing.sent, answer.timing.done, answer.status))
        if answer.status == 200:
            etag = answer.headers["etag"][0]
            await on_data(json.loads(answer.body))


async def stream_follow(browser, port, url, stop, on_data, fallback):
    """live.js follow() with a stream (live/push.py): one connection to the ASGI server, each
    Server-Sent Event's data to ``on_data``; when the stream cannot be opened, ``fallback()``
    (polling) instead, as the page script does."""
    headers = {"Accept": "text/event-stream", "Host": f"{HOST}:{port}"}
    if browser.cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    sent = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection(HOST, port)
    except OSError:
        browser.log.requests.append(Request("stream", sent, time.monotonic(), 0))
        await fallback()
        return
    lines = [f"GET {url} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items())]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    closing = asyncio.ensure_future(stop.wait())
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
        status = int(head.split(b" ", 2)[1])
        browser.log.requests.append(Request("stream", sent, time.monotonic(), status))
        if status != 200:
            writer.close()
            await fallback()
            return
        buffer = b""
        while not stop.is_set():
            reading = asyncio.ensure_future(reader.readline())  # a chunk's size
            await asyncio.wait([reading, closing], return_when=asyncio.FIRST_COMPLETED)
            if not reading.done():
                reading.cancel()
                break
            size = int(reading.result().strip() or b"0", 16)
            if size == 0:
                break
            buffer += (await reader.readexactly(size + 2))[:-2]
            while b"\n\n" in buffer:
                event, _, buffer = buffer.partition(b"\n\n")
                data = [line[6:] for line in event.split(b"\n") if line.startswith(b"data: ")]
                if data:
                    await on_data(json.loads(b"\n".join(data)))
    except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
        browser.log.requests.append(Request("stream", sent, time.monotonic(), 0))
    finally:
        closing.cancel()
        writer.close()


async def sleep_until(moment: float) -> None:
    await asyncio.sleep(max(0.0, moment - time.monotonic()))


# --- The load generator's processes -------------------------------------------------------------

# One asyncio loop in one process is one process among many on a shared machine: from 1,000
# phones on it fell behind. The phones run in --generators processes (spawned: no copy of this
# process's database connection); the projector and the facilitator stay in this one.
POOL: ProcessPoolExecutor | None = None
GENERATORS = 2
WARM_UP_PHONES = 50


TIMER_LAGS: list[float] = []  # of the generator processes, for watched()


async def timed(part, seeds, rest):
    stop, lags = asyncio.Event(), []
    timer = asyncio.create_task(loop_lag(stop, lags))
    phones, log = await part(seeds, *rest)
    stop.set()
    await timer
    return phones, log, lags


def phones_process(part, seeds, *rest):
    return asyncio.run(timed(part, seeds, rest))


async def in_processes(part, phones_n, rng_seed, log: Log, *rest) -> list:
    """The phones of ``part`` spread over the generator processes; their requests go to ``log``."""
    seeds = [rng_seed * 100_000 + n for n in range(phones_n)]
    count = GENERATORS
    loop = asyncio.get_running_loop()
    chunks = await asyncio.gather(
        *(
            loop.run_in_executor(POOL, phones_process, part, seeds[i::count], *rest)
            for i in range(count)
        )
    )
    for _phones, chunk_log, lags in chunks:
        log.requests += chunk_log.requests
        TIMER_LAGS.extend(lags)
    return [phone for phones, _log, _lags in chunks for phone in phones]


# --- The dot-vote -------------------------------------------------------------------------------


@dataclass
class VotePhone:
    browser: Browser
    confirmed: dict[int, int] = field(default_factory=dict)
    writes: list[Request] = field(default_factory=list)
    unsure: set[int] = field(default_factory=set)  # items whose last write got no answer


def by_kind(log: Log) -> str:
    """Requests per kind with their p95 (ms), as "kind count/p95"."""
    kinds: dict[str, list[float]] = {}
    for r in log.requests:
        kinds.setdefault(r.kind, []).append(1000 * (r.done - r.sent))
    return ", ".join(
        f"{kind} {len(ms)}/{percentile(ms, 95):.0f}" for kind, ms in sorted(kinds.items())
    )


def failed(status: int) -> bool:
    """No answer, or the server's error: the outcome is not known to the page."""
    return status <= 0 or status >= 500


async def vote_phone(phone: VotePhone, code: str, rng, start: float, args) -> None:
    await sleep_until(start + rng.uniform(0, args.join))
    page = await phone.browser.page("page", f"/vote/{code}/")
    if page.status != 200:
        return
    html = page.body.decode()
    budget = int(re.search(r'data-budget="(\d+)"', html)[1])
    cap = int(re.search(r'data-cap="(\d+)"', html)[1])
    csrf = CSRF.search(html)[1]
    items = [int(i) for i in re.findall(r'data-item="(\d+)"', html)]
    weights = [1 / (rank + 1) for rank in range(len(items))]  # some items are more popular
    wanted = dict.fromkeys(items, 0)
    taps = [+1] * budget + ([-1, +1] if rng.random() < 0.3 else [])
    moments = sorted(rng.uniform(1, args.act) for _ in taps)
    joined = time.monotonic()
    # vote.js follows the vote's state: on its stream where the page has one, else state.json
    # every 5 s; until the room ends.
    stop = asyncio.Event()

    async def on_state(_data):
        return None

    def polling():
        return follow(phone.browser, f"/vote/{code}/state.json", 5.0, stop, on_state)

    events = re.search(r'id="vote"[^>]*data-events-url="([^"]+)"', html, re.S)
    follower = asyncio.create_task(
        stream_follow(phone.browser, args.stream_port, events[1], stop, on_state, polling)
        if events and args.stream_port
        else polling()
    )
    try:
        await vote_taps(phone, code, rng, csrf, items, weights, cap, wanted, taps, moments, joined)
    finally:
        await sleep_until(start + args.join + args.act + 1)
        stop.set()
        await follower


async def vote_taps(phone, code, rng, csrf, items, weights, cap, wanted, taps, moments, joined):
    """The phone's taps at their moments, as vote.js sends them."""
    for delta, moment in zip(taps, moments, strict=True):
        await sleep_until(joined + moment)  # one request in flight: a tap meanwhile waits
        if delta > 0:
            free = [i for i in items if wanted[i] < cap]
            item = rng.choices(free, [weights[items.index(i)] for i in free])[0]
        else:
            item = rng.choice([i for i in items if wanted[i] > 0])
        wanted[item] += delta
        delay = 1.0
        for attempt in range(4):  # vote.js sends the same number again: 1, 2, 4 s later
            if attempt:
                await asyncio.sleep(delay)
                delay *= 2
            answer = await phone.browser.post(
                "ballot",
                f"/vote/{code}/ballot/",
                {"csrfmiddlewaretoken": csrf, "item": item, "dots": wanted[item]},
            )
            phone.writes.append(answer.timing)
            if not failed(answer.status):
                break
        if answer.status == 200:
            phone.confirmed[item] = json.loads(answer.body)["dots"]
            phone.unsure.discard(item)
        elif failed(answer.status):
            phone.unsure.add(item)  # the page still shows what was wanted
        else:
            wanted[item] = phone.confirmed.get(item, 0)  # refused: the server's state again
            if attempt:  # an earlier request got no answer: it may have been stored
                phone.unsure.add(item)


async def vote_phones(seeds, port, code, start, args):
    """Some of the room's phones on the dot-vote (in a load generator process)."""
    log = Log()
    phones = [VotePhone(Browser(port, log)) for _ in seeds]
    await asyncio.gather(
        *(
            vote_phone(phone, code, random.Random(seed), start, args)
            for phone, seed in zip(phones, seeds, strict=True)
        )
    )
    return phones, log


async def dot_vote_room(port, code, phones_n, staff_cookie, rng_seed, args):
    log = Log()
    stop = asyncio.Event()
    projector = Browser(port, log, staff_cookie)
    staff = Browser(port, log, staff_cookie)
    await projector.page("projector", f"/vote/{code}/projector/")
    await staff.page("staff", f"/vote/{code}/staff/")
    seen: list[Seen] = []

    async def nothing(_data):
        return None

    url = f"/vote/{code}/results.json"
    followers = [
        asyncio.create_task(follow(projector, url, 0.5, stop, nothing, seen=seen)),
        asyncio.create_task(follow(staff, url, 1.0, stop, nothing)),
    ]
    start = time.monotonic()
    phones = await in_processes(vote_phones, phones_n, rng_seed, log, port, code, start, args)
    await asyncio.sleep(1.5)  # the projector's next polls
    stop.set()
    await asyncio.gather(*followers)
    return log, phones, seen


def projector_lags(phones: list[VotePhone], seen: list[Seen]) -> list[float]:
    """For each accepted write, until the answer to the projector's first poll sent after it."""
    polls = sorted(seen, key=lambda s: s.sent)
    sent = [s.sent for s in polls]
    lags = []
    for phone in phones:
        for write in phone.writes:
            if write.status != 200:
                continue
            index = bisect.bisect_left(sent, write.done)
            if index < len(polls):
                lags.append(polls[index].received - write.done)
    return lags


def check_dot_vote(vote, phones: list[VotePhone]) -> list[str]:
    from live.participants import participant_token_hash
    from voting.models import Ballot

    stored: dict[str, dict[int, int]] = {}
    for token_hash, item, count in Ballot.objects.filter(participant__vote=vote).values_list(
        "participant__token_hash", "item_id", "dots"
    ):
        stored.setdefault(token_hash, {})[item] = count
    # A write that got no answer (timed out) may or may not have been stored: on its item the
    # stored number counts; on every other item it must be the number the phone was told.
    problems, dots, voters = [], 0, 0
    for phone in phones:
        if "vote_participant" not in phone.browser.cookies:
            continue
        hashed = participant_token_hash(code=vote.code, token=phone.browser.token())
        mine = stored.get(hashed, {})
        told = {item: n for item, n in phone.confirmed.items() if n and item not in phone.unsure}
        sure = {item: n for item, n in mine.items() if item not in phone.unsure}
        if sure != told:
            problems.append(f"a phone was told {told}, stored is {sure}")
        dots += sum(told.values()) + sum(n for i, n in mine.items() if i in phone.unsure)
        voters += hashed in stored or any(w.status == 200 for w in phone.writes)
    return check_invariants(vote, dots, voters) + problems


# --- The poll -----------------------------------------------------------------------------------


def shown_question(html: str, page_token: str = "") -> tuple[int, list[int], str] | None:
    """The open question of a page or fragment: its id, its options and the form's CSRF token
    (the question shared by the room has none: the script puts in the page's)."""
    question = re.search(r'name="question" value="(\d+)"', html)
    if question is None:
        return None
    options = [int(o) for o in re.findall(r'name="option" value="(\d+)"', html)]
    token = CSRF.search(html)
    return int(question[1]), options, token[1] if token else page_token


@dataclass
class PollPhone:
    browser: Browser
    joined: float | None = None
    shown_at: dict[str, float] = field(default_factory=dict)  # version -> when it was shown
    answered: dict[int, list[int] | None] = field(default_factory=dict)  # last accepted
    answers: list[Request] = field(default_factory=list)
    unsure: set[int] = field(default_factory=set)  # questions whose last answer got no answer


async def poll_phone(phone: PollPhone, code, rules, rng, start, stop, args) -> None:
    await sleep_until(start + rng.uniform(0, args.join))
    page = await phone.browser.page("page", f"/poll/{code}/")
    if page.status != 200:
        return
    html = page.body.decode()
    state = {
        "version": re.search(r'id="poll"[^>]*data-version="([^"]+)"', html, re.S)[1],
        "question": shown_question(html),
        "redrawing": False,
        "csrf": (re.search(r'data-csrf="([^"]+)"', html) or [None, ""])[1],
    }
    seen = {state["version"].split(":")[0]}
    phone.joined = time.monotonic()
    phone.shown_at[state["version"]] = phone.joined
    changed = asyncio.Event()
    poke = asyncio.Event()

    async def redraw(version):
        # As polls.js: the question the whole room gets for one not shown before and for a
        # result that appears, the phone's own fragment for one it showed before.
        before, after = state["version"].split(":"), version.split(":")
        result_only = before[:2] == after[:2]
        shared = result_only or after[0] not in seen
        path = f"/poll/{code}/question/shared/" if shared else f"/poll/{code}/question/"
        fragment = await phone.browser.request(
            "fragment", "GET", path, headers={"Accept": "text/html"}
        )
        state["redrawing"] = False
        if fragment.status == 200:
            state["version"] = version
            seen.add(after[0])
            if not result_only:
                state["question"] = shown_question(fragment.body.decode(), state["csrf"])
            phone.shown_at.setdefault(version, time.monotonic())
            changed.set()

    redraws = set()

    async def on_data(data):  # polls.js follow(): a new version fetches the fragment
        if data["version"] == state["version"] or state["redrawing"]:
            return
        before, after = state["version"].split(":"), data["version"].split(":")
        if "html" in data and (before[:2] == after[:2] or after[0] not in seen):
            # Pushed with the question the room sees: shown without asking for it.
            state["version"] = data["version"]
            seen.add(after[0])
            if before[:2] != after[:2]:
                state["question"] = shown_question(data["html"], state["csrf"])
            phone.shown_at.setdefault(data["version"], time.monotonic())
            changed.set()
            return
        state["redrawing"] = True
        task = asyncio.create_task(redraw(data["version"]))  # polling goes on meanwhile
        redraws.add(task)
        task.add_done_callback(redraws.discard)

    def polling():
        return follow(phone.browser, f"/poll/{code}/state.json", 2.0, stop, on_data, poke=poke)

    events = re.search(r'id="poll"[^>]*data-events-url="([^"]+)"', html, re.S)
    follower = asyncio.create_task(
        stream_follow(phone.browser, args.stream_port, events[1], stop, on_data, polling)
        if events and args.stream_port
        else polling()
    )
    while not stop.is_set():
        question = state["question"]
        if question is None or question[0] in phone.answered:
            changed.clear()
            waiting = asyncio.ensure_future(changed.wait())
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait([waiting, stopping], return_when=asyncio.FIRST_COMPLETED)
            waiting.cancel()
            stopping.cancel()
            continue
        changed.clear()
        try:  # thinking; a new question on the screen starts the thinking anew
            await asyncio.wait_for(changed.wait(), rng.uniform(2, 8))
            continue
        except TimeoutError:
            pass
        if stop.is_set():
            break
        for attempt in range(1 + (rng.random() < 0.15)):  # some change their answer once
            if attempt:
                await asyncio.sleep(rng.uniform(2, 5))
                if state["question"] != question or stop.is_set():
                    break
            low, high = rules[question[0]]
            chosen = rng.sample(question[1], rng.randint(low, high))
            for again in range(3):  # "Keine Verbindung": the person sends it again
                if again:
                    await asyncio.sleep(rng.uniform(2, 5))
                    if state["question"] != question:
                        break
                answer = await phone.browser.post(
                    "answer",
                    f"/poll/{code}/answer/",
                    {"csrfmiddlewaretoken": question[2], "question": question[0], "option": chosen},
                )
                phone.answers.append(answer.timing)
                if not failed(answer.status):
                    break
            if answer.status == 200:
                phone.answered[question[0]] = sorted(chosen)
                phone.unsure.discard(question[0])
                poke.set()  # live.now(): the page asks for the state at once
            elif failed(answer.status) or again:  # one sent got no answer: it may be stored
                phone.unsure.add(question[0])
            else:
                poke.set()
        # Answered or refused (closed meanwhile): this question is done; wait for the next.
        phone.answered.setdefault(question[0], None)
    await follower


async def facilitator(port, code, staff_cookie, log, start, stop, presses, args):
    """The staff page (and the projector in another window): follows the state, presses
    "next" at the given moments; returns when each press was made and what it opened."""
    staff = Browser(port, log, staff_cookie)
    projector = Browser(port, log, staff_cookie)
    page = await staff.page("staff", f"/poll/{code}/staff/")
    await projector.page("projector", f"/poll/{code}/projector/")
    csrf = [CSRF.search(page.body.decode())[1]]
    versions = {"staff": None, "projector": None}

    def redraw(browser, name, url):
        async def on_data(data):
            if data["version"] != versions[name]:
                fragment = await browser.request("fragment", "GET", url)
                if fragment.status == 200:
                    versions[name] = data["version"]

        return on_data

    state_url = f"/poll/{code}/state.json"
    pushed = args.stream_port and "data-events-url" in page.body.decode()

    def following(browser, interval, on_data):
        def polling():
            return follow(browser, state_url, interval, stop, on_data)

        if pushed:
            events = f"/poll/{code}/events/"
            return stream_follow(browser, args.stream_port, events, stop, on_data, polling)
        return polling()

    followers = [
        asyncio.create_task(
            following(staff, 1.0, redraw(staff, "staff", f"/poll/{code}/staff/live/"))
        ),
        asyncio.create_task(
            following(
                projector, 0.5, redraw(projector, "projector", f"/poll/{code}/projector/live/")
            )
        ),
    ]
    pressed = []
    for moment in presses:
        await sleep_until(start + moment)
        when = time.monotonic()
        answer = await staff.post(
            "control",
            f"/poll/{code}/control/",
            {"csrfmiddlewaretoken": csrf[0], "action": "next"},
            json_answer=False,
        )
        pressed.append((when, answer.status, answer.timing.done - when))
        if answer.status == 302:  # the browser follows to the staff page
            page = await staff.page("staff", answer.headers["location"][0])
            found = CSRF.search(page.body.decode())
            csrf[0] = found[1] if found else csrf[0]
    await stop.wait()
    await asyncio.gather(*followers)
    return pressed


async def poll_phones(seeds, port, code, rules, start, end, args):
    """Some of the room's phones on the poll until ``end`` (in a load generator process)."""
    log = Log()
    phones = [PollPhone(Browser(port, log)) for _ in seeds]
    stop = asyncio.Event()
    people = [
        asyncio.create_task(poll_phone(phone, code, rules, random.Random(seed), start, stop, args))
        for phone, seed in zip(phones, seeds, strict=True)
    ]
    await sleep_until(end)
    stop.set()
    await asyncio.gather(*people)
    return phones, log


async def poll_room(port, code, phones_n, staff_cookie, rules, rng_seed, args):
    log = Log()
    stop = asyncio.Event()
    questions = len(rules)
    presses = [args.join + 2 + k * args.act / (questions - 1) for k in range(questions - 1)]
    start = time.monotonic()
    staff = asyncio.create_task(
        facilitator(port, code, staff_cookie, log, start, stop, presses, args)
    )
    end = start + presses[-1] + 12  # the last question answered, by most
    phones = await in_processes(
        poll_phones, phones_n, rng_seed, log, port, code, rules, start, end, args
    )
    stop.set()
    pressed = await staff
    return log, phones, pressed


def next_lags(phones: list[PollPhone], pressed, opened: list[str]) -> tuple[list[float], int, int]:
    """From each press of "next" until each phone that had joined before shows the question it
    opened; and how many phones were expected to, and how many did."""
    lags, expected = [], 0
    for (when, _status, _took), version in zip(pressed, opened, strict=True):
        for phone in phones:
            if phone.joined is None or phone.joined > when:
                continue
            expected += 1
            shown = phone.shown_at.get(version)
            if shown is not None and shown >= when:
                lags.append(shown - when)
    return lags, expected, len(lags)


def check_poll(run, phones: list[PollPhone]) -> list[str]:
    from live.participants import participant_token_hash
    from polls.models import Answer

    stored: dict[str, dict[int, list[int]]] = {}
    for token_hash, question, option in Answer.objects.filter(question__run=run).values_list(
        "participant__token_hash", "question_id", "option_id"
    ):
        stored.setdefault(token_hash, {}).setdefault(question, []).append(option)
    problems = []
    for phone in phones:
        if "vote_participant" not in phone.browser.cookies:
            continue
        mine = stored.get(participant_token_hash(code=run.code, token=phone.browser.token()), {})
        # An answer that got no answer may or may not have been stored: its question not checked.
        mine = {q: sorted(options) for q, options in mine.items() if q not in phone.unsure}
        accepted = {
            q: options for q, options in phone.answered.items() if options and q not in phone.unsure
        }
        if mine != accepted:
            problems.append(f"a phone's last accepted answers {accepted}, stored {mine}")
    return problems


# --- Seeding ------------------------------------------------------------------------------------

QUESTIONS = [  # (kind, options, min, max)
    ("single", 4, 1, 1),
    ("multiple", 6, 1, 3),
    ("single", 3, 1, 1),
    ("multiple", 5, 2, 2),
]


def seed_event():
    import datetime

    from events.models import Event
    from recommendations.models import Recommendation, Strategy
    from stakeholders.models import Municipality

    hagen = Municipality.objects.create(name="Hagen", slug="hagen")
    event = Event.objects.create(
        title="Umsetzungskonferenz",
        slug="bench-live",
        kind="umsetzungskonferenz",
        date=datetime.date(2022, 8, 27),
        municipality=hagen,
    )
    strategy = Strategy.objects.create(name="Strategie", slug="bench-live", municipality=hagen)
    recommendations = [
        Recommendation.objects.create(strategy=strategy, slug=f"r{i}", title=f"Empfehlung {i}")
        for i in range(12)
    ]
    return event, recommendations, staff_session_cookie(hagen)


def seed_vote(event, recommendations, code):
    from voting.models import DotVote
    from voting.services import dot_vote_open, vote_items_add

    vote = DotVote.objects.create(event=event, title=f"Punkte {code}", code=code)
    vote_items_add(vote=vote, recommendations=recommendations, labels=[])
    return dot_vote_open(vote=vote)


def seed_run(event, code):
    """A started run of the four questions; the rules of each and the versions "next" opens."""
    from events.models import Poll, PollOption
    from polls.selectors import question_version
    from polls.services import run_create, run_start

    polls = []
    for i, (kind, options, low, high) in enumerate(QUESTIONS):
        poll = Poll.objects.create(
            event=event, question=f"Frage {i + 1}", kind=kind, min_choices=low, max_choices=high
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, text=f"Antwort {j + 1}", order=j) for j in range(options)
        )
        polls.append(poll)
    run = run_create(event=event, title=f"Umfrage {code}", polls=polls, code=code)
    run_start(run=run)
    run.refresh_from_db()
    questions = list(run.questions.order_by("order", "id"))
    rules = {q.pk: (low, high) for q, (_k, _o, low, high) in zip(questions, QUESTIONS, strict=True)}
    opened = []
    for question in questions[1:]:  # as it will be once opened by "next"
        question.status = question.Status.OPEN
        opened.append(question_version(question))
    return run, rules, opened


# --- The server's cost --------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def process_tree(master: int) -> list[int]:
    """A server's master process and its children (gunicorn's workers, nginx's)."""
    pids = [master]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return pids


def cpu_seconds(pids) -> dict[int, float]:
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return found


def database_pids(database_url: str) -> list[int]:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


class Meter:
    """CPU seconds of the app servers' processes (gunicorn's; the staff lane's, the stream
    server's and nginx's when they run) and of the database's backends between two calls."""

    def __init__(self, masters: dict[str, int], database_url: str):
        self.masters, self.database_url = masters, database_url

    def read(self) -> tuple[dict, dict]:
        pids = [pid for master in self.masters.values() for pid in process_tree(master)]
        return cpu_seconds(pids), cpu_seconds(database_pids(self.database_url))

    def by_server(self, before, after) -> dict[str, float]:
        """The app servers' CPU seconds between two readings, per server."""
        return {
            name: sum(
                after[0].get(pid, 0.0) - before[0].get(pid, 0.0) for pid in process_tree(master)
            )
            for name, master in self.masters.items()
        }

    @staticmethod
    def spent(before, after) -> tuple[float, float]:
        return tuple(
            sum(seconds - b.get(pid, 0.0) for pid, seconds in a.items())
            for b, a in zip(before, after, strict=True)
        )


async def sample_rss(master: int, stop: asyncio.Event, peak: dict[int, int]) -> None:
    """The largest resident set of each worker, sampled each second (kB)."""
    while not stop.is_set():
        for pid in process_tree(master)[1:]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"VmRSS:\s+(\d+)", status)
            if found:
                peak[pid] = max(peak.get(pid, 0), int(found[1]))
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except TimeoutError:
            pass


async def loop_lag(stop: asyncio.Event, lags: list[float]) -> None:
    """How late this load generator's own timers fire: when it is late, so are the phones."""
    while not stop.is_set():
        planned = time.monotonic() + 0.1
        await asyncio.sleep(0.1)
        lags.append(time.monotonic() - planned)


async def watched(master: int, work) -> tuple[object, int, float]:
    """Runs ``work``; returns its result, the largest RSS of a worker meanwhile (kB) and the p95
    of the load generator's timer lateness (s)."""
    stop, peak, lags = asyncio.Event(), {}, []
    TIMER_LAGS.clear()
    helpers = [
        asyncio.create_task(sample_rss(master, stop, peak)),
        asyncio.create_task(loop_lag(stop, lags)),
    ]
    result = await work
    stop.set()
    await asyncio.gather(*helpers)
    return result, max(peak.values(), default=0), percentile(lags + TIMER_LAGS, 95)


def cost_of_304(port, meter: Meter, path: str, cookie: str, count: int) -> float:
    """Server CPU (gunicorn and PostgreSQL) in ms per conditional request answered 304."""

    async def measure():
        log = Log()
        first = await Browser(port, log, cookie).request("x", "GET", path)
        headers = {"Accept": "application/json"}
        if "etag" in first.headers:
            headers["If-None-Match"] = first.headers["etag"][0]

        async def client():
            browser = Browser(port, log, cookie)
            for _ in range(count // 10):
                await browser.request("x", "GET", path, headers=headers)

        before = meter.read()
        await asyncio.gather(*(client() for _ in range(10)))
        after = meter.read()
        statuses = Counter(r.status for r in log.requests[1:])
        return sum(Meter.spent(before, after)) * 1000 / (count // 10 * 10), statuses

    ms, statuses = asyncio.run(measure())
    expected = 304 if path.endswith(".json") else 302
    if set(statuses) != {expected}:
        raise SystemExit(f"{path}: expected only {expected}, got {dict(statuses)}")
    return ms


def start_stream_server(port: int, env: dict) -> subprocess.Popen:
    """The ASGI server of the pushed updates (docs/deploy/portal-live.service): uvicorn, one
    process."""
    command = [sys.executable, "-m", "uvicorn", "engagement_portal.asgi:application"]
    command += ["--host", HOST, "--port", str(port), "--no-access-log", "--backlog", "4096"]
    command += ["--timeout-graceful-shutdown", "5"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return wait_until_up(process, port, "/healthz", "uvicorn")


def deployed_gunicorn() -> list[str]:
    """The worker options of docs/deploy/portal.service (class, threads, keep-alive)."""
    service = (ROOT / "docs/deploy/portal.service").read_text()
    command = re.search(r"^ExecStart=(.*?[^\\])$", service, re.M | re.S)[1]
    found = re.findall(r"(--(?:worker-class|threads|keep-alive)) (\S+)", command)
    return [part for option in found for part in option]


FRONT = """daemon off;
worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 8192; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
{upstreams}
    server {{
        listen {host}:{port} backlog=4096;
{locations}
    }}
}}
"""


def start_front(port: int, app_port: int, stream_port: int) -> subprocess.Popen:
    """nginx in front, as deployed: the locations of docs/deploy/nginx-portal.conf (static files
    from the disk, the staff pages to the staff lane's gunicorn on ``port`` + 3, the streams to
    uvicorn, the rest to gunicorn) on plain HTTP, with the upstreams of
    docs/deploy/nginx-upstreams.conf. The bench's addresses carry a port, so Host is passed on as
    the client sent it."""
    locations = (ROOT / "docs/deploy/nginx-portal.conf").read_text()
    upstreams = (ROOT / "docs/deploy/nginx-upstreams.conf").read_text()
    for deployed, here in (
        ("127.0.0.1:8000", f"{HOST}:{app_port}"),
        ("127.0.0.1:8002", f"{HOST}:{port + 3}"),
    ):
        if deployed not in upstreams:
            raise SystemExit(f"docs/deploy/nginx-upstreams.conf: {deployed} not found")
        upstreams = upstreams.replace(deployed, here)
    for deployed, here in (
        ("127.0.0.1:8001", f"{HOST}:{stream_port}"),
        ("/srv/portal/app/staticfiles/", f"{ROOT}/staticfiles/"),
        ("Host $host;", "Host $http_host;"),
    ):
        if deployed not in locations:
            raise SystemExit(f"docs/deploy/nginx-portal.conf: {deployed} not found")
        locations = locations.replace(deployed, here)
    folder = Path(tempfile.mkdtemp(prefix="bench-live-nginx-"))
    config = folder / "nginx.conf"
    config.write_text(
        FRONT.format(
            dir=folder,
            host=HOST,
            port=port,
            upstreams=indent(upstreams, " " * 4),
            locations=indent(locations, " " * 8),
        )
    )
    process = subprocess.Popen(
        ["nginx", "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return wait_until_up(process, port, "/healthz", "nginx", seconds=10)
    except SystemExit:
        print((folder / "error.log").read_text()[-2000:])
        raise


def niced(process: subprocess.Popen | None) -> None:
    """Nice=-5, as portal-live.service and portal-staff.service run: what the facilitator does
    and what the phones are pushed go before the crowd's answers (needs root; else a note)."""
    if process is None:
        return
    try:
        for pid in process_tree(process.pid):
            os.setpriority(os.PRIO_PROCESS, pid, -5)
    except PermissionError:
        print("note: not root, the staff lane and the stream server run at normal priority")


def peak_rss_mb(pid: int | None) -> float:
    if pid is None:
        return 0.0
    found = re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
    return round(int(found[1]) / 1024, 1) if found else 0.0


# --- One run ------------------------------------------------------------------------------------


def one_run(n, index, server, meter, seeded, args) -> tuple[dict, list[str]]:
    event, recommendations, staff_cookie = seeded
    load = os.getloadavg()
    print(f"N={n} run {index}: load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    vote = seed_vote(event, recommendations, f"V{n}R{index}")
    run, rules, opened = seed_run(event, f"P{n}R{index}")
    seed = n * 10 + index
    began = time.monotonic()

    before = meter.read()
    (vote_log, vote_phones, seen), vote_rss, vote_late = asyncio.run(
        watched(server.pid, dot_vote_room(args.port, vote.code, n, staff_cookie, seed, args))
    )
    middle = meter.read()
    (poll_log, poll_phones, pressed), poll_rss, poll_late = asyncio.run(
        watched(server.pid, poll_room(args.port, run.code, n, staff_cookie, rules, seed, args))
    )
    after = meter.read()
    vote_cpu = Meter.spent(before, middle)
    poll_cpu = Meter.spent(middle, after)
    vote_servers = meter.by_server(before, middle)
    poll_servers = meter.by_server(middle, after)

    problems = check_dot_vote(vote, vote_phones) + check_poll(run, poll_phones)
    problems += [f"'next' answered {status}" for _when, status, _took in pressed if status != 302]
    writes = [w for p in vote_phones for w in p.writes]
    write_ms = [1000 * (w.done - w.sent) for w in writes]
    lags = [1000 * lag for lag in projector_lags(vote_phones, seen)]
    next_s, expected, arrived = next_lags(poll_phones, pressed, opened)
    next_ms = [1000 * s for s in next_s]
    answers = [a for p in poll_phones for a in p.answers]
    answer_ms = [1000 * (a.done - a.sent) for a in answers]
    pages = [r for r in vote_log.requests + poll_log.requests if r.kind == "page"]
    errors = vote_log.errors() + poll_log.errors()
    results_cost = cost_of_304(
        args.port, meter, f"/vote/{vote.code}/results.json", staff_cookie, args.conditional
    )
    results_anonymous = cost_of_304(
        args.port, meter, f"/vote/{vote.code}/results.json", "", args.conditional
    )
    state_cost = cost_of_304(args.port, meter, f"/poll/{run.code}/state.json", "", args.conditional)
    state_staff = cost_of_304(
        args.port, meter, f"/poll/{run.code}/state.json", staff_cookie, args.conditional
    )
    trivial_cost = cost_of_304(args.port, meter, "/favicon.ico", "", args.conditional)
    requests = len(vote_log.requests) + len(poll_log.requests)
    figures = {
        "load_average_1min": round(load[0], 2),
        "seconds": round(time.monotonic() - began),
        "requests": requests,
        "page_load_p95_ms": round(percentile([1000 * (p.done - p.sent) for p in pages], 95), 1),
        "vote_writes_accepted": f"{sum(w.status == 200 for w in writes)}/{len(writes)}",
        "vote_write_p50_ms": round(percentile(write_ms, 50), 1),
        "vote_write_p95_ms": round(percentile(write_ms, 95), 1),
        "vote_write_p99_ms": round(percentile(write_ms, 99), 1),
        "projector_polls_304": f"{sum(s.status == 304 for s in seen)}/{len(seen)}",
        "projector_lag_p95_ms": round(percentile(lags, 95), 1),
        "poll_next_answer_max_ms": round(1000 * max(took for *_p, took in pressed), 1),
        "poll_next_shown": f"{arrived}/{expected}",
        "poll_next_shown_p50_ms": round(percentile(next_ms, 50), 1),
        "poll_next_shown_p95_ms": round(percentile(next_ms, 95), 1),
        "poll_next_shown_p99_ms": round(percentile(next_ms, 99), 1),
        "poll_answers_accepted": f"{sum(a.status == 200 for a in answers)}/{len(answers)}",
        "poll_answers_refused_409": sum(a.status == 409 for a in answers),
        "poll_answer_p95_ms": round(percentile(answer_ms, 95), 1),
        "errors": sum(errors.values()),
        "errors_by_status": ", ".join(f"{kind} {s}: {c}" for (s, kind), c in sorted(errors.items()))
        or "-",
        "server_cpu_s_vote": round(vote_cpu[0], 2),
        "server_cpu_s_poll": round(poll_cpu[0], 2),
        "database_cpu_s_vote": round(vote_cpu[1], 2),
        "database_cpu_s_poll": round(poll_cpu[1], 2),
        "worker_max_rss_mb": round(max(vote_rss, poll_rss) / 1024, 1),
        "stream_server_peak_rss_mb": peak_rss_mb(args.stream_pid),
        "cpu_ms_per_304_results_json": round(results_cost, 3),
        "cpu_ms_per_304_results_json_anonymous": round(results_anonymous, 3),
        "cpu_ms_per_304_state_json": round(state_cost, 3),
        "cpu_ms_per_304_state_json_staff": round(state_staff, 3),
        "cpu_ms_per_trivial_favicon": round(trivial_cost, 3),
        "load_generator_timer_late_p95_ms": round(1000 * max(vote_late, poll_late), 1),
        "violations": len(problems),
        "vote_requests_by_kind": by_kind(vote_log),
        "poll_requests_by_kind": by_kind(poll_log),
        "vote_cpu_s_by_server": ", ".join(f"{k} {v:.1f}" for k, v in vote_servers.items()),
        "poll_cpu_s_by_server": ", ".join(f"{k} {v:.1f}" for k, v in poll_servers.items()),
    }
    print("  " + ", ".join(f"{k} {v}" for k, v in list(figures.items())[1:]), flush=True)
    for problem in problems[:10]:
        print("VIOLATION:", problem, flush=True)
    return figures, problems + [f"{s} {kind}: {c} requests" for (s, kind), c in errors.items()]


def median_of(values: list) -> object:
    """The median of numbers; of "accepted/total" figures the median of the accepted share."""
    if all(isinstance(v, (int, float)) for v in values):
        return round(statistics.median(values), 3)
    if all(isinstance(v, str) and re.fullmatch(r"\d+/\d+", v) for v in values):
        shares = [int(a) / int(b) if int(b) else 0 for a, b in (v.split("/") for v in values)]
        return f"{100 * statistics.median(shares):.1f} %"
    return ""


def print_table(n: int, runs: list[dict]) -> None:
    names = list(runs[0])
    head = [f"run {i + 1}" for i in range(len(runs))] + ["median"]
    rows = [
        [name, *[str(r[name]) for r in runs], str(median_of([r[name] for r in runs]))]
        for name in names
    ]
    widths = [max(len(row[i]) for row in [["", *head], *rows]) for i in range(len(head) + 1)]
    print(f"\n== {n} phones ==")
    for row in [["", *head], *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", default="100,300,1000,2000", help="comma-separated N")
    parser.add_argument("--runs", type=int, default=3, help="runs per N; the median is printed")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--generators", type=int, default=2, help="load generator processes")
    parser.add_argument("--join", type=float, default=10.0, help="arrivals spread (s)")
    parser.add_argument("--act", type=float, default=30.0, help="acting time of a phone (s)")
    parser.add_argument("--conditional", type=int, default=1000, help="304s measured per URL")
    parser.add_argument("--port", type=int, default=18475)
    parser.add_argument(
        "--push",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="pushed updates from an ASGI server beside gunicorn (--no-push: phones poll)",
    )
    parser.add_argument("--stream-port", type=int, default=18476)
    parser.add_argument(
        "--nginx",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="nginx in front with docs/deploy/nginx-portal.conf (--no-nginx: straight to gunicorn)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_live"
        ),
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.phones.split(",")]
    global POOL, GENERATORS
    GENERATORS = args.generators
    POOL = ProcessPoolExecutor(args.generators, mp_context=multiprocessing.get_context("spawn"))
    list(POOL.map(time.sleep, [0.5] * args.generators))  # all started before the first run

    env = prepare(args.database_url, LIVE_PUSH="1" if args.push else "0")
    seeded = seed_event()
    app_port = args.port + 2 if args.nginx else args.port
    gunicorn = deployed_gunicorn()
    server = start_server(app_port, args.workers, env, gunicorn)
    staff_lane = start_server(args.port + 3, 2, env, gunicorn) if args.nginx else None
    streams = start_stream_server(args.stream_port, env) if args.push else None
    front = start_front(args.port, app_port, args.stream_port) if args.nginx else None
    niced(staff_lane)
    niced(streams)
    if not args.push:
        args.stream_port = None
    elif front:
        args.stream_port = args.port  # nginx passes the streams on
    named = {"gunicorn": server, "staff gunicorn": staff_lane, "uvicorn": streams, "nginx": front}
    meter = Meter({k: p.pid for k, p in named.items() if p is not None}, args.database_url)
    args.stream_pid = streams.pid if streams else None
    print(
        (
            "nginx in front (static files from the disk, staff pages to a gunicorn of 2 workers); "
            if front
            else "no nginx; "
        )
        + f"gunicorn: {args.workers} workers, {' '.join(gunicorn) or 'sync'}; "
        + ("pushed: uvicorn, 1 process; " if streams else "polled; ")
        + f"{os.cpu_count()} CPUs",
        flush=True,
    )
    results: dict[int, list[dict]] = {}
    problems: list[str] = []
    try:
        # Unmeasured: each worker loads its templates, translations and URLs, as a server that
        # has been running has (the first pages of a fresh worker cost several times more).
        print("Warming up (not measured):", flush=True)
        warming = argparse.Namespace(**{**vars(args), "join": 3.0, "act": 8.0, "conditional": 10})
        problems += one_run(WARM_UP_PHONES, 0, server, meter, seeded, warming)[1]
        for n in sizes:
            for index in range(1, args.runs + 1):
                figures, found = one_run(n, index, server, meter, seeded, args)
                results.setdefault(n, []).append(figures)
                problems += found
            print_table(n, results[n])
    finally:
        for process in (front, server, staff_lane, streams):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        POOL.shutdown()

    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "bench_live.json").write_text(json.dumps(results, indent=2) + "\n")
    if problems:
        print(f"{len(problems)} violations or errors")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
