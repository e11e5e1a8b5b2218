from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from events.models import Event
from stakeholders.models import Municipality, PracticeExample

PUBLISHED = Event.Status.PUBLISHED


def _public_practice_examples():
    return PracticeExample.objects.filter(
        Q(event__status=PUBLISHED) | Q(event__isnull=True)
    ).select_related("municipality", "contact_person")


def stakeholder_index(request: HttpRequest) -> HttpResponse:
    municipalities = Municipality.objects.filter(events__status=PUBLISHED).distinct()
    return render(
        request,
        "stakeholders/index.html",
        {"municipalities": municipalities, "practice_examples": _public_practice_examples()},
    )


def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    events = municipality.events.published()
    return render(
        request,
        "stakeholders/municipality_detail.html",
        {"municipality": municipality, "events": events},
    )


def practice_example_detail(request: HttpRequest, slug: str) -> HttpResponse:
    example = get_object_or_404(_public_practice_examples(), slug=slug)
    return render(request, "stakeholders/practice_example_detail.html", {"example": example})
