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

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from events.deletion import replacing_refused
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
from events.models import Event, Poll
from stakeholders.scoping import Scope
from uploads.processing import check_attachment, process_photo
from uploads.services import files_delete

__all__ = ["FORMAT", "VERSION"]

# Photos and files a bundle may hold, besides the documentation.
MAX_BUNDLE_ENTRIES = 500

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


def documentation_validate(data: Any, media: dict | None = None) -> list[Problem]:
    """Every problem of the document, with its place; an empty list means it can be imported.
    ``media``: the files of a bundle by their name in it (None: a plain file, without media)."""
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
    return Checker(data, media).run()


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
class Bundle:
    """A documentation and, from a ZIP archive, its photos and files by their name in it."""

    data: Any
    media: dict[str, bytes] | None = None


BUNDLE_DOCUMENT_NAMES = ("documentation.yaml", "documentation.yml", "documentation.json")


def bundle_refused(message: str, source: str) -> DocumentationError:
    return DocumentationError([Problem("", message)], source)


def documentation_unpack(file, *, source: str = "") -> Bundle:
    """Read a bundle: a ZIP archive with ``documentation.yaml`` (or .json) and ``media/``.

    Refused before anything is decompressed beyond the limits: the archive's entries, their
    declared sizes and their sum (``DOCUMENTATION_MAX_BUNDLE_BYTES``), names outside
    ``media/``; and the sizes are checked again while reading, as a forged archive may lie.
    """
    limit = settings.DOCUMENTATION_MAX_BUNDLE_BYTES
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError):
        raise bundle_refused("Die Datei ist kein lesbares ZIP-Archiv.", source) from None
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        if len(entries) > MAX_BUNDLE_ENTRIES:
            raise bundle_refused(
                f"Das Archiv enthält {len(entries)} Dateien; höchstens {MAX_BUNDLE_ENTRIES}.",
                source,
            )
        if sum(info.file_size for info in entries) > limit:
            raise bundle_refused(
                f"Das Archiv ist entpackt größer als {limit / 1_000_000:.0f} MB "
                "(Einstellung DOCUMENTATION_MAX_BUNDLE_BYTES).",
                source,
            )
        documents = [info for info in entries if info.filename in BUNDLE_DOCUMENT_NAMES]
        if len(documents) != 1:
            raise bundle_refused(
                "Das Archiv braucht genau eine Datei documentation.yaml (oder .json) "
                "auf der obersten Ebene.",
                source,
            )
        media: dict[str, bytes] = {}
        for info in entries:
            if info is documents[0]:
                continue
            name = info.filename
            if not name.startswith("media/") or ".." in name.split("/") or "\\" in name:
                raise bundle_refused(
                    f"„{name}“: außer der Dokumentation gehören nur Dateien im Ordner media/ "
                    "in das Archiv.",
                    source,
                )
            media[name] = _read_entry(archive, info, source)
        try:
            text = _read_entry(archive, documents[0], source).decode("utf-8")
        except UnicodeDecodeError:
            raise bundle_refused(
                f"{documents[0].filename} ist nicht in UTF-8 kodiert.", source
            ) from None
    return Bundle(data=documentation_parse(text, source=source), media=media)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str) -> bytes:
    limit = settings.DOCUMENTATION_MAX_BUNDLE_BYTES
    try:
        with archive.open(info) as entry:
            data = entry.read(limit + 1)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as error:
        raise bundle_refused(
            f"„{info.filename}“ lässt sich nicht entpacken: {error}", source
        ) from None
    if len(data) > info.file_size or len(data) > limit:
        raise bundle_refused(f"„{info.filename}“ ist größer, als das Archiv angibt.", source)
    return data


def documentation_read(path: Path | str) -> Bundle:
    """A file of the command line: a bundle (.zip) or a plain YAML or JSON file."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        if path.stat().st_size > settings.DOCUMENTATION_MAX_BUNDLE_BYTES:
            raise bundle_refused("Das Archiv ist zu groß.", str(path))
        with path.open("rb") as file:
            return documentation_unpack(file, source=str(path))
    return Bundle(data=documentation_load(path))


@dataclass
class ImportResult:
    event: Event
    # Things the user should know that did not stop the import (a consent kept withdrawn).
    notices: list[Problem] = field(default_factory=list)


def documentation_import(
    *, data: Any, source: str = "", user=None, media: dict[str, bytes] | None = None
) -> ImportResult:
    """Validate the whole document, then write it in one transaction.

    With a ``user``, the document must stay within what that user may write and refer to (the
    admin's rules); without one (the command line, the demo) everything may be written.
    ``media``: the photos and files of a bundle (documentation_unpack), checked with the rest.
    """
    problems = documentation_validate(data, media)
    if problems:
        raise DocumentationError(problems, source)
    prepared, problems = _prepare_media(data["event"], media or {})
    if problems:
        raise DocumentationError(problems, source)
    scope = Scope(user) if user is not None else None
    if scope is not None:
        data = documentation_owners_filled(data, scope)
        problems = ScopeCheck(data, scope).run()
        if problems:
            raise DocumentationError(problems, source)
    writer = Writer(data, scope, prepared)
    try:
        with transaction.atomic():
            shared = SharedRecords(data, scope) if scope is not None else None
            if shared:
                shared.before()
            # The event and its polls locked first: a live poll created meanwhile (its rows
            # refer to them) waits for the import instead of losing its questions to it.
            slug = data["event"]["slug"]
            list(Event.objects.select_for_update().filter(slug=slug).values_list("pk"))
            polls = Poll.objects.filter(event__slug=slug)
            list(polls.select_for_update().values_list("pk"))
            refused = replacing_refused(polls)
            if refused:
                raise DocumentationError([Problem("event.polls", r) for r in refused], source)
            event = writer.run()
            problems = shared.changes() if shared else []
            if problems:
                raise DocumentationError(problems, source)
    except BaseException as failure:
        # Nothing was written: neither are the photos and files stored on the way.
        files_delete(writer.stored_files)
        if isinstance(failure, DataError | IntegrityError):
            _refused_by_the_database(failure, source)
        raise
    return ImportResult(event=event, notices=writer.notices)


def _refused_by_the_database(error: Exception, source: str) -> None:
    """The checks should leave nothing for the database to refuse; if it does, the user gets
    the reason instead of a server error, and nothing was written."""
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    raise DocumentationError(
        [Problem("", f"Die Datenbank hat die Datei abgelehnt: {reason}")], source
    ) from None


def _prepare_media(event: dict, media: dict[str, bytes]) -> tuple[dict, list[Problem]]:
    """Check every photo and file of the bundle as the admin's upload does (uploads.processing):
    cleaned images with their sizes, checked files, by key; or the problems with their places."""
    prepared: dict[str, dict] = {"photos": {}, "attachments": {}}
    problems: list[Problem] = []
    for key, check in (("photos", process_photo), ("attachments", check_attachment)):
        for i, item in enumerate(event.get(key) or []):
            try:
                prepared[key][item["key"]] = check(io.BytesIO(media[item["file"]]))
            except ValidationError as error:
                for message in error.messages:
                    problems.append(Problem(format_path(["event", key, i, "file"]), message))
    return prepared, problems
