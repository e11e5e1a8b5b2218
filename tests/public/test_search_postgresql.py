"""Full-text search on PostgreSQL: German stemming, parts of compound words, ranking,
highlighting, and a search index that follows every change of the documentation."""

import pytest
from django.db import connection
from django.urls import reverse

from events.models import Contribution, Event, Quote, SearchDocument, Session
from events.search import prepare
from recommendations.models import Recommendation, Strategy
from tests.conftest import client_for, make_event
from tests.public.conftest import build_search_index

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def found(query: str) -> list[str]:
    response = client_for(None).get(reverse("events:list"), {"q": query})
    return [event.slug for event in response.context["page"].object_list]


def contribution(event: Event, text: str) -> Contribution:
    session, _ = Session.objects.get_or_create(
        event=event, slug="tisch", defaults={"kind": "thematic_table", "title": "Thementisch"}
    )
    return Contribution.objects.create(session=session, text=text)


@pytest.fixture
def hagen_event(hagen):
    return make_event(hagen, slug="hagen", title="Umsetzungskonferenz")


def test_a_word_finds_the_compounds_that_contain_it(hagen_event, dortmund):
    contribution(hagen_event, "Mehr Bürgerbeteiligung bei Entscheidungen")
    dialog = make_event(dortmund, slug="dialog", title="Dialog")
    Quote.objects.create(event=dialog, text="Die Ehrenamtskarte sollte stärker beworben werden.")
    build_search_index()
    assert found("Beteiligung") == ["hagen"]
    assert found("Ehrenamt") == ["dialog"]


def test_the_compound_is_highlighted_in_the_snippet(hagen_event):
    contribution(hagen_event, "Mehr Bürgerbeteiligung bei Entscheidungen")
    build_search_index()
    html = client_for(None).get(reverse("events:list"), {"q": "Beteiligung"}).content.decode()
    assert "<mark>Bürgerbeteiligung</mark>" in html


def test_german_inflections_are_found(hagen_event):
    contribution(hagen_event, "In den Quartieren fehlen Räume für Vereine.")
    build_search_index()
    assert found("Quartier") == ["hagen"]
    assert found("Verein") == ["hagen"]


def test_every_word_must_occur(hagen_event):
    contribution(hagen_event, "Räume für Vereine")
    build_search_index()
    assert found("Räume Vereine") == ["hagen"]
    assert found("Räume Raumfahrt") == []


def test_a_match_in_the_title_ranks_above_a_match_in_a_contribution(hagen, hagen_event):
    titled = make_event(hagen, slug="titel", title="Zukunftsräte in Hagen", date=hagen_event.date)
    contribution(hagen_event, "Die Zukunftsräte wurden diskutiert.")
    build_search_index()
    assert found("Zukunftsräte") == [titled.slug, "hagen"]


def test_the_index_follows_edits_and_deletions(hagen_event):
    bullet = contribution(hagen_event, "Ein Repair-Café im Stadtteil")
    build_search_index()
    assert found("Repair-Café") == ["hagen"]
    bullet.text = "Ein Nachbarschaftsgarten"
    bullet.save()
    build_search_index()
    assert found("Repair-Café") == []
    assert found("Nachbarschaftsgarten") == ["hagen"]
    bullet.delete()
    build_search_index()
    assert found("Nachbarschaftsgarten") == []


def test_unpublished_and_deleted_events_leave_the_results(hagen_event):
    contribution(hagen_event, "Ein Nachbarschaftsgarten")
    build_search_index()
    hagen_event.unpublish()
    build_search_index()
    assert found("Nachbarschaftsgarten") == []
    hagen_event.publish()
    build_search_index()
    assert found("Nachbarschaftsgarten") == ["hagen"]
    pk = hagen_event.pk
    hagen_event.delete()
    build_search_index()
    assert not SearchDocument.objects.filter(event_id=pk).exists()


def test_snippets_are_escaped_before_they_are_marked(hagen_event):
    contribution(hagen_event, 'Kosten < 5 & "Zitat" <img src=x onerror=alert(1)> Bürgerbeteiligung')
    build_search_index()
    html = client_for(None).get(reverse("events:list"), {"q": "Beteiligung"}).content.decode()
    assert "<img" not in html
    assert "Kosten &lt; 5 &amp; &quot;Zitat&quot;" in html
    assert "<mark>Bürgerbeteiligung</mark>" in html


def test_the_typed_words_are_widened_by_known_compounds(hagen_event):
    contribution(hagen_event, "Ehrenamtskarte und Ehrenamtskoordination")
    build_search_index()
    tsquery = prepare("Ehrenamt").tsquery
    assert "'ehrenamtskart'" in tsquery and "'ehrenamtskoordination'" in tsquery


def test_recommendations_are_found_by_parts_of_compounds(hagen, hagen_event):
    strategy = Strategy.objects.create(name="Strategie", slug="strategie", municipality=hagen)
    hagen_event.strategies.add(strategy)
    Recommendation.objects.create(strategy=strategy, slug="karte", title="Ehrenamtskarte stärken")
    Recommendation.objects.create(strategy=strategy, slug="raete", title="Zukunftsräte")
    contribution(hagen_event, "Die Ehrenamtskarte bekannter machen")
    build_search_index()
    response = client_for(None).get(reverse("recommendations:list"), {"q": "Ehrenamt"})
    assert [r.slug for r in response.context["page"].object_list] == ["karte"]


def test_the_search_document_uses_the_gin_index(hagen_event):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'events_searchdocument'")
        definitions = " ".join(row[0] for row in cursor.fetchall())
    assert "USING gin (document)" in definitions
