"""The documentation editor's writes: what they store, their errors, their rules."""

import pytest
from django.urls import reverse
from reversion.models import Version

from events.models import Chapter, Contribution, Event, EventRole, Part, Quote, Section, Session
from recommendations.models import Priority
from stakeholders.models import EditorMembership, Municipality, Person
from tests.conftest import client_for
from tests.state import database_rows
from tests.uploads.conftest import image_bytes
from uploads.models import Photo

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def url(name, event, *args):
    return reverse(f"authoring:{name}", args=[event.pk, *args])


@pytest.fixture
def draft(hagen_world):
    return hagen_world["draft"]


@pytest.fixture
def editor(hagen_editor):
    return client_for(hagen_editor)


def new_session(editor, draft, **fields):
    data = {"new-title": "Thementisch Ehrenamt", "new-kind": "thematic_table"}
    data.update({f"new-{key}": value for key, value in fields.items()})
    return editor.post(url("session_new", draft), data, **JSON)


def test_the_start_page_creates_a_draft_and_opens_its_editor(editor, hagen):
    response = editor.post(
        reverse("authoring:create"),
        {"title": "Werkstatt Hagen", "kind": "workshop", "date": "2024-09-14"},
    )
    event = Event.objects.get(title="Werkstatt Hagen")
    assert response.status_code == 302
    assert response["Location"] == url("editor", event)
    assert (event.status, event.municipality, event.slug) == ("draft", hagen, "werkstatt-hagen")
    page = editor.get(url("editor", event)).content.decode()
    assert "Werkstatt Hagen" in page and 'id="sessions"' in page


def test_the_editor_leads_to_the_event_s_live_features(editor, draft):
    page = editor.get(url("editor", draft)).content.decode()
    for address in (
        reverse("polls:event", args=[draft.slug]),
        reverse("audience:event", args=[draft.slug]),
        f"{reverse('admin:voting_dotvote_changelist')}?event__id__exact={draft.pk}",
    ):
        assert f'href="{address}"' in page
        assert editor.get(address).status_code == 200


def test_the_start_page_offers_only_the_editors_own_municipalities(
    editor, hagen_editor, hagen, dortmund
):
    page = editor.get(reverse("admin:index")).content.decode()
    assert f'type="hidden" name="municipality" value="{hagen.pk}"' in page  # nothing to choose
    wetter = Municipality.objects.create(name="Wetter", slug="wetter")
    EditorMembership.objects.create(user=hagen_editor, municipality=wetter)
    page = editor.get(reverse("admin:index")).content.decode()
    assert f'<option value="{wetter.pk}">Wetter</option>' in page
    assert f'<option value="{dortmund.pk}">' not in page
    before = database_rows()
    response = editor.post(
        reverse("authoring:create"),
        {"title": "Fremd", "kind": "workshop", "date": "2024-09-14", "municipality": dortmund.pk},
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert database_rows() == before


def test_a_new_session_with_moderator_bullets_and_quotes_in_one_save(editor, draft, hagen):
    response = new_session(
        editor,
        draft,
        moderator="Petra Schneider",
        moderator_publish="on",
        category="Was brauchen Ehrenamtliche?",
        bullets="• Feste Ansprechperson\n    erreichbar auch abends\n• 1. FC Köln fragen",
        quotes="„Ohne Ehrenamt steht alles still.“ – Teilnehmerin\nWeniger Papier! (Vorsitzender)",
    )
    answer = response.json()
    session = Session.objects.get(event=draft)
    assert answer["ok"] and answer["cleared"] == ["bullets", "quotes"]
    assert answer["saved_as"] == url("session", draft, session.pk)
    assert f"results-{session.pk}" in answer["regions"]
    top = Contribution.objects.filter(session=session, parent=None)
    assert [c.text for c in top] == ["Feste Ansprechperson", "1. FC Köln fragen"]
    assert [c.category for c in top] == ["Was brauchen Ehrenamtliche?"] * 2
    assert [c.text for c in top[0].children.all()] == ["erreichbar auch abends"]
    quotes = Quote.objects.filter(session=session)
    assert [(q.text, q.speaker_label, q.event_id) for q in quotes] == [
        ("Ohne Ehrenamt steht alles still.", "Teilnehmerin", draft.pk),
        ("Weniger Papier!", "Vorsitzender", draft.pk),
    ]
    role = EventRole.objects.get(session=session)
    assert (role.role, role.event_id, role.person.name) == (
        "moderation",
        draft.pk,
        "Petra Schneider",
    )
    assert (role.person.municipality, role.person.publish_name) == (hagen, True)
    # Saved again (a field changed) the bullets are not appended twice.
    editor.post(
        url("session", draft, session.pk),
        {f"s{session.pk}-title": "Thementisch Ehrenamt", f"s{session.pk}-kind": "workshop"},
        **JSON,
    )
    assert Contribution.objects.filter(session=session).count() == 3
    assert Session.objects.get(pk=session.pk).kind == "workshop"
    # Leaving the moderator empty removes the row, the person stays.
    assert not EventRole.objects.filter(session=session).exists()
    assert Person.objects.filter(name="Petra Schneider").exists()


def test_the_consent_is_recorded_on_the_person_and_can_be_withdrawn(editor, draft):
    new_session(editor, draft, moderator="Petra Schneider")
    session = Session.objects.get(event=draft)
    person = Person.objects.get(name="Petra Schneider")
    assert not person.publish_name
    prefix = f"s{session.pk}"
    data = {
        f"{prefix}-title": session.title,
        f"{prefix}-kind": session.kind,
        f"{prefix}-moderator": "Petra Schneider",
    }
    editor.post(
        url("session", draft, session.pk), {**data, f"{prefix}-moderator_publish": "on"}, **JSON
    )
    person.refresh_from_db()
    assert person.publish_name and Person.objects.filter(name="Petra Schneider").count() == 1
    editor.post(url("session", draft, session.pk), data, **JSON)
    person.refresh_from_db()
    assert not person.publish_name


def test_an_error_names_its_field_and_writes_nothing(editor, draft):
    before = database_rows()
    response = new_session(editor, draft, title="", bullets="eins\nzwei")
    assert response.status_code == 400
    answer = response.json()
    assert not answer["ok"] and "title" in answer["errors"]
    assert database_rows() == before


def test_bad_counts_name_their_line(editor, draft):
    before = database_rows()
    response = editor.post(
        url("counts", draft), {"counts-counts": "Agentur\t14\nPlattform\tneun"}, **JSON
    )
    assert response.status_code == 400
    assert "Zeile 2" in " ".join(response.json()["errors"]["counts"])
    assert database_rows() == before


def test_pasted_counts_become_the_events_paper_points(editor, hagen_world):
    event = hagen_world["event"]
    text = "Thema\tPunkte\nZukunftsräte\t14\nFreiwilligenagentur im Stadtteil\t9"
    assert editor.post(url("counts", event), {"counts-counts": text}, **JSON).json()["ok"]
    points = {(p.recommendation_id, p.label, p.points, p.source) for p in event.priorities.all()}
    assert points == {
        (hagen_world["recommendation"].pk, "", 14, "paper"),
        (None, "Freiwilligenagentur im Stadtteil", 9, "paper"),
    }
    # Pasted again: new points for the same topic; 0 removes it.
    editor.post(
        url("counts", event),
        {"counts-counts": "Zukunftsräte\t15\nFreiwilligenagentur im Stadtteil\t0"},
        **JSON,
    )
    assert list(event.priorities.values_list("points", flat=True)) == [15]
    assert Priority.objects.count() == 1


def test_a_photo_needs_its_alternative_text(editor, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = {"newphoto-upload": _jpeg()}
    response = editor.post(url("photo_new", draft), upload, **JSON)
    assert response.status_code == 400 and "alt_text" in response.json()["errors"]
    assert not Photo.objects.exists()
    response = editor.post(
        url("photo_new", draft),
        {"newphoto-upload": _jpeg(), "newphoto-alt_text": "Flipchart mit Klebepunkten"},
        **JSON,
    )
    photo = Photo.objects.get()
    assert response.json()["ok"] and f'id="photo-{photo.pk}"' in response.json()["card"]
    assert (photo.event, photo.alt_text, photo.width) == (draft, "Flipchart mit Klebepunkten", 600)
    prefix = f"p{photo.pk}"
    editor.post(
        url("photo", draft, photo.pk), {f"{prefix}-alt_text": "Flipchart des Thementischs"}, **JSON
    )
    assert Photo.objects.get().alt_text == "Flipchart des Thementischs"


def test_a_damaged_photo_is_refused_with_a_message(editor, draft, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    broken = SimpleUploadedFile("x.jpg", b"\xff\xd8 nicht wirklich", content_type="image/jpeg")
    response = editor.post(
        url("photo_new", draft),
        {"newphoto-upload": broken, "newphoto-alt_text": "Ein Foto vom Podium"},
        **JSON,
    )
    assert response.status_code == 400 and response.json()["errors"]["upload"]
    assert not Photo.objects.exists()


def _jpeg():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "flipchart.jpg", image_bytes("JPEG", (600, 400)), content_type="image/jpeg"
    )


def test_the_outline_add_rename_reorder_place_and_delete(editor, draft):
    session = Session.objects.create(event=draft, slug="t", kind="workshop", title="Werkstatt")
    for title in ("Begrüßung", "Ergebnisse"):
        editor.post(
            url("chapter_new", draft), {"newchapter-number": "", "newchapter-title": title}, **JSON
        )
    first, second = Chapter.objects.filter(event=draft)
    assert [c.title for c in (first, second)] == ["Begrüßung", "Ergebnisse"]
    editor.post(url("chapter", draft, second.pk), {"op": "up"}, **JSON)
    assert list(draft.chapters.values_list("title", flat=True)) == ["Ergebnisse", "Begrüßung"]
    editor.post(
        url("chapter", draft, second.pk),
        {f"c{second.pk}-number": "2", f"c{second.pk}-title": "Ergebnisse der Tische"},
        **JSON,
    )
    assert str(Chapter.objects.get(pk=second.pk)) == "2 Ergebnisse der Tische"
    answer = editor.post(
        url("chapter", draft, second.pk), {"op": "part", "choice": f"session:{session.pk}"}, **JSON
    ).json()
    assert answer["ok"] and "Werkstatt" in answer["regions"]["outline-list"]
    editor.post(url("chapter", draft, second.pk), {"op": "part", "choice": "agenda:"}, **JSON)
    editor.post(
        url("chapter", draft, second.pk),
        {
            "op": "text",
            f"text{second.pk}-heading": "Merkposten",
            f"text{second.pk}-bullets": "- eins\n  - zwei",
        },
        **JSON,
    )
    parts = list(Part.objects.filter(chapter=second))
    assert [p.kind for p in parts] == ["session", "agenda", "text"]
    assert Section.objects.get().body == "- eins\n  - zwei"
    editor.post(url("part", draft, parts[2].pk), {"op": "up"}, **JSON)
    assert list(Part.objects.filter(chapter=second).values_list("kind", flat=True)) == [
        "session",
        "text",
        "agenda",
    ]
    editor.post(url("part", draft, parts[0].pk), {"op": "delete"}, **JSON)
    assert Session.objects.filter(pk=session.pk).exists()  # only taken out of the chapter
    editor.post(url("chapter", draft, first.pk), {"op": "delete"}, **JSON)
    assert list(draft.chapters.values_list("title", flat=True)) == ["Ergebnisse der Tische"]


def test_a_part_places_only_what_its_own_documentation_holds(
    editor, draft, hagen_world, dortmund_world
):
    chapter = Chapter.objects.create(event=draft, title="Kapitel")
    before = database_rows()
    for choice in (
        f"session:{hagen_world['session'].pk}",  # another documentation of the same town
        f"session:{dortmund_world['session'].pk}",
        "practice_example:1",
        "session:",
        "unbekannt:",
        "agenda:7",
    ):
        response = editor.post(
            url("chapter", draft, chapter.pk), {"op": "part", "choice": choice}, **JSON
        )
        assert response.status_code == 400, choice
        assert response.json()["errors"]["choice"]
    assert database_rows() == before


def test_publishing_lists_what_is_missing_first(editor, draft):
    Chapter.objects.create(event=draft, title="Leer")
    Session.objects.create(event=draft, slug="t", kind="workshop", title="Ohne Ergebnis")
    silent = Person.objects.create(name="Max Still", slug="max", municipality=draft.municipality)
    EventRole.objects.create(event=draft, person=silent, role="moderation")
    answer = editor.post(url("publication", draft), {"op": "publish"}, **JSON).json()
    panel = answer["regions"]["publish"]
    assert answer["asked"] and "Trotzdem veröffentlichen" in panel
    for missing in ("Leeres Kapitel: Leer", "Ohne Ergebnis", "Max Still"):
        assert missing in panel
    assert Event.objects.get(pk=draft.pk).status == "draft"
    editor.post(url("publication", draft), {"op": "publish", "confirm": "1"}, **JSON)
    assert Event.objects.get(pk=draft.pk).status == "published"
    editor.post(url("publication", draft), {"op": "withdraw"}, **JSON)
    assert Event.objects.get(pk=draft.pk).status == "draft"


def test_each_write_is_in_the_documentations_history(editor, draft, hagen_editor):
    new_session(editor, draft, bullets="eins")
    versions = Version.objects.get_for_object(draft)
    assert versions.count() == 1
    assert versions[0].revision.user == hagen_editor


def test_without_javascript_a_form_comes_back_to_the_editor(editor, draft):
    new_session(editor, draft)  # with JSON
    session = Session.objects.get(event=draft)
    response = editor.post(
        url("session", draft, session.pk),
        {f"s{session.pk}-title": "", f"s{session.pk}-kind": "workshop"},
    )
    assert response.status_code == 302 and response["Location"].startswith(url("editor", draft))
    page = editor.get(response["Location"]).content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in page


@pytest.mark.parametrize("name", ["editor", "basics", "counts", "publication"])
def test_another_towns_editor_gets_403_and_changes_nothing(dortmund_editor, draft, name):
    before = database_rows()
    client = client_for(dortmund_editor)
    response = client.post(url(name, draft), {"op": "publish", "counts-counts": "a\t1"}, **JSON)
    assert response.status_code == 403
    assert database_rows() == before
    assert client.get(reverse("authoring:editor", args=[987654])).status_code == 404


def test_the_moderator_field_keeps_the_consent_of_a_person_named_elsewhere(
    editor, draft, hagen_world
):
    """Erika Muster (consent given) is named in another documentation: typing her name as a
    moderator without the tick must not withdraw her consent; the answer says so."""
    erika = hagen_world["person"]
    EventRole.objects.create(event=hagen_world["event"], person=erika, role="panel")
    answer = new_session(editor, draft, moderator="Erika Muster").json()
    erika.refresh_from_db()
    assert erika.publish_name is True
    assert answer["set"] == {"moderator_publish": True}
    assert "Erika Muster" in answer["message"]
    assert EventRole.objects.get(session__event=draft).person == erika


def test_the_next_bullets_take_the_category_of_the_last(editor, draft):
    new_session(editor, draft, category="Was brauchen Vereine?", bullets="Räume")
    session = Session.objects.get(event=draft)
    page = editor.get(url("editor", draft)).content.decode()
    assert f'name="s{session.pk}-category" value="Was brauchen Vereine?"' in page


def test_a_practice_examples_other_contact_keeps_the_consent_too(editor, draft, hagen):
    from stakeholders.models import PracticeExample

    marc = Person.objects.create(
        name="Marc Giebels", slug="marc", municipality=hagen, publish_name=True
    )
    example = PracticeExample.objects.create(title="Beispiel", slug="bsp", municipality=hagen)
    example.other_contacts.add(marc)
    new_session(editor, draft, moderator="Marc Giebels")
    marc.refresh_from_db()
    assert marc.publish_name is True


def test_the_editors_page_costs_the_same_queries_for_one_or_six_sessions(editor, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in range(6):
        session = Session.objects.create(event=draft, slug=f"s{n}", kind="workshop", title="S")
        Contribution.objects.create(session=session, text="Punkt")
        Quote.objects.create(event=draft, session=session, text="Zitat")
        person = Person.objects.create(name=f"P{n}", slug=f"p{n}", municipality=draft.municipality)
        EventRole.objects.create(event=draft, session=session, person=person, role="moderation")
        chapter = Chapter.objects.create(event=draft, title=f"Kapitel {n}")
        chapter.parts.create(kind="session", session=session)
        with CaptureQueriesContext(connection) as queries:
            assert editor.get(url("editor", draft)).status_code == 200
        counts.append(len(queries))
    assert counts == [counts[0]] * 6 and counts[0] <= 33, counts
