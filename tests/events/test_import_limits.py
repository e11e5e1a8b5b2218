"""Limits on an import, and values the schema refuses because the database could not hold them.

Each is refused with a message that names the place or the limit, in the admin (no 500) and on
the command line (no traceback), and nothing is written.
"""

import pytest
import yaml
from django.core.management import CommandError, call_command

from events.importer import DocumentationError, documentation_import, documentation_parse
from events.models import Event
from tests.conftest import client_for
from tests.events.test_import_export import minimal, upload
from tests.state import database_rows

pytestmark = pytest.mark.django_db

# About 750 bytes that stand for 10**9 strings once the aliases are expanded.
LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    + ["event: *i"]
)


def refused_in_the_admin(editor, text: str) -> str:
    before = database_rows()
    response = upload(client_for(editor), text)
    assert response.status_code == 200
    assert database_rows() == before
    return response.content.decode()


def test_yaml_aliases_are_refused_before_they_expand(hagen, hagen_editor):
    with pytest.raises(DocumentationError) as caught:
        documentation_parse(LAUGHS)
    [problem] = caught.value.problems
    assert "Zeile 2: YAML-Verweise (*a) werden nicht unterstützt" in str(problem)
    assert "YAML-Verweise" in refused_in_the_admin(hagen_editor, LAUGHS)


def test_a_file_over_the_size_limit_is_refused(hagen, hagen_editor, settings, tmp_path):
    settings.DOCUMENTATION_MAX_BYTES = 2_000
    text = yaml.safe_dump(minimal(summary="x" * 3_000))
    assert "Die Datei ist zu groß" in refused_in_the_admin(hagen_editor, text)
    path = tmp_path / "gross.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_documentation", str(path))
    assert not Event.objects.exists()


def test_deep_nesting_is_refused_without_a_traceback(hagen, hagen_editor):
    text = "event: " + "[" * 5_000 + "]" * 5_000
    assert "zu tief verschachtelt (höchstens 40 Ebenen" in refused_in_the_admin(hagen_editor, text)


def test_too_many_values_are_refused(hagen, hagen_editor, settings):
    # Plain texts count too: 400,000 guiding questions in 1.6 MB held a worker for 22 s.
    settings.DOCUMENTATION_MAX_VALUES = 100
    questions = [f"Frage {i}?" for i in range(200)]
    text = yaml.safe_dump(minimal(guiding_questions=[{"text": q} for q in questions[:2]]))
    assert documentation_parse(text)
    text = yaml.safe_dump(
        minimal(
            sessions=[
                {"slug": "s", "kind": "workshop", "title": "S", "guiding_questions": questions}
            ]
        )
    )
    assert "zu viele Angaben (höchstens 100" in refused_in_the_admin(hagen_editor, text)


def test_a_file_with_hundreds_of_topics_is_refused(hagen, hagen_editor):
    # 150,000 different topics in 1.4 MB held a worker for three minutes and wrote 150,000 rows
    # every municipality shares.
    with pytest.raises(DocumentationError) as caught:
        documentation_import(data=minimal(tags=[f"t{i}" for i in range(31)]), user=hagen_editor)
    assert [str(p) for p in caught.value.problems] == ["event.tags: höchstens 30 Einträge"]
    sessions = [
        {
            "slug": f"s{i}",
            "kind": "workshop",
            "title": "S",
            "tags": [f"t{i}-{j}" for j in range(11)],
        }
        for i in range(30)
    ]
    with pytest.raises(DocumentationError) as caught:
        documentation_import(data=minimal(sessions=sessions), user=hagen_editor)
    assert [str(p) for p in caught.value.problems] == [
        "330 verschiedene Themen (tags); höchstens 300 sind erlaubt, eine Dokumentation hat meist "
        "weniger als zwanzig"
    ]


def test_a_level_the_database_would_round_over_its_column_is_refused(hagen, superuser):
    data = minimal()
    data["frameworks"] = [
        {"slug": "f", "name": "F", "levels": [{"rank": 1, "title": "L", "min_score": 999.999}]}
    ]
    with pytest.raises(DocumentationError) as caught:
        documentation_import(data=data, user=superuser)
    assert [str(p) for p in caught.value.problems] == [
        "frameworks[0].levels[0].min_score: darf höchstens 999.99 sein"
    ]


def test_a_file_that_is_no_text_is_refused_with_its_reason(hagen, hagen_editor):
    pdf = b"%PDF-1.7\n" + bytes(range(128, 256))
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    response = client_for(hagen_editor).post(
        reverse("admin:events_event_import"), {"file": SimpleUploadedFile("doku.pdf", pdf)}
    )
    assert "als PDF oder Word-Datei kann nicht importiert werden" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"slug": "a" * 121}, "event.slug: zu lang (höchstens 120 Zeichen)"),
        ({"tags": ["t" * 97]}, "event.tags[0]: zu lang (höchstens 96 Zeichen)"),
        # 60 ligatures are 120 letters in the slug.
        ({"tags": ["ﬀ" * 60]}, "event.tags[0]: Das Thema „" + "ﬀ" * 30 + "…“ ist zu lang"),
        ({"tags": ["???"]}, "event.tags[0]: Das Thema „???“ braucht mindestens einen Buchstaben"),
        ({"participant_count": 2**40}, "event.participant_count: darf höchstens 2147483647 sein"),
        (
            {"sessions": [{"slug": "s", "kind": "workshop", "title": "S", "round": 70_000}]},
            "event.sessions[0].round: darf höchstens 32767 sein",
        ),
        ({"title": "Werk\x00statt"}, "event.title: enthält ein unzulässiges Steuerzeichen (NUL)"),
        # A final line break passed Python's "$": the slug then broke every page linking it.
        ({"slug": "hagen-neu\n"}, "event.slug: „hagen-neu\n“ ist kein gültiger Wert"),
        ({"start_time": "10:30\n"}, "event.start_time: „10:30\n“ ist kein gültiger Wert"),
        ({1: "eins"}, "event: Angaben brauchen Namen aus Text, nicht 1"),
        (
            {
                "sessions": [
                    {
                        "slug": "s",
                        "kind": "workshop",
                        "title": "S",
                        "contributions": [{"text": "a\x00b"}],
                    }
                ]
            },
            "event.sessions[0].contributions[0].text: enthält ein unzulässiges Steuerzeichen",
        ),
    ],
)
def test_values_the_database_cannot_hold_are_refused_with_their_place(
    hagen, hagen_editor, tmp_path, change, expected, capsys
):
    data = minimal()
    data["event"].update(change)
    with pytest.raises(DocumentationError) as caught:
        documentation_import(data=data, user=hagen_editor)
    assert any(str(problem).startswith(expected) for problem in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]
    text = yaml.safe_dump(data, allow_unicode=True)
    assert expected.split(": ", 1)[0] in refused_in_the_admin(hagen_editor, text)
    path = tmp_path / "doku.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_documentation", str(path))
    assert expected.split(": ", 1)[0] in capsys.readouterr().err
