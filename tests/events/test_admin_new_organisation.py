"""A new organiser or partner is typed in on the event's form, without a popup window, and
belongs to the event's municipality; nobody creates one in another town by it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from events.models import Event
from stakeholders.models import EditorMembership, Municipality, Organisation
from tests.admin_forms import unchanged_form_data
from tests.conftest import client_for, make_editor

pytestmark = pytest.mark.django_db


def _event_form(client, event) -> tuple[str, dict]:
    url = reverse("admin:events_event_change", args=[event.pk])
    return url, unchanged_form_data(client.get(url))


@pytest.mark.parametrize("relation", ["organisers", "partners"])
def test_a_new_organisation_typed_in_belongs_to_the_events_town(
    hagen_world, hagen_editor, relation
):
    event = hagen_world["event"]
    client = client_for(hagen_editor)
    url, data = _event_form(client, event)
    data.update(
        new_organisation="  Freiwilligenzentrum Hagen ",
        new_organisation_sector="civil_society",
        new_organisation_as=relation,
    )
    assert client.post(url, data).status_code == 302

    organisation = Organisation.objects.get()
    assert organisation.name == "Freiwilligenzentrum Hagen"
    assert organisation.slug == "freiwilligenzentrum-hagen"
    assert (organisation.municipality, organisation.sector) == (event.municipality, "civil_society")
    assert list(getattr(event, relation).all()) == [organisation]
    other = "partners" if relation == "organisers" else "organisers"
    assert not getattr(event, other).exists()


def test_a_new_organisation_on_the_add_page_is_an_organiser_by_default(hagen, hagen_editor):
    client = client_for(hagen_editor)
    url = reverse("admin:events_event_add")
    data = unchanged_form_data(client.get(url))
    data.update(
        title="Werkstatt",
        slug="werkstatt",
        kind="workshop",
        municipality=hagen.pk,
        date="2024-05-02",
        new_organisation="Stadtsportbund Hagen",
        new_organisation_sector="civil_society",
    )
    data.pop("new_organisation_as", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get(name="Stadtsportbund Hagen")
    assert organisation.municipality == hagen
    assert list(organisation.organised_events.values_list("slug", flat=True)) == ["werkstatt"]


def test_a_new_organisation_needs_a_sector_and_the_input_is_kept(hagen_world, hagen_editor):
    client = client_for(hagen_editor)
    url, data = _event_form(client, hagen_world["event"])
    data.update(new_organisation="Freiwilligenzentrum Hagen", summary="Kurz und gut")
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bitte den Sektor der neuen Organisation wählen." in page
    assert 'value="Freiwilligenzentrum Hagen"' in page and "Kurz und gut" in page
    assert not Organisation.objects.exists()


def test_an_organisation_the_town_has_is_chosen_not_typed_again(hagen_world, hagen_editor):
    hagen = hagen_world["event"].municipality
    Organisation.objects.create(
        name="Freiwilligenzentrum Hagen", slug="fwz", sector="civil_society", municipality=hagen
    )
    client = client_for(hagen_editor)
    url, data = _event_form(client, hagen_world["event"])
    data.update(new_organisation="freiwilligenzentrum hagen", new_organisation_sector="other")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Diese Organisation gibt es schon" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_a_new_organisation_of_an_editor_of_one_town_is_that_towns(hagen, hagen_editor, dortmund):
    client = client_for(hagen_editor)
    add = reverse("admin:events_event_add")
    data = unchanged_form_data(client.get(add))
    data.update(
        title="Fremd",
        slug="fremd",
        kind="workshop",
        municipality=dortmund.pk,  # not on the form: the editor's one town is set
        date="2024-05-02",
        new_organisation="Neuer Verein",
        new_organisation_sector="other",
    )
    assert client.post(add, data).status_code == 302
    assert Organisation.objects.get().municipality == hagen


def test_another_towns_editor_creates_no_organisation_by_the_event_form(
    hagen_world, hagen_editor, dortmund_editor
):
    url, data = _event_form(client_for(hagen_editor), hagen_world["event"])
    data.update(new_organisation="Fremder Verein", new_organisation_sector="other")
    assert client_for(dortmund_editor).post(url, data).status_code == 403
    assert not Organisation.objects.exists()


@pytest.fixture
def two_towns_editor(hagen, db):
    """An editor of Hagen and Wetter, who chooses the event's municipality on the form."""
    wetter = Municipality.objects.create(name="Wetter", slug="wetter")
    user = make_editor("bea-zwei-staedte", hagen)
    EditorMembership.objects.create(user=user, municipality=wetter)
    return user


def test_an_editor_of_two_towns_creates_no_organisation_in_a_third(
    hagen, dortmund, two_towns_editor
):
    client = client_for(two_towns_editor)
    add = reverse("admin:events_event_add")
    data = unchanged_form_data(client.get(add))
    data.update(
        title="Fremd",
        slug="fremd",
        kind="workshop",
        municipality=dortmund.pk,
        date="2024-05-02",
        new_organisation="Fremder Verein",
        new_organisation_sector="other",
    )
    response = client.post(add, data)
    assert response.status_code == 200
    assert "municipality" in response.context["adminform"].form.errors
    assert not Organisation.objects.exists()


def test_the_form_refuses_a_new_organisation_of_a_town_the_user_may_not_write(
    hagen, dortmund, two_towns_editor, rf
):
    """The scope check of the form itself, beside the choices of the municipality field."""
    request = rf.get("/")
    request.user = two_towns_editor
    request.resolver_match = None
    form_class = admin.site._registry[Event].get_form(request, None)
    form_class.base_fields["municipality"].queryset = Municipality.objects.all()
    form = form_class(
        data={
            "title": "X",
            "slug": "x",
            "kind": "workshop",
            "municipality": dortmund.pk,
            "date": "2024-05-02",
            "new_organisation": "Fremder Verein",
            "new_organisation_sector": "other",
        }
    )
    assert not form.is_valid()
    assert form.errors["new_organisation"] == [
        "Organisationen dieser Kommune dürfen Sie nicht anlegen."
    ]


def test_the_event_form_opens_no_popup_for_organisations(hagen_world, hagen_editor):
    client = client_for(hagen_editor)
    for url in (
        reverse("admin:events_event_add"),
        reverse("admin:events_event_change", args=[hagen_world["event"].pk]),
    ):
        page = client.get(url).content.decode()
        assert 'id="add_id_organisers"' not in page and 'id="add_id_partners"' not in page
        assert "/stakeholders/organisation/add/?_to_field" not in page
        assert 'name="new_organisation"' in page and 'name="new_organisation_sector"' in page
