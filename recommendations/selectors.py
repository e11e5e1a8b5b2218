"""Reads for the public recommendation pages.

A recommendation is public while its strategy has a published event. Points, additions, sessions
and status changes count only where they belong to a published event; status changes marked as
examples are never public.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from engagement_portal.lib.trees import Node, build_forest
from events.models import Event, Session
from recommendations.models import ActionField, Addition, Priority, Recommendation, StatusChange

PUBLISHED = Event.Status.PUBLISHED


def public_recommendations() -> QuerySet[Recommendation]:
    has_published_event = Event.objects.filter(strategies=OuterRef("strategy"), status=PUBLISHED)
    return Recommendation.objects.filter(Exists(has_published_event))


def with_public_points(recommendations: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """Adds ``points``: paper and live dots at published events."""
    return recommendations.annotate(
        points=Coalesce(
            Sum("priorities__points", filter=Q(priorities__event__status=PUBLISHED)),
            0,
            output_field=IntegerField(),
        )
    )


def public_action_fields() -> QuerySet[ActionField]:
    has_published_event = Event.objects.filter(strategies=OuterRef("strategy"), status=PUBLISHED)
    return (
        ActionField.objects.filter(Exists(has_published_event))
        .select_related("strategy")
        .order_by("strategy__name", "order", "number")
    )


def public_status_changes() -> QuerySet[StatusChange]:
    return StatusChange.objects.filter(is_example=False).filter(
        Q(event__isnull=True) | Q(event__status=PUBLISHED)
    )


@dataclass
class Milestone:
    """What happened to a recommendation at one event, or one status change on its own."""

    date: datetime.date
    event: Event | None = None
    paper: int = 0
    live: int = 0
    additions: list[Node] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)

    @property
    def points(self) -> int:
        return self.paper + self.live

    @property
    def has_points(self) -> bool:
        return self.points > 0


def recommendation_history(recommendation: Recommendation) -> list[Milestone]:
    """The recommendation's way through published events and its status changes, oldest first.

    Four queries, whatever the number of events.
    """
    by_event: dict[int, Milestone] = {}

    def milestone(event: Event) -> Milestone:
        return by_event.setdefault(event.pk, Milestone(date=event.date, event=event))

    for priority in recommendation.priorities.filter(event__status=PUBLISHED).select_related(
        "event"
    ):
        entry = milestone(priority.event)
        if priority.source == Priority.Source.LIVE:
            entry.live += priority.points
        else:
            entry.paper += priority.points

    additions = list(
        Addition.objects.filter(recommendation=recommendation, event__status=PUBLISHED)
        .select_related("event")
        .order_by("event__date", "order", "id")
    )
    for node in build_forest(additions):
        milestone(node.item.event).additions.append(node)

    for session in Session.objects.filter(
        recommendation=recommendation, event__status=PUBLISHED
    ).select_related("event"):
        milestone(session.event).sessions.append(session)

    standalone = []
    for change in (
        public_status_changes().filter(recommendation=recommendation).select_related("event")
    ):
        if change.event_id:
            milestone(change.event).status_changes.append(change)
        else:
            standalone.append(Milestone(date=change.date, status_changes=[change]))

    return sorted([*by_event.values(), *standalone], key=lambda entry: entry.date)
