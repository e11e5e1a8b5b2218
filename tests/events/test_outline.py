"""A documentation reads in its own order: chapters with their parts, the rest after them."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

from events.importer import documentation_import, documentation_load
from events.models import AgendaItem, Chapter, Part, Quote, QuoteGroup, Section
from tests.conftest import make_event

pytestmark = pytest.mark.django_db

DEMO = sorted((settings.BASE_DIR / "demo" / "documentations").glob("*.yaml"))


def main_content(event) -> str:
    html = Client().get(event.get_absolute_url()).content.decode()
    body = re.search(r'<div class="doc-body">(.*)<p class="doc-footer', html, re.S).group(1)
    # Anchors may differ; what the reader reads may not.
    body = re.sub(r'(id|aria-labelledby|href)="[^"]*"', "", body)
    return re.sub(r"\s+", " ", body)


def headings(event) -> list[str]:
    html = Client().get(event.get_absolute_url()).content.decode()
    body = re.search(r'<div class="doc-body">(.*)<p class="doc-footer', html, re.S).group(1)
    titles = re.findall(r"<h2[^>]*>(.*?)</h2>", body)
    return [" ".join(re.sub(r"<[^>]+>", " ", title).split()) for title in titles]


def test_the_migration_gives_a_documentation_chapters_that_reproduce_its_page(hagen):
    from tests.public.builders import build_documentation

    event = build_documentation(hagen, slug="alles", scale=2)  # every part the portal knows
    assert not event.chapters.exists()
    before = main_content(event)
    import_module("events.migrations.0010_place_existing_content_in_chapters").place(apps, None)
    assert event.chapters.count() >= 10
    assert main_content(event) == before


@pytest.fixture
def event(hagen):
    event = make_event(hagen, slug="werkstatt")
    event.introduction = "Einleitung der Stadt."
    event.outlook = "Wie es weitergeht."
    event.save()
    AgendaItem.objects.create(event=event, title="Begrüßung", order=1)
    return event


def test_chapters_read_in_their_order_with_their_numbers(event):
    outlook = Chapter.objects.create(event=event, number="2", title="Ausblick", order=2)
    Part.objects.create(chapter=outlook, kind=Part.Kind.OUTLOOK)
    start = Chapter.objects.create(event=event, number="1", title="Der Anfang", order=1)
    Part.objects.create(chapter=start, kind=Part.Kind.AGENDA, order=2)
    Part.objects.create(chapter=start, kind=Part.Kind.INTRODUCTION, order=1)
    content = main_content(event)
    assert content.index("Einleitung der Stadt.") < content.index("Begrüßung")
    assert content.index("Begrüßung") < content.index("Wie es weitergeht.")
    assert headings(event) == ["1 Der Anfang", "2 Ausblick"]


def test_what_no_chapter_places_follows_in_the_standard_order(event):
    chapter = Chapter.objects.create(event=event, title="Rückblick")
    Part.objects.create(chapter=chapter, kind=Part.Kind.OUTLOOK)
    assert headings(event) == ["Rückblick", "Einführung und Ziel", "Ablauf"]
    assert main_content(event).count("Wie es weitergeht.") == 1


def test_quotes_stand_under_their_lead_and_reported_speech_has_no_quotation_marks(event):
    group = QuoteGroup.objects.create(
        event=event, lead="Hier einige Zitate der Teilnehmer*innen des Podiumsgesprächs:"
    )
    Quote.objects.create(event=event, group=group, text="Wir brauchen Orte.", order=1)
    Quote.objects.create(
        event=event, group=group, text="Sie weist auf die Quartiere hin.", verbatim=False, order=2
    )
    panel = Chapter.objects.create(event=event, number="3", title="Podium")
    Part.objects.create(chapter=panel, kind=Part.Kind.QUOTES, quote_group=group)
    content = main_content(event)
    lead = content.index("Hier einige Zitate")
    assert lead < content.index("Wir brauchen Orte.") < content.index("Sie weist auf")
    assert "<blockquote" in content.split("Wir brauchen Orte.")[0][-80:]
    assert "<blockquote" not in content.split("Sie weist auf")[0][-80:]


def test_a_text_part_shows_lists_and_its_own_heading(event):
    section = Section.objects.create(
        event=event, title="Ergebnisse", body="Drei Punkte:\n\n- Orte\n- Zeit\n- Geld"
    )
    chapter = Chapter.objects.create(event=event, number="4", title="Was wir gelernt haben")
    Part.objects.create(chapter=chapter, kind=Part.Kind.TEXT, section=section)
    content = main_content(event)
    assert re.search(r"<h3[^>]*>Ergebnisse</h3>", content)
    assert "<ul><li>Orte</li><li>Zeit</li><li>Geld</li></ul>" in content


def test_a_part_needs_the_row_its_kind_names():
    from django.db import IntegrityError

    event = make_event(
        apps.get_model("stakeholders", "Municipality").objects.create(name="X", slug="x"),
        slug="x",
    )
    chapter = Chapter.objects.create(event=event, title="Kapitel")
    with pytest.raises(IntegrityError):
        Part.objects.create(chapter=chapter, kind=Part.Kind.TEXT)


def test_staff_place_parts_of_their_own_documentation_in_a_chapter(event, hagen_editor):
    from django.urls import reverse

    from tests.admin_forms import unchanged_form_data
    from tests.conftest import client_for

    own = Section.objects.create(event=event, title="Eigener Text", body="Text.")
    other = make_event(event.municipality, slug="andere")
    foreign = Section.objects.create(event=other, title="Fremder Text", body="Text.")
    chapter = Chapter.objects.create(event=event, title="Kapitel")
    client = client_for(hagen_editor)
    url = reverse("admin:events_chapter_change", args=[chapter.pk])
    data = unchanged_form_data(client.get(url))

    def post(**part):
        fields = {"parts-TOTAL_FORMS": "1", "parts-0-order": "0", "parts-0-kind": "text"}
        fields.update({f"parts-0-{key}": value for key, value in part.items()})
        return client.post(url, {**data, **fields})

    assert post().status_code == 200  # a text part needs its text
    assert post(section=foreign.pk).status_code == 200  # another documentation's text
    assert post(section=own.pk, agenda="").status_code == 302
    assert list(chapter.parts.values_list("section", flat=True)) == [own.pk]


@pytest.mark.parametrize("path", DEMO, ids=[p.stem for p in DEMO])
def test_the_outline_survives_export_and_import(path):
    from events.exporter import documentation_export
    from tests.events.test_import_export import wipe_everything

    event = documentation_import(data=documentation_load(path)).event
    if not event.chapters.exists():  # a file of version 1: the migration's chapters
        import_module("events.migrations.0010_place_existing_content_in_chapters").place(apps, None)
    group = QuoteGroup.objects.create(event=event, lead="Unter dieser These:")
    Quote.objects.create(event=event, group=group, text="Gesagt.", verbatim=False)
    chapter = Chapter.objects.create(event=event, number="9", title="Thesen", order=99)
    Part.objects.create(chapter=chapter, kind=Part.Kind.QUOTES, quote_group=group)
    page = main_content(event)
    exported = documentation_export(event=event)
    assert exported["version"] == 2 and exported["event"]["outline"]

    wipe_everything()
    again = documentation_import(data=exported).event
    assert documentation_export(event=again) == exported
    assert main_content(again) == page


def test_a_chapter_with_nothing_to_read_is_not_shown(event):
    event.participant_count = 80
    event.save()
    empty = Chapter.objects.create(event=event, title="Noch leer", order=0)
    Part.objects.create(chapter=empty, kind=Part.Kind.PARTICIPANTS)  # no groups: nothing
    assert "Noch leer" not in headings(event)
    # The number stands in the facts, not again in a chapter of its own.
    assert "Teilnehmende" not in headings(event)


def test_a_speaker_whose_talk_stands_in_a_chapter_is_not_listed_again(event):
    from events.models import EventRole
    from stakeholders.models import Person

    speaker = Person.objects.create(name="Erika Muster", slug="erika-muster", publish_name=True)
    host = Person.objects.create(name="Max Moderator", slug="max-moderator", publish_name=True)
    talk = EventRole.objects.create(
        event=event, person=speaker, role=EventRole.Role.INPUT, title="Bericht der Stadt"
    )
    EventRole.objects.create(event=event, person=host, role=EventRole.Role.MODERATION)
    chapter = Chapter.objects.create(event=event, title="Input")
    Part.objects.create(chapter=chapter, kind=Part.Kind.TALK, role=talk, order=1)
    Part.objects.create(chapter=chapter, kind=Part.Kind.PEOPLE, order=2)
    content = main_content(event)
    assert content.count("Erika Muster") == 1
    assert "Max Moderator" in content

    assert '<dl class="people">' in content

    EventRole.objects.filter(role=EventRole.Role.MODERATION).delete()
    assert '<dl class="people">' not in main_content(event)  # only the speaker: no list
