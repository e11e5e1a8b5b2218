"""Editors see and change only their municipality's objects in the admin."""

import pytest
from django.urls import reverse

from events.models import Event
from stakeholders.models import Person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hagen_world, dortmund_world):
    return {"hagen": hagen_world, "dortmund": dortmund_world}


def _change_urls(objects):
    return {
        "event": reverse("admin:events_event_change", args=[objects["event"].pk]),
        "event_history": reverse("admin:events_event_history", args=[objects["event"].pk]),
        "event_delete": reverse("admin:events_event_delete", args=[objects["event"].pk]),
        "session": reverse("admin:events_session_change", args=[objects["session"].pk]),
        "session_paste": reverse("admin:events_session_paste", args=[objects["session"].pk]),
        "person": reverse("admin:stakeholders_person_change", args=[objects["person"].pk]),
        "recommendation": reverse(
            "admin:recommendations_recommendation_change", args=[objects["recommendation"].pk]
        ),
        "recommendation_paste": reverse(
            "admin:recommendations_recommendation_paste", args=[objects["recommendation"].pk]
        ),
    }


@pytest.mark.parametrize(
    "page",
    [
        "event",
        "event_history",
        "event_delete",
        "session",
        "session_paste",
        "person",
        "recommendation",
        "recommendation_paste",
    ],
)
@pytest.mark.parametrize(
    ("persona", "owner", "allowed"),
    [
        ("hagen_editor", "hagen", True),
        ("hagen_editor", "dortmund", False),
        ("dortmund_editor", "dortmund", True),
        ("dortmund_editor", "hagen", False),
        ("superuser", "hagen", True),
        ("superuser", "dortmund", True),
    ],
)
def test_object_pages_follow_the_municipality(request, world, page, persona, owner, allowed):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(_change_urls(world[owner])[page])
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)


def test_anonymous_is_sent_to_the_login(world):
    response = client_for(None).get(_change_urls(world["hagen"])["event"])
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_staff_user_without_municipality_sees_no_admin(world, django_user_model):
    user = django_user_model.objects.create_user("staff-only", password="pw", is_staff=True)
    response = client_for(user).get(reverse("admin:events_event_changelist"))
    assert response.status_code == 403


def test_the_event_list_shows_only_own_events(world, hagen_editor):
    response = client_for(hagen_editor).get(reverse("admin:events_event_changelist"))
    content = response.content.decode()
    assert "hagen-konferenz" in content or "Konferenz hagen-konferenz" in content
    assert "dortmund-fachtagung" not in content


@pytest.mark.parametrize(
    ("model", "field", "term"),
    [
        ("events.eventrole", "person", "Max"),
        ("events.priority", "recommendation", "Orte"),
    ],
)
def test_autocomplete_offers_no_foreign_objects(world, hagen_editor, model, field, term):
    app_label, model_name = model.split(".")
    if model_name == "priority":
        app_label = "recommendations"
    response = client_for(hagen_editor).get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_autocomplete_offers_own_objects(world, hagen_editor):
    response = client_for(hagen_editor).get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "eventrole", "field_name": "person", "term": "Erika"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Erika Muster"]


def test_an_editor_creates_events_for_their_municipality_without_choosing(
    world, hagen_editor, hagen
):
    client = client_for(hagen_editor)
    add_url = reverse("admin:events_event_add")
    form = client.get(add_url).content.decode()
    assert 'name="municipality"' not in form
    data = {
        "title": "Neue Konferenz",
        "slug": "neue-konferenz",
        "kind": "workshop",
        "format": "in_person",
        "date": "2023-05-01",
        "participant_count_qualifier": "about",
        "tags": "",
    }
    for prefix in [
        "chapters",
        "participant_groups",
        "agenda_items",
        "roles",
        "sessions",
        "guiding_questions",
        "quotes",
        "priorities",
        "agreements",
        "feedback",
        "sections",
    ]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="neue-konferenz")
    assert event.municipality == hagen
    assert event.status == Event.Status.DRAFT


def test_dropdowns_offer_only_own_people(world, hagen_editor):
    content = (
        client_for(hagen_editor)
        .get(reverse("admin:stakeholders_person_changelist"))
        .content.decode()
    )
    assert "Erika Muster" in content
    assert "Max Beispiel" not in content
    assert Person.objects.count() == 2


def test_publish_action_publishes_only_own_events(world, hagen_editor):
    draft = world["hagen"]["draft"]
    foreign = world["dortmund"]["event"]
    foreign.unpublish()
    client_for(hagen_editor).post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [draft.pk, foreign.pk]},
    )
    draft.refresh_from_db()
    foreign.refresh_from_db()
    assert draft.is_published
    assert not foreign.is_published


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:events_event_changelist",
        "admin:events_session_changelist",
        "admin:recommendations_recommendation_changelist",
        "admin:stakeholders_person_changelist",
    ],
)
def test_list_filters_offer_no_other_municipality(world, hagen_editor, changelist):
    content = client_for(hagen_editor).get(reverse(changelist)).content.decode()
    assert "Dortmund" not in content
