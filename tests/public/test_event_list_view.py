"""The event list: filters, search, counts, pages and empty states, published events only."""

import datetime

import pytest
from django.urls import reverse

from events.models import Contribution, Event, Quote, Session
from recommendations.models import Recommendation, Strategy
from stakeholders.models import Municipality
from tests.conftest import client_for, make_event
from tests.public.conftest import build_search_index

pytestmark = pytest.mark.django_db


def titles(query: str = "") -> list[str]:
    response = client_for(None).get(reverse("events:list") + query)
    assert response.status_code == 200
    return [event.title for event in response.context["page"].object_list]


@pytest.fixture
def events(hagen, dortmund):
    strategy = Strategy.objects.create(name="Engagementstrategie", slug="es", municipality=hagen)
    konferenz = make_event(
        hagen,
        slug="konferenz",
        title="Umsetzungskonferenz",
        kind=Event.Kind.UMSETZUNGSKONFERENZ,
        date=datetime.date(2022, 8, 27),
    )
    konferenz.strategies.add(strategy)
    konferenz.tags.add("Ehrenamt")
    dialog = make_event(
        dortmund,
        slug="dialog",
        title="Bürgerdialog",
        kind=Event.Kind.BUERGERDIALOG,
        format=Event.Format.ONLINE,
        date=datetime.date(2020, 9, 8),
    )
    dialog.tags.add("Quartier")
    draft = make_event(
        dortmund, slug="entwurf", title="Geheimer Entwurf", published=False, kind="workshop"
    )
    draft.tags.add("Geheimthema")
    return {"konferenz": konferenz, "dialog": dialog, "draft": draft, "strategy": strategy}


def test_it_lists_published_events_newest_first(events):
    assert titles() == ["Umsetzungskonferenz", "Bürgerdialog"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?municipality=hagen", ["Umsetzungskonferenz"]),
        ("?kind=buergerdialog", ["Bürgerdialog"]),
        ("?year=2020", ["Bürgerdialog"]),
        ("?format=online", ["Bürgerdialog"]),
        ("?strategy=es", ["Umsetzungskonferenz"]),
        ("?tag=quartier", ["Bürgerdialog"]),
        ("?municipality=dortmund&year=2022", []),
    ],
)
def test_each_filter_narrows_the_list(events, query, expected):
    assert titles(query) == expected


def test_filters_offer_only_what_published_events_have(events):
    response = client_for(None).get(reverse("events:list"))
    form = response.context["filter"].form
    assert [tag.name for tag in form.fields["tag"].queryset] == ["Ehrenamt", "Quartier"]
    assert [choice[0] for choice in form.fields["year"].choices if choice[0]] == ["2022", "2020"]
    assert "Geheimthema" not in response.content.decode()


def test_an_unknown_filter_value_is_reported_and_does_not_break_the_page(events):
    response = client_for(None).get(reverse("events:list") + "?municipality=atlantis")
    assert response.status_code == 200
    assert "field-error" in response.content.decode()


def test_counts_and_pages(hagen):
    for number in range(23):
        make_event(hagen, slug=f"tagung-{number}", date=datetime.date(2020, 1, 1))
    first = client_for(None).get(reverse("events:list"))
    assert "23 Dokumentationen gefunden" in first.content.decode()
    assert len(first.context["page"].object_list) == 20
    second = client_for(None).get(reverse("events:list") + "?page=2")
    assert len(second.context["page"].object_list) == 3
    assert "Seite 2 von 2" in second.content.decode()


def test_an_empty_result_says_so_and_offers_the_way_back(events):
    html = client_for(None).get(reverse("events:list") + "?q=Raumfahrt").content.decode()
    assert "0 Dokumentationen gefunden" in html
    assert "Keine Dokumentation enthält alle gesuchten Wörter." in html
    assert "Alle Dokumentationen anzeigen" in html


@pytest.fixture
def searchable(events):
    session = Session.objects.create(
        event=events["konferenz"], slug="anlaufstelle", kind="small_group", title="Anlaufstelle"
    )
    Contribution.objects.create(session=session, text="Die Bürgerbeteiligung soll wachsen.")
    Quote.objects.create(event=events["dialog"], text="Die Ehrenamtskarte hilft uns.")
    draft_session = Session.objects.create(
        event=events["draft"], slug="geheim", kind="workshop", title="Geheim"
    )
    Contribution.objects.create(session=draft_session, text="Bürgerbeteiligung im Entwurf")
    Recommendation.objects.create(
        strategy=events["strategy"],
        slug="ehrenamtskarte",
        title="Ehrenamtskarte stärken",
        description="Rabatte für Engagierte.",
    )
    build_search_index()
    return events


def test_search_finds_words_inside_contributions_and_quotes_of_published_events(searchable):
    assert titles("?q=Bürgerbeteiligung") == ["Umsetzungskonferenz"]
    assert titles("?q=Ehrenamtskarte") == ["Bürgerdialog"]


def test_search_shows_where_it_matched_with_the_word_marked(searchable):
    html = client_for(None).get(reverse("events:list") + "?q=Bürgerbeteiligung").content.decode()
    assert 'href="/events/konferenz/#anlaufstelle"' in html
    assert "<mark>Bürgerbeteiligung</mark>" in html
    assert "im Entwurf" not in html


def test_search_results_combine_with_filters(searchable):
    assert titles("?q=Bürgerbeteiligung&municipality=dortmund") == []


def test_search_lists_matching_recommendations_too(searchable):
    html = client_for(None).get(reverse("events:list") + "?q=Ehrenamtskarte").content.decode()
    assert "1 passende Handlungsempfehlung" in html
    assert "Ehrenamtskarte stärken" in html


def test_a_search_of_only_very_short_words_asks_for_a_longer_one(searchable):
    html = client_for(None).get(reverse("events:list") + "?q=a").content.decode()
    assert "mindestens zwei Buchstaben" in html


def test_typed_markup_in_the_search_is_escaped(searchable):
    html = client_for(None).get(reverse("events:list") + "?q=<i>x</i>").content.decode()
    assert "<i>x</i>" not in html


def test_the_home_page_offers_search_and_entry_points_by_municipality_strategy_and_topic(
    events,
):
    html = client_for(None).get(reverse("events:home")).content.decode()
    assert 'role="search"' in html
    assert 'href="/stakeholders/municipalities/hagen/"' in html
    assert "?strategy=es" in html
    assert 'href="/tags/ehrenamt/"' in html
    assert "Geheim" not in html


def test_municipalities_with_only_drafts_are_not_entry_points(events):
    Municipality.objects.create(name="Entwurfstadt", slug="entwurfstadt")
    make_event(Municipality.objects.get(slug="entwurfstadt"), slug="x", published=False)
    assert "Entwurfstadt" not in client_for(None).get(reverse("events:home")).content.decode()


def test_search_results_come_in_pages_with_the_total(hagen):
    for number in range(23):
        event = make_event(hagen, slug=f"tagung-{number}", date=datetime.date(2020, 1, 1))
        Quote.objects.create(event=event, text=f"Ein Repair-Café im Quartier, Nummer {number}")
    build_search_index()
    client = client_for(None)
    second = client.get(reverse("events:list"), {"q": "Repair-Café", "page": 2})
    assert len(second.context["page"].object_list) == 3
    assert "23 Dokumentationen gefunden" in second.content.decode()
    beyond = client.get(reverse("events:list"), {"q": "Repair-Café", "page": 9})
    assert beyond.context["page"].number == 2
    assert len(beyond.context["page"].object_list) == 3
