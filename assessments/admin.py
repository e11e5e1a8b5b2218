import smtplib

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assessments.forms import InvitationMailForm
from assessments.models import (
    Answer,
    Assessment,
    Criterion,
    Field,
    FieldResult,
    Framework,
    MaturityLevel,
    Rating,
    Respondent,
    ScaleStep,
)
from assessments.services import (
    INVITATION_VALID_FOR,
    assessment_evaluate,
    respondent_invite,
    respondent_send_invitation,
)
from engagement_portal.lib.logs import log_event
from stakeholders.scoping import ScopedAdmin, ScopedInline, SuperuserOnlyAdmin, is_editor

# --- Frameworks: shared by all municipalities, so editors look and superusers change. ---


class FrameworkPartInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    has_change_permission = has_delete_permission = has_add_permission


class _LiveForms(BaseInlineFormSet):
    def live_forms(self):
        return [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class ScaleFormSet(_LiveForms):
    def clean(self):
        super().clean()
        scores = [form.cleaned_data["score"] for form in self.live_forms()]
        if len(scores) != len(set(scores)):
            raise ValidationError(_("Jede Antwortstufe braucht einen anderen Punktwert."))


class LevelFormSet(_LiveForms):
    def clean(self):
        super().clean()
        thresholds = sorted(
            (form.cleaned_data["rank"], form.cleaned_data["min_score"])
            for form in self.live_forms()
            if form.cleaned_data.get("min_score") is not None
        )
        values = [min_score for _rank, min_score in thresholds]
        if values != sorted(values) or len(values) != len(set(values)):
            raise ValidationError(
                _("Höhere Stufen brauchen einen höheren Mindest-Durchschnitt als niedrigere.")
            )


class ScaleStepInline(FrameworkPartInline):
    model = ScaleStep
    formset = ScaleFormSet
    fields = ["value", "label", "score", "order"]


class MaturityLevelInline(FrameworkPartInline):
    model = MaturityLevel
    formset = LevelFormSet
    fields = ["rank", "title", "min_score", "description"]


class FieldInline(FrameworkPartInline):
    model = Field
    fields = ["number", "title", "order"]
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (
            None,
            {
                "fields": ["name", "slug", "description"],
                "description": _(
                    "Ein Selbstcheck-Rahmen besteht aus einer Antwortskala (beste Antwort zuerst, "
                    "höherer Punktwert ist besser), Reifegraden und Handlungsfeldern mit "
                    "Kriterien. Regel: Die Antworten der befragten Stellen ergeben je Kriterium "
                    "den Median; ein Handlungsfeld erreicht den höchsten Reifegrad, dessen "
                    "Mindest-Durchschnitt der Durchschnitt seiner bewerteten Kriterien erreicht. "
                    "Kriterien tragen Sie nach dem Speichern im jeweiligen Handlungsfeld ein."
                ),
            },
        )
    ]
    inlines = [ScaleStepInline, MaturityLevelInline, FieldInline]


class CriterionInline(FrameworkPartInline):
    model = Criterion
    fields = ["number", "text", "order"]


@admin.register(Field)
class FieldAdmin(SuperuserOnlyAdmin):
    list_display = ["__str__", "framework"]
    list_filter = ["framework"]
    search_fields = ["title"]
    inlines = [CriterionInline]


# --- Assessments: a municipality's own data, scoped to its editors. ---


def _assessment_in_url(request) -> Assessment | None:
    """The assessment whose change page this request is, read once per request."""
    if not hasattr(request, "_assessment_in_url"):
        object_id = request.resolver_match.kwargs.get("object_id")
        request._assessment_in_url = (
            Assessment.objects.filter(pk=object_id).first()
            if object_id and str(object_id).isdigit()
            else None
        )
    return request._assessment_in_url


class AssessmentPartMixin(ScopedInline):
    """Offers only the assessment's framework's fields, levels, criteria and steps."""

    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        assessment = _assessment_in_url(request)
        if formfield is None or assessment is None:
            return formfield
        if db_field.name in {"field", "level", "value"}:
            formfield.queryset = formfield.queryset.filter(framework_id=assessment.framework_id)
        elif db_field.name == "criterion":
            formfield.queryset = formfield.queryset.filter(
                field__framework_id=assessment.framework_id
            ).select_related("field")
        elif db_field.name == "session":
            formfield.queryset = formfield.queryset.filter(event_id=assessment.event_id)
        return formfield


# Respondents one invitation page takes (a selection on the list is at most a page of 100).
MAX_INVITATIONS = 500


def _progress(respondent: Respondent) -> str:
    return _("%(answered)s von %(total)s") % {
        "answered": respondent.answered,
        "total": respondent.total,
    }


def _link_status(respondent: Respondent) -> str:
    if not respondent.token_hash:
        return _("nicht eingeladen")
    expires = date_format(timezone.localtime(respondent.token_expires_at), "SHORT_DATETIME_FORMAT")
    if respondent.link_is_valid():
        return _("gültig bis %(date)s") % {"date": expires}
    return _("abgelaufen am %(date)s") % {"date": expires}


class RespondentInline(AssessmentPartMixin, admin.TabularInline):
    model = Respondent
    fields = ["unit", "function", "name", "order", "progress", "link", "finished_at"]
    readonly_fields = ["progress", "link", "finished_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    @admin.display(description=_("Beantwortet"))
    def progress(self, obj: Respondent) -> str:
        return _progress(obj) if obj.pk else ""

    @admin.display(description=_("Link"))
    def link(self, obj: Respondent) -> str:
        return _link_status(obj) if obj.pk else ""


class FieldResultInline(AssessmentPartMixin, admin.StackedInline):
    model = FieldResult
    fields = [
        ("field", "order"),
        ("level", "level_set_by_hand"),
        ("chosen", "session"),
        "narrative",
    ]


class RatingInline(AssessmentPartMixin, admin.TabularInline):
    model = Rating
    fields = ["criterion", "value", "answer_count"]
    readonly_fields = ["answer_count"]


@admin.register(Assessment)
class AssessmentAdmin(ScopedAdmin):
    list_display = ["title", "municipality", "framework", "date", "event", "public"]
    list_filter = ["municipality", "framework"]
    search_fields = ["title", "municipality__name"]
    autocomplete_fields = ["event"]
    readonly_fields = ["questionnaire"]
    fields = [
        "framework",
        "municipality",
        "event",
        "title",
        "date",
        "method",
        "overall_level",
        "overall_summary",
        "questionnaire",
    ]
    inlines = [RespondentInline, FieldResultInline, RatingInline]
    actions = ["evaluate"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality", "framework", "event")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        assessment = _assessment_in_url(request)
        if db_field.name == "overall_level" and formfield is not None and assessment:
            formfield.queryset = formfield.queryset.filter(framework_id=assessment.framework_id)
        return formfield

    @admin.display(description=_("Öffentlich"), boolean=True)
    def public(self, obj: Assessment) -> bool:
        return obj.is_published

    @admin.display(description=_("Online-Fragebogen"))
    def questionnaire(self, obj: Assessment) -> str:
        if not obj.pk:
            return _("Nach dem Speichern können Sie befragte Stellen eintragen und einladen.")
        url = reverse("admin:assessments_respondent_changelist")
        return format_html(
            '<a href="{}?assessment__id__exact={}">{}</a>',
            url,
            obj.pk,
            _("Befragte Stellen einladen und Fortschritt ansehen"),
        )

    @admin.action(description=_("Fragebogen auswerten (Bewertungen und Reifegrade berechnen)"))
    def evaluate(self, request, queryset):
        for assessment in queryset.select_related("framework"):
            try:
                result = assessment_evaluate(assessment=assessment)
            except ValidationError as error:
                self.message_user(
                    request, f"{assessment}: {' '.join(error.messages)}", messages.ERROR
                )
                continue
            self.message_user(
                request,
                _(
                    "%(assessment)s: %(ratings)d Bewertungen aus Antworten, %(levels)d Reifegrade "
                    "geändert, %(kept)d von Hand gesetzte Reifegrade beibehalten."
                )
                % {
                    "assessment": assessment,
                    "ratings": result.ratings_written,
                    "levels": result.levels_changed,
                    "kept": result.levels_kept_by_hand,
                },
                messages.SUCCESS,
            )


class AnswerInline(ScopedInline, admin.TabularInline):
    """The respondent's answers, for staff to read; respondents change them through their link."""

    model = Answer
    extra = 0
    can_delete = False
    fields = ["criterion", "value", "comment", "updated_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion", "value")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Respondent)
class RespondentAdmin(ScopedAdmin):
    scope_field = "assessment__municipality"
    list_display = ["unit", "function", "assessment", "progress", "finished_at", "link"]
    list_filter = [("assessment", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["unit", "function", "name"]
    fields = [
        "assessment",
        "unit",
        "function",
        "name",
        "order",
        "token_expires_at",
        "invited_at",
        "finished_at",
    ]
    readonly_fields = ["invited_at", "finished_at"]
    inlines = [AnswerInline]
    actions = ["invite", "send_invitations", "revoke"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("assessment__municipality").with_progress()
        )

    @admin.display(description=_("Beantwortet"))
    def progress(self, obj: Respondent) -> str:
        return _progress(obj)

    @admin.display(description=_("Link"))
    def link(self, obj: Respondent) -> str:
        return _link_status(obj)

    @admin.action(description=_("Einladungslinks erzeugen (ersetzt frühere Links)"))
    def invite(self, request, queryset):
        invitations = []
        for respondent in queryset.select_related("assessment"):
            token = respondent_invite(respondent=respondent)
            url = reverse("assessments:questionnaire", args=[token])
            invitations.append((respondent, request.build_absolute_uri(url)))
        response = render(
            request,
            "admin/assessments/respondent/invitations.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Einladungslinks"),
                "invitations": invitations,
                "valid_days": INVITATION_VALID_FOR.days,
            },
        )
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "same-origin"  # no-referrer would break the CSRF check
        return response

    @admin.action(description=_("Einladungen per E-Mail senden (ersetzt frühere Links)"))
    def send_invitations(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return redirect(f"{reverse('admin:assessments_respondent_send_invitations')}?ids={ids}")

    def get_urls(self):
        return [
            path(
                "send-invitations/",
                self.admin_site.admin_view(self.send_invitations_view),
                name="assessments_respondent_send_invitations",
            ),
            *super().get_urls(),
        ]

    def send_invitations_view(self, request):
        """An address per respondent (``?ids=1,2``); each one given gets a new link by e-mail.

        The addresses are used for these mails only: they are neither stored nor logged."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        ids = [
            int(part)
            for part in request.GET.get("ids", "").split(",")
            if part.isascii() and part.isdigit() and len(part) < 16
        ]
        respondents = list(
            self.get_queryset(request)
            .filter(pk__in=ids[:MAX_INVITATIONS])
            .select_related("assessment__municipality")
            .order_by("assessment", "order", "pk")
        )
        if not respondents:
            raise Http404
        form = InvitationMailForm(request.POST or None, respondents=respondents)
        if request.method == "POST" and form.is_valid():
            self._send_invitations(request, form.addresses())
            return redirect("admin:assessments_respondent_changelist")
        response = render(
            request,
            "admin/assessments/respondent/send_invitations.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Einladungen per E-Mail senden"),
                "form": form,
                "rows": [(r, field, _link_status(r)) for r, field in form.rows()],
                "valid_days": INVITATION_VALID_FOR.days,
            },
        )
        add_never_cache_headers(response)
        return response

    def _send_invitations(self, request, addresses) -> None:
        def link_for(token: str) -> str:
            return request.build_absolute_uri(reverse("assessments:questionnaire", args=[token]))

        sent, failed = [], []
        for respondent, email in addresses:
            try:
                respondent_send_invitation(
                    respondent=respondent,
                    email=email,
                    link_for=link_for,
                    reply_to=request.user.email,
                )
            except (smtplib.SMTPException, OSError) as error:
                failed.append(respondent.unit)
                log_event(
                    "selbstcheck invitation not sent",
                    respondent=respondent.pk,
                    error=type(error).__name__,
                    by=request.user,
                )
            else:
                sent.append(respondent.unit)
                log_event("selbstcheck invitation sent", respondent=respondent.pk, by=request.user)
        if sent:
            self.message_user(
                request,
                ngettext(
                    "Einladung gesendet an: %(units)s.",
                    "Einladungen gesendet an: %(units)s.",
                    len(sent),
                )
                % {"units": ", ".join(sent)},
                messages.SUCCESS,
            )
        if failed:
            self.message_user(
                request,
                _(
                    "Nicht gesendet, der Mailserver war nicht erreichbar oder hat abgelehnt: "
                    "%(units)s. Deren bisherige Links gelten weiter."
                )
                % {"units": ", ".join(failed)},
                messages.ERROR,
            )

    @admin.action(description=_("Links sperren (Antworten bleiben erhalten)"))
    def revoke(self, request, queryset):
        count = 0
        for respondent in queryset:
            if respondent.link_is_valid():
                respondent.revoke_link()
                count += 1
        self.message_user(
            request,
            ngettext("%d Link gesperrt.", "%d Links gesperrt.", count) % count,
            messages.SUCCESS,
        )
