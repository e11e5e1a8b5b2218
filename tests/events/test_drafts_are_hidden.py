"""Drafts and everything that hangs on them are 404 for the public."""

import pytest
from django.urls import reverse

from stakeholders.models import Municipality, PracticeExample
from tests.conftest import client_for, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_world(db):
    lonely = Municipality.objects.create(name="Entwurfstadt", slug="entwurfstadt")
    draft = make_event(lonely, slug="geheimer-entwurf", published=False, title="Geheimer Entwurf")
    draft.tags.add("Geheimthema")
    example = PracticeExample.objects.create(
        title="Geheimes Beispiel", slug="geheimes-beispiel", event=draft
    )
    return {"draft": draft, "example": example}


def public_urls_of(draft_world):
    draft = draft_world["draft"]
    return [
        reverse("events:detail", args=[draft.slug]),
        reverse("events:tag", args=["geheimthema"]),
        reverse("stakeholders:practice_example", args=[draft_world["example"].slug]),
    ]


def test_draft_pages_are_404_for_citizens(draft_world):
    client = client_for(None)
    for url in public_urls_of(draft_world):
        assert client.get(url).status_code == 404, url


def test_drafts_do_not_appear_in_lists(draft_world):
    client = client_for(None)
    for url in [reverse("events:home"), reverse("events:list"), reverse("stakeholders:index")]:
        content = client.get(url).content.decode()
        assert "Geheim" not in content, url


def test_editors_of_another_municipality_do_not_get_a_preview(draft_world, hagen_editor):
    response = client_for(hagen_editor).get(reverse("events:detail", args=["geheimer-entwurf"]))
    assert response.status_code == 404


def test_an_editor_previews_their_own_draft(hagen_world, hagen_editor):
    response = client_for(hagen_editor).get(reverse("events:detail", args=["hagen-entwurf"]))
    assert response.status_code == 200
    assert "Vorschau" in response.content.decode()
