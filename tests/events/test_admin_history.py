"""The change history of a documentation: who changed what, when, for its editors only."""

import io

import pytest
import reversion
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from reversion.models import Revision, Version

from events.history import documentation_revisions
from events.models import Event, Session
from stakeholders.models import Person
from tests.admin_forms import unchanged_form_data
from tests.conftest import client_for
from tests.events.test_import_export import minimal

pytestmark = pytest.mark.django_db


def history_of(client, event, language: str = "de") -> str:
    with translation.override(language):
        url = reverse("admin:events_event_history", args=[event.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_save_of_the_event_form_is_one_entry_naming_the_user_and_the_field(
    hagen_world, hagen_editor
):
    event = hagen_world["event"]
    client = client_for(hagen_editor)
    url = reverse("admin:events_event_change", args=[event.pk])
    data = unchanged_form_data(client.get(url))
    data["title"] = "Umsetzungskonferenz Hagen"
    data["agenda_items-TOTAL_FORMS"] = "1"
    data.update({"agenda_items-0-title": "Begrüßung", "agenda_items-0-order": "0"})
    assert client.post(url, data).status_code == 302

    assert documentation_revisions(event).count() == 1
    page = history_of(client, event)
    assert "alice-hagen" in page
    assert "Titel" in page and "Begrüßung" in page
    english = history_of(client, event, "en")
    assert "changed" in english.lower() and "Added" in english


def test_a_session_saved_on_its_own_page_stands_in_its_event_history(hagen_world, hagen_editor):
    session = hagen_world["session"]
    client = client_for(hagen_editor)
    url = reverse("admin:events_session_change", args=[session.pk])
    data = unchanged_form_data(client.get(url))
    data["conclusion"] = "Zukunftsräte kommen."
    assert client.post(url, data).status_code == 302

    page = history_of(client, hagen_world["event"])
    assert "Arbeitsphase „Zukunftsräte“ geändert. Ergebnis geändert." in page


def test_a_deleted_session_stands_in_its_event_history(hagen_world, hagen_editor):
    session = hagen_world["session"]
    client = client_for(hagen_editor)
    url = reverse("admin:events_session_delete", args=[session.pk])
    # Deleting asks first: the page alone deletes nothing.
    assert client.get(url).status_code == 200
    assert Session.objects.filter(pk=session.pk).exists()
    assert client.post(url, {"post": "yes"}).status_code == 302

    assert not Session.objects.filter(pk=session.pk).exists()
    assert "Zukunftsräte" in history_of(client, hagen_world["event"])
    assert "gelöscht" in history_of(client, hagen_world["event"])


def test_the_flipchart_paste_is_one_entry_with_its_count(hagen_world, hagen_editor):
    session = hagen_world["session"]
    client = client_for(hagen_editor)
    client.post(
        reverse("admin:events_session_paste", args=[session.pk]),
        {"category": "", "bullets": "- eins\n- zwei\n- drei"},
    )
    assert documentation_revisions(hagen_world["event"]).count() == 1
    assert "3 Ergebnisse vom Flipchart eingefügt" in history_of(client, hagen_world["event"])


def test_publishing_from_the_list_stands_in_the_history(hagen_world, hagen_editor):
    draft = hagen_world["draft"]
    client = client_for(hagen_editor)
    client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert "Veröffentlicht." in history_of(client, draft)


def test_an_import_is_one_entry_with_the_event_only(hagen, hagen_editor):
    data = minimal(slug="werkstatt-hagen")
    data["event"]["sessions"] = [
        {
            "slug": f"tisch-{n}",
            "title": f"Tisch {n}",
            "kind": "thematic_table",
            "contributions": [{"text": f"Punkt {n}.{m}"} for m in range(20)],
        }
        for n in range(5)
    ]
    text = yaml.safe_dump(data, allow_unicode=True).encode()
    client = client_for(hagen_editor)
    response = client.post(
        reverse("admin:events_event_import"),
        {"file": SimpleUploadedFile("werkstatt.yaml", text)},
    )
    assert response.status_code == 302
    event = Event.objects.get(slug="werkstatt-hagen")
    assert event.sessions.count() == 5

    revisions = documentation_revisions(event)
    assert revisions.count() == 1
    assert Version.objects.filter(revision=revisions[0]).count() == 1
    assert revisions[0].user == hagen_editor
    page = history_of(client, event)
    assert "Dokumentation importiert aus „werkstatt.yaml“." in page and "alice-hagen" in page


def test_a_refused_import_leaves_no_entry(hagen, hagen_editor):
    text = b"format: engagement-portal/documentation\nversion: 1\nevent: {}\n"
    client_for(hagen_editor).post(
        reverse("admin:events_event_import"), {"file": SimpleUploadedFile("x.yaml", text)}
    )
    assert Revision.objects.count() == 0


@pytest.mark.parametrize(("persona", "status"), [("dortmund_editor", 403), ("anonymous", 302)])
def test_the_history_is_refused_to_other_towns_and_visitors(
    request, hagen_world, hagen_editor, persona, status
):
    event = hagen_world["event"]
    session = hagen_world["session"]
    hagen = client_for(hagen_editor)
    url = reverse("admin:events_session_change", args=[session.pk])
    data = unchanged_form_data(hagen.get(url))
    data["conclusion"] = "Geheimer Entwurf des Fazits"
    hagen.post(url, data)

    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    response = client_for(user).get(reverse("admin:events_event_history", args=[event.pk]))
    assert response.status_code == status
    assert b"Geheimer" not in response.content and b"alice-hagen" not in response.content


def test_people_are_not_versioned(hagen_world, hagen_editor):
    """A person's record (name, contacts, consent) is never copied into the history."""
    assert not reversion.is_registered(Person)
    assert reversion.is_registered(Event) and reversion.is_registered(Session)


def test_save_and_publish_on_the_form_saves_publishes_and_says_both(hagen_world, hagen_editor):
    draft = hagen_world["draft"]
    client = client_for(hagen_editor)
    url = reverse("admin:events_event_change", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'name="_publish"' in page and 'name="_unpublish"' not in page
    data = unchanged_form_data(client.get(url))
    data["title"] = "Werkstatt Ehrenamt"
    data["_publish"] = "Sichern und veröffentlichen"
    response = client.post(url, data)

    assert response.status_code == 302 and response["Location"] == url
    draft.refresh_from_db()
    assert draft.title == "Werkstatt Ehrenamt" and draft.is_published
    assert documentation_revisions(draft).count() == 1
    history = history_of(client, draft)
    assert "Titel" in history and "Veröffentlicht." in history
    assert 'name="_unpublish"' in client.get(url).content.decode()


def test_save_and_publish_with_an_error_keeps_the_draft_and_the_input(hagen_world, hagen_editor):
    draft = hagen_world["draft"]
    client = client_for(hagen_editor)
    url = reverse("admin:events_event_change", args=[draft.pk])
    data = unchanged_form_data(client.get(url))
    data.update({"title": "", "summary": "Kurz und gut", "_publish": "1"})
    response = client.post(url, data)

    assert response.status_code == 200
    assert "Kurz und gut" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published and not documentation_revisions(draft).exists()


def test_another_towns_editor_cannot_publish_from_the_form(
    hagen_world, hagen_editor, dortmund_editor
):
    draft = hagen_world["draft"]
    url = reverse("admin:events_event_change", args=[draft.pk])
    data = unchanged_form_data(client_for(hagen_editor).get(url))
    data["_publish"] = "1"
    response = client_for(dortmund_editor).post(url, data)
    assert response.status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


def test_an_import_on_the_command_line_is_one_entry_without_a_user(tmp_path, hagen, superuser):
    path = tmp_path / "werkstatt.yaml"
    path.write_text(yaml.safe_dump(minimal(slug="werkstatt-cli"), allow_unicode=True))
    call_command("import_documentation", str(path), stdout=io.StringIO())
    event = Event.objects.get(slug="werkstatt-cli")
    [revision] = documentation_revisions(event)
    assert revision.user is None
    assert "Dokumentation importiert aus „werkstatt.yaml“." in history_of(
        client_for(superuser), event
    )
