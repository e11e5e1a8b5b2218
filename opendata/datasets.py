"""The open datasets: what each holds, and the rows of the CSV files.

Every read is one query (two or three for the events' strategies and tags), whatever the number
of rows; tests/opendata/test_query_counts.py pins them. Texts of choices are German, the
language of the documentations, whatever the reader's language: a file must not change with
the browser that fetched it.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.models import Event
from recommendations.models import Priority, Status
from recommendations.selectors import (
    public_recommendations,
    public_status_changes,
    with_public_points,
)

PUBLISHED = Event.Status.PUBLISHED
# Inside a cell, several values (strategies, topics) are separated by this.
LIST_SEPARATOR = " | "

Absolute = Callable[[str], str]  # a path of the site to its full address


@dataclass(frozen=True)
class Table:
    """A CSV dataset: its address name, what it holds and how to read its rows."""

    name: str  # the URL name in opendata.urls and the file's name
    title: str
    description: str
    columns: tuple[str, ...]
    rows: Callable[[Absolute], Iterable[list]]
    count: Callable[[], int]


def _date(value: datetime.date | datetime.datetime | None) -> str:
    return value.isoformat() if value else ""


def _time(value: datetime.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def published_events() -> QuerySet[Event]:
    return Event.objects.published()


def event_rows(absolute: Absolute) -> Iterable[list]:
    events = (
        published_events()
        .select_related("municipality", "network")
        .prefetch_related("strategies", "tags")
        .order_by("-date", "title", "pk")
    )
    with translation.override("de"):
        for event in events:
            yield [
                event.slug,
                event.title,
                event.subtitle,
                event.kind,
                event.get_kind_display(),
                event.format,
                event.get_format_display() if event.format else "",
                _date(event.date),
                _time(event.start_time),
                _time(event.end_time),
                event.venue,
                event.municipality.slug,
                event.municipality.name,
                event.municipality.state,
                event.network.name if event.network else "",
                LIST_SEPARATOR.join(sorted(s.slug for s in event.strategies.all())),
                event.participant_count if event.participant_count is not None else "",
                LIST_SEPARATOR.join(sorted(t.name for t in event.tags.all())),
                _date(event.published_at.date() if event.published_at else None),
                _date(event.updated_at),
                absolute(event.get_absolute_url()),
                absolute(reverse("opendata_files:documentation_json", args=[event.slug])),
                absolute(reverse("opendata_files:documentation_yaml", args=[event.slug])),
            ]


def recommendation_rows(absolute: Absolute) -> Iterable[list]:
    recommendations = (
        with_public_points(public_recommendations())
        .select_related("strategy__municipality", "action_field")
        .order_by("strategy__name", "action_field__order", "action_field__number", "order", "id")
    )
    with translation.override("de"):
        for r in recommendations:
            yield [
                r.slug,
                r.title,
                r.strategy.slug,
                r.strategy.name,
                r.strategy.municipality.name if r.strategy.municipality else "",
                r.action_field.number if r.action_field else "",
                r.action_field.title if r.action_field else "",
                r.status,
                r.get_status_display() if r.status else "",
                r.responsible,
                r.points,
                absolute(r.get_absolute_url()),
            ]


def _public_priorities() -> QuerySet[Priority]:
    return Priority.objects.filter(event__status=PUBLISHED).filter(
        Q(recommendation__isnull=True) | Q(recommendation__in=public_recommendations())
    )


def point_rows(absolute: Absolute) -> Iterable[list]:
    """Points per item and event: paper and live dots summed as the event page shows them."""
    rows = (
        _public_priorities()
        .values(
            "event__slug",
            "event__title",
            "event__date",
            "recommendation__slug",
            "recommendation__title",
            "label",
        )
        .annotate(
            paper=Coalesce(Sum("points", filter=Q(source=Priority.Source.PAPER)), 0),
            live=Coalesce(Sum("points", filter=Q(source=Priority.Source.LIVE)), 0),
            total=Sum("points", output_field=IntegerField()),
            voters=Sum("voters"),
        )
        .order_by("-event__date", "event__slug", "-total", "recommendation__title", "label")
    )
    for row in rows:
        yield [
            row["event__slug"],
            row["event__title"],
            _date(row["event__date"]),
            row["recommendation__slug"] or "",
            row["recommendation__title"] or row["label"],
            row["paper"],
            row["live"],
            row["total"],
            row["voters"] if row["voters"] is not None else "",
        ]


def _public_history():
    return public_status_changes().filter(recommendation__in=public_recommendations())


def status_history_rows(absolute: Absolute) -> Iterable[list]:
    changes = (
        _public_history()
        .select_related("recommendation__strategy", "event")
        .order_by(
            "recommendation__strategy__name",
            "recommendation__order",
            "recommendation_id",
            "date",
            "id",
        )
    )
    with translation.override("de"):
        for change in changes:
            yield [
                change.recommendation.slug,
                change.recommendation.title,
                change.recommendation.strategy.slug,
                _date(change.date),
                change.status,
                Status(change.status).label,
                change.event.slug if change.event else "",
                change.event.title if change.event else "",
                change.note,
            ]


TABLES = [
    Table(
        name="events_csv",
        title=_("Veranstaltungen"),
        description=_(
            "Alle veröffentlichten Dokumentationen: Titel, Art, Datum, Ort, gastgebende Kommune, "
            "Strategien, Themen und die Adressen der Seite und der Dokumentationsdateien."
        ),
        columns=(
            "slug",
            "title",
            "subtitle",
            "kind",
            "kind_label",
            "format",
            "format_label",
            "date",
            "start_time",
            "end_time",
            "venue",
            "municipality_slug",
            "municipality",
            "state",
            "network",
            "strategies",
            "participant_count",
            "tags",
            "published",
            "modified",
            "url",
            "documentation_json",
            "documentation_yaml",
        ),
        rows=event_rows,
        count=lambda: published_events().count(),
    ),
    Table(
        name="recommendations_csv",
        title=_("Handlungsempfehlungen"),
        description=_(
            "Die Handlungsempfehlungen der Strategien mit veröffentlichten Veranstaltungen: "
            "Strategie, Handlungsfeld, Status, Verantwortliche und alle Punkte aus "
            "veröffentlichten Bepunktungen."
        ),
        columns=(
            "slug",
            "title",
            "strategy_slug",
            "strategy",
            "municipality",
            "action_field_number",
            "action_field",
            "status",
            "status_label",
            "responsible",
            "points",
            "url",
        ),
        rows=recommendation_rows,
        count=lambda: public_recommendations().count(),
    ),
    Table(
        name="points_csv",
        title=_("Punkte je Veranstaltung"),
        description=_(
            "Die Bepunktung jeder veröffentlichten Veranstaltung: je Handlungsempfehlung oder "
            "freiem Thema die Punkte auf Papier, live im Browser und zusammen."
        ),
        columns=(
            "event_slug",
            "event",
            "event_date",
            "recommendation_slug",
            "item",
            "points_paper",
            "points_live",
            "points",
            "voters",
        ),
        rows=point_rows,
        count=lambda: (
            _public_priorities().values("event", "recommendation", "label").distinct().count()
        ),
    ),
    Table(
        name="status_history_csv",
        title=_("Statusverlauf der Handlungsempfehlungen"),
        description=_(
            "Jede öffentliche Statusänderung einer Handlungsempfehlung mit Datum, neuem Status, "
            "Veranstaltung und Anmerkung."
        ),
        columns=(
            "recommendation_slug",
            "recommendation",
            "strategy_slug",
            "date",
            "status",
            "status_label",
            "event_slug",
            "event",
            "note",
        ),
        rows=status_history_rows,
        count=lambda: _public_history().count(),
    ),
]
TABLES_BY_NAME = {table.name: table for table in TABLES}


def last_modified() -> datetime.datetime | None:
    """When a published documentation last changed."""
    return published_events().aggregate(latest=Max("updated_at"))["latest"]


def documentation_count() -> int:
    return published_events().aggregate(count=Count("pk"))["count"]
