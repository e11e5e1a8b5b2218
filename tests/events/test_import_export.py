"""The documentation file format: validation with places, atomic import, round trip."""

import copy
import io
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.models import Assessment, Framework
from events.documentation_writer import Writer
from events.exporter import documentation_export
from events.importer import (
    DocumentationError,
    documentation_import,
    documentation_load,
    documentation_validate,
)
from events.models import Contribution, Event, Session
from recommendations.models import Recommendation, Strategy
from stakeholders.models import Municipality, Network, Organisation, Person, PracticeExample
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DEMO = sorted((Path(settings.BASE_DIR) / "demo" / "documentations").glob("*.yaml"))
HAGEN = next(p for p in DEMO if "hagen" in p.name)


def minimal(**event) -> dict:
    return {
        "format": "engagement-portal/documentation",
        "version": 1,
        "municipalities": [{"slug": "hagen", "name": "Hagen"}],
        "event": {
            "slug": "werkstatt",
            "title": "Werkstatt",
            "kind": "workshop",
            "format": "in_person",
            "date": "2023-04-01",
            "host_municipality": "hagen",
            **event,
        },
    }


def wipe_everything() -> None:
    for model in (PracticeExample, Event, Assessment, Strategy, Framework, Person, Organisation):
        model.objects.all().delete()
    Municipality.objects.all().delete()
    Network.objects.all().delete()


@pytest.mark.parametrize("path", DEMO, ids=[p.stem for p in DEMO])
def test_import_export_import_gives_the_same_data(path):
    event = documentation_import(data=documentation_load(path)).event
    first = documentation_export(event=event)
    counts = (Session.objects.count(), Contribution.objects.count(), Person.objects.count())

    wipe_everything()
    again = documentation_import(data=copy.deepcopy(first)).event
    second = documentation_export(event=again)

    assert second == first
    assert (Session.objects.count(), Contribution.objects.count(), Person.objects.count()) == counts


def test_the_export_holds_what_the_file_holds():
    original = documentation_load(HAGEN)
    exported = documentation_export(event=documentation_import(data=original).event)

    def count(items, key="children"):
        return sum(1 + count(item.get(key) or []) for item in items or [])

    assert count(exported["event"]["recommendation_additions"]) == count(
        original["event"]["recommendation_additions"]
    )
    assert len(exported["strategies"][0]["recommendations"]) == 40
    assert [s["slug"] for s in exported["event"]["sessions"]] == [
        s["slug"] for s in original["event"]["sessions"]
    ]


def test_importing_the_same_file_again_updates_in_place():
    data = documentation_load(HAGEN)
    documentation_import(data=data)
    counts = (Event.objects.count(), Recommendation.objects.count(), Contribution.objects.count())
    data["event"]["title"] = "Umsetzungskonferenz (korrigiert)"
    data["strategies"][0]["recommendations"][0]["title"] = "Wertschätzender Standard überall"
    documentation_import(data=data)
    assert (
        Event.objects.count(),
        Recommendation.objects.count(),
        Contribution.objects.count(),
    ) == counts
    assert Event.objects.get(slug=data["event"]["slug"]).title == "Umsetzungskonferenz (korrigiert)"
    assert Recommendation.objects.filter(title="Wertschätzender Standard überall").count() == 1


def test_an_error_names_the_place_in_the_document_and_nothing_is_written():
    sessions = [
        {"slug": f"gruppe-{i}", "kind": "small_group", "title": f"Gruppe {i}"} for i in range(3)
    ]
    sessions[2]["contributions"] = [{"text": f"Punkt {i}"} for i in range(5)] + [{"text": ""}]
    with pytest.raises(DocumentationError) as error:
        documentation_import(data=minimal(sessions=sessions), source="werkstatt.yaml")
    assert [str(p) for p in error.value.problems] == [
        "event.sessions[2].contributions[5].text: darf nicht leer sein"
    ]
    assert "werkstatt.yaml" in error.value.report()
    assert not Event.objects.exists()
    assert not Municipality.objects.exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"kind": "party"}, "event.kind: „party“ ist nicht erlaubt"),
        ({"date": "27.08.2022"}, "event.date: „27.08.2022“ ist kein gültiger Wert: Datum"),
        ({"date": "2022-02-30"}, "event.date: „2022-02-30“ ist kein gültiges Datum"),
        ({"start_time": "15:00", "end_time": "10:30"}, "event.end_time: Ende liegt vor dem Beginn"),
        (
            {"roles": [{"person": "niemand", "role": "moderation"}]},
            "event.roles[0].person: Person „niemand“ ist weder in der Datei noch im Portal",
        ),
        (
            {"prioritisation": [{"recommendation": "gibt-es-nicht", "points": 3}]},
            "event.prioritisation[0].recommendation: Handlungsempfehlung „gibt-es-nicht“",
        ),
        ({"contact_email": "kein-at-zeichen"}, "event.contact_email: „kein-at-zeichen“ ist keine"),
        ({"colour": "grün"}, "event: unbekannte Angabe: colour"),
        (
            {
                "polls": [
                    {"question": "Wie?", "kind": "multiple", "min_choices": 3, "max_choices": 2}
                ]
            },
            "event.polls[0].min_choices: ist größer als max_choices",
        ),
    ],
)
def test_invalid_documents_are_refused_with_a_clear_message(change, expected):
    problems = documentation_validate(minimal(**change))
    assert any(str(p).startswith(expected) for p in problems), problems


def test_a_missing_required_key_is_named():
    data = minimal()
    del data["event"]["title"]
    assert [str(p) for p in documentation_validate(data)] == ["event.title: Pflichtangabe fehlt"]


def test_a_failure_while_writing_leaves_nothing_behind(monkeypatch):
    def fail(self, event, item):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Writer, "write_event_parts", fail)
    with pytest.raises(RuntimeError):
        documentation_import(data=documentation_load(HAGEN))
    assert not Event.objects.exists()
    assert not Recommendation.objects.exists()


def test_the_command_reports_a_broken_file_and_imports_the_good_one(tmp_path):
    broken = tmp_path / "kaputt.yaml"
    broken.write_text("event:\n  slug: [unclosed\n", encoding="utf-8")
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_documentation", str(broken), str(HAGEN), stdout=io.StringIO(), stderr=stderr
        )
    assert "kaputt.yaml" in stderr.getvalue()
    assert "kein gültiges YAML (Zeile" in stderr.getvalue()
    assert Event.objects.filter(slug="hagen-umsetzungskonferenz-2022").exists()


def test_the_export_command_writes_the_format(tmp_path):
    documentation_import(data=documentation_load(HAGEN))
    out = tmp_path / "hagen.yaml"
    call_command("export_documentation", "hagen-umsetzungskonferenz-2022", output=str(out))
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["format"] == "engagement-portal/documentation"
    assert documentation_validate(data) == []


def upload(client, data: dict | str):
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    return client.post(
        reverse("admin:events_event_import"),
        {"file": SimpleUploadedFile("doku.yaml", text.encode("utf-8"))},
    )


def test_staff_upload_imports_a_valid_file(hagen, hagen_editor):
    response = upload(client_for(hagen_editor), minimal())
    assert response.status_code == 302
    assert Event.objects.get(slug="werkstatt").municipality == hagen


def test_staff_upload_shows_every_problem_and_writes_nothing(hagen, hagen_editor):
    response = upload(client_for(hagen_editor), minimal(kind="party", date="gestern"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "event.kind" in content and "event.date" in content
    assert not Event.objects.exists()


def test_an_editor_cannot_import_another_municipalitys_event(hagen_editor, dortmund):
    data = minimal(host_municipality="dortmund")
    data["municipalities"] = [{"slug": "dortmund", "name": "Dortmund"}]
    response = upload(client_for(hagen_editor), data)
    assert response.status_code == 200
    assert "Ihrer Kommune" in response.content.decode()
    assert not Event.objects.exists()


def test_export_in_the_admin_follows_the_municipality(hagen_editor, dortmund_editor):
    event = documentation_import(data=documentation_load(HAGEN)).event
    url = reverse("admin:events_event_export", args=[event.pk])
    response = client_for(hagen_editor).get(url)
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["event"]["slug"] == event.slug
    assert client_for(dortmund_editor).get(url).status_code in (403, 404)


DESSAU = next(p for p in DEMO if "dessau" in p.name)


def test_the_working_groups_are_linked_to_their_chosen_fields():
    event = documentation_import(data=documentation_load(DESSAU)).event
    chosen = event.self_assessment.field_results.filter(chosen=True).select_related("session")
    assert {(r.field.number, r.session.slug) for r in chosen} == {
        ("4", "ag-handlungsfeld-4"),
        ("5", "ag-handlungsfeld-5"),
    }
    assert all(r.level_set_by_hand for r in event.self_assessment.field_results.all())


def test_reimporting_keeps_invited_respondents_of_the_self_assessment():
    event = documentation_import(data=documentation_load(DESSAU)).event
    invited = event.self_assessment.respondents.create(unit="Amt für Soziales", order=99)
    documentation_import(data=documentation_load(DESSAU))
    event.refresh_from_db()
    assert event.self_assessment.respondents.filter(pk=invited.pk).exists()
    # The file's ten offices (Herr Altmann/Frau Heß in one row, as in the original) and the
    # invited one.
    assert event.self_assessment.respondents.count() == 11


def test_a_rating_scale_and_a_word_cloud_go_through_the_format():
    polls = [
        {
            "question": "Ich fühle mich unterstützt.",
            "kind": "scale",
            "label_low": "trifft gar nicht zu",
            "label_high": "trifft voll zu",
            "options": [{"text": str(n), "count": n} for n in range(1, 6)],
        },
        {
            "question": "Was verbinden Sie mit Engagement?",
            "kind": "words",
            "options": [{"text": "Ehrenamt", "count": 4}, {"text": "Zeit", "count": 2}],
        },
    ]
    data = minimal(polls=polls)
    event = documentation_import(data=copy.deepcopy(data)).event
    scale, cloud = event.polls.order_by("order")
    assert (scale.label_low, scale.label_high, scale.max_choices) == (
        "trifft gar nicht zu",
        "trifft voll zu",
        1,
    )
    assert (cloud.kind, cloud.max_choices) == ("words", 3)
    first = documentation_export(event=event)
    assert first["event"]["polls"][0]["label_low"] == "trifft gar nicht zu"
    wipe_everything()
    again = documentation_import(data=copy.deepcopy(first)).event
    assert documentation_export(event=again) == first
    problems = documentation_validate(minimal(polls=[{**polls[0], "label_low": "x" * 101}]))
    assert [p.path for p in problems] == ["event.polls[0].label_low"]
