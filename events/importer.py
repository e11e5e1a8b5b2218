"""Import one event's complete documentation from the documented file format (version 1).

The format is described in docs/documentation-format.md and defined by
docs/documentation-format.schema.json. A file is validated completely before anything is
written; then it is written in one transaction. Independent objects (municipalities, networks,
organisations, people, strategies, recommendations, frameworks) are matched by slug and updated
in place; everything that belongs to the event alone is replaced as a whole.

An import on behalf of a user honours that user's scope (events.documentation_scope); the
command line imports with the operator's full rights. Limits on size, nesting, records and YAML
aliases (settings ``DOCUMENTATION_MAX_*``) are checked while parsing, before anything is built.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import DataError, IntegrityError, transaction

from events.documentation_checks import (
    FORMAT,
    VERSION,
    Checker,
    Problem,
    describe_schema_error,
    format_path,
    schema_validator,
)
from events.documentation_scope import (
    ScopeCheck,
    SharedRecords,
    documentation_owners_filled,
)
from events.documentation_writer import Writer
from events.models import Event
from stakeholders.scoping import Scope

__all__ = ["FORMAT", "VERSION"]

# The C parser where PyYAML was built with libyaml (its wheels are), else the Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def _value_problems(value, path: list) -> list[Problem]:
    """What no schema says and no database takes: NUL characters, keys that are not texts."""
    if isinstance(value, str):
        if "\x00" in value:
            return [Problem(format_path(path), "enthält ein unzulässiges Steuerzeichen (NUL)")]
        return []
    if isinstance(value, dict):
        problems = []
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append(
                    Problem(format_path(path), f"Angaben brauchen Namen aus Text, nicht {key!r}")
                )
                continue
            problems += _value_problems(item, [*path, key])
        return problems
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _value_problems(item, [*path, i])]
    return []


def documentation_validate(data: Any) -> list[Problem]:
    """Every problem of the document, with its place; an empty list means it can be imported."""
    if not isinstance(data, dict):
        return [
            Problem("", "Die Datei enthält kein Dokument (erwartet wird ein Objekt mit „event“).")
        ]
    problems = _value_problems(data, [])
    if any("Angaben brauchen Namen" in p.message for p in problems):
        return problems  # the schema's messages assume texts as keys
    problems += [describe_schema_error(e) for e in schema_validator().iter_errors(data)]
    if problems:
        return sorted(set(problems), key=lambda p: p.path)
    return Checker(data).run()


def documentation_load(path: Path | str) -> Any:
    """Read a YAML or JSON file; a syntax error becomes a DocumentationError naming the line."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > settings.DOCUMENTATION_MAX_BYTES:
            raise DocumentationError([too_large(size)], str(path))
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentationError(
            [Problem("", f"Datei kann nicht gelesen werden: {error}")], str(path)
        ) from None
    return documentation_parse(text, source=str(path))


def too_large(size: int) -> Problem:
    limit = settings.DOCUMENTATION_MAX_BYTES
    return Problem(
        "",
        f"Die Datei ist zu groß ({size / 1_000_000:.1f} MB); höchstens {limit / 1_000_000:.1f} MB "
        "sind erlaubt (Einstellung DOCUMENTATION_MAX_BYTES).",
    )


def _limit_error(line: str, message: str) -> DocumentationError:
    return DocumentationError([Problem("", f"{line}{message}")])


def _check_limits(text: str) -> None:
    """Refuse aliases, deep nesting and too many values before any object is built.

    A few hundred bytes of YAML aliases can stand for millions of records, PyYAML builds nested
    documents recursively, and every value may become a row to write; each would hold a worker.
    The parser's events are counted instead, which costs memory for one event at a time. Every
    key, text, number, list and object counts as one value.
    """
    max_depth = settings.DOCUMENTATION_MAX_DEPTH
    max_values = settings.DOCUMENTATION_MAX_VALUES
    depth = values = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = f"Zeile {event.start_mark.line + 1}: " if event.start_mark else ""
        if isinstance(event, yaml.AliasEvent):
            raise _limit_error(
                line,
                f"YAML-Verweise (*{event.anchor}) werden nicht unterstützt; "
                "bitte den Inhalt ausschreiben.",
            )
        if isinstance(event, yaml.NodeEvent):
            values += 1
            if values > max_values:
                raise _limit_error(
                    line,
                    f"zu viele Angaben (höchstens {max_values}, "
                    "Einstellung DOCUMENTATION_MAX_VALUES).",
                )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                raise _limit_error(
                    line,
                    f"zu tief verschachtelt (höchstens {max_depth} Ebenen, "
                    "Einstellung DOCUMENTATION_MAX_DEPTH).",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def documentation_parse(text: str, *, source: str = "") -> Any:
    """The document in ``text`` (YAML or JSON) within the limits, or a DocumentationError."""
    size = len(text.encode("utf-8"))
    if size > settings.DOCUMENTATION_MAX_BYTES:
        raise DocumentationError([too_large(size)], source)
    try:
        _check_limits(text)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader)
    except DocumentationError as error:
        error.source = source
        raise
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"Zeile {mark.line + 1}, Spalte {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise DocumentationError(
            [Problem("", f"kein gültiges YAML ({where}{problem})")], source
        ) from None


@dataclass
class ImportResult:
    event: Event
    # Things the user should know that did not stop the import (a consent kept withdrawn).
    notices: list[Problem] = field(default_factory=list)


def documentation_import(*, data: Any, source: str = "", user=None) -> ImportResult:
    """Validate the whole document, then write it in one transaction.

    With a ``user``, the document must stay within what that user may write and refer to (the
    admin's rules); without one (the command line, the demo) everything may be written.
    """
    problems = documentation_validate(data)
    if problems:
        raise DocumentationError(problems, source)
    scope = Scope(user) if user is not None else None
    if scope is not None:
        data = documentation_owners_filled(data, scope)
        problems = ScopeCheck(data, scope).run()
        if problems:
            raise DocumentationError(problems, source)
    try:
        with transaction.atomic():
            shared = SharedRecords(data, scope) if scope is not None else None
            if shared:
                shared.before()
            writer = Writer(data, scope)
            event = writer.run()
            problems = shared.changes() if shared else []
            if problems:
                raise DocumentationError(problems, source)
    except (DataError, IntegrityError) as error:
        # The checks above should leave nothing for the database to refuse; if it does, the
        # user gets the reason instead of a server error, and nothing was written.
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DocumentationError(
            [Problem("", f"Die Datenbank hat die Datei abgelehnt: {reason}")], source
        ) from None
    return ImportResult(event=event, notices=writer.notices)
