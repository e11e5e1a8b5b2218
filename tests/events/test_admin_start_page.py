"""The admin's start page leads with the main task: the documentations and a new one."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_start_page_leads_with_the_documentations(hagen_editor):
    response = client_for(hagen_editor).get(reverse("admin:index"))
    assert response.status_code == 200
    app_list = response.context["app_list"]
    assert app_list[0]["app_label"] == "events"
    assert [model["object_name"] for model in app_list[0]["models"]][:2] == ["Event", "Session"]
    page = response.content.decode()
    new = page.index(f'action="{reverse("authoring:create")}"')
    assert new < page.index("Personen") and new < page.index("Handlungsempfehlungen")
    assert "Anlegen und bearbeiten" in page
    assert reverse("admin:events_event_import") in page
    assert reverse("admin:events_event_add") in page


def test_the_sidebar_follows_the_same_order(hagen_world, hagen_editor):
    url = reverse("admin:events_session_change", args=[hagen_world["session"].pk])
    apps = client_for(hagen_editor).get(url).context["available_apps"]
    assert apps[0]["app_label"] == "events"


def test_a_staff_user_without_a_municipality_gets_no_main_task(db):
    user = get_user_model().objects.create_user("ohne", password="pw", is_staff=True)
    response = client_for(user).get(reverse("admin:index"))
    assert response.context["main_task"] is None
    assert "Neue Dokumentation" not in response.content.decode()
