"""Reads for the public documentation pages.

``documentation_for(event)`` gathers everything an event page shows. Each related table is read
once, whatever the size of the documentation; trees of contributions and additions are built in
Python from one query each. The number of queries is pinned in tests/public/test_query_counts.py.
"""

import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag, TaggedItem

from assessments.models import Assessment
from assessments.selectors import assessment_for_event
from engagement_portal.lib.trees import Node, build_forest, group_in_order
from events.models import (
    AgendaItem,
    Agreement,
    Chapter,
    Contribution,
    Event,
    EventRole,
    Feedback,
    GuidingQuestion,
    ParticipantGroup,
    Poll,
    PollOption,
    Quote,
    QuoteGroup,
    Section,
    Session,
)
from events.outline import outline_for
from recommendations.models import Addition, Priority, Recommendation, Strategy
from stakeholders.models import Municipality, PracticeExample

PUBLISHED = Event.Status.PUBLISHED

# Roles whose people gave an address or talk: shown with its title and summary.
TALK_ROLES = {
    EventRole.Role.WELCOME,
    EventRole.Role.KEYNOTE,
    EventRole.Role.INPUT,
    EventRole.Role.SPEAKER,
}


def published_events() -> QuerySet[Event]:
    return Event.objects.published().select_related("municipality")


def event_cards() -> QuerySet[Event]:
    """Published events with just what a card in a list shows (events/_event_card.html).

    Leaving out the long texts halves the work of a search that ranks thousands of matches.
    """
    return published_events().only(
        "title",
        "slug",
        "kind",
        "format",
        "date",
        "summary",
        "municipality__name",
        "municipality__slug",
    )


def published_event_tags() -> QuerySet[Tag]:
    """Topics of published events with the number of published events for each."""
    return (
        Tag.objects.filter(event__status=PUBLISHED)
        .annotate(event_count=Count("event", filter=Q(event__status=PUBLISHED), distinct=True))
        .order_by("name")
    )


def _has_published_event(**lookup) -> Exists:
    return Exists(Event.objects.filter(status=PUBLISHED, **lookup))


def tags_with_events() -> QuerySet[Tag]:
    return Tag.objects.filter(_has_published_event(tags=OuterRef("pk"))).order_by("name")


def municipalities_with_events() -> QuerySet[Municipality]:
    return Municipality.objects.filter(_has_published_event(municipality=OuterRef("pk"))).order_by(
        "name"
    )


def municipalities_with_event_counts() -> QuerySet[Municipality]:
    return municipalities_with_events().annotate(
        event_count=Count("events", filter=Q(events__status=PUBLISHED))
    )


def strategies_with_events() -> QuerySet[Strategy]:
    return Strategy.objects.filter(_has_published_event(strategies=OuterRef("pk"))).order_by("name")


def strategies_with_event_counts() -> QuerySet[Strategy]:
    return strategies_with_events().annotate(
        event_count=Count("events", filter=Q(events__status=PUBLISHED))
    )


def public_practice_examples() -> QuerySet[PracticeExample]:
    """Practice examples of published events, and those a municipality keeps without event."""
    return PracticeExample.objects.filter(Q(event__status=PUBLISHED) | Q(event__isnull=True))


# --- The documentation of one event ---------------------------------------------------------


@dataclass
class SessionPart:
    session: Session
    roles: list[EventRole]
    questions: list[GuidingQuestion]
    cross_cutting: list[GuidingQuestion]
    categories: list[tuple[str, list[Node]]]
    quotes: list[Quote]
    photos: list = field(default_factory=list)  # beside its results (the flipchart)


@dataclass
class Round:
    number: int | None
    sessions: list[SessionPart]


@dataclass
class PriorityRow:
    """One voted item at one event; paper and live dots summed."""

    title: str
    recommendation: Recommendation | None
    session: Session | None = None
    paper: int = 0
    live: int = 0
    voters: int | None = None
    rank: int = 0
    percent: float = 0.0

    @property
    def total(self) -> int:
        return self.paper + self.live


@dataclass
class Prioritisation:
    rows: list[PriorityRow]
    has_sessions: bool
    has_paper: bool
    has_live: bool
    has_voters: bool


def scale_mean(counts) -> float | None:
    """The mean of a rating scale from (value, count) pairs, its options' texts "1" … "5" and how
    often each was chosen; values that are no whole number are left out. None without counts."""
    total = weighted = 0
    for value, count in counts:
        if count and re.fullmatch(r"-?[0-9]+", str(value).strip()):
            total += count
            weighted += int(value) * count
    return round(weighted / total, 1) if total else None


@dataclass
class PollResult:
    poll: Poll
    options: list[PollOption]
    has_counts: bool
    total: int

    @property
    def mean(self) -> float | None:
        """A rating scale's mean, from the documented counts."""
        if self.poll.kind != Poll.Kind.SCALE:
            return None
        return scale_mean((option.text, option.count) for option in self.options)

    @property
    def choice_note(self) -> str:
        poll = self.poll
        if poll.kind == Poll.Kind.WORDS:
            return ngettext(
                "ein Begriff je Person", "bis zu %(count)d Begriffe je Person", poll.max_choices
            ) % {"count": poll.max_choices}
        if poll.kind != Poll.Kind.MULTIPLE:
            return ""
        if poll.min_choices == poll.max_choices:
            return _("genau %(count)d Antworten zu wählen") % {"count": poll.max_choices}
        return _("bis zu %(count)d Antworten zu wählen") % {"count": poll.max_choices}


@dataclass
class RecommendationAdditions:
    recommendation: Recommendation
    additions: list[Node]


@dataclass
class AdditionGroup:
    """Additions of one event to the recommendations of one action field."""

    strategy: Strategy
    action_field: object  # recommendations.ActionField or None
    recommendations: list[RecommendationAdditions]


@dataclass
class Documentation:
    event: Event
    organisers: list
    partners: list
    strategies: list
    tags: list
    participant_groups: list
    sections: list
    agenda: list
    talks: list[EventRole]
    contributors: list[tuple[str, list[EventRole]]]
    shared_questions: list[GuidingQuestion]
    shared_cross_cutting: list[GuidingQuestion]
    rounds: list[Round]
    polls: list[PollResult]
    prioritisation: Prioritisation | None
    additions: list[AdditionGroup]
    assessment: Assessment | None
    presented_examples: list[PracticeExample]
    appendix_examples: list[PracticeExample]
    agreements: list
    feedback: list[Feedback]
    ideas: list[Feedback]
    # Quotes outside the sessions, in their groups or none (group_id), and the groups' leads.
    event_quotes: list[Quote] = field(default_factory=list)
    quote_groups: list[QuoteGroup] = field(default_factory=list)
    # The stored outline; events.outline turns it into what the page shows.
    chapters: list[Chapter] = field(default_factory=list)
    photos: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    outline: list = field(default_factory=list)

    @property
    def agenda_has_times(self) -> bool:
        return any(item.start_time for item in self.agenda)


# The parts an event may lack, as (table, column pointing to the event). event_for_reading()
# asks in its one query which of them exist, so that a sparse documentation costs no query for
# what it lacks. Plain EXISTS in SQL: eighteen ORM subqueries took longer to compile than the
# queries they save.
OPTIONAL_PARTS = {
    "organisers": (Event.organisers.through, "event_id"),
    "partners": (Event.partners.through, "event_id"),
    "strategies": (Event.strategies.through, "event_id"),
    "participant_groups": (ParticipantGroup, "event_id"),
    "sections": (Section, "event_id"),
    "agenda_items": (AgendaItem, "event_id"),
    "roles": (EventRole, "event_id"),
    "guiding_questions": (GuidingQuestion, "event_id"),
    "quotes": (Quote, "event_id"),
    "sessions": (Session, "event_id"),
    "practice_examples": (PracticeExample, "event_id"),
    "feedback": (Feedback, "event_id"),
    "agreements": (Agreement, "event_id"),
    "polls": (Poll, "event_id"),
    "priorities": (Priority, "event_id"),
    "additions": (Addition, "event_id"),
    "self_assessment": (Assessment, "event_id"),
    "chapters": (Chapter, "event_id"),
    "quote_groups": (QuoteGroup, "event_id"),
    # Photos and files (app uploads, which builds on events: reached through the relation).
    "photos": (Event._meta.get_field("photos").related_model, "event_id"),
    "attachments": (Event._meta.get_field("attachments").related_model, "event_id"),
}


def _part_flags() -> dict[str, RawSQL]:
    event_id = f"{Event._meta.db_table}.id"
    flags = {
        f"has_{part}": RawSQL(
            f"EXISTS (SELECT 1 FROM {model._meta.db_table} WHERE {column} = {event_id})",
            [],
            output_field=BooleanField(),
        )
        for part, (model, column) in OPTIONAL_PARTS.items()
    }
    tagged = TaggedItem._meta.db_table
    flags["has_tags"] = RawSQL(
        f"EXISTS (SELECT 1 FROM {tagged} WHERE object_id = {event_id} AND content_type_id = %s)",
        [ContentType.objects.get_for_model(Event).pk],
        output_field=BooleanField(),
    )
    return flags


def event_for_reading(slug: str) -> Event | None:
    """The event with its host and network, and has_<part> for each optional part."""
    return (
        Event.objects.select_related("municipality", "network")
        .annotate(**_part_flags())
        .filter(slug=slug)
        .first()
    )


def _has(event: Event, part: str) -> bool:
    # Without the flags (an event not loaded by event_for_reading) every part is read.
    return getattr(event, f"has_{part}", True)


def documentation_for(event: Event) -> Documentation:
    """Everything the event page shows: each related table read at most once, whatever the size
    of the documentation, and not at all where event_for_reading() found the part empty."""

    def read(part: str, queryset) -> list:
        return list(queryset) if _has(event, part) else []

    sessions = read(
        "sessions", event.sessions.select_related("recommendation").prefetch_related("tags")
    )
    roles = read("roles", event.roles.select_related("person__organisation"))
    questions = read("guiding_questions", event.guiding_questions.all())
    quotes = read("quotes", event.quotes.select_related("speaker__organisation"))
    contributions = read(
        "sessions", Contribution.objects.filter(session__event=event).order_by("order", "id")
    )
    examples = read(
        "practice_examples",
        event.practice_examples.select_related(
            "municipality", "organisation", "contact_person__organisation"
        ).prefetch_related("other_contacts__organisation"),
    )
    feedback = read("feedback", event.feedback.all())
    photos = read("photos", event.photos.all())
    event_quotes = [quote for quote in quotes if quote.session_id is None]

    documentation = Documentation(
        event=event,
        organisers=read("organisers", event.organisers.all()),
        partners=read("partners", event.partners.all()),
        strategies=read("strategies", event.strategies.all()),
        tags=read("tags", event.tags.all()),
        participant_groups=read("participant_groups", event.participant_groups.all()),
        sections=read("sections", event.sections.all()),
        agenda=read("agenda_items", event.agenda_items.all()),
        talks=[
            role
            for role in roles
            if role.session_id is None and role.role in TALK_ROLES and (role.title or role.summary)
        ],
        contributors=_contributors(roles),
        shared_questions=[
            question
            for question in questions
            if question.session_id is None and question.kind == GuidingQuestion.Kind.GUIDING
        ],
        shared_cross_cutting=[
            question
            for question in questions
            if question.session_id is None and question.kind == GuidingQuestion.Kind.CROSS_CUTTING
        ],
        rounds=_rounds(sessions, roles, questions, quotes, contributions, photos),
        polls=_polls(event) if _has(event, "polls") else [],
        prioritisation=(_prioritisation(event, sessions) if _has(event, "priorities") else None),
        additions=_additions(event) if _has(event, "additions") else [],
        assessment=assessment_for_event(event) if _has(event, "self_assessment") else None,
        presented_examples=[
            example for example in examples if example.context != PracticeExample.Context.APPENDIX
        ],
        appendix_examples=[
            example for example in examples if example.context == PracticeExample.Context.APPENDIX
        ],
        agreements=read("agreements", event.agreements.all()),
        feedback=[item for item in feedback if item.kind == Feedback.Kind.FEEDBACK],
        ideas=[item for item in feedback if item.kind == Feedback.Kind.IDEA],
        event_quotes=event_quotes,
        quote_groups=read("quote_groups", event.quote_groups.all()),
        chapters=read("chapters", event.chapters.prefetch_related("parts")),
        photos=photos,
        attachments=read("attachments", event.attachments.all()),
    )
    documentation.outline = outline_for(documentation)
    return documentation


def _contributors(roles: list[EventRole]) -> list[tuple[str, list[EventRole]]]:
    """Event-wide roles grouped by role, in the order the documentation names them."""
    groups: dict[str, list[EventRole]] = {}
    for role in roles:
        if role.session_id is None:
            groups.setdefault(role.role, []).append(role)
    labels = dict(EventRole.Role.choices)
    return [(labels.get(key, key), members) for key, members in groups.items()]


def _rounds(sessions, roles, questions, quotes, contributions, photos) -> list[Round]:
    roots_by_session: dict[int, list[Node]] = {}
    for node in build_forest(contributions):
        roots_by_session.setdefault(node.item.session_id, []).append(node)

    def of_session(items, session):
        return [item for item in items if item.session_id == session.pk]

    rounds: dict[int | None, list[SessionPart]] = {}
    for session in sessions:
        own_questions = of_session(questions, session)
        part = SessionPart(
            session=session,
            roles=of_session(roles, session),
            questions=[q for q in own_questions if q.kind == GuidingQuestion.Kind.GUIDING],
            cross_cutting=[
                q for q in own_questions if q.kind == GuidingQuestion.Kind.CROSS_CUTTING
            ],
            categories=group_in_order(
                roots_by_session.get(session.pk, []), key=lambda item: item.category.strip()
            ),
            quotes=of_session(quotes, session),
            photos=of_session(photos, session),
        )
        rounds.setdefault(session.round, []).append(part)
    return [Round(number=number, sessions=parts) for number, parts in rounds.items()]


def _polls(event: Event) -> list[PollResult]:
    polls = event.polls.prefetch_related(
        Prefetch("options", queryset=PollOption.objects.order_by("order", "id"))
    )
    results = []
    for poll in polls:
        options = list(poll.options.all())
        counts = [option.count for option in options if option.count is not None]
        top = max(counts, default=0)
        for option in options:
            option.percent = round(100 * option.count / top, 1) if option.count and top else 0
        results.append(
            PollResult(poll=poll, options=options, has_counts=bool(counts), total=sum(counts))
        )
    return results


def _prioritisation(event: Event, sessions: list[Session]) -> Prioritisation | None:
    """The points per item, ranked; an item a session of the event went on to work on (the
    session's recommendation) links to that session, as documentations mark the items that
    went on to small-group work."""
    priorities = list(event.priorities.select_related("recommendation"))
    if not priorities:
        return None
    worked_on = {}
    for session in sessions:
        if session.recommendation_id:
            worked_on.setdefault(session.recommendation_id, session)
    rows: dict[tuple, PriorityRow] = {}
    for priority in priorities:
        key = (
            ("r", priority.recommendation_id)
            if priority.recommendation_id
            else ("l", priority.label)
        )
        row = rows.setdefault(
            key,
            PriorityRow(
                title=priority.item_title,
                recommendation=priority.recommendation,
                session=worked_on.get(priority.recommendation_id),
            ),
        )
        if priority.source == Priority.Source.LIVE:
            row.live += priority.points
        else:
            row.paper += priority.points
        if priority.voters is not None:
            row.voters = (row.voters or 0) + priority.voters
    ranked = sorted(rows.values(), key=lambda row: (-row.total, row.title.casefold()))
    top = ranked[0].total
    for position, row in enumerate(ranked, start=1):
        # Equal points share a rank: 1, 2, 3, 3, 3, 3.
        same_as_before = position > 1 and ranked[position - 2].total == row.total
        row.rank = ranked[position - 2].rank if same_as_before else position
        row.percent = round(100 * row.total / top, 1) if top else 0
    return Prioritisation(
        rows=ranked,
        has_sessions=any(row.session for row in ranked),
        has_paper=any(p.source == Priority.Source.PAPER for p in priorities),
        has_live=any(p.source == Priority.Source.LIVE for p in priorities),
        has_voters=any(row.voters is not None for row in ranked),
    )


def _additions(event: Event) -> list[AdditionGroup]:
    additions = list(
        Addition.objects.filter(event=event)
        .select_related("recommendation__strategy", "recommendation__action_field")
        .order_by("order", "id")
    )
    roots = build_forest(additions)

    def sort_key(node):
        recommendation = node.item.recommendation
        action_field = recommendation.action_field
        return (
            recommendation.strategy.name,
            action_field.order if action_field else 1_000_000,
            action_field.number if action_field else "",
            recommendation.order,
            recommendation.pk,
        )

    groups: list[AdditionGroup] = []
    for node in sorted(roots, key=sort_key):
        recommendation = node.item.recommendation
        if not groups or (groups[-1].strategy, groups[-1].action_field) != (
            recommendation.strategy,
            recommendation.action_field,
        ):
            groups.append(
                AdditionGroup(
                    strategy=recommendation.strategy,
                    action_field=recommendation.action_field,
                    recommendations=[],
                )
            )
        group = groups[-1]
        if not group.recommendations or group.recommendations[-1].recommendation != recommendation:
            group.recommendations.append(RecommendationAdditions(recommendation, []))
        group.recommendations[-1].additions.append(node)
    return groups


# --- Lists and pages around the documentation -----------------------------------------------


def tag_page(tag: Tag) -> dict:
    """Published events, sessions of published events and public recommendations with a tag."""
    events = list(event_cards().filter(tags=tag))
    sessions = list(
        Session.objects.filter(tags=tag, event__status=PUBLISHED)
        .select_related("event")
        .order_by("-event__date", "order")
    )
    recommendations = list(
        Recommendation.objects.filter(tags=tag)
        .filter(Exists(Event.objects.filter(strategies=OuterRef("strategy"), status=PUBLISHED)))
        .select_related("strategy", "action_field")
    )
    return {"events": events, "sessions": sessions, "recommendations": recommendations}
