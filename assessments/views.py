import functools

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.forms import FieldAnswersForm
from assessments.models import Answer, Assessment, Respondent
from assessments.selectors import (
    LinkExpired,
    LinkRefused,
    LinkUnknown,
    assessment_for_display,
    questionnaire_fields,
    respondent_for_token,
    workshop_for_display,
)
from assessments.services import answers_save
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


def _private(response: HttpResponse) -> HttpResponse:
    """Questionnaire pages carry the private link in their address: never cache or pass it on.

    same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on the form's
    POST and Django's CSRF check refuses it; same-origin still keeps the link from other sites.
    """
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request: HttpRequest, refusal: LinkRefused) -> HttpResponse:
    return _private(
        render(
            request,
            "assessments/questionnaire_refused.html",
            {"expired": isinstance(refusal, LinkExpired)},
            status=refusal.status,
        )
    )


def questionnaire_view(view):
    """Resolve the link's token to its respondent, or refuse with a friendly page (404/410)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str, **kwargs) -> HttpResponse:
        try:
            respondent = respondent_for_token(token)
        except LinkRefused as refusal:
            return _refused(request, refusal)
        return _private(view(request, respondent, token=token, **kwargs))

    return wrapper


@questionnaire_view
def questionnaire(request: HttpRequest, respondent: Respondent, *, token: str) -> HttpResponse:
    fields = questionnaire_fields(respondent)
    total = sum(f.total for f in fields)
    answered = sum(f.answered for f in fields)
    return render(
        request,
        "assessments/questionnaire.html",
        {
            "respondent": respondent,
            "assessment": respondent.assessment,
            "fields": fields,
            "total": total,
            "answered": answered,
            "token": token,
        },
    )


@questionnaire_view
def questionnaire_field(
    request: HttpRequest, respondent: Respondent, *, token: str, number: str
) -> HttpResponse:
    fields = [f for f in questionnaire_fields(respondent) if f.total]  # fields with criteria
    position = next((i for i, f in enumerate(fields) if f.number == number), None)
    if position is None:
        return _refused(request, LinkUnknown())
    action_field = fields[position]
    next_field = fields[position + 1] if position + 1 < len(fields) else None
    answers = {
        answer.criterion_id: answer
        for answer in Answer.objects.filter(
            respondent=respondent, criterion__field=action_field
        ).select_related("value")
    }
    form = FieldAnswersForm(
        request.POST or None,
        criteria=action_field.criteria.all(),
        steps=respondent.assessment.framework.scale.all(),
        answers=answers,
    )
    if request.method == "POST" and form.is_valid():
        answers_save(respondent=respondent, field=action_field, answers=form.answers())
        if request.headers.get("X-Autosave") == "1":
            return HttpResponse(status=204)  # saved while typing (questionnaire.js)
        messages.success(
            request,
            _("Ihre Antworten zu Handlungsfeld %(number)s sind gespeichert.")
            % {"number": action_field.number},
        )
        if "_next" in request.POST and next_field is not None:
            return redirect(
                "assessments:questionnaire_field", token=token, number=next_field.number
            )
        if "_stay" in request.POST:
            return redirect("assessments:questionnaire_field", token=token, number=number)
        return redirect("assessments:questionnaire", token=token)
    return render(
        request,
        "assessments/questionnaire_field.html",
        {
            "respondent": respondent,
            "assessment": respondent.assessment,
            "field": action_field,
            "position": position + 1,
            "field_count": len(fields),
            "previous_field": fields[position - 1] if position > 0 else None,
            "next_field": next_field,
            "form": form,
            "token": token,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@questionnaire_view
def questionnaire_finish(
    request: HttpRequest, respondent: Respondent, *, token: str
) -> HttpResponse:
    missing = [f for f in questionnaire_fields(respondent) if f.answered < f.total]
    if missing:
        messages.error(
            request,
            _("Es fehlen noch Antworten in: %(fields)s.")
            % {"fields": ", ".join(f"HF {f.number} {f.title}" for f in missing)},
        )
    else:
        respondent.mark_finished()
        messages.success(
            request,
            _(
                "Vielen Dank! Ihr Fragebogen ist vollständig. Bis der Link abläuft, können Sie "
                "Antworten noch ändern."
            ),
        )
    return redirect("assessments:questionnaire", token=token)
