"""Every public page needs a fixed number of queries, whatever the size of the documentation.

The numbers are pinned; when one changes, say here why.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Contribution, Event
from stakeholders.models import Municipality, Organisation, PracticeExample
from tests.public.builders import build_documentation, import_enlarged
from tests.public.conftest import DEMO_EVENTS, LARGEST_DEMO_EVENT, build_search_index

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"
DEMO_FILE = settings.BASE_DIR / "demo" / "documentations" / "001-nrw-fachkongress-2015.yaml"


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_the_largest_demo_event_and_a_copy_ten_times_its_size_need_the_same_queries(
    demo_content, client
):
    enlarged = import_enlarged(DEMO_FILE, factor=10, slug="fachkongress-zehnfach")
    demo = Event.objects.get(slug=LARGEST_DEMO_EVENT)
    assert Contribution.objects.filter(session__event=enlarged).count() == (
        10 * Contribution.objects.filter(session__event=demo).count()
    )
    assert enlarged.roles.count() == 10 * demo.roles.count()

    demo_queries = queries_for(client, demo.get_absolute_url())
    assert queries_for(client, enlarged.get_absolute_url()) == demo_queries
    # The event, with a flag for each part it may have; then organisers, partners, tags,
    # sections, roles, quotes, sessions (+ their tags), contributions, practice examples (+
    # further contacts); its outline: chapters, parts and groups of quotes (3). Parts it lacks
    # cost nothing: participant groups and guiding questions, since the page gives them in the
    # original's sentences; photos and files too, since the outline places them (one flag each
    # in the event's query).
    assert demo_queries == 16


def test_an_event_with_every_part_needs_the_same_queries_at_ten_times_the_size(db, client):
    town = Municipality.objects.create(name="Musterstadt", slug="musterstadt")
    small = build_documentation(town, slug="klein", scale=1)
    large = build_documentation(town, slug="gross", scale=10)
    assert large.sessions.count() == 10 * small.sessions.count()

    small_queries = queries_for(client, small.get_absolute_url())
    assert queries_for(client, large.get_absolute_url()) == small_queries
    # Every part: the event and 18 related tables, session tags, further contacts, poll
    # options, and the self-assessment's framework, fields, criteria, results, ratings,
    # respondents and previous assessment.
    assert small_queries == 32


@pytest.mark.parametrize(
    "slug, expected",
    [
        # Outline: chapters, parts, quote groups, texts (+4); no agenda, participant groups (-2)
        ("dortmund-fachtagung-aktionsraeume-2022", 14),
        ("hagen-umsetzungskonferenz-2022", 16),  # points, additions, outline (3); no agreements
        # The self-assessment: 8 queries; outline: chapters, parts, quote groups, their quotes (+4)
        ("dessau-rosslau-selbstcheck-2020", 25),
        ("dortmund-digitaler-buergerdialog-1", 16),  # polls, options; chapters, parts (2)
    ],
)
def test_each_demo_event_page_needs_a_fixed_number_of_queries(demo_content, client, slug, expected):
    assert slug in DEMO_EVENTS
    assert queries_for(client, reverse("events:detail", args=[slug])) == expected


# Searching on PostgreSQL ranks the search documents, then reads the page's events by id; it
# adds the widening of the words and the snippets, and a transaction
# that switches off sequential scans (events.search.planned_for_search: in tests a savepoint,
# SET LOCAL, release); on SQLite the snippets come from the events' texts and their
# contributions, two queries.
LIST_PAGES = [
    ("events:home", "", 4),  # latest events, municipalities, strategies, topics
    ("events:list", "", 6),  # count, page, and the choices of four filters
    ("events:list", "?q=Beteiligung", 14 if POSTGRESQL else 10),
    ("events:list", "?q=Ehrenamt&municipality=hagen", 15 if POSTGRESQL else 11),
    (
        "events:list",
        "?kind=fachtagung&year=2022&format=in_person&strategy=engagementstrategie-hagen&tag=quartier",
        7,  # the years once, the other three choices validated by one query each
    ),
    ("events:feed", "", 1),
    ("recommendations:list", "", 4),
    ("recommendations:list", "?q=Ehrenamt", 5 if POSTGRESQL else 4),
    ("recommendations:list", "?strategy=engagementstrategie-hagen&status=in_progress", 5),
    ("stakeholders:index", "", 6),
    ("stakeholders:index", "?municipality=hagen&sector=administration", 6),
]


@pytest.mark.parametrize("name, query, expected", LIST_PAGES)
def test_each_list_page_needs_a_fixed_number_of_queries(
    demo_content, client, name, query, expected
):
    assert queries_for(client, reverse(name) + query) == expected


def test_detail_pages_around_the_documentation_need_a_fixed_number_of_queries(demo_content, client):
    organisation = Organisation.objects.filter(organised_events__isnull=False).first()
    example = PracticeExample.objects.order_by("pk").first()
    pages = {
        reverse("recommendations:detail", args=["hagen-zukunftsraete"]): 7,
        reverse("stakeholders:municipality", args=["hagen"]): 6,
        reverse("stakeholders:municipality", args=["luenen"]): 7,
        reverse("stakeholders:organisation", args=[organisation.slug]): 4,
        reverse("stakeholders:practice_example", args=[example.slug]): 2,
        reverse("events:tag", args=["quartier"]): 4,
    }
    assert {url: queries_for(client, url) for url in pages} == pages


def test_the_search_needs_the_same_queries_for_ten_times_more_matches(db, client):
    town = Municipality.objects.create(name="Musterstadt", slug="musterstadt")
    build_documentation(town, slug="klein", scale=1)
    build_search_index()
    few = queries_for(client, reverse("events:list") + "?q=Thementisch")
    for number in range(10):
        build_documentation(town, slug=f"weitere-{number}", scale=1)
    build_search_index()
    assert queries_for(client, reverse("events:list") + "?q=Thementisch") == few


def _outline(event) -> None:
    """Chapters as a city would write them: one per session, the quotes under a lead."""
    from events.models import Chapter, Part, QuoteGroup

    group = QuoteGroup.objects.create(event=event, lead="Stimmen vom Podium")
    event.quotes.filter(session__isnull=True).update(group=group)
    opening = Chapter.objects.create(event=event, number="1", title="Begrüßung", order=0)
    Part.objects.create(chapter=opening, kind=Part.Kind.QUOTES, quote_group=group)
    Part.objects.create(chapter=opening, kind=Part.Kind.AGENDA, order=1)
    for number, session in enumerate(event.sessions.all(), start=2):
        chapter = Chapter.objects.create(
            event=event, number=str(number), title=session.title, order=number
        )
        Part.objects.create(chapter=chapter, kind=Part.Kind.SESSION, session=session)


def test_an_outline_costs_the_same_queries_at_ten_times_the_size(db, client):
    town = Municipality.objects.create(name="Musterstadt", slug="musterstadt")
    small = build_documentation(town, slug="klein", scale=1)
    large = build_documentation(town, slug="gross", scale=10)
    without = queries_for(client, small.get_absolute_url())
    _outline(small)
    _outline(large)
    assert large.chapters.count() > 10 * (small.chapters.count() - 1)
    small_queries = queries_for(client, small.get_absolute_url())
    assert queries_for(client, large.get_absolute_url()) == small_queries
    # The chapters with their parts (two queries) and the groups of quotes (one).
    assert small_queries == without + 3
