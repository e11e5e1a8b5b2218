"""Benchmark of the public pages (`make bench-pages`): server time of list, search and detail.

Generates 10,000 published events with sessions, contributions (some with sub-bullets),
quotes and an outline (a chapter per session), their text drawn from the demo documentations,
with bulk_create, then requests pages
in-process through Django's test client and prints p50 / p95 of the server time (request to
response, rendering included) and the number of queries per page, on SQLite and on PostgreSQL.

Not a test: the figures depend on the machine. Each database is measured in its own process
(Django's settings are per process); data are generated once and kept for the next run.

Options: --events, --requests, --database sqlite|postgresql|both, --fresh.
PostgreSQL: BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/portal_bench_pages
(the database is created if missing). SQLite: bench-results/bench_pages.sqlite3.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_pages"
)
SESSIONS_PER_EVENT = 5
CONTRIBUTIONS_PER_SESSION = 10
QUOTES_PER_EVENT = 2
# Common and rare words, single and combined, compound parts: what citizens type.
SEARCHES = [
    "Engagement",
    "Beteiligung",
    "Ehrenamt",
    "Quartier",
    "Zukunftsräte",
    "Nachbarschaftshilfe",
    "Jugend",
    "digital",
    "Barrierefreiheit",
    "Freiwilligenagentur",
    "Ehrenamt Quartier",
    "Anerkennung Kultur",
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- Parent: one child process per database ------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60, help="per page kind")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--fresh", action="store_true", help="generate the data again")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        run_child(options)
        return

    RESULTS.mkdir(exist_ok=True)
    databases = ["sqlite", "postgresql"] if options.database == "both" else [options.database]
    reports = []
    for database in databases:
        url = (
            f"sqlite:///{RESULTS / 'bench_pages.sqlite3'}" if database == "sqlite" else POSTGRES_URL
        )
        if database == "postgresql":
            create_postgres_database(url)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-only",
            "DEBUG": "0",
            "TESTING": "1",
            "ALLOWED_HOSTS": "testserver",
            "LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "engagement_portal.settings",
            "PYTHONPATH": str(ROOT),
        }
        arguments = [
            sys.executable,
            __file__,
            "--child",
            database,
            "--events",
            str(options.events),
            "--requests",
            str(options.requests),
        ]
        if options.fresh:
            arguments.append("--fresh")
        subprocess.run(arguments, env=env, check=True, cwd=ROOT)
        reports.append(json.loads((RESULTS / f"pages-{database}.json").read_text()))
    print_table(reports)


def create_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def print_table(reports: list[dict]) -> None:
    print()
    print(f"{'database':<11}{'page':<8}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'requests':>10}")
    for report in reports:
        for page, figures in report["pages"].items():
            print(
                f"{report['database']:<11}{page:<8}{figures['p50']:>9.1f}{figures['p95']:>9.1f}"
                f"{figures['queries']:>9}{figures['requests']:>10}"
            )
    for report in reports:
        print(
            f"{report['database']}: {report['events']} events, {report['sessions']} sessions, "
            f"{report['contributions']} contributions, {report['quotes']} quotes; "
            f"generated in {report['generated_seconds']:.0f} s"
            + (" (kept from an earlier run)" if report["kept"] else "")
        )
    slowest = {
        report["database"]: report["search_by_word"]
        for report in reports
        if "search_by_word" in report
    }
    for database, words in slowest.items():
        print(f"{database} search p50 by word (ms): " + ", ".join(f"{w} {t:.0f}" for w, t in words))


# --- Child: generate and measure on one database -------------------------------------------


def run_child(options) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    kept = not options.fresh and generated_already(options.events)
    if not kept:
        generate(options.events)
    generated_seconds = time.perf_counter() - started
    report = measure(options)
    report.update(database=options.child, generated_seconds=generated_seconds, kept=kept)
    (RESULTS / f"pages-{options.child}.json").write_text(json.dumps(report, indent=2))


def generated_already(count: int) -> bool:
    from events.models import Event

    return Event.objects.filter(slug__startswith="bench-").count() == count


def demo_texts() -> list[str]:
    import yaml

    texts = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"text", "description", "conclusion", "summary", "goal"} and isinstance(
                    value, str
                ):
                    texts.append(" ".join(value.split()))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "demo" / "documentations").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return texts


def generate(count: int) -> None:
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from events.models import Chapter, Contribution, Event, Part, Quote, Session
    from recommendations.models import Strategy
    from stakeholders.models import Municipality

    rng = random.Random(4)
    texts = demo_texts()
    print(f"[{connection.vendor}] generating {count} events …", flush=True)
    with transaction.atomic():
        Event.objects.filter(slug__startswith="bench-").delete()
        municipalities = [
            Municipality.objects.get_or_create(
                slug=f"bench-kommune-{n}", defaults={"name": f"Musterstadt {n}"}
            )[0]
            for n in range(50)
        ]
        strategies = [
            Strategy.objects.get_or_create(
                slug=f"bench-strategie-{n}",
                defaults={"name": f"Engagementstrategie {n}", "municipality": municipalities[n]},
            )[0]
            for n in range(20)
        ]
        tags = [
            Tag.objects.get_or_create(name=f"Thema {n}", slug=f"thema-{n}")[0] for n in range(30)
        ]
        now = timezone.now()
        kinds = [kind for kind, _ in Event.Kind.choices]
        formats = [value for value, _ in Event.Format.choices]
        events = Event.objects.bulk_create(
            [
                Event(
                    title=f"{rng.choice(texts)[:120]} ({n})",
                    slug=f"bench-{n}",
                    kind=rng.choice(kinds),
                    format=rng.choice(formats),
                    date=datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randrange(4000)),
                    municipality=rng.choice(municipalities),
                    summary=rng.choice(texts),
                    goal=rng.choice(texts),
                    status=Event.Status.PUBLISHED,
                    published_at=now,
                )
                for n in range(count)
            ],
            batch_size=2000,
        )
        Event.strategies.through.objects.bulk_create(
            [
                Event.strategies.through(event_id=event.pk, strategy_id=rng.choice(strategies).pk)
                for event in events
            ],
            batch_size=5000,
        )
        event_type = ContentType.objects.get_for_model(Event)
        TaggedItem.objects.bulk_create(
            [
                TaggedItem(tag=tag, content_type=event_type, object_id=event.pk)
                for event in events
                for tag in rng.sample(tags, 2)
            ],
            batch_size=5000,
        )
        sessions = Session.objects.bulk_create(
            [
                Session(
                    event=event,
                    slug=f"thementisch-{number}",
                    kind=Session.Kind.THEMATIC_TABLE,
                    title=rng.choice(texts)[:200],
                    description=rng.choice(texts),
                    conclusion_label="Fazit",
                    conclusion=rng.choice(texts),
                    order=number,
                )
                for event in events
                for number in range(SESSIONS_PER_EVENT)
            ],
            batch_size=5000,
        )
        categories = ["Was läuft gut?", "Was läuft noch nicht so gut?", "Handlungsbedarfe"]
        roots = Contribution.objects.bulk_create(
            [
                Contribution(
                    session=session,
                    category=categories[number % 3],
                    text=rng.choice(texts),
                    order=number,
                )
                for session in sessions
                for number in range(CONTRIBUTIONS_PER_SESSION - 2)
            ],
            batch_size=5000,
        )
        # Two sub-bullets per session, under its first bullet.
        Contribution.objects.bulk_create(
            [
                Contribution(
                    session_id=root.session_id,
                    parent=root,
                    category=root.category,
                    text=rng.choice(texts),
                    order=100 + number,
                )
                for root in roots[:: CONTRIBUTIONS_PER_SESSION - 2]
                for number in range(2)
            ],
            batch_size=5000,
        )
        Quote.objects.bulk_create(
            [
                Quote(event=event, text=rng.choice(texts), context=Quote.Context.CLOSING)
                for event in events
                for _ in range(QUOTES_PER_EVENT)
            ],
            batch_size=5000,
        )
        # Each documentation in its own outline, as a city's document reads: the goal, a
        # chapter per thematic table, the closing round.
        chapters = Chapter.objects.bulk_create(
            [
                Chapter(event=event, number=str(number + 1), title=title, order=number)
                for event in events
                for number, title in enumerate(
                    ["Ziel der Veranstaltung"]
                    + [f"Thementisch {n + 1}" for n in range(SESSIONS_PER_EVENT)]
                    + ["Schlussrunde"]
                )
            ],
            batch_size=5000,
        )
        per_event = SESSIONS_PER_EVENT + 2
        Part.objects.bulk_create(
            [
                Part(chapter=chapter, kind=Part.Kind.GOAL)
                if position == 0
                else Part(chapter=chapter, kind=Part.Kind.CLOSING)
                if position == per_event - 1
                else Part(
                    chapter=chapter,
                    kind=Part.Kind.SESSION,
                    session=sessions[event_number * SESSIONS_PER_EVENT + position - 1],
                )
                for index, chapter in enumerate(chapters)
                for event_number, position in [divmod(index, per_event)]
            ],
            batch_size=5000,
        )
        if connection.vendor == "postgresql":
            # The search documents are rebuilt at commit by the triggers of migration 0005; their
            # queries need statistics that know about the rows just written.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"[{connection.vendor}] rows written; committing (search index) …", flush=True)
        committing = time.perf_counter()
    print(
        f"[{connection.vendor}] committed in {time.perf_counter() - committing:.0f} s", flush=True
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def measure(options) -> dict:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from events.models import Contribution, Event, Quote, Session

    rng = random.Random(7)
    client = Client()
    slugs = list(Event.objects.filter(slug__startswith="bench-").values_list("slug", flat=True))
    pages_count = max(1, len(slugs) // 20)
    municipalities = [f"bench-kommune-{n}" for n in range(50)]

    def list_url():
        choice = rng.random()
        if choice < 0.5:
            return f"/events/?page={rng.randrange(1, pages_count + 1)}"
        if choice < 0.8:
            return f"/events/?municipality={rng.choice(municipalities)}"
        return f"/events/?year={rng.randrange(2014, 2025)}&page=2"

    kinds = {
        "list": list_url,
        "search": lambda: "/events/?q=" + rng.choice(SEARCHES),
        "detail": lambda: f"/events/{rng.choice(slugs)}/",
    }
    report = {
        "events": len(slugs),
        "sessions": Session.objects.filter(event__slug__startswith="bench-").count(),
        "contributions": Contribution.objects.filter(
            session__event__slug__startswith="bench-"
        ).count(),
        "quotes": Quote.objects.filter(event__slug__startswith="bench-").count(),
        "pages": {},
    }
    by_word: dict[str, list[float]] = {}
    for kind, make_url in kinds.items():
        for _ in range(5):  # warm up: templates, connection, caches
            client.get(make_url())
        timings, queries = [], set()
        for _ in range(options.requests):
            url = make_url()
            reset_queries()
            with CaptureQueriesContext(connection) as context:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, url
            timings.append(elapsed)
            queries.add(len(context.captured_queries))
            if kind == "search":
                by_word.setdefault(url.split("q=", 1)[1], []).append(elapsed)
        report["pages"][kind] = {
            "p50": percentile(timings, 50),
            "p95": percentile(timings, 95),
            "mean": statistics.mean(timings),
            "queries": "/".join(str(q) for q in sorted(queries)),
            "requests": len(timings),
        }
    report["search_by_word"] = sorted(
        ((word, statistics.median(values)) for word, values in by_word.items()),
        key=lambda item: -item[1],
    )
    return report


if __name__ == "__main__":
    main()
