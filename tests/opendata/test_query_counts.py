"""The open-data files need a fixed number of queries, whatever the amount of content: the same
for a documentation (and for all tables) ten times as large. Numbers pinned; say why they change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stakeholders.models import Municipality
from tests.public.builders import build_documentation

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_a_documentation_file_ten_times_as_large_needs_the_same_queries(client):
    town = Municipality.objects.create(name="Musterstadt", slug="musterstadt")
    small = build_documentation(town, slug="klein", scale=1)
    large = build_documentation(town, slug="gross", scale=10)
    assert large.sessions.count() == 10 * small.sessions.count()
    for name in ("documentation_json", "documentation_yaml"):
        small_queries = queries_for(client, reverse(f"opendata_files:{name}", args=[small.slug]))
        large_queries = queries_for(client, reverse(f"opendata_files:{name}", args=[large.slug]))
        assert large_queries == small_queries, name
        # The event; the exporter's reads of each related table (sessions with their tags,
        # contributions, roles, quotes, practice examples with their contacts, points, additions,
        # polls, outline, photos, files, self-assessment and its framework, the strategies with
        # their action fields, recommendations, status changes and tags); the networks; then
        # the public filter: published strategies and published events of the status history.
        assert small_queries == 52, name


@pytest.mark.parametrize(
    "name, expected",
    [
        ("events_csv", 3),  # events with municipality and network; strategies; tags
        ("recommendations_csv", 1),  # points summed in the same query
        ("points_csv", 1),
        ("status_history_csv", 1),
        ("catalog", 3),  # the last change; events with municipality; their tags
    ],
)
def test_each_table_and_the_catalogue_need_the_same_queries_for_ten_times_the_content(
    client, name, expected
):
    url = reverse(f"opendata_files:{name}")
    town = Municipality.objects.create(name="Musterstadt", slug="musterstadt")
    build_documentation(town, slug="eins", scale=1)
    one = queries_for(client, url)
    for n in range(9):
        build_documentation(town, slug=f"weitere-{n}", scale=1)
    assert queries_for(client, url) == one == expected
