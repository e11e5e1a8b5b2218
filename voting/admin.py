from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.history import DocumentationHistoryAdmin
from recommendations.models import Recommendation
from stakeholders.scoping import ScopedAdmin, ScopedInline, scope_queryset
from voting.forms import DotVoteAdminForm
from voting.models import DotVote, VoteItem
from voting.services import (
    VoteRefused,
    dot_vote_settings_save,
    dot_votes_delete,
    vote_items_add,
)


class VoteItemInline(ScopedInline, admin.TabularInline):
    """The items; editable only before the vote is first opened (ballots refer to them)."""

    model = VoteItem
    extra = 0
    fields = ["recommendation", "label", "order"]
    autocomplete_fields = ["recommendation"]

    def _editable(self, request, obj) -> bool:
        return self.has_view_permission(request, obj) and (
            obj is None or obj.status == DotVote.Status.DRAFT
        )

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)


@admin.register(DotVote)
class DotVoteAdmin(DocumentationHistoryAdmin, ScopedAdmin):
    scope_field = "event__municipality"
    form = DotVoteAdminForm
    list_display = ["title", "event", "code", "status", "projector_link"]
    list_filter = ["status", "event__municipality"]
    search_fields = ["title", "code", "event__title"]
    autocomplete_fields = ["event"]
    inlines = [VoteItemInline]
    readonly_fields = [
        "status",
        "projector_link",
        "opened_at",
        "closed_at",
        "published_at",
        "purged_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event")

    def get_readonly_fields(self, request, obj=None):
        # The code is part of each participant's token hash: it never changes. The rules (dots
        # and cap) are fixed once the vote has been opened: ballots were counted against them.
        if obj is None:
            return self.readonly_fields
        if obj.status == DotVote.Status.DRAFT:
            return [*self.readonly_fields, "code"]
        fixed = [*self.readonly_fields, "code", "dots_per_participant", "cap_per_item"]
        if obj.is_published:  # the result stands in the event's documentation, visible
            fixed += ["event", "results_hidden"]
        return fixed

    def get_fields(self, request, obj=None):
        fields = [
            "event",
            "title",
            "code",
            "dots_per_participant",
            "cap_per_item",
            "results_hidden",
        ]
        if obj is None or obj.status == DotVote.Status.DRAFT:
            fields += ["recommendations", "labels"]
        if obj is not None:
            fields += self.readonly_fields
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "recommendations" in form.base_fields:
            choices = scope_queryset(
                Recommendation.objects.select_related("strategy"),
                request.user,
                "strategy__municipality",
            ).order_by("strategy__name", "order", "id")
            if obj is not None:
                choices = choices.exclude(vote_items__vote=obj)
            form.base_fields["recommendations"].queryset = choices
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        try:
            dot_vote_settings_save(vote=obj, fields=form.changed_data)
        except VoteRefused as refusal:
            self.message_user(request, refusal.message, messages.ERROR)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "recommendations" not in form.cleaned_data:
            return
        try:
            added = vote_items_add(
                vote=form.instance,
                recommendations=form.cleaned_data["recommendations"],
                labels=form.new_labels(),
            )
        except VoteRefused as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
        else:
            if added:
                added_text = ngettext(
                    "%d Eintrag hinzugefügt.", "%d Einträge hinzugefügt.", len(added)
                ) % len(added)
                self.message_user(request, added_text, messages.SUCCESS)

    def delete_model(self, request, obj):
        # Under the vote's lock: waits for the ballots in flight (see dot_votes_lock).
        dot_votes_delete(votes=DotVote.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        dot_votes_delete(votes=queryset)

    @admin.display(description=_("Steuerung und Beamer"))
    def projector_link(self, obj: DotVote) -> str:
        if obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("voting:staff", args=[obj.code]),
            _("Steuerung öffnen"),
            reverse("voting:projector", args=[obj.code]),
            _("Beamer-Ansicht öffnen"),
        )
