import datetime

import pytest

from events.models import EventRole, Quote
from recommendations.models import Priority, Recommendation, StatusChange, Strategy
from stakeholders.models import Organisation, Person
from tests.conftest import make_event
from tests.public.conftest import committed_demo_content  # noqa: F401 (the browser test's)


@pytest.fixture
def open_world(hagen_world, hagen):
    """Hagen's published conference with people with and without consent, a withdrawn consent,
    a draft event with a status change, an example status change and a recommendation of a
    strategy without any published event."""
    event = hagen_world["event"]
    draft = hagen_world["draft"]
    recommendation = hagen_world["recommendation"]
    recommendation.description = "Zukunftsräte in jedem Stadtbezirk."
    recommendation.status = "in_progress"
    recommendation.save()
    named = hagen_world["person"]
    named.email = "erika.muster@hagen.example"
    named.phone = "02331 207-0"
    named.function = "Moderatorin"
    named.save()
    office = Organisation.objects.create(
        name="Büro Verborgen", slug="buero-verborgen", sector="other"
    )
    hidden = Person.objects.create(
        name="Geheime Teilnehmerin",
        slug="geheime-teilnehmerin",
        organisation=office,
        municipality=hagen,
        email="geheim@example.org",
    )
    withdrawn = Person.objects.create(
        name="Zurückgezogener Redner", slug="zurueckgezogener-redner", publish_name=True
    )
    EventRole.objects.create(event=event, person=named, role="moderation")
    EventRole.objects.create(event=event, person=hidden, role="participant")
    EventRole.objects.create(event=event, person=withdrawn, role="speaker", title="Vortrag")
    Quote.objects.create(event=event, text="Mehr Räume für Engagement!", speaker=hidden)
    withdrawn.publish_name = False
    withdrawn.save()

    Priority.objects.create(event=event, recommendation=recommendation, points=17)
    StatusChange.objects.create(
        recommendation=recommendation,
        status="in_progress",
        date=datetime.date(2022, 9, 1),
        event=event,
        note="Erster Zukunftsrat gegründet.",
    )
    StatusChange.objects.create(
        recommendation=recommendation,
        status="implemented",
        date=datetime.date(2023, 1, 1),
        note="Beispieleintrag der Schulung.",
        is_example=True,
    )
    StatusChange.objects.create(
        recommendation=recommendation,
        status="dropped",
        date=datetime.date(2023, 2, 1),
        event=draft,
        note="Entwurfsnotiz.",
    )
    hidden_strategy = Strategy.objects.create(
        name="Interne Strategie", slug="interne-strategie", municipality=hagen
    )
    draft.strategies.add(hidden_strategy)
    unpublished = Recommendation.objects.create(
        strategy=hidden_strategy,
        slug="interne-empfehlung",
        title="Interne Empfehlung",
        description="Noch nicht abgestimmter Text.",
    )
    StatusChange.objects.create(
        recommendation=unpublished, status="proposed", date=datetime.date(2022, 9, 2)
    )
    later = make_event(hagen, slug="hagen-folgekonferenz", date=datetime.date(2023, 3, 1))
    later.strategies.add(hagen_world["strategy"])
    return {
        **hagen_world,
        "named": named,
        "hidden": hidden,
        "withdrawn": withdrawn,
        "unpublished": unpublished,
        "later": later,
    }
