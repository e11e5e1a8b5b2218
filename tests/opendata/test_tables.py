"""The CSV tables: published content only, in a form Excel and scripts read alike."""

import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def read_table(client, name: str) -> list[dict]:
    response = client.get(reverse(f"opendata_files:{name}"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    content = response.content
    # A byte order mark, so that Excel takes the file for UTF-8; lines end in CRLF.
    assert content.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in content
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_events_table_lists_published_events_only(client, open_world):
    rows = read_table(client, "events_csv")
    assert [row["slug"] for row in rows] == ["hagen-folgekonferenz", "hagen-konferenz"]
    row = rows[1]
    assert row["municipality"] == "Hagen"
    assert row["kind_label"] == "Fachtagung"
    assert row["date"] == "2022-08-27"
    assert row["strategies"] == "es-hagen"
    assert row["url"] == "http://testserver/events/hagen-konferenz/"
    assert row["documentation_json"] == (
        "http://testserver/open-data/documentations/hagen-konferenz.json"
    )


def test_the_recommendations_table_has_public_ones_with_their_points(client, open_world):
    rows = read_table(client, "recommendations_csv")
    assert [(row["slug"], row["points"], row["status_label"]) for row in rows] == [
        ("hagen-zukunftsraete", "17", "Ist in Umsetzung")
    ]
    assert rows[0]["strategy"] == "Engagementstrategie Hagen"


def test_the_points_table_has_each_items_points_per_published_event(client, open_world):
    from recommendations.models import Priority

    event = open_world["event"]
    Priority.objects.create(
        event=event, recommendation=open_world["recommendation"], points=4, source="live"
    )
    Priority.objects.create(event=event, label="Freies Thema: Ehrenamtskarte", points=6)
    Priority.objects.create(event=event, recommendation=open_world["unpublished"], points=9)
    Priority.objects.create(event=open_world["draft"], label="Aus dem Entwurf", points=30)
    rows = read_table(client, "points_csv")
    assert [
        (row["event_slug"], row["item"], row["points_paper"], row["points_live"], row["points"])
        for row in rows
    ] == [
        ("hagen-konferenz", "Zukunftsräte", "17", "4", "21"),
        ("hagen-konferenz", "Freies Thema: Ehrenamtskarte", "6", "0", "6"),
    ]


def test_the_status_history_leaves_out_examples_drafts_and_unpublished_recommendations(
    client, open_world
):
    rows = read_table(client, "status_history_csv")
    assert [(row["recommendation_slug"], row["date"], row["status"]) for row in rows] == [
        ("hagen-zukunftsraete", "2022-09-01", "in_progress")
    ]
    assert rows[0]["note"] == "Erster Zukunftsrat gegründet."
    assert rows[0]["status_label"] == "Ist in Umsetzung"


def test_the_tables_are_german_whatever_the_readers_language(client, open_world):
    client.cookies["django_language"] = "en"
    rows = read_table(client, "events_csv")
    assert rows[1]["kind_label"] == "Fachtagung"
