"""Builders for self-assessments: the "Weltoffene Kommune" framework as seed 003 shows it."""

import datetime
from decimal import Decimal

import pytest

from assessments.models import (
    Assessment,
    Criterion,
    Field,
    FieldResult,
    Framework,
    MaturityLevel,
    Rating,
    ScaleStep,
)
from events.models import Event
from stakeholders.models import Municipality
from tests.conftest import make_event

SCALE = [
    ("ja", "ja", 3),
    ("eher_ja", "eher ja", 2),
    ("eher_nein", "eher nein", 1),
    ("nein", "nein", 0),
]
LEVELS = [
    (1, "Die Kommune ist auf dem Weg zur Weltoffenheit", Decimal("0")),
    (2, "Die Kommune ist auf dem Weg zur Weltoffenheit fortgeschritten", Decimal("1.5")),
    (3, "Die Kommune ist weltoffen aufgestellt", Decimal("2.5")),
]
FIELDS = {
    "1": ("Management und Steuerung", ["Strukturen und Prozesse zur Steuerung", "Monitoring"]),
    "4": (
        "Interkulturelle Öffnung und Antirassismus",
        ["Interkulturelles Denken und Handeln", "Antirassismus in Politik und Verwaltung"],
    ),
    "5": ("Engagement und Beteiligung", ["Beteiligung an politischen Prozessen"]),
}


def make_framework(slug: str = "weltoffene-kommune", *, thresholds: bool = True) -> Framework:
    framework = Framework.objects.create(name=f"Selbstcheck {slug}", slug=slug)
    for order, (value, label, score) in enumerate(SCALE):
        ScaleStep.objects.create(
            framework=framework, value=value, label=label, score=score, order=order
        )
    for rank, title, min_score in LEVELS:
        MaturityLevel.objects.create(
            framework=framework, rank=rank, title=title, min_score=min_score if thresholds else None
        )
    for order, (number, (title, criteria)) in enumerate(FIELDS.items()):
        field = Field.objects.create(framework=framework, number=number, title=title, order=order)
        for index, text in enumerate(criteria, start=1):
            Criterion.objects.create(
                field=field, number=f"{number}.{index}", text=text, order=index
            )
    return framework


def make_assessment(
    framework: Framework,
    municipality: Municipality,
    *,
    event: Event | None = None,
    date: datetime.date | None = None,
    ratings: dict[str, str] | None = None,
    levels: dict[str, int] | None = None,
    title: str = "Standortbestimmung",
) -> Assessment:
    """An assessment entered as a result: ratings by criterion number, levels set by hand."""
    assessment = Assessment.objects.create(
        framework=framework, municipality=municipality, event=event, date=date, title=title
    )
    steps = {step.value: step for step in framework.scale.all()}
    criteria = {c.number: c for c in Criterion.objects.filter(field__framework=framework)}
    for number, value in (ratings or {}).items():
        Rating.objects.create(assessment=assessment, criterion=criteria[number], value=steps[value])
    level_by_rank = {level.rank: level for level in framework.levels.all()}
    for field in framework.fields.all():
        rank = (levels or {}).get(field.number)
        FieldResult.objects.create(
            assessment=assessment,
            field=field,
            order=field.order,
            level=level_by_rank.get(rank),
            level_set_by_hand=rank is not None,
        )
    return assessment


@pytest.fixture
def framework(db) -> Framework:
    return make_framework()


@pytest.fixture
def dessau(db) -> Municipality:
    return Municipality.objects.create(name="Dessau-Roßlau", slug="dessau-rosslau")


@pytest.fixture
def workshop(dessau) -> Event:
    return make_event(
        dessau,
        slug="dessau-selbstcheck",
        kind=Event.Kind.SELBSTCHECK_WORKSHOP,
        date=datetime.date(2020, 7, 1),
    )


@pytest.fixture
def dessau_assessment(framework, dessau, workshop) -> Assessment:
    return make_assessment(
        framework,
        dessau,
        event=workshop,
        title="Standortbestimmung Dessau-Roßlau",
        ratings={"1.1": "eher_ja", "1.2": "eher_nein", "4.1": "eher_nein", "5.1": "nein"},
        levels={"1": 2, "4": 2, "5": 1},
    )
