"""The order in which an event's documentation reads: its chapters and their parts.

A city's documentation has its own order: numbered chapters, a welcome address before the panel,
the quotes under the thesis they support. Staff record it as chapters (events.Chapter) whose
parts (events.Part) place the documentation's pieces. The page, its table of contents, print and
export follow that outline.

Whatever no part places is shown after the chapters, in the portal's standard order with its
standard headings (``_standard_chapters``): an event without chapters reads as every event did
before outlines existed, and nothing an editor enters is ever hidden.

Everything is built from what ``documentation_for`` has read already: the outline costs the
queries for the chapters and parts, not one per part.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from events.models import Part, Quote

Kind = Part.Kind


@dataclass
class PartView:
    kind: str
    template: str
    context: dict[str, Any]
    # Headings below the chapter's, for the table of contents: (anchor, title).
    children: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ChapterView:
    anchor: str
    number: str
    title: str
    parts: list[PartView]

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def children(self) -> list[tuple[str, str]]:
        return [child for part in self.parts for child in part.children]


def _media(kind: str, *, photos=(), attachments=()) -> PartView:
    """Photos (one as a figure, several as a gallery) or files, with the uploads' templates."""
    return PartView(
        kind=kind,
        template="events/parts/_media.html",
        context={"photos": list(photos), "attachments": list(attachments)},
    )


def _part(kind: str, **context) -> PartView:
    return PartView(kind=kind, template=f"events/parts/_{kind}.html", context=context)


@dataclass
class _Placed:
    """What the stored chapters place: their parts' rows, and the kinds placed as a whole."""

    kinds: set[str] = field(default_factory=set)
    rows: dict[str, set[int]] = field(default_factory=dict)
    appendix: set[bool] = field(default_factory=set)

    def add(self, part: Part) -> None:
        name = Part.OWN_ROW.get(part.kind)
        if name:
            self.rows.setdefault(name, set()).add(getattr(part, f"{name}_id"))
        elif part.kind == Kind.PRACTICE_EXAMPLES:
            self.appendix.add(part.appendix)
        else:
            self.kinds.add(part.kind)

    def row(self, name: str, pk: int) -> bool:
        return pk in self.rows.get(name, ())


class _Outline:
    def __init__(self, doc):
        self.doc = doc
        self.event = doc.event
        self.placed = _Placed()
        for chapter in doc.chapters:
            for part in chapter.parts.all():
                self.placed.add(part)
        self.sessions = {p.session.pk: p for round_ in doc.rounds for p in round_.sessions}
        self.sessions_by_slug = {p.session.slug for p in self.sessions.values()}
        self.roles = {role.pk: role for role in doc.talks}
        self.polls = {result.poll.pk: result for result in doc.polls}
        examples = doc.presented_examples + doc.appendix_examples
        self.examples = {example.pk: example for example in examples}
        self.sections = {section.pk: section for section in doc.sections}
        self.groups = {group.pk: group for group in doc.quote_groups}
        self.photos = {photo.pk: photo for photo in doc.photos}
        self.attachments = {attachment.pk: attachment for attachment in doc.attachments}

    def chapters(self) -> list[ChapterView]:
        # Sessions keep their slugs as anchors; chapters take what is free.
        anchors: set[str] = set(self.sessions_by_slug)
        stored = []
        for chapter in self.doc.chapters:
            parts = [view for part in chapter.parts.all() if (view := self.view(part, chapter))]
            if not parts:
                continue  # nothing to read yet (a chapter just begun, or its rows are gone)
            anchor = _unique(slugify(chapter.title) or "kapitel", anchors)
            stored.append(ChapterView(anchor, chapter.number, chapter.title, parts))
        rest = []
        for chapter in self._standard_chapters():
            chapter.anchor = _unique(chapter.anchor, anchors)
            rest.append(chapter)
        for chapter in stored + rest:
            _name_feedback_and_ideas(chapter)
        return stored + rest

    def view(self, part: Part, chapter) -> PartView | None:
        """The part as the page shows it; None for a row that is gone or not shown."""
        kind, doc = part.kind, self.doc
        if kind == Kind.TEXT:
            section = self.sections.get(part.section_id)
            return section and _part(
                kind, section=section, show_title=section.title != chapter.title
            )
        if kind == Kind.QUOTES:
            group = self.groups.get(part.quote_group_id)
            return group and _part(kind, lead=group.lead, quotes=self._quotes(group.pk))
        if kind == Kind.SESSION:
            session = self.sessions.get(part.session_id)
            if session is None:
                return None
            view = _part(kind, part=session, level=3)
            view.template = "events/_session.html"
            view.children = [(session.session.slug, session.session.title)]
            return view
        if kind == Kind.TALK:
            role = self.roles.get(part.role_id)
            return role and _part(kind, role=role)
        if kind == Kind.POLL:
            result = self.polls.get(part.poll_id)
            return result and _part("polls", results=[result])
        if kind == Kind.PRACTICE_EXAMPLE:
            example = self.examples.get(part.practice_example_id)
            return example and _part("practice_examples", examples=[example])
        if kind == Kind.PHOTO:
            photo = self.photos.get(part.photo_id)
            return photo and _media(Kind.PHOTO, photos=[photo])
        if kind == Kind.ATTACHMENT:
            attachment = self.attachments.get(part.attachment_id)
            return attachment and _media(Kind.ATTACHMENT, attachments=[attachment])
        if kind == Kind.PRACTICE_EXAMPLES:
            examples = doc.appendix_examples if part.appendix else doc.presented_examples
            examples = [e for e in examples if not self.placed.row("practice_example", e.pk)]
            return examples and _part(kind, examples=examples) or None
        return self.whole(kind)

    def whole(self, kind: str) -> PartView | None:
        """A part the event has once, with what of it no single part places."""
        event, doc, placed = self.event, self.doc, self.placed
        if kind == Kind.INTRODUCTION:
            return event.introduction and _part(kind, text=event.introduction) or None
        if kind == Kind.GOAL:
            return event.goal and _part(kind, text=event.goal) or None
        if kind == Kind.PARTICIPANTS:
            # The number stands in the page's facts already; this part shows who came.
            return doc.participant_groups and _part(kind, groups=doc.participant_groups) or None
        if kind == Kind.AGENDA:
            return doc.agenda and _part(kind, agenda=doc.agenda, timed=doc.agenda_has_times) or None
        if kind == Kind.TALKS:
            talks = [role for role in doc.talks if not placed.row("role", role.pk)]
            return talks and _part(kind, talks=talks) or None
        if kind == Kind.PEOPLE:
            # A talk placed on its own names its speaker with the role already.
            contributors = [
                (label, kept)
                for label, members in doc.contributors
                if (kept := [role for role in members if not placed.row("role", role.pk)])
            ]
            return contributors and _part(kind, contributors=contributors) or None
        if kind == Kind.GUIDING_QUESTIONS:
            if not (doc.shared_questions or doc.shared_cross_cutting):
                return None
            return _part(
                kind, questions=doc.shared_questions, cross_cutting=doc.shared_cross_cutting
            )
        if kind == Kind.SESSIONS:
            return self._sessions()
        if kind == Kind.PHOTOS:
            # A photo beside a session's results stands there; the gallery has the rest.
            photos = [p for p in doc.photos if not (p.session_id or placed.row("photo", p.pk))]
            return photos and _media(kind, photos=photos) or None
        if kind == Kind.ATTACHMENTS:
            files = [a for a in doc.attachments if not placed.row("attachment", a.pk)]
            return files and _media(kind, attachments=files) or None
        if kind == Kind.VOICES:
            loose = self._loose_quotes(closing=False)
            return loose and _part(kind, groups=_quotes_by_context(loose)) or None
        if kind == Kind.CLOSING:
            closing = self._loose_quotes(closing=True)
            return closing and _part(Kind.QUOTES, lead="", quotes=closing) or None
        if kind in ("presented_examples", "appendix_examples"):
            appendix = kind == "appendix_examples"
            if appendix in placed.appendix:
                return None
            return self.view(Part(kind=Kind.PRACTICE_EXAMPLES, appendix=appendix), None)
        if kind == Kind.POLLS:
            results = [r for r in doc.polls if not placed.row("poll", r.poll.pk)]
            return results and _part(kind, results=results) or None
        if kind == Kind.SELF_ASSESSMENT:
            return doc.assessment and _part(kind, assessment=doc.assessment) or None
        if kind == Kind.PRIORITISATION:
            return doc.prioritisation and _part(kind, prio=doc.prioritisation) or None
        if kind == Kind.ADDITIONS:
            return doc.additions and _part(kind, groups=doc.additions) or None
        if kind == Kind.AGREEMENTS:
            return doc.agreements and _part(kind, agreements=doc.agreements) or None
        if kind == Kind.FEEDBACK:
            return doc.feedback and _part(kind, items=doc.feedback) or None
        if kind == Kind.IDEAS:
            return doc.ideas and _part(kind, items=doc.ideas) or None
        if kind == Kind.OUTLOOK:
            return event.outlook and _part(kind, text=event.outlook) or None
        if kind == Kind.CONTACT:
            texts = (
                event.contact,
                event.contact_email,
                event.photo_credits,
                event.publication_note,
            )
            if not any(texts):
                return None
            return _part(kind, event=event)
        return None

    def _quotes(self, group_id: int | None) -> list[Quote]:
        return [quote for quote in self.doc.event_quotes if quote.group_id == group_id]

    def _loose_quotes(self, *, closing: bool) -> list[Quote]:
        return [
            quote
            for quote in self._quotes(None)
            if (quote.context == Quote.Context.CLOSING) == closing
        ]

    def _sessions(self) -> PartView | None:
        placed = self.placed
        rounds = [
            (round_.number, sessions)
            for round_ in self.doc.rounds
            if (sessions := [p for p in round_.sessions if not placed.row("session", p.session.pk)])
        ]
        if not rounds:
            return None
        view = _part(Kind.SESSIONS, rounds=rounds)
        view.children = [
            (part.session.slug, part.session.title) for _n, sessions in rounds for part in sessions
        ]
        return view

    def _standard_chapters(self) -> list[ChapterView]:
        """What the stored chapters leave out, in the portal's standard order and headings."""
        placed, doc = self.placed, self.doc
        chapters: list[ChapterView] = []
        for anchor, title, kinds in STANDARD_CHAPTERS:
            if anchor == "abschnitte":
                for section in doc.sections:
                    if not placed.row("section", section.pk):
                        part = _part(Kind.TEXT, section=section, show_title=False)
                        chapters.append(
                            ChapterView(f"abschnitt-{section.pk}", "", section.title, [part])
                        )
                continue
            parts = [
                view for kind in kinds if kind not in placed.kinds and (view := self.whole(kind))
            ]
            if anchor == "stimmen":
                parts += [
                    _part(Kind.QUOTES, lead=group.lead, quotes=self._quotes(group.pk))
                    for group in doc.quote_groups
                    if not placed.row("quote_group", group.pk)
                ]
            if anchor == "arbeitsphasen" and not any(p.kind == Kind.SESSIONS for p in parts):
                anchor, title = "leitfragen", _("Leitfragen")
            if anchor == "selbstcheck" and doc.assessment is not None:
                title = f"{_('Selbstcheck')}: {doc.assessment.title}"
            if parts:
                chapters.append(ChapterView(anchor, "", str(title), parts))
        return chapters


# The portal's standard order and headings: what an event without chapters shows, and where
# everything goes that the chapters leave out. ("abschnitte": each free text its own chapter.)
STANDARD_CHAPTERS = [
    ("einfuehrung", _lazy("Einführung und Ziel"), [Kind.INTRODUCTION, Kind.GOAL]),
    ("abschnitte", "", []),
    ("teilnehmende", _lazy("Teilnehmende"), [Kind.PARTICIPANTS]),
    ("ablauf", _lazy("Ablauf"), [Kind.AGENDA]),
    ("beitraege", _lazy("Grußworte und Vorträge"), [Kind.TALKS]),
    ("mitwirkende", _lazy("Mitwirkende"), [Kind.PEOPLE]),
    ("stimmen", _lazy("Stimmen"), [Kind.VOICES]),
    ("umfragen", _lazy("Umfragen und Stimmungsbilder"), [Kind.POLLS]),
    ("selbstcheck", _lazy("Selbstcheck"), [Kind.SELF_ASSESSMENT]),
    ("priorisierung", _lazy("Priorisierung"), [Kind.PRIORITISATION]),
    ("ergaenzungen", _lazy("Ergänzungen zu den Handlungsempfehlungen"), [Kind.ADDITIONS]),
    ("praxisbeispiele", _lazy("Praxisbeispiele"), ["presented_examples"]),
    (
        "arbeitsphasen",
        _lazy("Ergebnisse der Arbeitsphasen"),
        [Kind.GUIDING_QUESTIONS, Kind.SESSIONS],
    ),
    ("vereinbarungen", _lazy("Vereinbarungen und nächste Schritte"), [Kind.AGREEMENTS]),
    ("rueckmeldungen", _lazy("Rückmeldungen"), [Kind.FEEDBACK, Kind.IDEAS]),
    ("schlussrunde", _lazy("Schlussrunde"), [Kind.CLOSING]),
    ("ausblick", _lazy("Ausblick"), [Kind.OUTLOOK]),
    ("anhang", _lazy("Anhang: Praxisbeispiele"), ["appendix_examples"]),
    ("fotos-und-dateien", _lazy("Fotos und Dateien"), [Kind.PHOTOS, Kind.ATTACHMENTS]),
    ("kontakt", _lazy("Kontakt und Impressum"), [Kind.CONTACT]),
]


def _name_feedback_and_ideas(chapter: ChapterView) -> None:
    """Feedback and ideas in one chapter get a heading each, to tell them apart."""
    kinds = {part.kind for part in chapter.parts}
    if {Kind.FEEDBACK, Kind.IDEAS} <= kinds:
        for part in chapter.parts:
            if part.kind == Kind.FEEDBACK:
                part.context["heading"] = _("Rückmeldungen der Teilnehmenden")
            elif part.kind == Kind.IDEAS:
                part.context["heading"] = _("Ideen für künftige Veranstaltungen")


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, number = anchor, 2
    while candidate in taken:
        candidate, number = f"{anchor}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _quotes_by_context(quotes: list[Quote]) -> list[tuple[str, list[Quote]]]:
    labels = {
        Quote.Context.EXPECTATION: _("Erwartungen zu Beginn"),
        Quote.Context.PANEL: _("Aus der Podiumsdiskussion"),
        Quote.Context.PLENARY: _("Aus dem Plenum"),
        Quote.Context.SESSION: _("Aus den Arbeitsphasen"),
        Quote.Context.OTHER: _("Weitere Stimmen"),
    }
    groups: dict[str, list[Quote]] = {}
    for quote in quotes:
        groups.setdefault(quote.context, []).append(quote)
    return [(labels.get(key, key), members) for key, members in groups.items()]


def outline_for(doc) -> list[ChapterView]:
    """The documentation's chapters as the page shows them (see the module's docstring)."""
    return _Outline(doc).chapters()
