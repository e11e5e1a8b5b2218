"""The open-data page lists every dataset with its format, licence, size and last change."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_it_lists_the_tables_and_published_documentations_with_the_licence(client, open_world):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Offene Daten" in html
    for path in [
        "/open-data/events.csv",
        "/open-data/recommendations.csv",
        "/open-data/points.csv",
        "/open-data/status-history.csv",
        "/open-data/documentations/hagen-konferenz.json",
        "/open-data/documentations/hagen-konferenz.yaml",
        "/open-data/catalog.jsonld",
    ]:
        assert f'href="{path}"' in html, path
    assert "hagen-entwurf" not in html
    assert 'href="https://www.govdata.de/dl-de/by-2-0" rel="license"' in html
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in html
    tables = {item["table"].name: item["count"] for item in response.context["tables"]}
    assert tables == {
        "events_csv": 2,
        "recommendations_csv": 1,
        "points_csv": 1,
        "status_history_csv": 1,
    }


def test_it_is_in_english_under_en(client, open_world):
    with translation.override("en"):
        url = reverse("opendata:index")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Open data" in html
    assert "Tables (CSV)" in html


@override_settings(
    OPEN_DATA_LICENCE_NAME="Creative Commons Namensnennung 4.0",
    OPEN_DATA_LICENCE_URL="https://creativecommons.org/licenses/by/4.0/deed.de",
)
def test_the_licence_comes_from_the_settings(client, hagen_world):
    html = client.get(reverse("opendata:index")).content.decode()
    assert "Creative Commons Namensnennung 4.0" in html
    assert "https://creativecommons.org/licenses/by/4.0/deed.de" in html


def test_every_page_links_it_in_the_footer(client, hagen_world):
    html = client.get(reverse("events:home")).content.decode()
    assert f'href="{reverse("opendata:index")}"' in html


def test_the_page_needs_a_fixed_number_of_queries(
    client, open_world, django_assert_max_num_queries
):
    # Four table counts, the documentations, their number and last change.
    with django_assert_max_num_queries(7):
        assert client.get(reverse("opendata:index")).status_code == 200
