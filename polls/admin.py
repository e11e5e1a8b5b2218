from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.models import Poll
from polls.forms import PollRunAdminForm
from polls.models import PollRun, RunQuestion
from polls.services import poll_runs_lock
from stakeholders.scoping import ScopedAdmin, ScopedInline, scope_queryset


class RunQuestionInline(ScopedInline, admin.TabularInline):
    """The questions in their order; which poll a question asks is fixed once it was asked."""

    model = RunQuestion
    extra = 0
    fields = ["poll", "order", "results_hidden", "premoderated", "status"]
    readonly_fields = ["status"]

    def get_readonly_fields(self, request, obj=None):
        # Answers refer to the poll's options: a question keeps its poll once the run started.
        if obj is not None and obj.status != PollRun.Status.DRAFT:
            return ["poll", "status"]
        return self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "poll":
            polls = scope_queryset(
                Poll.objects.select_related("event"), request.user, "event__municipality"
            )
            run = getattr(request, "_poll_run", None)
            kwargs["queryset"] = polls.filter(event=run.event_id) if run else polls.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(PollRun)
class PollRunAdmin(ScopedAdmin):
    scope_field = "event__municipality"
    form = PollRunAdminForm
    list_display = ["title", "event", "code", "status", "projector_link"]
    list_filter = ["status", "event__municipality"]
    search_fields = ["title", "code", "event__title"]
    autocomplete_fields = ["event"]
    readonly_fields = ["status", "projector_link", "started_at", "finished_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")

    def delete_model(self, request, obj):
        # Locked first: the delete waits for the answers in flight (see poll_runs_lock).
        with transaction.atomic():
            poll_runs_lock(PollRun.objects.filter(pk=obj.pk))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            poll_runs_lock(queryset)
            super().delete_queryset(request, queryset)

    def get_fields(self, request, obj=None):
        fields = ["event", "title", "code"]
        return [*fields, *self.readonly_fields] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        # The code is part of each participant's token hash, and the questions belong to the
        # event: neither changes after the run was created.
        return [*self.readonly_fields, "code", "event"] if obj else self.readonly_fields

    def get_inlines(self, request, obj):
        # Questions are chosen from the run's event, so only once the run exists.
        request._poll_run = obj
        return [RunQuestionInline] if obj else []

    @admin.display(description=_("Steuerung und Beamer"))
    def projector_link(self, obj: PollRun) -> str:
        if obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("polls:staff", args=[obj.code]),
            _("Steuerung öffnen"),
            reverse("polls:projector", args=[obj.code]),
            _("Beamer-Ansicht öffnen"),
            reverse("polls:event", args=[obj.event.slug]),
            _("Umfragen der Veranstaltung"),
        )
