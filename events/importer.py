"""Import one event's complete documentation from the documented file format (version 1).

The format is described in docs/documentation-format.md and defined by
docs/documentation-format.schema.json. A file is validated completely before anything is
written; then it is written in one transaction. Independent objects (municipalities, networks,
organisations, people, strategies, recommendations, frameworks) are matched by slug and updated
in place; everything that belongs to the event alone is replaced as a whole.
"""

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from jsonschema import Draft202012Validator

from assessments.models import (
    Assessment,
    Criterion,
    Field,
    FieldResult,
    Framework,
    MaturityLevel,
    Rating,
    Respondent,
    ScaleStep,
)
from engagement_portal.lib.bullets import Bullet, create_tree
from events.models import (
    AgendaItem,
    Agreement,
    Contribution,
    Event,
    EventRole,
    Feedback,
    GuidingQuestion,
    ParticipantGroup,
    Poll,
    PollOption,
    Quote,
    Section,
    Session,
)
from recommendations.models import (
    ActionField,
    Addition,
    Priority,
    Recommendation,
    StatusChange,
    Strategy,
)
from stakeholders.models import Municipality, Network, Organisation, Person, PracticeExample

FORMAT = "engagement-portal/documentation"
VERSION = 1
SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "documentation-format.schema.json"


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


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


@cache
def _schema_validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def format_path(parts) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _describe(error) -> Problem:
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
    return Problem(format_path(path), error.message)


def _items(value) -> list:
    return value or []


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _time(value) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


def _bullet(item: dict) -> Bullet:
    return Bullet(item["text"].strip(), [_bullet(child) for child in _items(item.get("children"))])


class _Checker:
    """Checks what the schema cannot: references, uniqueness, dates, e-mail addresses."""

    def __init__(self, data: dict):
        self.data = data
        self.event = data["event"]
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
        self.check_stakeholder_refs()
        self.check_strategies()
        self.check_event_refs()
        self.check_sessions()
        self.check_prioritisation()
        self.check_polls()
        self.check_practice_examples()
        self.check_self_assessment()
        return self.problems

    def check_dates(self) -> None:
        places = [(["event", "date"], self.event.get("date"))]
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

    def check_stakeholder_refs(self) -> None:
        data = self.data
        municipality_places = [
            (["municipalities", i, "networks", j], slug)
            for i, m in enumerate(_items(data.get("municipalities")))
            for j, slug in enumerate(_items(m.get("networks")))
        ]
        self.refs(Network, "networks", municipality_places, "Netzwerk")
        self.refs(
            Network,
            "networks",
            [(["event", "network"], self.event.get("network"))]
            + [
                (["strategies", i, "network"], s.get("network"))
                for i, s in enumerate(_items(data.get("strategies")))
            ],
            "Netzwerk",
        )
        municipality_refs = [(["event", "host_municipality"], self.event.get("host_municipality"))]
        for key in ("organisations", "people", "strategies"):
            municipality_refs += [
                ([key, i, "municipality"], item.get("municipality"))
                for i, item in enumerate(_items(data.get(key)))
            ]
        municipality_refs += [
            (["event", "practice_examples", i, "municipality"], item.get("municipality"))
            for i, item in enumerate(_items(self.event.get("practice_examples")))
        ]
        assessment = self.event.get("self_assessment") or {}
        municipality_refs.append(
            (["event", "self_assessment", "municipality"], assessment.get("municipality"))
        )
        self.refs(Municipality, "municipalities", municipality_refs, "Kommune")
        organisation_refs = [
            (["organisations", i, "parent"], o.get("parent"))
            for i, o in enumerate(_items(data.get("organisations")))
        ]
        organisation_refs += [
            (["people", i, "organisation"], p.get("organisation"))
            for i, p in enumerate(_items(data.get("people")))
        ]
        for key in ("organisers", "partners"):
            organisation_refs += [
                (["event", key, i], slug) for i, slug in enumerate(_items(self.event.get(key)))
            ]
        organisation_refs += [
            (["event", "practice_examples", i, "organisation"], e.get("organisation"))
            for i, e in enumerate(_items(self.event.get("practice_examples")))
        ]
        self.refs(Organisation, "organisations", organisation_refs, "Organisation")

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
                history = _items(rec.get("status_history"))
                places = [
                    (
                        ["strategies", s, "recommendations", r, "status_history", h, "event"],
                        c.get("event"),
                    )
                    for h, c in enumerate(history)
                    if c.get("event") != self.event["slug"]
                ]
                self.refs(Event, "__events__", places, "Veranstaltung")
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

    def check_event_refs(self) -> None:
        event = self.event
        self.refs(
            Strategy,
            "strategies",
            [
                (["event", "strategies", i], slug)
                for i, slug in enumerate(_items(event.get("strategies")))
            ],
            "Strategie",
        )
        people = [
            (["event", "roles", i, "person"], r.get("person"))
            for i, r in enumerate(_items(event.get("roles")))
        ]
        people += [
            (["event", "quotes", i, "speaker"], q.get("speaker"))
            for i, q in enumerate(_items(event.get("quotes")))
        ]
        for s, session in enumerate(_items(event.get("sessions"))):
            people += [
                (["event", "sessions", s, "quotes", i, "speaker"], q.get("speaker"))
                for i, q in enumerate(_items(session.get("quotes")))
            ]
        people += [
            (["event", "practice_examples", i, "contact_person"], e.get("contact_person"))
            for i, e in enumerate(_items(event.get("practice_examples")))
        ]
        self.refs(Person, "people", people, "Person")
        self.recommendation_refs(
            [
                (
                    ["event", "recommendation_additions", i, "recommendation"],
                    a.get("recommendation"),
                )
                for i, a in enumerate(_items(event.get("recommendation_additions")))
            ]
            + [
                (["event", "sessions", i, "recommendation"], s.get("recommendation"))
                for i, s in enumerate(_items(event.get("sessions")))
            ]
            + [
                (["event", "prioritisation", i, "recommendation"], p.get("recommendation"))
                for i, p in enumerate(_items(event.get("prioritisation")))
            ]
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
        for i, result in enumerate(_items(assessment.get("fields"))):
            number = result["field"]
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


def documentation_validate(data: Any) -> list[Problem]:
    """Every problem of the document, with its place; an empty list means it can be imported."""
    if not isinstance(data, dict):
        return [
            Problem("", "Die Datei enthält kein Dokument (erwartet wird ein Objekt mit „event“).")
        ]
    problems = [_describe(e) for e in _schema_validator().iter_errors(data)]
    if problems:
        return sorted(problems, key=lambda p: p.path)
    return _Checker(data).run()


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
        return _Writer(data).run()


class _Writer:
    def __init__(self, data: dict):
        self.data = data
        self.municipalities: dict[str, Municipality] = {}
        self.networks: dict[str, Network] = {}
        self.organisations: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.recommendations: dict[str, Recommendation] = {}

    # Lookups fall back to the database for objects the file only refers to.
    def _get(self, cache: dict, model, slug: str | None):
        if not slug:
            return None
        if slug not in cache:
            cache[slug] = model.objects.get(slug=slug)
        return cache[slug]

    def municipality(self, slug):
        return self._get(self.municipalities, Municipality, slug)

    def network(self, slug):
        return self._get(self.networks, Network, slug)

    def organisation(self, slug):
        return self._get(self.organisations, Organisation, slug)

    def person(self, slug):
        return self._get(self.people, Person, slug)

    def recommendation(self, slug):
        return self._get(self.recommendations, Recommendation, slug)

    def run(self) -> Event:
        data = self.data
        for item in _items(data.get("networks")):
            self.networks[item["slug"]], _ = Network.objects.update_or_create(
                slug=item["slug"],
                defaults={"name": item["name"], "description": _text(item.get("description"))},
            )
        for item in _items(data.get("municipalities")):
            municipality, _ = Municipality.objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "kind": item.get("kind") or Municipality.Kind.CITY,
                    "state": _text(item.get("state")),
                },
            )
            self.municipalities[item["slug"]] = municipality
            for slug in _items(item.get("networks")):
                municipality.networks.add(self.network(slug))
        self.write_organisations()
        for item in _items(data.get("people")):
            self.people[item["slug"]], _ = Person.objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "function": _text(item.get("function")),
                    "organisation": self.organisation(item.get("organisation")),
                    "municipality": self.municipality(item.get("municipality")),
                    "publish_name": bool(item.get("publish_name")),
                    "email": _text(item.get("email")),
                    "phone": _text(item.get("phone")),
                },
            )
        for item in _items(data.get("frameworks")):
            self.write_framework(item)
        event = self.write_event(data["event"])
        for item in _items(data.get("strategies")):
            self.write_strategy(item, event)
        self.write_event_parts(event, data["event"])
        return event

    def write_organisations(self) -> None:
        items = _items(self.data.get("organisations"))
        for item in items:
            self.organisations[item["slug"]], _ = Organisation.objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "sector": item["sector"],
                    "municipality": self.municipality(item.get("municipality")),
                    "website": _text(item.get("website")),
                },
            )
        for item in items:  # parents may come later in the list
            organisation = self.organisations[item["slug"]]
            organisation.parent = self.organisation(item.get("parent"))
            organisation.save(update_fields=["parent"])

    def write_framework(self, item: dict) -> None:
        framework, _ = Framework.objects.update_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "description": _text(item.get("description"))},
        )
        steps = _items(item.get("scale"))
        for order, step in enumerate(steps):
            score = step.get("score")
            ScaleStep.objects.update_or_create(
                framework=framework,
                value=step["value"],
                defaults={
                    "label": step["label"],
                    "order": order,
                    "score": score if score is not None else len(steps) - 1 - order,
                },
            )
        for level in _items(item.get("levels")):
            MaturityLevel.objects.update_or_create(
                framework=framework,
                rank=level["rank"],
                defaults={"title": level["title"], "description": _text(level.get("description"))},
            )
        for order, field_item in enumerate(_items(item.get("fields"))):
            field, _ = Field.objects.update_or_create(
                framework=framework,
                number=field_item["number"],
                defaults={
                    "title": field_item["title"],
                    "description": _text(field_item.get("description")),
                    "order": order,
                },
            )
            for c_order, criterion in enumerate(_items(field_item.get("criteria"))):
                Criterion.objects.update_or_create(
                    field=field,
                    number=criterion["number"],
                    defaults={"text": criterion["text"], "order": c_order},
                )

    def write_event(self, item: dict) -> Event:
        event, _ = Event.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "subtitle": _text(item.get("subtitle")),
                "kind": item["kind"],
                "format": item["format"],
                "date": _date(item["date"]),
                "start_time": _time(item.get("start_time")),
                "end_time": _time(item.get("end_time")),
                "venue": _text(item.get("venue")),
                "municipality": self.municipality(item["host_municipality"]),
                "network": self.network(item.get("network")),
                "participant_count": item.get("participant_count"),
                "participant_count_qualifier": item.get("participant_count_qualifier")
                or Event.CountQualifier.ABOUT,
                "summary": _text(item.get("summary")),
                "introduction": _text(item.get("introduction")),
                "goal": _text(item.get("goal")),
                "outlook": _text(item.get("outlook")),
                "contact": _text(item.get("contact")),
                "contact_email": _text(item.get("contact_email")),
                "photo_credits": _text(item.get("photo_credits")),
                "publication_note": _text(item.get("publication_note")),
            },
        )
        event.organisers.set([self.organisation(slug) for slug in _items(item.get("organisers"))])
        event.partners.set([self.organisation(slug) for slug in _items(item.get("partners"))])
        event.tags.set(_items(item.get("tags")), clear=True)
        if item.get("published"):
            event.publish()
        elif event.is_published:
            event.unpublish()
        return event

    def write_strategy(self, item: dict, event: Event) -> None:
        strategy, _ = Strategy.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "municipality": self.municipality(item.get("municipality")),
                "network": self.network(item.get("network")),
                "description": _text(item.get("description")),
            },
        )
        fields = {}
        for order, field in enumerate(_items(item.get("action_fields"))):
            fields[field["number"]], _ = ActionField.objects.update_or_create(
                strategy=strategy,
                number=field["number"],
                defaults={
                    "title": field["title"],
                    "description": _text(field.get("description")),
                    "order": order,
                },
            )
        for order, rec in enumerate(_items(item.get("recommendations"))):
            number = rec.get("action_field")
            action_field = fields.get(number) or (
                ActionField.objects.get(strategy=strategy, number=number) if number else None
            )
            recommendation, _ = Recommendation.objects.update_or_create(
                slug=rec["slug"],
                defaults={
                    "strategy": strategy,
                    "action_field": action_field,
                    "title": rec["title"],
                    "description": _text(rec.get("description")),
                    "status": rec.get("status") or "proposed",
                    "responsible": _text(rec.get("responsible")),
                    "next_steps": _text(rec.get("next_steps")),
                    "order": order,
                },
            )
            recommendation.tags.set(_items(rec.get("tags")), clear=True)
            self.recommendations[rec["slug"]] = recommendation
            if rec.get("status_history") is not None:
                recommendation.status_changes.all().delete()
                StatusChange.objects.bulk_create(
                    StatusChange(
                        recommendation=recommendation,
                        status=change["status"],
                        date=_date(change["date"]),
                        event=event
                        if change.get("event") == event.slug
                        else Event.objects.filter(slug=change.get("event") or "").first(),
                        note=_text(change.get("note")),
                        is_example=bool(change.get("is_example")),
                    )
                    for change in rec["status_history"]
                )

    def write_event_parts(self, event: Event, item: dict) -> None:
        # Everything below belongs to this event alone and is replaced as a whole.
        for related in (
            event.participant_groups,
            event.sections,
            event.agenda_items,
            event.roles,
            event.quotes,
            event.guiding_questions,
            event.sessions,
            event.priorities,
            event.polls,
            event.additions,
            event.agreements,
            event.feedback,
        ):
            related.all().delete()
        event.strategies.set(
            Strategy.objects.filter(slug__in=_items(item.get("strategies"))).order_by("name")
        )
        ParticipantGroup.objects.bulk_create(
            ParticipantGroup(
                event=event,
                label=g["label"],
                members=_items(g.get("members")),
                count=g.get("count"),
                order=i,
            )
            for i, g in enumerate(_items(item.get("participant_groups")))
        )
        Section.objects.bulk_create(
            Section(event=event, title=s["title"], body=s["body"].strip(), order=i)
            for i, s in enumerate(_items(item.get("sections")))
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(
                event=event,
                start_time=_time(a.get("start_time")),
                end_time=_time(a.get("end_time")),
                title=a["title"],
                description=_text(a.get("description")),
                order=i,
            )
            for i, a in enumerate(_items(item.get("agenda")))
        )
        GuidingQuestion.objects.bulk_create(
            GuidingQuestion(
                event=event, text=q["text"].strip(), kind=q.get("kind") or "guiding", order=i
            )
            for i, q in enumerate(_items(item.get("guiding_questions")))
        )
        self.write_quotes(event, None, _items(item.get("quotes")), "other")
        sessions = {}
        for i, s in enumerate(_items(item.get("sessions"))):
            sessions[s["slug"]] = self.write_session(event, s, i)
        EventRole.objects.bulk_create(
            EventRole(
                event=event,
                person=self.person(r["person"]),
                role=r["role"],
                session=sessions.get(r.get("session")),
                title=_text(r.get("title")),
                summary=_text(r.get("summary")),
                order=i,
            )
            for i, r in enumerate(_items(item.get("roles")))
        )
        Priority.objects.bulk_create(
            Priority(
                event=event,
                recommendation=self.recommendation(p.get("recommendation")),
                label="" if p.get("recommendation") else _text(p.get("label")),
                source=p.get("source") or "paper",
                points=p["points"],
                voters=p.get("voters"),
                order=i,
            )
            for i, p in enumerate(_items(item.get("prioritisation")))
        )
        for i, p in enumerate(_items(item.get("polls"))):
            single = p["kind"] in ("single", "mood")
            poll = Poll.objects.create(
                event=event,
                question=p["question"].strip(),
                kind=p["kind"],
                min_choices=p.get("min_choices") if p.get("min_choices") is not None else 1,
                max_choices=p.get("max_choices")
                if p.get("max_choices") is not None
                else (1 if single else len(_items(p.get("options"))) or 1),
                method=_text(p.get("method")),
                order=i,
            )
            PollOption.objects.bulk_create(
                PollOption(poll=poll, text=o["text"].strip(), count=o.get("count"), order=j)
                for j, o in enumerate(_items(p.get("options")))
            )
        order = 0
        for a in _items(item.get("recommendation_additions")):
            recommendation = self.recommendation(a["recommendation"])
            created = create_tree(
                [_bullet(a)],
                lambda bullet, parent, position, rec=recommendation: Addition.objects.create(
                    recommendation=rec, event=event, parent=parent, text=bullet.text, order=position
                ),
                first_order=order,
            )
            order += len(created)
        Agreement.objects.bulk_create(
            Agreement(
                event=event,
                text=a["text"].strip(),
                responsible=_text(a.get("responsible")),
                due_date=_date(a.get("due_date")),
                due_note=_text(a.get("due_note")),
                order=i,
            )
            for i, a in enumerate(_items(item.get("agreements")))
        )
        Feedback.objects.bulk_create(
            Feedback(event=event, text=f["text"].strip(), kind=f.get("kind") or "feedback", order=i)
            for i, f in enumerate(_items(item.get("feedback")))
        )
        self.write_practice_examples(event, _items(item.get("practice_examples")))
        self.write_self_assessment(event, item.get("self_assessment"))

    def write_quotes(
        self, event: Event, session: Session | None, quotes: list, default_context: str
    ) -> None:
        Quote.objects.bulk_create(
            Quote(
                event=event,
                session=session,
                speaker=self.person(q.get("speaker")),
                speaker_label=_text(q.get("speaker_label")),
                context=q.get("context") or default_context,
                text=q["text"].strip(),
                order=i,
            )
            for i, q in enumerate(quotes)
        )

    def write_session(self, event: Event, item: dict, order: int) -> Session:
        session = Session.objects.create(
            event=event,
            slug=item["slug"],
            kind=item["kind"],
            round=item.get("round"),
            title=item["title"],
            description=_text(item.get("description")),
            conclusion_label=_text(item.get("conclusion_label")),
            conclusion_title=_text(item.get("conclusion_title")),
            conclusion=_text(item.get("conclusion")),
            recommendation=self.recommendation(item.get("recommendation")),
            order=order,
        )
        session.tags.set(_items(item.get("tags")))
        questions = [("guiding", q) for q in _items(item.get("guiding_questions"))]
        questions += [("cross_cutting", q) for q in _items(item.get("cross_cutting_questions"))]
        GuidingQuestion.objects.bulk_create(
            GuidingQuestion(event=event, session=session, kind=kind, text=text.strip(), order=i)
            for i, (kind, text) in enumerate(questions)
        )
        self.write_quotes(event, session, _items(item.get("quotes")), "session")
        position = 0
        for contribution in _items(item.get("contributions")):
            category = _text(contribution.get("category"))
            created = create_tree(
                [_bullet(contribution)],
                lambda bullet, parent, at, category=category: Contribution.objects.create(
                    session=session, parent=parent, category=category, text=bullet.text, order=at
                ),
                first_order=position,
            )
            position += len(created)
        return session

    def write_practice_examples(self, event: Event, examples: list) -> None:
        PracticeExample.objects.filter(event=event).exclude(
            slug__in=[e["slug"] for e in examples]
        ).delete()
        for i, e in enumerate(examples):
            PracticeExample.objects.update_or_create(
                slug=e["slug"],
                defaults={
                    "event": event,
                    "title": e["title"],
                    "municipality": self.municipality(e.get("municipality")),
                    "organisation": self.organisation(e.get("organisation")),
                    "description": _text(e.get("description")),
                    "contact_person": self.person(e.get("contact_person")),
                    "phone": _text(e.get("phone")),
                    "email": _text(e.get("email")),
                    "homepage": _text(e.get("homepage")),
                    "context": e.get("context") or PracticeExample.Context.PRESENTED,
                    "order": i,
                },
            )

    def write_self_assessment(self, event: Event, item: dict | None) -> None:
        Assessment.objects.filter(event=event).delete()
        if not item:
            return
        framework = Framework.objects.get(slug=item["framework"])
        levels = {level.rank: level for level in framework.levels.all()}
        steps = {step.value: step for step in framework.scale.all()}
        fields = {field.number: field for field in framework.fields.all()}
        criteria = {
            (c.field.number, c.number): c
            for c in Criterion.objects.filter(field__framework=framework).select_related("field")
        }
        assessment = Assessment.objects.create(
            framework=framework,
            municipality=self.municipality(item["municipality"]),
            event=event,
            title=_text(item.get("title")) or f"Standortbestimmung {event.municipality.name}",
            date=_date(item.get("date")) or event.date,
            method=_text(item.get("method")),
            overall_level=levels.get(item.get("overall_level")),
            overall_summary=_text(item.get("overall_summary")),
        )
        Respondent.objects.bulk_create(
            Respondent(
                assessment=assessment,
                unit=r["unit"],
                function=_text(r.get("function")),
                name=_text(r.get("name")),
                order=i,
            )
            for i, r in enumerate(_items(item.get("respondents")))
        )
        for i, result in enumerate(_items(item.get("fields"))):
            FieldResult.objects.create(
                assessment=assessment,
                field=fields[result["field"]],
                level=levels.get(result.get("level")),
                narrative=_text(result.get("narrative")),
                chosen=bool(result.get("chosen")),
                order=i,
            )
            Rating.objects.bulk_create(
                Rating(
                    assessment=assessment,
                    criterion=criteria[(result["field"], rating["criterion"])],
                    value=steps[rating["rating"]],
                )
                for rating in _items(result.get("ratings"))
            )
