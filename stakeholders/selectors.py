"""Reads for the public pages about municipalities, organisations and practice examples.

Only what published documentations show is public: municipalities and organisations appear when
they hosted, organised or supported a published event or keep a public practice example.
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from events.models import Event
from events.selectors import public_practice_examples
from stakeholders.models import Municipality, Organisation, PracticeExample

PUBLISHED = Event.Status.PUBLISHED


def public_municipalities() -> QuerySet[Municipality]:
    return (
        Municipality.objects.filter(
            Exists(Event.objects.filter(municipality=OuterRef("pk"), status=PUBLISHED))
            | Exists(public_practice_examples().filter(municipality=OuterRef("pk")))
        )
        .annotate(event_count=Count("events", filter=Q(events__status=PUBLISHED), distinct=True))
        .order_by("name")
    )


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        Exists(Event.objects.filter(organisers=OuterRef("pk"), status=PUBLISHED))
        | Exists(Event.objects.filter(partners=OuterRef("pk"), status=PUBLISHED))
        | Exists(public_practice_examples().filter(organisation=OuterRef("pk")))
    ).order_by("name")


def practice_examples_for_display(examples: QuerySet[PracticeExample]) -> QuerySet:
    return examples.select_related(
        "municipality", "organisation", "event", "contact_person__organisation"
    ).prefetch_related("other_contacts__organisation")
