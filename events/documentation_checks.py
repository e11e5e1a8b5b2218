"""Validation of documentation files: the JSON Schema, then what a schema cannot check.

Every problem names its place in the document (``event.sessions[2].contributions[5].text``).
"""

import datetime
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError as SchemaError

from assessments.models import (
    Criterion,
    Field,
    Framework,
    MaturityLevel,
    ScaleStep,
)
from engagement_portal.lib.tags import tag_name_problem
from events.models import (
    Event,
)
from recommendations.models import (
    ActionField,
    Recommendation,
    Strategy,
)
from stakeholders.models import Municipality, Network, Organisation, Person, PracticeExample

FORMAT = "engagement-portal/documentation"
# Version 2 added the outline (chapters and parts), groups of quotes and reported speech;
# files of version 1 still import (their documentation reads in the standard order).
VERSION = 2
# Each new topic is a row every municipality shares; a documentation has a handful (the demo
# files 0 to 7), so a file with hundreds is a mistake or an attack.
MAX_TAG_NAMES = 300
SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "documentation-format.schema.json"


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def _whole_pattern(validator, pattern: str, instance, schema):
    """``pattern`` as JSON Schema means it: ``$`` is the end of the text. Python's ``re`` also lets
    ``$`` match before a final line break, so "hagen\\n" would pass as a slug and break every
    page that builds an address from it."""
    if not validator.is_type(instance, "string"):
        return
    strict = pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern
    if not re.search(strict, instance):
        yield SchemaError(f"{instance!r} does not match {pattern!r}")


SchemaValidator = validators.extend(Draft202012Validator, {"pattern": _whole_pattern})


@cache
def schema_validator() -> Draft202012Validator:
    return SchemaValidator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def format_path(parts) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def describe_schema_error(error) -> Problem:
    """A German message for one JSON Schema error, with the place in the document."""
    path = list(error.absolute_path)
    validator = error.validator
    if validator == "required":
        missing = error.message.split("'")[1]
        return Problem(format_path([*path, missing]), "Pflichtangabe fehlt")
    if validator == "additionalProperties":
        extra = ", ".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
        return Problem(format_path(path), f"unbekannte Angabe: {extra}")
    if validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value if v is not None)
        return Problem(
            format_path(path), f"„{error.instance}“ ist nicht erlaubt; erlaubt: {allowed}"
        )
    if validator == "const":
        return Problem(format_path(path), f"muss „{error.validator_value}“ sein")
    if validator == "type":
        names = {
            "string": "Text",
            "integer": "ganze Zahl",
            "array": "Liste",
            "object": "Objekt",
            "boolean": "true/false",
            "null": "leer",
        }
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        expected = " oder ".join(names.get(w, w) for w in wanted if w != "null")
        return Problem(format_path(path), f"erwartet {expected}, gefunden: {error.instance!r}")
    if validator == "pattern":
        hint = {
            "date": "Datum im Format JJJJ-MM-TT",
            "time": "Uhrzeit im Format HH:MM",
        }
        last = str(path[-1]) if path else ""
        if "date" in last:
            expected = hint["date"]
        elif "time" in last:
            expected = hint["time"]
        else:
            expected = "Kurzname aus Kleinbuchstaben, Ziffern und Bindestrichen"
        return Problem(format_path(path), f"„{error.instance}“ ist kein gültiger Wert: {expected}")
    if validator == "minLength":
        return Problem(format_path(path), "darf nicht leer sein")
    if validator == "maxLength":
        return Problem(format_path(path), f"zu lang (höchstens {error.validator_value} Zeichen)")
    if validator == "minimum":
        return Problem(format_path(path), f"muss mindestens {error.validator_value} sein")
    if validator == "maxItems":
        return Problem(format_path(path), f"höchstens {error.validator_value} Einträge")
    if validator == "maximum":
        return Problem(format_path(path), f"darf höchstens {error.validator_value} sein")
    if validator == "exclusiveMaximum":
        return Problem(format_path(path), f"muss kleiner als {error.validator_value} sein")
    return Problem(format_path(path), error.message)


def _items(value) -> list:
    return value or []


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def reference_places(data: dict) -> dict[str, list[tuple[list, str]]]:
    """Every place where the document names another object by its slug, per kind of object.

    The one list of references: the checker tests that each exists, the scope check
    (events.documentation_scope) that the importing user may use it.
    """
    event = data["event"]
    places: dict[str, list[tuple[list, str]]] = {
        key: []
        for key in (
            "networks",
            "municipalities",
            "organisations",
            "people",
            "strategies",
            "recommendations",
            "events",
            "frameworks",
        )
    }

    def add(key: str, path: list, slug) -> None:
        if slug:
            places[key].append((path, slug))

    for i, m in enumerate(_items(data.get("municipalities"))):
        for j, slug in enumerate(_items(m.get("networks"))):
            add("networks", ["municipalities", i, "networks", j], slug)
    add("networks", ["event", "network"], event.get("network"))
    add("municipalities", ["event", "host_municipality"], event.get("host_municipality"))
    for i, o in enumerate(_items(data.get("organisations"))):
        add("municipalities", ["organisations", i, "municipality"], o.get("municipality"))
        add("organisations", ["organisations", i, "parent"], o.get("parent"))
    for i, p in enumerate(_items(data.get("people"))):
        add("municipalities", ["people", i, "municipality"], p.get("municipality"))
        add("organisations", ["people", i, "organisation"], p.get("organisation"))
    for s, strategy in enumerate(_items(data.get("strategies"))):
        add("municipalities", ["strategies", s, "municipality"], strategy.get("municipality"))
        add("networks", ["strategies", s, "network"], strategy.get("network"))
        for r, rec in enumerate(_items(strategy.get("recommendations"))):
            for h, change in enumerate(_items(rec.get("status_history"))):
                if change.get("event") != event["slug"]:
                    path = ["strategies", s, "recommendations", r, "status_history", h, "event"]
                    add("events", path, change.get("event"))
    for key in ("organisers", "partners"):
        for i, slug in enumerate(_items(event.get(key))):
            add("organisations", ["event", key, i], slug)
    for i, slug in enumerate(_items(event.get("strategies"))):
        add("strategies", ["event", "strategies", i], slug)
    for i, role in enumerate(_items(event.get("roles"))):
        add("people", ["event", "roles", i, "person"], role.get("person"))
    for i, quote in enumerate(_items(event.get("quotes"))):
        add("people", ["event", "quotes", i, "speaker"], quote.get("speaker"))
    for g, group in enumerate(_items(event.get("quote_groups"))):
        for i, quote in enumerate(_items(group.get("quotes"))):
            add(
                "people", ["event", "quote_groups", g, "quotes", i, "speaker"], quote.get("speaker")
            )
    for s, session in enumerate(_items(event.get("sessions"))):
        for i, quote in enumerate(_items(session.get("quotes"))):
            add("people", ["event", "sessions", s, "quotes", i, "speaker"], quote.get("speaker"))
        add(
            "recommendations",
            ["event", "sessions", s, "recommendation"],
            session.get("recommendation"),
        )
    for i, item in enumerate(_items(event.get("prioritisation"))):
        add(
            "recommendations",
            ["event", "prioritisation", i, "recommendation"],
            item.get("recommendation"),
        )
    for i, item in enumerate(_items(event.get("recommendation_additions"))):
        add(
            "recommendations",
            ["event", "recommendation_additions", i, "recommendation"],
            item.get("recommendation"),
        )
    for i, example in enumerate(_items(event.get("practice_examples"))):
        base = ["event", "practice_examples", i]
        add("municipalities", [*base, "municipality"], example.get("municipality"))
        add("organisations", [*base, "organisation"], example.get("organisation"))
        add("people", [*base, "contact_person"], example.get("contact_person"))
        for j, slug in enumerate(_items(example.get("other_contacts"))):
            add("people", [*base, "other_contacts", j], slug)
    assessment = event.get("self_assessment") or {}
    add(
        "municipalities",
        ["event", "self_assessment", "municipality"],
        assessment.get("municipality"),
    )
    add("frameworks", ["event", "self_assessment", "framework"], assessment.get("framework"))
    return places


class Checker:
    """Checks what the schema cannot: references, uniqueness, dates, e-mail addresses."""

    def __init__(self, data: dict, media: dict | None = None):
        self.data = data
        self.event = data["event"]
        # The files of a bundle (a ZIP archive) by their name in it; None for a plain file.
        self.media = media
        self.problems: list[Problem] = []

    def add(self, path: list, message: str) -> None:
        self.problems.append(Problem(format_path(path), message))

    def defined(self, key: str) -> set[str]:
        return {item["slug"] for item in _items(self.data.get(key))}

    def known(self, model, key: str, slugs: set[str]) -> set[str]:
        missing = slugs - self.defined(key)
        found = set(model.objects.filter(slug__in=missing).values_list("slug", flat=True))
        return self.defined(key) | found

    def refs(self, model, key: str, places: list[tuple[list, str | None]], label: str) -> None:
        wanted = {slug for _, slug in places if slug}
        known = self.known(model, key, wanted)
        for path, slug in places:
            if slug and slug not in known:
                self.add(path, f"{label} „{slug}“ ist weder in der Datei noch im Portal vorhanden")

    def duplicates(self, items: list, key: str, path: list, label: str) -> None:
        seen: set = set()
        for index, item in enumerate(items):
            value = item.get(key)
            if value in seen:
                self.add([*path, index, key], f"{label} „{value}“ kommt doppelt vor")
            seen.add(value)

    def run(self) -> list[Problem]:
        data = self.data
        for key in (
            "networks",
            "municipalities",
            "organisations",
            "people",
            "strategies",
            "frameworks",
        ):
            self.duplicates(_items(data.get(key)), "slug", [key], "Kurzname")
        self.check_dates()
        self.check_emails()
        self.check_references()
        self.check_strategies()
        self.check_sessions()
        self.check_prioritisation()
        self.check_polls()
        self.check_practice_examples()
        self.check_self_assessment()
        self.check_tags()
        self.check_outline()
        self.check_media_files()
        return self.problems

    def check_outline(self) -> None:
        """Each part names what its kind needs, from this documentation, and places a piece
        once: the same text, group, session, talk, poll or example in two parts would show
        twice."""
        event = self.event
        keyed = {
            "text": ("sections", "key", "Text"),
            "quote_group": ("quote_groups", "key", "Zitatgruppe"),
            "session": ("sessions", "slug", "Arbeitsphase"),
            "role": ("roles", "key", "Beitrag"),
            "poll": ("polls", "key", "Umfrage"),
            "practice_example": ("practice_examples", "slug", "Praxisbeispiel"),
            "photo": ("photos", "key", "Foto"),
            "attachment": ("attachments", "key", "Datei"),
        }
        for key, attribute, _label in keyed.values():
            if attribute == "key":
                items = [item for item in _items(event.get(key)) if item.get("key")]
                self.duplicates(items, "key", ["event", key], "Schlüssel")
        needs = {
            "text": "text",
            "quotes": "quote_group",
            "session": "session",
            "talk": "role",
            "poll": "poll",
            "practice_example": "practice_example",
            "photo": "photo",
            "attachment": "attachment",
        }
        placed: set = set()
        for c, chapter in enumerate(_items(event.get("outline"))):
            for p, part in enumerate(_items(chapter.get("parts"))):
                path = ["event", "outline", c, "parts", p]
                kind = part["kind"]
                needed = needs.get(kind)
                for field_name, (key, attribute, label) in keyed.items():
                    value = part.get(field_name)
                    if field_name == needed and not value:
                        self.add(
                            [*path, field_name], f"ein Teil der Art „{kind}“ braucht diese Angabe"
                        )
                    elif field_name != needed and value:
                        self.add(
                            [*path, field_name], f"gehört nicht zu einem Teil der Art „{kind}“"
                        )
                    elif value:
                        known = {item.get(attribute) for item in _items(event.get(key))}
                        if value not in known:
                            self.add(
                                [*path, field_name],
                                f"{label} „{value}“ gibt es in dieser Dokumentation nicht",
                            )
                if part.get("appendix") and kind != "practice_examples":
                    self.add([*path, "appendix"], "nur bei „practice_examples“")
                what = (kind, part.get(needed)) if needed else (kind, bool(part.get("appendix")))
                if what in placed:
                    self.add(path, "steht schon in einem anderen Teil der Gliederung")
                placed.add(what)

    def check_media_files(self) -> None:
        sessions = {session.get("slug") for session in _items(self.event.get("sessions"))}
        for i, photo in enumerate(_items(self.event.get("photos"))):
            if photo.get("session") and photo["session"] not in sessions:
                self.add(
                    ["event", "photos", i, "session"],
                    f"Arbeitsphase „{photo['session']}“ gibt es in dieser Dokumentation nicht",
                )
        for key in ("photos", "attachments"):
            for i, item in enumerate(_items(self.event.get(key))):
                if self.media is None:
                    self.add(
                        ["event", key, i, "file"],
                        "Fotos und Dateien kommen nur in einem ZIP-Archiv mit, das die Datei "
                        "und den Ordner media/ enthält",
                    )
                elif item["file"] not in self.media:
                    self.add(["event", key, i, "file"], f"„{item['file']}“ fehlt im Archiv")

    def check_tags(self) -> None:
        places = [
            (["event", "tags", i], name) for i, name in enumerate(_items(self.event.get("tags")))
        ]
        for s, session in enumerate(_items(self.event.get("sessions"))):
            places += [
                (["event", "sessions", s, "tags", i], name)
                for i, name in enumerate(_items(session.get("tags")))
            ]
        for s, strategy in enumerate(_items(self.data.get("strategies"))):
            for r, rec in enumerate(_items(strategy.get("recommendations"))):
                places += [
                    (["strategies", s, "recommendations", r, "tags", i], name)
                    for i, name in enumerate(_items(rec.get("tags")))
                ]
        for path, name in places:
            problem = tag_name_problem(name)
            if problem:
                self.add(path, problem)
        names = {name for _, name in places}
        if len(names) > MAX_TAG_NAMES:
            self.add(
                [],
                f"{len(names)} verschiedene Themen (tags); höchstens {MAX_TAG_NAMES} sind "
                "erlaubt, eine Dokumentation hat meist weniger als zwanzig",
            )

    def check_dates(self) -> None:
        places = [
            (["event", "date"], self.event.get("date")),
            (["event", "publication_date"], self.event.get("publication_date")),
        ]
        for i, agreement in enumerate(_items(self.event.get("agreements"))):
            places.append((["event", "agreements", i, "due_date"], agreement.get("due_date")))
        assessment = self.event.get("self_assessment") or {}
        places.append((["event", "self_assessment", "date"], assessment.get("date")))
        for s, strategy in enumerate(_items(self.data.get("strategies"))):
            for r, rec in enumerate(_items(strategy.get("recommendations"))):
                for h, change in enumerate(_items(rec.get("status_history"))):
                    path = ["strategies", s, "recommendations", r, "status_history", h, "date"]
                    places.append((path, change.get("date")))
        for path, value in places:
            if value:
                try:
                    datetime.date.fromisoformat(value)
                except ValueError:
                    self.add(path, f"„{value}“ ist kein gültiges Datum")
        start, end = self.event.get("start_time"), self.event.get("end_time")
        if start and end and end < start:
            self.add(["event", "end_time"], "Ende liegt vor dem Beginn")

    def check_emails(self) -> None:
        places = [(["event", "contact_email"], self.event.get("contact_email"))]
        for i, person in enumerate(_items(self.data.get("people"))):
            places.append((["people", i, "email"], person.get("email")))
        for i, example in enumerate(_items(self.event.get("practice_examples"))):
            places.append((["event", "practice_examples", i, "email"], example.get("email")))
        for path, value in places:
            if value:
                try:
                    validate_email(value)
                except ValidationError:
                    self.add(path, f"„{value}“ ist keine gültige E-Mail-Adresse")

    def check_references(self) -> None:
        places = reference_places(self.data)
        for key, model, label in (
            ("networks", Network, "Netzwerk"),
            ("municipalities", Municipality, "Kommune"),
            ("organisations", Organisation, "Organisation"),
            ("people", Person, "Person"),
            ("strategies", Strategy, "Strategie"),
        ):
            self.refs(model, key, places[key], label)
        self.recommendation_refs(places["recommendations"])
        self.refs(Event, "__events__", places["events"], "Veranstaltung")

    def check_strategies(self) -> None:
        for s, strategy in enumerate(_items(self.data.get("strategies"))):
            fields = _items(strategy.get("action_fields"))
            self.duplicates(fields, "number", ["strategies", s, "action_fields"], "Handlungsfeld")
            numbers = {f["number"] for f in fields}
            numbers |= set(
                ActionField.objects.filter(strategy__slug=strategy["slug"]).values_list(
                    "number", flat=True
                )
            )
            recs = _items(strategy.get("recommendations"))
            self.duplicates(recs, "slug", ["strategies", s, "recommendations"], "Kurzname")
            for r, rec in enumerate(recs):
                number = rec.get("action_field")
                if number and number not in numbers:
                    self.add(
                        ["strategies", s, "recommendations", r, "action_field"],
                        f"Handlungsfeld „{number}“ gibt es in dieser Strategie nicht",
                    )
        all_slugs = [
            rec["slug"]
            for strategy in _items(self.data.get("strategies"))
            for rec in _items(strategy.get("recommendations"))
        ]
        if len(all_slugs) != len(set(all_slugs)):
            self.add(["strategies"], "eine Handlungsempfehlung steht in mehreren Strategien")

    def recommendation_slugs(self, wanted: set[str]) -> set[str]:
        defined = {
            rec["slug"]
            for strategy in _items(self.data.get("strategies"))
            for rec in _items(strategy.get("recommendations"))
        }
        found = Recommendation.objects.filter(slug__in=wanted - defined).values_list(
            "slug", flat=True
        )
        return defined | set(found)

    def recommendation_refs(self, places: list[tuple[list, str | None]]) -> None:
        known = self.recommendation_slugs({slug for _, slug in places if slug})
        for path, slug in places:
            if slug and slug not in known:
                self.add(
                    path,
                    f"Handlungsempfehlung „{slug}“ ist weder in der Datei noch im Portal vorhanden",
                )

    def check_sessions(self) -> None:
        sessions = _items(self.event.get("sessions"))
        self.duplicates(sessions, "slug", ["event", "sessions"], "Kurzname")
        slugs = {s["slug"] for s in sessions}
        for i, role in enumerate(_items(self.event.get("roles"))):
            if role.get("session") and role["session"] not in slugs:
                self.add(
                    ["event", "roles", i, "session"],
                    f"Arbeitsphase „{role['session']}“ gibt es in dieser Veranstaltung nicht",
                )

    def check_prioritisation(self) -> None:
        seen: set = set()
        for i, item in enumerate(_items(self.event.get("prioritisation"))):
            rec, label = item.get("recommendation"), _text(item.get("label"))
            if not rec and not label:
                self.add(
                    ["event", "prioritisation", i],
                    "braucht eine Handlungsempfehlung oder ein freies Thema (label)",
                )
            key = (rec or "", "" if rec else label, item.get("source") or "paper")
            if key in seen:
                self.add(
                    ["event", "prioritisation", i],
                    "dieser Punkt ist für dieselbe Quelle schon erfasst",
                )
            seen.add(key)

    def check_polls(self) -> None:
        for i, poll in enumerate(_items(self.event.get("polls"))):
            low, high = poll.get("min_choices"), poll.get("max_choices")
            if low is not None and high is not None and low > high:
                self.add(["event", "polls", i, "min_choices"], "ist größer als max_choices")

    def check_practice_examples(self) -> None:
        examples = _items(self.event.get("practice_examples"))
        self.duplicates(examples, "slug", ["event", "practice_examples"], "Kurzname")
        taken = dict(
            PracticeExample.objects.filter(slug__in=[e["slug"] for e in examples])
            .exclude(event__slug=self.event["slug"])
            .values_list("slug", "event__slug")
        )
        for i, example in enumerate(examples):
            if example["slug"] in taken:
                self.add(
                    ["event", "practice_examples", i, "slug"],
                    f"gehört schon zur Veranstaltung „{taken[example['slug']]}“",
                )

    def check_self_assessment(self) -> None:
        assessment = self.event.get("self_assessment")
        if not assessment:
            return
        base = ["event", "self_assessment"]
        slug = assessment["framework"]
        in_file = next((f for f in _items(self.data.get("frameworks")) if f["slug"] == slug), None)
        if in_file is not None:
            fields = {
                f["number"]: {c["number"] for c in _items(f.get("criteria"))}
                for f in _items(in_file.get("fields"))
            }
            ranks = {level["rank"] for level in _items(in_file.get("levels"))}
            values = {step["value"] for step in _items(in_file.get("scale"))}
        elif Framework.objects.filter(slug=slug).exists():
            fields = {}
            for number, criterion in Criterion.objects.filter(
                field__framework__slug=slug
            ).values_list("field__number", "number"):
                fields.setdefault(number, set()).add(criterion)
            for number in Field.objects.filter(framework__slug=slug).values_list(
                "number", flat=True
            ):
                fields.setdefault(number, set())
            ranks = set(
                MaturityLevel.objects.filter(framework__slug=slug).values_list("rank", flat=True)
            )
            values = set(
                ScaleStep.objects.filter(framework__slug=slug).values_list("value", flat=True)
            )
        else:
            self.add(
                [*base, "framework"],
                f"Selbstcheck-Rahmen „{slug}“ ist weder in der Datei noch im Portal vorhanden",
            )
            return
        if assessment.get("overall_level") is not None and assessment["overall_level"] not in ranks:
            self.add(
                [*base, "overall_level"],
                f"Reifegrad {assessment['overall_level']} gibt es im Rahmen nicht",
            )
        sessions = {s["slug"] for s in _items(self.event.get("sessions"))}
        for i, result in enumerate(_items(assessment.get("fields"))):
            number = result["field"]
            if result.get("session") and result["session"] not in sessions:
                self.add(
                    [*base, "fields", i, "session"],
                    f"Arbeitsphase „{result['session']}“ gibt es in dieser Veranstaltung nicht",
                )
            if number not in fields:
                self.add(
                    [*base, "fields", i, "field"],
                    f"Handlungsfeld „{number}“ gibt es im Rahmen nicht",
                )
                continue
            if result.get("level") is not None and result["level"] not in ranks:
                self.add(
                    [*base, "fields", i, "level"],
                    f"Reifegrad {result['level']} gibt es im Rahmen nicht",
                )
            for j, rating in enumerate(_items(result.get("ratings"))):
                if rating["criterion"] not in fields[number]:
                    self.add(
                        [*base, "fields", i, "ratings", j, "criterion"],
                        f"Kriterium „{rating['criterion']}“ fehlt in Handlungsfeld {number}",
                    )
                if rating["rating"] not in values:
                    self.add(
                        [*base, "fields", i, "ratings", j, "rating"],
                        f"„{rating['rating']}“ steht nicht auf der Antwortskala",
                    )
