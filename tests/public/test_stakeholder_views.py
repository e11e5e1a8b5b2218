"""Municipalities, organisations and practice examples with their contacts; drafts hidden."""

import pytest
from django.urls import reverse

from stakeholders.models import Municipality, Organisation, Person, PracticeExample
from tests.conftest import client_for, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hagen, dortmund):
    event = make_event(hagen, slug="konferenz", title="Umsetzungskonferenz")
    agency = Organisation.objects.create(
        name="Freiwilligenzentrale Hagen",
        slug="fz-hagen",
        sector="civil_society",
        municipality=hagen,
    )
    city = Organisation.objects.create(
        name="Stadt Hagen", slug="stadt-hagen", sector="administration", municipality=hagen
    )
    event.organisers.add(city)
    event.partners.add(agency)
    contact = Person.objects.create(
        name="Erika Muster", slug="erika", function="Leitung", publish_name=True
    )
    PracticeExample.objects.create(
        title="Lernkarussell Bonn",
        slug="bonn",
        event=event,
        municipality=hagen,
        contact_person=contact,
        phone="0228 77",
        email="ehrenamt@bonn.de",
        homepage="www.bonn.de",
    )
    lonely = Municipality.objects.create(name="Entwurfstadt", slug="entwurfstadt")
    draft = make_event(lonely, slug="entwurf", published=False)
    secret = Organisation.objects.create(name="Geheimverein", slug="geheim", sector="other")
    draft.organisers.add(secret)
    PracticeExample.objects.create(title="Geheimes Beispiel", slug="geheim", event=draft)
    return {"event": event, "agency": agency, "city": city}


def page(url: str) -> str:
    response = client_for(None).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_index_lists_public_municipalities_organisations_and_examples_with_contacts(world):
    html = page(reverse("stakeholders:index"))
    for shown in ["Hagen", "Freiwilligenzentrale Hagen", "Stadt Hagen", "Lernkarussell Bonn"]:
        assert shown in html
    assert "Erika Muster" in html and "0228 77" in html and 'href="https://www.bonn.de"' in html
    for hidden in ["Entwurfstadt", "Geheimverein", "Geheimes Beispiel"]:
        assert hidden not in html


def test_the_index_filters_by_municipality_and_sector(world, dortmund):
    make_event(dortmund, slug="dialog")
    html = page(reverse("stakeholders:index") + "?sector=administration")
    assert "Stadt Hagen" in html and "Freiwilligenzentrale Hagen" not in html
    html = page(reverse("stakeholders:index") + "?municipality=dortmund")
    assert "Lernkarussell Bonn" not in html


def test_municipality_and_organisation_pages_show_their_published_events(world):
    assert "Umsetzungskonferenz" in page(reverse("stakeholders:municipality", args=["hagen"]))
    organiser = page(reverse("stakeholders:organisation", args=["stadt-hagen"]))
    assert "Veranstaltet" in organiser and "Umsetzungskonferenz" in organiser
    partner = page(reverse("stakeholders:organisation", args=["fz-hagen"]))
    assert "Als Partner beteiligt" in partner


@pytest.mark.parametrize(
    "url",
    [
        reverse("stakeholders:municipality", args=["entwurfstadt"]),
        reverse("stakeholders:organisation", args=["geheim"]),
        reverse("stakeholders:practice_example", args=["geheim"]),
    ],
)
def test_what_only_drafts_show_is_404(world, url):
    assert client_for(None).get(url).status_code == 404


def test_the_practice_example_page_gives_the_contact_and_the_event(world):
    html = page(reverse("stakeholders:practice_example", args=["bonn"]))
    assert "Erika Muster" in html and "ehrenamt@bonn.de" in html
    assert world["event"].get_absolute_url() in html
