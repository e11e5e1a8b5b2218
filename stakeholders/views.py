from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from events.selectors import event_cards, public_practice_examples, strategies_with_events
from stakeholders.forms import StakeholderFilterForm
from stakeholders.selectors import (
    practice_examples_for_display,
    public_municipalities,
    public_organisations,
)


def stakeholder_index(request: HttpRequest) -> HttpResponse:
    form = StakeholderFilterForm(request.GET or None)
    municipalities = public_municipalities()
    organisations = public_organisations().select_related("municipality")
    examples = public_practice_examples()
    if form.is_valid():
        municipality = form.cleaned_data["municipality"]
        sector = form.cleaned_data["sector"]
        if municipality:
            municipalities = municipalities.filter(pk=municipality.pk)
            organisations = organisations.filter(municipality=municipality)
            examples = examples.filter(municipality=municipality)
        if sector:
            organisations = organisations.filter(sector=sector)
    return render(
        request,
        "stakeholders/index.html",
        {
            "form": form,
            "municipalities": municipalities,
            "organisations": organisations,
            "practice_examples": practice_examples_for_display(examples),
        },
    )


def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(public_municipalities(), slug=slug)
    return render(
        request,
        "stakeholders/municipality_detail.html",
        {
            "municipality": municipality,
            "events": event_cards().filter(municipality=municipality),
            "strategies": strategies_with_events().filter(municipality=municipality),
            "organisations": public_organisations().filter(municipality=municipality),
            "practice_examples": practice_examples_for_display(
                public_practice_examples().filter(municipality=municipality)
            ),
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        public_organisations().select_related("municipality", "parent"), slug=slug
    )
    events = event_cards().filter(organisers=organisation)
    supported = event_cards().filter(partners=organisation)
    return render(
        request,
        "stakeholders/organisation_detail.html",
        {
            "organisation": organisation,
            "events": events,
            "supported": supported,
            "practice_examples": practice_examples_for_display(
                public_practice_examples().filter(organisation=organisation)
            ),
        },
    )


def practice_example_detail(request: HttpRequest, slug: str) -> HttpResponse:
    example = get_object_or_404(
        practice_examples_for_display(public_practice_examples()), slug=slug
    )
    return render(request, "stakeholders/practice_example_detail.html", {"example": example})
