"""Topic pages and the Atom feed show published content only."""

import pytest
from django.urls import reverse

from events.models import Session
from recommendations.models import Recommendation, Strategy
from tests.conftest import client_for, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(hagen):
    event = make_event(hagen, slug="konferenz", title="Umsetzungskonferenz")
    event.tags.add("Aktionsräume")
    session = Session.objects.create(
        event=event, slug="orte", kind="thematic_table", title="Orte der Begegnung"
    )
    session.tags.add("Quartier")
    strategy = Strategy.objects.create(name="Strategie", slug="strategie", municipality=hagen)
    event.strategies.add(strategy)
    Recommendation.objects.create(strategy=strategy, slug="raete", title="Zukunftsräte").tags.add(
        "Quartier"
    )
    draft = make_event(hagen, slug="entwurf", title="Geheimer Entwurf", published=False)
    draft.tags.add("Quartier", "Geheimthema")
    return event


def test_a_topic_page_shows_published_events_sessions_and_recommendations(tagged):
    html = client_for(None).get(reverse("events:tag", args=["quartier"])).content.decode()
    assert "Orte der Begegnung" in html and "Zukunftsräte" in html
    assert "Geheimer Entwurf" not in html


def test_topics_keep_their_umlauts_in_the_address(tagged):
    response = client_for(None).get(reverse("events:tag", args=["aktionsräume"]))
    assert response.status_code == 200
    assert "Umsetzungskonferenz" in response.content.decode()


def test_a_topic_of_drafts_only_is_404(tagged):
    assert client_for(None).get(reverse("events:tag", args=["geheimthema"])).status_code == 404


def test_the_feed_lists_published_documentations_only(tagged):
    response = client_for(None).get(reverse("events:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Umsetzungskonferenz" in body and "Geheimer Entwurf" not in body
