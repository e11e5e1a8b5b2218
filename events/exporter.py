"""Export one event's complete documentation in the file format that events.importer reads."""

import io
import zipfile
from collections import defaultdict
from pathlib import PurePosixPath

import yaml
from django.core.files.storage import default_storage
from django.db.models import prefetch_related_objects

from assessments.models import Assessment
from events.documentation_checks import FORMAT, VERSION
from events.models import Contribution, Event
from recommendations.models import Addition, Recommendation, Strategy
from stakeholders.models import Municipality, Organisation, Person
from stakeholders.scoping import Scope

# Flags whose default is true: their false is what the file must say.
_KEEP_FALSE = {"verbatim"}


def _clean(value):
    """Drop empty values so that the file shows only what the documentation says."""
    if isinstance(value, dict):
        cleaned = {key: _clean(item) for key, item in value.items()}
        return {
            key: item
            for key, item in cleaned.items()
            if item not in (None, "", [], {}) and (item is not False or key in _KEEP_FALSE)
        }
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, str) and type(value) is not str:
        return str(value)  # a choice (TextChoices) not yet read back from the database
    return value


def _time(value) -> str | None:
    return value.strftime("%H:%M") if value else None


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _tree(rows, to_dict) -> list[dict]:
    """Nest rows with a ``parent_id`` into dicts with ``children``, keeping their order."""
    children = defaultdict(list)
    for row in rows:
        children[row.parent_id].append(row)

    def build(row) -> dict:
        return {**to_dict(row), "children": [build(child) for child in children[row.id]]}

    return [build(row) for row in children[None]]


def documentation_export(*, event: Event, user=None) -> dict:
    """The whole documentation of the event as a dict in format version 1.

    For a ``user`` who is not a superuser, people, organisations and strategies of other
    municipalities (or of none) are named by their slug only, never defined: the file carries no
    one else's contact data, consent or names, and the user's own import of it refers to them
    as the stored event does. Without a user (the command line) everything is written.
    """
    exporter = _Exporter(event, Scope(user) if user is not None else None)
    return _clean(exporter.run())


def documentation_dump(*, event: Event, user=None) -> str:
    return yaml.safe_dump(
        documentation_export(event=event, user=user),
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )


class MissingMedia(Exception):
    """A photo or file of the documentation is recorded but no longer in the storage."""

    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(", ".join(names))


def documentation_has_media(event: Event) -> bool:
    return event.photos.exists() or event.attachments.exists()


def documentation_bundle(*, event: Event, user=None) -> bytes:
    """The documentation with its photos and files as a ZIP archive (documentation.yaml and
    media/), which the import reads back."""
    media = _media_files(event)
    missing = [stored for _name, stored in media if not default_storage.exists(stored)]
    if missing:
        raise MissingMedia(missing)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("documentation.yaml", documentation_dump(event=event, user=user))
        for name, stored in media:
            with default_storage.open(stored, "rb") as source:
                # Photos and PDFs are compressed already.
                archive.writestr(name, source.read(), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def _media_name(prefix: str, number: int, stored: str) -> str:
    extension = PurePosixPath(stored).suffix.lower()
    return f"media/{prefix}-{number}{extension}"


def _media_files(event: Event) -> list[tuple[str, str]]:
    """(name in the archive, name in the storage) of each photo's cleaned original and each
    file, in the names the export's documentation gives them."""
    files = [
        (_media_name("foto", n, photo.image.name), photo.image.name)
        for n, photo in enumerate(event.photos.all(), start=1)
    ]
    files += [
        (_media_name("datei", n, attachment.file.name), attachment.file.name)
        for n, attachment in enumerate(event.attachments.all(), start=1)
    ]
    return files


def framework_dict(framework) -> dict:
    """A framework as the format writes it; also what the import compares shared records by."""
    return {
        "slug": framework.slug,
        "name": framework.name,
        "description": framework.description,
        "scale": [
            {"value": s.value, "label": s.label, "score": s.score} for s in framework.scale.all()
        ],
        "levels": [
            {
                "rank": level.rank,
                "title": level.title,
                "description": level.description,
                "min_score": float(level.min_score) if level.min_score is not None else None,
            }
            for level in framework.levels.all()
        ],
        "fields": [
            {
                "number": f.number,
                "title": f.title,
                "description": f.description,
                "criteria": [{"number": c.number, "text": c.text} for c in f.criteria.all()],
            }
            for f in framework.fields.prefetch_related("criteria")
        ],
    }


class _Exporter:
    def __init__(self, event: Event, scope: Scope | None):
        self.event = event
        self.scope = scope
        self.people: dict[int, Person] = {}
        self.organisations: dict[int, Organisation] = {}
        self.municipalities: dict[int, Municipality] = {}

    def defines(self, municipality_id: int | None) -> bool:
        """Whether the file may define an object of this municipality (see the docstring of
        documentation_export)."""
        return self.scope is None or self.scope.may_own(municipality_id)

    def use_person(self, person: Person | None) -> str | None:
        if person is None:
            return None
        if not self.defines(person.municipality_id):
            return person.slug
        self.people[person.pk] = person
        self.use_organisation(person.organisation)
        self.use_municipality(person.municipality)
        return person.slug

    def use_organisation(self, organisation: Organisation | None) -> str | None:
        if organisation is None:
            return None
        if organisation.pk in self.organisations or not self.defines(organisation.municipality_id):
            return organisation.slug  # written already (with its parents), or only named
        self.organisations[organisation.pk] = organisation
        self.use_municipality(organisation.municipality)
        self.use_organisation(organisation.parent)
        return organisation.slug

    def use_municipality(self, municipality: Municipality | None) -> str | None:
        if municipality is None:
            return None
        self.municipalities[municipality.pk] = municipality
        return municipality.slug

    def run(self) -> dict:
        event = self.event
        body = self.event_body()
        strategies = self.strategies()
        assessment = Assessment.objects.filter(event=event).select_related("framework").first()
        if assessment is not None and not self.defines(assessment.municipality_id):
            assessment = None  # another town's: the editor's import leaves it as it is
        networks = {}
        if event.network:
            networks[event.network.pk] = event.network
            for municipality in event.network.municipalities.all():
                self.use_municipality(municipality)
        prefetch_related_objects(list(self.municipalities.values()), "networks")
        for municipality in self.municipalities.values():
            for network in municipality.networks.all():
                networks[network.pk] = network
        return {
            "format": FORMAT,
            "version": VERSION,
            "networks": [
                {"slug": n.slug, "name": n.name, "description": n.description}
                for n in sorted(networks.values(), key=lambda n: n.slug)
            ],
            "municipalities": [
                {
                    "slug": m.slug,
                    "name": m.name,
                    "kind": m.kind,
                    "state": m.state,
                    "networks": sorted(n.slug for n in m.networks.all()),
                }
                for m in sorted(self.municipalities.values(), key=lambda m: m.slug)
            ],
            "organisations": [
                {
                    "slug": o.slug,
                    "name": o.name,
                    "sector": o.sector,
                    "municipality": o.municipality.slug if o.municipality else None,
                    "parent": o.parent.slug if o.parent else None,
                    "website": o.website,
                }
                for o in sorted(self.organisations.values(), key=lambda o: o.slug)
            ],
            "people": [
                {
                    "slug": p.slug,
                    "name": p.name,
                    "function": p.function,
                    "organisation": p.organisation.slug if p.organisation else None,
                    "municipality": p.municipality.slug if p.municipality else None,
                    "publish_name": p.publish_name,
                    "email": p.email,
                    "phone": p.phone,
                }
                for p in sorted(self.people.values(), key=lambda p: p.slug)
            ],
            "strategies": strategies,
            "frameworks": [framework_dict(assessment.framework)] if assessment else [],
            "event": {**body, "self_assessment": self.self_assessment(assessment)},
        }

    def event_body(self) -> dict:
        event = self.event
        # Each list in one query, whatever its length (tests/opendata/test_query_counts.py).
        sessions = list(event.sessions.select_related("recommendation").prefetch_related("tags"))
        session_slugs = {s.pk: s.slug for s in sessions}
        questions = list(event.guiding_questions.all())
        quotes = list(
            event.quotes.select_related(
                "speaker__organisation__municipality",
                "speaker__organisation__parent",
                "speaker__municipality",
            )
        )
        contributions = defaultdict(list)
        for contribution in Contribution.objects.filter(session__event=event).order_by(
            "order", "id"
        ):
            contributions[contribution.session_id].append(contribution)
        self.use_municipality(event.municipality)
        chapters = list(
            event.chapters.prefetch_related("parts__session", "parts__practice_example")
        )
        parts = [part for chapter in chapters for part in chapter.parts.all()]
        # Keys for the rows the outline names: the texts and groups always, talks and polls
        # where a part names them.
        keys = {
            "section": {s.pk: f"text-{n}" for n, s in enumerate(event.sections.all(), start=1)},
            "quote_group": {
                g.pk: f"zitate-{n}" for n, g in enumerate(event.quote_groups.all(), start=1)
            },
            # Numbered by their place in the file's lists, so that an export of the import
            # gives the same keys.
            "role": {
                role.pk: f"beitrag-{n}"
                for n, role in enumerate(event.roles.all(), start=1)
                if role.pk in {p.role_id for p in parts}
            },
            "poll": {
                poll.pk: f"umfrage-{n}"
                for n, poll in enumerate(event.polls.all(), start=1)
                if poll.pk in {p.poll_id for p in parts}
            },
        }
        photos = list(event.photos.select_related("session"))
        attachments = list(event.attachments.all())
        keys["photo"] = {photo.pk: f"foto-{n}" for n, photo in enumerate(photos, start=1)}
        keys["attachment"] = {a.pk: f"datei-{n}" for n, a in enumerate(attachments, start=1)}
        return {
            "slug": event.slug,
            "title": event.title,
            "subtitle": event.subtitle,
            "kind": event.kind,
            "format": event.format,
            "date": _date(event.date),
            "start_time": _time(event.start_time),
            "end_time": _time(event.end_time),
            "venue": event.venue,
            "host_municipality": event.municipality.slug,
            "strategies": sorted(s.slug for s in event.strategies.all()),
            "network": event.network.slug if event.network else None,
            "organisers": [
                self.use_organisation(o)
                for o in event.organisers.select_related("municipality", "parent").order_by("name")
            ],
            "partners": [
                self.use_organisation(o)
                for o in event.partners.select_related("municipality", "parent").order_by("name")
            ],
            "participant_count": event.participant_count,
            "participant_count_qualifier": event.participant_count_qualifier,
            "participant_groups": [
                {"label": g.label, "members": g.members, "count": g.count}
                for g in event.participant_groups.all()
            ],
            "summary": event.summary,
            "introduction": event.introduction,
            "goal": event.goal,
            "outlook": event.outlook,
            "contact": event.contact,
            "contact_email": event.contact_email,
            "photo_credits": event.photo_credits,
            "publication_date": _date(event.publication_date),
            "editorial_note": event.editorial_note,
            "publication_note": event.publication_note,
            "published": event.is_published,
            "tags": sorted(t.name for t in event.tags.all()),
            "sections": [
                {"key": keys["section"][s.pk], "title": s.title, "body": s.body}
                for s in event.sections.all()
            ],
            "agenda": [
                {
                    "start_time": _time(a.start_time),
                    "end_time": _time(a.end_time),
                    "title": a.title,
                    "description": a.description,
                }
                for a in event.agenda_items.all()
            ],
            "roles": [
                {
                    "key": keys["role"].get(r.pk),
                    "person": self.use_person(r.person),
                    "role": r.role,
                    "session": session_slugs.get(r.session_id),
                    "title": r.title,
                    "summary": r.summary,
                }
                for r in event.roles.select_related(
                    "person__organisation__municipality",
                    "person__organisation__parent",
                    "person__municipality",
                )
            ],
            "quotes": [
                self.quote(q) for q in quotes if q.session_id is None and q.group_id is None
            ],
            "quote_groups": [
                {
                    "key": keys["quote_group"][g.pk],
                    "lead": g.lead,
                    "quotes": [self.quote(q) for q in quotes if q.group_id == g.pk],
                }
                for g in event.quote_groups.all()
            ],
            "guiding_questions": [
                {"text": q.text, "kind": q.kind} for q in questions if q.session_id is None
            ],
            "sessions": [self.session(s, questions, quotes, contributions[s.pk]) for s in sessions],
            "prioritisation": [
                {
                    "recommendation": p.recommendation.slug if p.recommendation else None,
                    "label": p.label,
                    "points": p.points,
                    "source": p.source,
                    "voters": p.voters,
                }
                for p in event.priorities.select_related("recommendation")
            ],
            "polls": [
                {
                    "key": keys["poll"].get(p.pk),
                    "question": p.question,
                    "kind": p.kind,
                    "min_choices": p.min_choices,
                    "max_choices": p.max_choices,
                    "method": p.method,
                    "label_low": p.label_low,
                    "label_high": p.label_high,
                    "options": [{"text": o.text, "count": o.count} for o in p.options.all()],
                }
                for p in event.polls.prefetch_related("options")
            ],
            "recommendation_additions": self.additions(),
            "agreements": [
                {
                    "text": a.text,
                    "responsible": a.responsible,
                    "due_date": _date(a.due_date),
                    "due_note": a.due_note,
                }
                for a in event.agreements.all()
            ],
            "feedback": [{"text": f.text, "kind": f.kind} for f in event.feedback.all()],
            "practice_examples": [
                {
                    "slug": e.slug,
                    "title": e.title,
                    "municipality": self.use_municipality(e.municipality),
                    "organisation": self.use_organisation(e.organisation),
                    "description": e.description,
                    "contact_person": self.use_person(e.contact_person),
                    "other_contacts": [self.use_person(p) for p in e.other_contacts.all()],
                    "phone": e.phone,
                    "email": e.email,
                    "homepage": e.homepage,
                    "context": e.context,
                }
                for e in event.practice_examples.select_related(
                    "municipality",
                    "organisation__municipality",
                    "contact_person__organisation__municipality",
                    "contact_person__municipality",
                ).prefetch_related(
                    "other_contacts__organisation__municipality", "other_contacts__municipality"
                )
            ],
            "photos": [
                {
                    "key": keys["photo"][photo.pk],
                    "file": _media_name("foto", n, photo.image.name),
                    "alt_text": photo.alt_text,
                    "caption": photo.caption,
                    "credit": photo.credit,
                    "consent_note": photo.consent_note,
                    "session": photo.session.slug if photo.session else None,
                }
                for n, photo in enumerate(photos, start=1)
            ],
            "attachments": [
                {
                    "key": keys["attachment"][a.pk],
                    "file": _media_name("datei", n, a.file.name),
                    "title": a.title,
                }
                for n, a in enumerate(attachments, start=1)
            ],
            "outline": [
                {
                    "number": chapter.number,
                    "title": chapter.title,
                    "parts": [self.part(part, keys) for part in chapter.parts.all()],
                }
                for chapter in chapters
            ],
        }

    def part(self, part, keys: dict) -> dict:
        return {
            "kind": part.kind,
            "text": keys["section"].get(part.section_id),
            "quote_group": keys["quote_group"].get(part.quote_group_id),
            "session": part.session.slug if part.session_id else None,
            "role": keys["role"].get(part.role_id),
            "poll": keys["poll"].get(part.poll_id),
            "practice_example": part.practice_example.slug if part.practice_example_id else None,
            "photo": keys["photo"].get(part.photo_id),
            "attachment": keys["attachment"].get(part.attachment_id),
            "appendix": part.appendix,
        }

    def quote(self, quote) -> dict:
        return {
            "text": quote.text,
            "speaker": self.use_person(quote.speaker),
            "speaker_label": quote.speaker_label,
            "context": quote.context,
            "verbatim": None if quote.verbatim else False,
        }

    def session(self, session, questions, quotes, contributions) -> dict:
        own = [q for q in questions if q.session_id == session.pk]
        return {
            "slug": session.slug,
            "kind": session.kind,
            "round": session.round,
            "title": session.title,
            "description": session.description,
            "guiding_questions": [q.text for q in own if q.kind == "guiding"],
            "cross_cutting_questions": [q.text for q in own if q.kind == "cross_cutting"],
            "contributions": _tree(
                contributions, lambda c: {"text": c.text, "category": c.category}
            ),
            "quotes": [self.quote(q) for q in quotes if q.session_id == session.pk],
            "conclusion_label": session.conclusion_label,
            "conclusion_title": session.conclusion_title,
            "conclusion": session.conclusion,
            "recommendation": session.recommendation.slug if session.recommendation else None,
            "tags": sorted(t.name for t in session.tags.all()),
        }

    def additions(self) -> list[dict]:
        rows = list(
            Addition.objects.filter(event=self.event)
            .select_related("recommendation")
            .order_by("order", "id")
        )
        roots = [row for row in rows if row.parent_id is None]
        trees = _tree(rows, lambda addition: {"text": addition.text})
        return [
            {"recommendation": root.recommendation.slug, **tree}
            for root, tree in zip(roots, trees, strict=True)
        ]

    def strategies(self) -> list[dict]:
        event = self.event
        slugs = set(event.strategies.values_list("slug", flat=True))
        slugs |= set(
            Recommendation.objects.filter(additions__event=event).values_list(
                "strategy__slug", flat=True
            )
        )
        slugs |= set(
            Recommendation.objects.filter(priorities__event=event).values_list(
                "strategy__slug", flat=True
            )
        )
        slugs |= set(
            Recommendation.objects.filter(sessions__event=event).values_list(
                "strategy__slug", flat=True
            )
        )
        result = []
        for strategy in Strategy.objects.filter(slug__in=slugs).select_related(
            "municipality", "network"
        ):
            if not self.defines(strategy.municipality_id):
                continue
            self.use_municipality(strategy.municipality)
            recommendations = strategy.recommendations.select_related(
                "action_field"
            ).prefetch_related("status_changes__event", "tags")
            result.append(
                {
                    "slug": strategy.slug,
                    "name": strategy.name,
                    "municipality": strategy.municipality.slug if strategy.municipality else None,
                    "network": strategy.network.slug if strategy.network else None,
                    "description": strategy.description,
                    "action_fields": [
                        {"number": f.number, "title": f.title, "description": f.description}
                        for f in strategy.action_fields.all()
                    ],
                    "recommendations": [
                        {
                            "slug": r.slug,
                            "action_field": r.action_field.number if r.action_field else None,
                            "title": r.title,
                            "description": r.description,
                            "status": r.status,
                            "responsible": r.responsible,
                            "next_steps": r.next_steps,
                            "tags": sorted(t.name for t in r.tags.all()),
                            "status_history": [
                                {
                                    "status": c.status,
                                    "date": _date(c.date),
                                    "event": c.event.slug if c.event else None,
                                    "note": c.note,
                                    "is_example": c.is_example,
                                }
                                for c in r.status_changes.all()
                            ],
                        }
                        for r in recommendations
                    ],
                }
            )
        return sorted(result, key=lambda s: s["slug"])

    def self_assessment(self, assessment: Assessment | None) -> dict | None:
        if assessment is None:
            return None
        self.use_municipality(assessment.municipality)
        ratings = defaultdict(list)
        for rating in assessment.ratings.select_related("criterion__field", "value"):
            ratings[rating.criterion.field_id].append(
                {"criterion": rating.criterion.number, "rating": rating.value.value}
            )
        return {
            "framework": assessment.framework.slug,
            "municipality": assessment.municipality.slug,
            "title": assessment.title,
            "date": _date(assessment.date),
            "method": assessment.method,
            "respondents": [
                {"unit": r.unit, "function": r.function, "name": r.name}
                for r in assessment.respondents.all()
            ],
            "overall_level": assessment.overall_level.rank if assessment.overall_level else None,
            "overall_summary": assessment.overall_summary,
            "fields": [
                {
                    "field": result.field.number,
                    "level": result.level.rank if result.level else None,
                    "level_derived": result.level is not None and not result.level_set_by_hand,
                    "narrative": result.narrative,
                    "chosen": result.chosen,
                    "session": result.session.slug if result.session else None,
                    "ratings": ratings[result.field_id],
                }
                for result in assessment.field_results.select_related("field", "level", "session")
            ],
        }
