from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from audience.forms import QuestionRoundAdminForm
from audience.models import QuestionRound
from audience.services import question_rounds_lock
from events.models import Session
from stakeholders.scoping import ScopedAdmin, scope_queryset


@admin.register(QuestionRound)
class QuestionRoundAdmin(ScopedAdmin):
    scope_field = "event__municipality"
    form = QuestionRoundAdminForm
    list_display = ["title", "event", "code", "status", "staff_link"]
    list_filter = ["status", "event__municipality"]
    search_fields = ["title", "code", "event__title"]
    autocomplete_fields = ["event"]
    readonly_fields = ["status", "staff_link", "started_at", "finished_at", "published_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")

    def get_fields(self, request, obj=None):
        fields = ["event", "session", "title", "code", "premoderated", "documented_as"]
        return [*fields, *self.readonly_fields] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        # The code is part of each participant's token hash; the questions belong to the event.
        return [*self.readonly_fields, "code", "event"] if obj else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            kwargs["queryset"] = scope_queryset(
                Session.objects.select_related("event"), request.user, "event__municipality"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def delete_model(self, request, obj):
        # Locked first: the delete waits for the questions and upvotes in flight.
        with transaction.atomic():
            question_rounds_lock(QuestionRound.objects.filter(pk=obj.pk))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            question_rounds_lock(queryset)
            super().delete_queryset(request, queryset)

    @admin.display(description=_("Steuerung und Beamer"))
    def staff_link(self, obj: QuestionRound) -> str:
        if obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("audience:staff", args=[obj.code]),
            _("Steuerung öffnen"),
            reverse("audience:projector", args=[obj.code]),
            _("Beamer-Ansicht öffnen"),
        )
