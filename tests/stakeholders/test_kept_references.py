"""A record outside the editor's municipalities that a superuser linked stays linkable where it
is, in the admin as in the import, but cannot be linked anew."""

import pytest
from django.urls import reverse

from events.models import EventRole
from stakeholders.models import Person
from tests.admin_forms import unchanged_form_data
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def keynote(hagen_world):
    """A speaker without a municipality whom a superuser linked to the Hagen conference."""
    person = Person.objects.create(name="Prof. Ohne Ort", slug="ohne-ort", publish_name=True)
    EventRole.objects.create(event=hagen_world["event"], person=person, role="keynote")
    return person


def test_an_editor_saves_an_event_that_keeps_a_superusers_link(hagen_world, hagen_editor, keynote):
    client = client_for(hagen_editor)
    url = reverse("admin:events_event_change", args=[hagen_world["event"].pk])
    data = unchanged_form_data(client.get(url))
    data["title"] = "Neuer Titel"
    response = client.post(url, data)
    assert response.status_code == 302
    hagen_world["event"].refresh_from_db()
    assert hagen_world["event"].title == "Neuer Titel"
    assert list(hagen_world["event"].roles.values_list("person", flat=True)) == [keynote.pk]


def test_an_editor_cannot_link_it_to_another_event(hagen_world, hagen_editor, keynote):
    client = client_for(hagen_editor)
    draft = hagen_world["draft"]
    url = reverse("admin:events_event_change", args=[draft.pk])
    data = unchanged_form_data(client.get(url))
    data.update(
        {
            "roles-TOTAL_FORMS": "1",
            "roles-0-person": str(keynote.pk),
            "roles-0-role": "keynote",
            "roles-0-order": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert not draft.roles.exists()
