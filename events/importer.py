"""Import one event's complete documentation from the documented file format (version 1).

The format is described in docs/documentation-format.md and defined by
docs/documentation-format.schema.json. A file is validated completely before anything is
written; then it is written in one transaction. Independent objects (municipalities, networks,
organisations, people, strategies, recommendations, frameworks) are matched by slug and updated
in place; everything that belongs to the event alone is replaced as a whole.
"""

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from events.documentation_checks import (
    Checker,
    Problem,
    _items,
    describe_schema_error,
    schema_validator,
)
from events.documentation_writer import Writer
from events.models import (
    Event,
)
from recommendations.models import (
    Strategy,
)
from stakeholders.models import Municipality, Organisation, Person

FORMAT = "engagement-portal/documentation"
VERSION = 1


class DocumentationError(Exception):
    """The file cannot be imported; ``problems`` says where and why. Nothing was written."""

    def __init__(self, problems: list[Problem], source: str = ""):
        self.problems = problems
        self.source = source
        super().__init__(self.report())

    def report(self) -> str:
        head = f"{self.source}: " if self.source else ""
        count = len(self.problems)
        lines = [f"{head}{count} Fehler, nichts wurde importiert."]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


def documentation_validate(data: Any) -> list[Problem]:
    """Every problem of the document, with its place; an empty list means it can be imported."""
    if not isinstance(data, dict):
        return [
            Problem("", "Die Datei enthält kein Dokument (erwartet wird ein Objekt mit „event“).")
        ]
    problems = [describe_schema_error(e) for e in schema_validator().iter_errors(data)]
    if problems:
        return sorted(problems, key=lambda p: p.path)
    return Checker(data).run()


def documentation_load(path: Path | str) -> Any:
    """Read a YAML or JSON file; a syntax error becomes a DocumentationError naming the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentationError(
            [Problem("", f"Datei kann nicht gelesen werden: {error}")], str(path)
        ) from None
    return documentation_parse(text, source=str(path))


def documentation_parse(text: str, *, source: str = "") -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"Zeile {mark.line + 1}, Spalte {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise DocumentationError(
            [Problem("", f"kein gültiges YAML ({where}{problem})")], source
        ) from None


def documentation_import(*, data: Any, source: str = "") -> Event:
    """Validate the whole document, then write it in one transaction. Returns the event."""
    problems = documentation_validate(data)
    if problems:
        raise DocumentationError(problems, source)
    with transaction.atomic():
        return Writer(data).run()


def documentation_permission_problems(data: dict, user) -> list[Problem]:
    """What an editor may not import: other municipalities' events, strategies and people.

    Superusers may import everything; call after documentation_validate succeeded.
    """
    if user.is_superuser:
        return []
    from stakeholders.scoping import editor_municipality_ids

    own = set(
        Municipality.objects.filter(pk__in=editor_municipality_ids(user)).values_list(
            "slug", flat=True
        )
    )
    problems = []
    event = data["event"]
    if event["host_municipality"] not in own:
        problems.append(
            Problem(
                "event.host_municipality",
                "Sie können nur Veranstaltungen Ihrer Kommune importieren",
            )
        )
    existing = (
        Event.objects.filter(slug=event["slug"])
        .values_list("municipality__slug", flat=True)
        .first()
    )
    if existing and existing not in own:
        problems.append(Problem("event.slug", "diese Veranstaltung gehört einer anderen Kommune"))
    for key, model in (
        ("strategies", Strategy),
        ("people", Person),
        ("organisations", Organisation),
    ):
        for index, item in enumerate(_items(data.get(key))):
            owner = (
                model.objects.filter(slug=item["slug"])
                .values_list("municipality__slug", flat=True)
                .first()
            )
            if owner and owner not in own:
                problems.append(Problem(f"{key}[{index}].slug", "gehört einer anderen Kommune"))
    return problems
