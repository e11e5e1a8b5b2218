"""What the documentation editor writes, each with the rules of the admin form for the same data.

The editor's views check who may write (events.for_editor: the editor's municipalities); the
functions here keep the data's own rules: a new person belongs to the documentation's
municipality and has their name published only with the consent ticked, a part places only what
its own documentation holds, the bullets and counts are parsed as the admin's paste parses them.
Callers run them inside a documentation revision (events.history), so each shows in the history.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from engagement_portal.lib.bullets import parse_bullets, parse_counts
from events.admin_people import person_slug
from events.history import note_change
from events.models import (
    Chapter,
    Event,
    EventRole,
    Part,
    Quote,
    Section,
    Session,
)
from events.services import contributions_add_from_text, next_order
from recommendations.models import Priority, Recommendation
from stakeholders.models import Person
from uploads.models import Photo


def free_event_slug(title: str) -> str:
    """The title as the documentation's address, with -2, -3 … when it is taken."""
    base = (slugify(title) or "dokumentation")[:110]
    taken = set(Event.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def free_session_slug(event: Event, title: str) -> str:
    base = (slugify(title) or "arbeitsphase")[:110]
    taken = set(event.sessions.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


# --- People named in a session ------------------------------------------------------------------


def moderator_of(session: Session) -> EventRole | None:
    return (
        session.roles.filter(role=EventRole.Role.MODERATION).select_related("person").first()
        if session.pk
        else None
    )


def _named_elsewhere(person: Person, role: EventRole | None) -> bool:
    """Whether anything but this moderation row names the person (another role, a quote, a
    practice example …): then their consent is theirs to change on the person's own form."""
    for relation in Person._meta.related_objects:  # foreign keys and many-to-many alike
        rows = relation.related_model._default_manager.filter(**{relation.field.name: person})
        if relation.related_model is EventRole and role is not None:
            rows = rows.exclude(pk=role.pk)
        if rows.exists():
            return True
    return False


def moderator_set(*, session: Session, name: str, publish: bool) -> EventRole | None:
    """The session's moderation: the person of that name in the documentation's municipality, or
    a new one. ``publish`` is the consent to publish the name: recorded for a person named only
    here (a new one, or one this row created); a person named elsewhere too keeps theirs, which
    the person's own form changes. An empty name removes the moderation row."""
    role = moderator_of(session)
    name = " ".join(name.split())
    if not name:
        if role is not None:
            role.delete()
        return None
    municipality = session.event.municipality
    person = role.person if role is not None and role.person.name == name else None
    if person is None:
        person = Person.objects.filter(municipality=municipality, name=name).first()
    if person is None:
        person = Person.objects.create(
            name=name, slug=person_slug(name), municipality=municipality, publish_name=publish
        )
    elif person.publish_name != publish and not _named_elsewhere(person, role):
        person.publish_name = publish
        person.save(update_fields=["publish_name"])
    if role is None:
        role = EventRole(
            event=session.event,
            session=session,
            role=EventRole.Role.MODERATION,
            order=next_order(session.roles.all()),
        )
    role.person = person
    role.save()
    return role


# --- Quotes ------------------------------------------------------------------------------------

_QUOTE_MARKS = "„“”\"«»‚‘’'"
# "Text – Teilnehmerin", "Text — Teilnehmerin", "Text - Teilnehmerin" or "Text (Teilnehmerin)".
_SPEAKER_AFTER_DASH = re.compile(r"^(?P<text>.+?)\s+[–—-]\s+(?P<speaker>[^–—]{1,200})$")
_SPEAKER_IN_PARENS = re.compile(r"^(?P<text>.*[.!?…“”\"»])\s*\((?P<speaker>[^()]{1,200})\)$")


@dataclass(frozen=True)
class QuoteLine:
    text: str
    speaker: str


def parse_quotes(text: str) -> list[QuoteLine]:
    """One quote per line, its speaker after a dash or in brackets at the end; the quotation
    marks around it are dropped (the page sets its own). Raises ValidationError when the text
    holds no quote."""
    quotes = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        speaker = ""
        match = _SPEAKER_AFTER_DASH.match(line) or _SPEAKER_IN_PARENS.match(line)
        if match and match.group("text").strip(" " + _QUOTE_MARKS):
            line, speaker = match.group("text").strip(), match.group("speaker").strip()
        if len(line) >= 2 and line[0] in _QUOTE_MARKS and line[-1] in _QUOTE_MARKS:
            line = line[1:-1].strip()
        quotes.append(QuoteLine(line, speaker[:200]))
    if not quotes:
        raise ValidationError(_("Kein Zitat gefunden."))
    return quotes


def quotes_add(*, session: Session, text: str) -> list[Quote]:
    """Append the pasted quotes to the session, said there; speakers as labels (no names of
    people: a named speaker is chosen in the session's form, with their consent)."""
    order = next_order(session.quotes.all())
    return [
        Quote.objects.create(
            event=session.event,
            session=session,
            context=Quote.Context.SESSION,
            text=line.text,
            speaker_label=line.speaker,
            order=order + number,
        )
        for number, line in enumerate(parse_quotes(text))
    ]


# --- Bullets into a chapter --------------------------------------------------------------------


def _as_list(bullets, depth: int = 0) -> list[str]:
    lines = []
    for bullet in bullets:
        lines.append(f"{'  ' * depth}- {bullet.text}")
        lines.extend(_as_list(bullet.children, depth + 1))
    return lines


def chapter_text_add(*, chapter: Chapter, heading: str, text: str) -> Part:
    """Pasted bullets as a text of the chapter: a list, with sub-bullets indented."""
    bullets = parse_bullets(text)
    section = Section.objects.create(
        event=chapter.event,
        title=heading.strip() or chapter.title,
        body="\n".join(_as_list(bullets)),
        order=next_order(chapter.event.sections.all()),
    )
    return Part.objects.create(
        chapter=chapter, kind=Part.Kind.TEXT, section=section, order=next_order(chapter.parts)
    )


def session_bullets_add(*, session: Session, category: str, text: str) -> int:
    return len(contributions_add_from_text(session=session, category=category, text=text))


# --- Dot counts --------------------------------------------------------------------------------


@transaction.atomic
def paper_points_set(*, event: Event, text: str) -> list[Priority]:
    """Pasted "title ⇥ points" lines as the event's paper points: a title that is one of the
    event's strategies' recommendations counts for it, any other as a free topic. A title pasted
    again gets its new points; 0 removes it."""
    lines = parse_counts(text)
    recommendations = {
        " ".join(rec.title.casefold().split()): rec
        for rec in Recommendation.objects.filter(strategy__in=event.strategies.all())
    }
    order = next_order(event.priorities.all())
    written = []
    for line in lines:
        recommendation = recommendations.get(" ".join(line.title.casefold().split()))
        key = (
            Q(recommendation=recommendation)
            if recommendation
            else Q(recommendation__isnull=True, label=line.title[:300])
        )
        existing = event.priorities.filter(key, source=Priority.Source.PAPER).first()
        if line.points == 0:
            if existing is not None:
                existing.delete()
            continue
        if existing is None:
            existing = Priority(
                event=event,
                recommendation=recommendation,
                label="" if recommendation else line.title[:300],
                source=Priority.Source.PAPER,
                order=order,
            )
            order += 1
        existing.points = line.points
        existing.save()
        written.append(existing)
    return written


# --- The outline -------------------------------------------------------------------------------


def move(obj, siblings, step: int) -> None:
    """Swap ``obj`` with its neighbour before (-1) or after (+1); orders renumbered 1…n."""
    rows = list(siblings)
    index = next(i for i, row in enumerate(rows) if row.pk == obj.pk)
    other = index + step
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for number, row in enumerate(rows, start=1):
        if row.order != number:
            row.order = number
            row.save(update_fields=["order"])


def part_choices(event: Event) -> list[tuple[str, str]]:
    """What a new part of a chapter can place: ``("kind:id", label)`` for the rows of the event,
    ``("kind:", label)`` for the kinds that place a whole part of it."""
    own = {
        Part.Kind.SESSION: event.sessions.all(),
        Part.Kind.TEXT: event.sections.all(),
        Part.Kind.QUOTES: event.quote_groups.all(),
        Part.Kind.TALK: event.roles.exclude(role=EventRole.Role.MODERATION).select_related(
            "person"
        ),
        Part.Kind.POLL: event.polls.all(),
        Part.Kind.PHOTO: event.photos.all(),
        Part.Kind.ATTACHMENT: event.attachments.all(),
    }
    choices = []
    for kind, rows in own.items():
        label = Part.Kind(kind).label
        choices.extend((f"{kind}:{row.pk}", f"{label}: {row}") for row in rows)
    choices.extend(
        (f"{kind}:", label)
        for kind, label in Part.Kind.choices
        if kind not in Part.OWN_ROW and kind != Part.Kind.PRACTICE_EXAMPLES
    )
    return choices


def part_add(*, chapter: Chapter, choice: str) -> Part:
    """A new last part of the chapter from one of ``part_choices``; the row must be of the
    chapter's own documentation."""
    kind, _colon, row_id = choice.partition(":")
    if kind not in Part.Kind.values or kind == Part.Kind.PRACTICE_EXAMPLE:
        raise ValidationError(_("Unbekannte Art von Teil."))
    part = Part(chapter=chapter, kind=kind, order=next_order(chapter.parts.all()))
    field = Part.OWN_ROW.get(kind)
    if field:
        model = Part._meta.get_field(field).related_model
        event_field = "event"
        row = model._default_manager.filter(
            pk=row_id if row_id.isdigit() else None, **{event_field: chapter.event}
        ).first()
        if row is None:
            raise ValidationError(_("Diesen Teil gibt es in dieser Dokumentation nicht."))
        setattr(part, field, row)
    elif row_id:
        raise ValidationError(_("Unbekannte Art von Teil."))
    part.save()
    return part


# --- Before publishing -------------------------------------------------------------------------

# Alternative texts that say nothing: a file name, a camera's name or a bare word.
_FILE_NAME = re.compile(
    r"^[\w\- ]+\.(jpe?g|png|webp|gif|heic|tiff?)$|^(img|dsc|pxl)[_\- ]?\d+", re.I
)


@dataclass(frozen=True)
class Missing:
    what: str
    where: str = ""


def publication_missing(event: Event) -> list[Missing]:
    """What a reader would miss or an editor should check before publishing: alternative texts
    that describe nothing, people named without the consent to publish their names (the page
    shows their role only), chapters without a part, sessions without any content."""
    missing = []
    for photo in Photo.objects.filter(event=event):
        alt = photo.alt_text.strip()
        if len(alt) < 10 or _FILE_NAME.search(alt):
            missing.append(
                Missing(
                    _("Alternativtext beschreibt das Foto nicht: „%s“") % alt, f"photo-{photo.pk}"
                )
            )
    people = (
        Person.objects.filter(publish_name=False)
        .filter(Q(event_roles__event=event) | Q(quotes__event=event))
        .distinct()
        .order_by("name")
    )
    for person in people:
        missing.append(
            Missing(
                _("Ohne Einwilligung, Name wird nicht veröffentlicht: %s") % person.name,
                "sessions",
            )
        )
    for chapter in event.chapters.annotate(count=Count("parts")).filter(count=0):
        missing.append(Missing(_("Leeres Kapitel: %s") % chapter, f"chapter-{chapter.pk}"))
    empty = event.sessions.annotate(
        bullets=Count("contributions", distinct=True), said=Count("quotes", distinct=True)
    ).filter(bullets=0, said=0, description="", conclusion="")
    for session in empty:
        missing.append(
            Missing(_("Arbeitsphase ohne Ergebnisse: %s") % session, f"session-{session.pk}")
        )
    return missing


def note(action: str, obj, **details) -> None:
    note_change(action, obj, **details)
