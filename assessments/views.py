from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from assessments.models import Assessment
from assessments.selectors import assessment_for_display, workshop_for_display
from stakeholders.scoping import editor_municipality_ids, is_editor


def _get_assessment_for_reader(request: HttpRequest, pk: int) -> Assessment:
    """A published assessment for everyone; a draft only for its editors, as a preview."""
    assessment = assessment_for_display(pk)
    if assessment is None:
        raise Http404
    if assessment.is_published:
        return assessment
    user = request.user
    if is_editor(user) and (
        user.is_superuser or assessment.municipality_id in editor_municipality_ids(user)
    ):
        return assessment
    raise Http404


def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = (
        Assessment.objects.published()
        .annotate_effective_date()
        .select_related("framework", "municipality", "overall_level", "event")
        .order_by("framework__name", "municipality__name", "-effective_date")
    )
    return render(request, "assessments/assessment_list.html", {"assessments": assessments})


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _get_assessment_for_reader(request, pk)
    groups, agreements = workshop_for_display(assessment)
    return render(
        request,
        "assessments/assessment_detail.html",
        {"assessment": assessment, "workshop_groups": groups, "agreements": agreements},
    )
