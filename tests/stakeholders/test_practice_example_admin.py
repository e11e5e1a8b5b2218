"""A practice example presented at an event belongs to that event's documentation: its host's
editors write it, whichever town it comes from; one without an event belongs to its town."""

import pytest
from django.urls import reverse

from stakeholders.models import PracticeExample
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def add(client, **fields):
    data = {"title": "Beispiel", "slug": "beispiel", "context": "presented", "order": 0, **fields}
    return client.post(reverse("admin:stakeholders_practiceexample_add"), data)


def test_an_editor_records_an_example_from_another_town_at_its_own_event(
    hagen_world, dortmund, hagen_editor
):
    response = add(
        client_for(hagen_editor), event=hagen_world["event"].pk, municipality=dortmund.pk
    )
    assert response.status_code == 302
    assert PracticeExample.objects.get().municipality == dortmund


def test_an_example_without_an_event_must_be_of_the_editors_town(hagen, dortmund, hagen_editor):
    response = add(client_for(hagen_editor), municipality=dortmund.pk)
    assert response.status_code == 200
    assert (
        "Ein Praxisbeispiel ohne Veranstaltung gehört seiner Kommune" in response.content.decode()
    )
    assert not PracticeExample.objects.exists()
    assert add(client_for(hagen_editor), municipality=hagen.pk).status_code == 302


def test_the_towns_editor_cannot_move_an_example_out_of_another_towns_documentation(
    hagen_world, dortmund_world, dortmund_editor
):
    example = PracticeExample.objects.create(
        title="Dortmunder Beispiel",
        slug="do-beispiel",
        event=hagen_world["event"],
        municipality=dortmund_world["event"].municipality,
    )
    url = reverse("admin:stakeholders_practiceexample_change", args=[example.pk])
    assert client_for(dortmund_editor).get(url).status_code == 403
