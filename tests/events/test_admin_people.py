"""People are added in the row that names them, without popup windows; nothing typed is lost."""

import pytest
from django.urls import reverse

from events.admin_people import person_slug
from events.models import EventRole, Quote
from stakeholders.models import Person
from tests.admin_forms import unchanged_form_data
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _with_role_row(data: dict, prefix: str, **row) -> dict:
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data.update({f"{prefix}-{total}-{name}": value for name, value in row.items()})
    return data


def _as_sent(data: dict) -> dict:
    """Form data as the browser sends it: strings (a checkbox left off is not sent)."""
    sent = {}
    for name, value in data.items():
        if value is False or value is None or value == []:
            continue
        sent[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return sent


def _event_form(client, event) -> tuple[str, dict]:
    url = reverse("admin:events_event_change", args=[event.pk])
    return url, unchanged_form_data(client.get(url))


@pytest.mark.parametrize("consent", [False, True])
def test_a_new_person_typed_in_a_role_row_belongs_to_the_town_with_its_consent(
    hagen_world, hagen_editor, consent
):
    event = hagen_world["event"]
    client = client_for(hagen_editor)
    url, data = _event_form(client, event)
    row = {"new_person_name": "Petra Neu", "role": "moderation", "order": "0"}
    if consent:
        row["new_person_publish"] = "on"
    response = client.post(url, _with_role_row(data, "roles", **row))

    assert response.status_code == 302
    person = Person.objects.get(name="Petra Neu")
    assert person.municipality == event.municipality
    assert person.publish_name is consent
    assert EventRole.objects.get(event=event).person == person


def test_a_new_person_on_a_session_page_belongs_to_the_sessions_town(hagen_world, hagen_editor):
    session = hagen_world["session"]
    client = client_for(hagen_editor)
    url = reverse("admin:events_session_change", args=[session.pk])
    data = _with_role_row(
        unchanged_form_data(client.get(url)),
        "roles",
        new_person_name="Tom Tisch",
        role="moderation",
        order="0",
    )
    assert client.post(url, data).status_code == 302
    role = EventRole.objects.get(session=session)
    assert role.event == session.event
    assert (role.person.name, role.person.municipality) == ("Tom Tisch", session.event.municipality)
    assert role.person.publish_name is False


def test_a_chosen_and_a_typed_person_in_one_row_are_refused_and_the_input_is_kept(
    hagen_world, hagen_editor
):
    event = hagen_world["event"]
    client = client_for(hagen_editor)
    url, data = _event_form(client, event)
    data = _with_role_row(
        data,
        "roles",
        person=str(hagen_world["person"].pk),
        new_person_name="Petra Neu",
        role="moderation",
        title="Begrüßung durch die Stadt",
        order="0",
    )
    response = client.post(url, data)

    assert response.status_code == 200
    assert not Person.objects.filter(name="Petra Neu").exists()
    assert not EventRole.objects.exists()
    page = response.content.decode()
    assert "Bitte entweder eine bekannte Person wählen" in page
    assert 'value="Petra Neu"' in page and 'value="Begrüßung durch die Stadt"' in page


def test_a_role_row_without_any_person_is_refused(hagen_world, hagen_editor):
    client = client_for(hagen_editor)
    url, data = _event_form(client, hagen_world["event"])
    response = client.post(url, _with_role_row(data, "roles", role="moderation", order="0"))
    assert response.status_code == 200
    assert "Bitte eine Person wählen oder den Namen einer neuen Person eingeben." in (
        response.content.decode()
    )
    assert not EventRole.objects.exists()


def test_the_event_and_session_pages_open_no_popups(hagen_world, hagen_editor):
    client = client_for(hagen_editor)
    for url in (
        reverse("admin:events_event_change", args=[hagen_world["event"].pk]),
        reverse("admin:events_event_add"),
        reverse("admin:events_session_change", args=[hagen_world["session"].pk]),
    ):
        page = client.get(url).content.decode()
        # Neither "+" nor pencil beside a person: no popup window for people.
        assert "/stakeholders/person/add/?_to_field" not in page, url
        assert 'id="add_id_roles-' not in page and 'id="change_id_roles-' not in page, url
        assert 'name="roles-__prefix__-new_person_name"' in page, url


def test_new_people_get_free_slugs(hagen):
    Person.objects.create(name="Petra Neu", slug="petra-neu", municipality=hagen)
    Person.objects.create(name="Petra Neu", slug="petra-neu-2", municipality=hagen)
    assert person_slug("Petra Neu") == "petra-neu-3"
    assert person_slug("!!!") == "person"


def test_a_validation_error_on_the_big_event_form_keeps_every_input(hagen, hagen_editor):
    """The Hagen documentation's form (all its inlines) sent back with the title missing: the
    page shows the error and every other value as it was sent."""
    from events.importer import documentation_import, documentation_load
    from tests.events.test_import_export import DEMO

    hagen_file = next(path for path in DEMO if "hagen" in path.stem)
    event = documentation_import(data=documentation_load(hagen_file)).event
    client = client_for(hagen_editor)
    url, data = _event_form(client, event)
    data["title"] = ""
    data["agenda_items-0-title"] = "Geänderter Programmpunkt"
    data = _with_role_row(data, "roles", new_person_name="Petra Neu", role="moderation", order="9")
    assert len(data) > 200

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title"]
    kept = _as_sent(unchanged_form_data(response))
    lost = {name: value for name, value in _as_sent(data).items() if kept.get(name) != value}
    assert lost == {}
    assert not Person.objects.filter(name="Petra Neu").exists()


def _quote_group(event):
    from events.models import QuoteGroup

    return QuoteGroup.objects.create(event=event, lead="Was bleibt?")


@pytest.mark.parametrize("page", ["event", "session", "quote_group"])
@pytest.mark.parametrize("consent", [False, True])
def test_a_new_speaker_typed_in_a_quote_row_belongs_to_the_town_with_its_consent(
    hagen_world, hagen_editor, page, consent
):
    event = hagen_world["event"]
    url = {
        "event": lambda: reverse("admin:events_event_change", args=[event.pk]),
        "session": lambda: reverse("admin:events_session_change", args=[hagen_world["session"].pk]),
        "quote_group": lambda: reverse(
            "admin:events_quotegroup_change", args=[_quote_group(event).pk]
        ),
    }[page]()
    client = client_for(hagen_editor)
    row = {
        "text": "Wir machen weiter.",
        "new_person_name": "Rita Rede",
        "context": "plenary",
        "order": "0",
    }
    if consent:
        row["new_person_publish"] = "on"
    data = _with_role_row(unchanged_form_data(client.get(url)), "quotes", **row)
    response = client.post(url, data)

    assert response.status_code == 302
    quote = Quote.objects.get(text="Wir machen weiter.")
    assert quote.event == event
    assert (quote.speaker.name, quote.speaker.municipality) == ("Rita Rede", event.municipality)
    assert quote.speaker.publish_name is consent


def test_a_quote_with_a_chosen_and_a_typed_speaker_is_refused(hagen_world, hagen_editor):
    client = client_for(hagen_editor)
    url, data = _event_form(client, hagen_world["event"])
    data = _with_role_row(
        data,
        "quotes",
        text="Wir machen weiter.",
        speaker=str(hagen_world["person"].pk),
        new_person_name="Rita Rede",
        context="plenary",
        order="0",
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Bitte entweder eine bekannte Person wählen" in response.content.decode()
    assert not Person.objects.filter(name="Rita Rede").exists()
    assert not Quote.objects.exists()


def test_a_quote_without_a_speaker_needs_no_new_person(hagen_world, hagen_editor):
    client = client_for(hagen_editor)
    url, data = _event_form(client, hagen_world["event"])
    data = _with_role_row(
        data,
        "quotes",
        text="Mehr Bänke!",
        speaker_label="Teilnehmerin",
        context="plenary",
        order="0",
    )
    assert client.post(url, data).status_code == 302
    quote = Quote.objects.get()
    assert quote.speaker is None and quote.speaker_label == "Teilnehmerin"
    assert Person.objects.count() == 1


def test_another_towns_editor_creates_no_speaker_in_hagen(
    hagen_world, hagen_editor, dortmund_editor
):
    url, data = _event_form(client_for(hagen_editor), hagen_world["event"])
    data = _with_role_row(
        data,
        "quotes",
        text="Wir machen weiter.",
        new_person_name="Rita Rede",
        context="plenary",
        order="0",
    )
    assert client_for(dortmund_editor).post(url, data).status_code == 403
    assert not Person.objects.filter(name="Rita Rede").exists()


def test_the_quote_rows_open_no_popups_for_speakers(hagen_world, hagen_editor):
    client = client_for(hagen_editor)
    for url in (
        reverse("admin:events_event_change", args=[hagen_world["event"].pk]),
        reverse("admin:events_session_change", args=[hagen_world["session"].pk]),
        reverse("admin:events_quotegroup_change", args=[_quote_group(hagen_world["event"]).pk]),
    ):
        page = client.get(url).content.decode()
        assert 'id="add_id_quotes-' not in page and 'id="change_id_quotes-' not in page, url
        assert 'name="quotes-__prefix__-new_person_name"' in page, url
        assert 'name="quotes-__prefix__-new_person_publish"' in page, url
