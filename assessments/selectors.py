"""Reads for the Standortbestimmung: one assessment with everything its pages show.

The fragment templates/assessments/_matrix.html expects an assessment that went through
assessment_for_display() (or assessment_for_event()); it then renders with no query of its own.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from assessments.models import (
    Assessment,
    Criterion,
    Field,
    FieldResult,
    MaturityLevel,
    Rating,
    Respondent,
)
from assessments.tokens import MAX_TOKEN_LENGTH, hash_token
from events.models import Agreement, Contribution, Event, Session


@dataclass
class CriterionRow:
    criterion: Criterion
    rating: Rating | None


@dataclass
class FieldRow:
    """One action field of an assessment: its result, its criteria's ratings, the change."""

    field: Field
    result: FieldResult | None
    criteria: list[CriterionRow]
    previous_level: MaturityLevel | None = None

    @property
    def level(self) -> MaturityLevel | None:
        return self.result.level if self.result else None

    @property
    def rated_criteria(self) -> list[CriterionRow]:
        return [row for row in self.criteria if row.rating is not None]

    @property
    def change(self) -> str | None:
        """ "up", "down" or "same" against the previous assessment; None without both levels."""
        if self.level is None or self.previous_level is None:
            return None
        if self.level.rank > self.previous_level.rank:
            return "up"
        if self.level.rank < self.previous_level.rank:
            return "down"
        return "same"


def _display_queryset():
    return (
        Assessment.objects.annotate_effective_date()
        .select_related("framework", "municipality", "event", "overall_level")
        .prefetch_related(
            "framework__levels",
            "framework__scale",
            Prefetch(
                "framework__fields",
                queryset=Field.objects.prefetch_related("criteria"),
            ),
            Prefetch(
                "field_results",
                queryset=FieldResult.objects.select_related("level", "session"),
            ),
            Prefetch("ratings", queryset=Rating.objects.select_related("value")),
            Prefetch("respondents", queryset=Respondent.objects.order_by("order", "id")),
        )
    )


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The municipality's latest published assessment in the same framework before this one.

    Needs assessment.effective_date (annotate_effective_date()); the order of a municipality's
    assessments is their date, or their workshop's date.
    """
    if assessment.effective_date is None:
        return None
    return (
        Assessment.objects.published()
        .annotate_effective_date()
        .filter(
            municipality_id=assessment.municipality_id,
            framework_id=assessment.framework_id,
            effective_date__lt=assessment.effective_date,
        )
        .exclude(pk=assessment.pk)
        .select_related("overall_level")
        .prefetch_related(
            Prefetch("field_results", queryset=FieldResult.objects.select_related("level"))
        )
        .order_by("-effective_date", "-pk")
        .first()
    )


def _attach_rows(assessment: Assessment, *, compare: bool) -> Assessment:
    results = {result.field_id: result for result in assessment.field_results.all()}
    ratings = {rating.criterion_id: rating for rating in assessment.ratings.all()}
    previous = previous_assessment(assessment) if compare else None
    previous_levels = (
        {result.field_id: result.level for result in previous.field_results.all()}
        if previous
        else {}
    )
    assessment.levels = list(assessment.framework.levels.all())
    assessment.previous = previous
    assessment.rows = [
        FieldRow(
            field=action_field,
            result=results.get(action_field.pk),
            criteria=[
                CriterionRow(criterion=criterion, rating=ratings.get(criterion.pk))
                for criterion in action_field.criteria.all()
            ],
            previous_level=previous_levels.get(action_field.pk),
        )
        for action_field in assessment.framework.fields.all()
    ]
    return assessment


def assessment_for_display(assessment_id: int, *, compare: bool = True) -> Assessment | None:
    """The assessment with .rows (FieldRow per action field), .levels and .previous attached.

    A fixed number of queries whatever the number of fields, criteria or ratings: eight, with
    compare one more to find an earlier assessment and one for its results when there is one.
    None when there is no such assessment.
    """
    assessment = _display_queryset().filter(pk=assessment_id).first()
    return _attach_rows(assessment, compare=compare) if assessment else None


def assessment_for_event(event: Event, *, compare: bool = True) -> Assessment | None:
    """The event's self-assessment ready for _matrix.html, or None when it has none."""
    assessment = _display_queryset().filter(event_id=event.pk).first()
    return _attach_rows(assessment, compare=compare) if assessment else None


@dataclass
class ContributionNode:
    contribution: Contribution
    children: list["ContributionNode"] = field(default_factory=list)


@dataclass
class WorkshopGroup:
    """A field chosen at the workshop and its working group's results, by category."""

    row: FieldRow
    session: Session | None
    categories: list[tuple[str, list[ContributionNode]]]


def workshop_for_display(assessment: Assessment) -> tuple[list[WorkshopGroup], list[Agreement]]:
    """The chosen fields with their working groups' results, and the workshop's agreements.

    Takes an assessment from assessment_for_display(); two queries.
    """
    chosen = [row for row in assessment.rows if row.result and row.result.chosen]
    session_ids = [row.result.session_id for row in chosen if row.result.session_id]
    nodes: dict[int, ContributionNode] = {}
    roots: dict[int, list[ContributionNode]] = defaultdict(list)
    contributions = Contribution.objects.filter(session_id__in=session_ids).order_by("order", "id")
    for contribution in contributions if session_ids else []:
        nodes[contribution.pk] = ContributionNode(contribution)
    for node in nodes.values():
        parent = nodes.get(node.contribution.parent_id)
        if parent:
            parent.children.append(node)
        else:
            roots[node.contribution.session_id].append(node)

    groups = []
    for row in chosen:
        by_category: dict[str, list[ContributionNode]] = {}
        for node in roots.get(row.result.session_id, []):
            by_category.setdefault(node.contribution.category, []).append(node)
        groups.append(
            WorkshopGroup(row=row, session=row.result.session, categories=list(by_category.items()))
        )
    agreements = list(assessment.event.agreements.all()) if assessment.event_id else []
    return groups, agreements


class LinkRefused(Exception):
    """A questionnaire link that opens nothing; status is the HTTP status to answer with."""

    status = 404


class LinkUnknown(LinkRefused):
    status = 404


class LinkExpired(LinkRefused):
    status = 410


def respondent_for_token(token: str) -> Respondent:
    """The respondent whose private link carries this token; LinkUnknown or LinkExpired."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise LinkUnknown
    respondent = (
        Respondent.objects.select_related("assessment__framework", "assessment__municipality")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if respondent is None:
        raise LinkUnknown
    if not respondent.link_is_valid():
        raise LinkExpired
    return respondent


def questionnaire_fields(respondent: Respondent) -> list[Field]:
    """The framework's fields with .total criteria and .answered by this respondent (one query)."""
    return list(
        Field.objects.filter(framework_id=respondent.assessment.framework_id).annotate(
            total=Count("criteria", distinct=True),
            answered=Count(
                "criteria__answers",
                filter=Q(
                    criteria__answers__respondent=respondent,
                    criteria__answers__value__isnull=False,
                ),
                distinct=True,
            ),
        )
    )
