from django.contrib import admin, messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.admin import OrderedInline, TaggedAdmin
from events.forms import AdditionPasteForm
from events.history import DocumentationHistoryAdmin, documentation_revision, note_change
from events.models import Event
from recommendations.models import ActionField, Addition, Recommendation, StatusChange, Strategy
from recommendations.services import additions_add_from_text
from stakeholders.scoping import ScopedAdmin, scope_queryset


class ActionFieldInline(OrderedInline):
    model = ActionField
    fields = ["number", "title", "description", "order"]


@admin.register(Strategy)
class StrategyAdmin(ScopedAdmin):
    list_display = ["name", "municipality", "network"]
    list_filter = ["municipality"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActionFieldInline]


class StatusChangeInline(OrderedInline):
    model = StatusChange
    fields = ["date", "status", "event", "note", "is_example"]
    autocomplete_fields = ["event"]


class AdditionInline(OrderedInline):
    model = Addition
    fields = ["event", "text", "parent", "order"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "parent" and field is not None:
            rec_id = request.resolver_match.kwargs.get("object_id")
            field.queryset = (
                Addition.objects.filter(recommendation_id=rec_id)
                if rec_id
                else Addition.objects.none()
            )
        return field


@admin.register(ActionField)
class ActionFieldAdmin(ScopedAdmin):
    scope_field = "strategy__municipality"
    list_display = ["number", "title", "strategy"]
    list_filter = ["strategy"]
    search_fields = ["number", "title"]

    def has_module_permission(self, request):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(DocumentationHistoryAdmin, TaggedAdmin):
    """A recommendation with the additions made to it at events: a save that writes additions
    stands in those events' history."""

    scope_field = "strategy__municipality"
    list_display = ["title", "action_field", "strategy", "status"]
    list_filter = ["strategy__municipality", "strategy", "status", "action_field"]
    search_fields = ["title", "description", "action_field__title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["strategy", "action_field"]
    inlines = [AdditionInline, StatusChangeInline]
    change_form_template = "admin/recommendations/recommendation/change_form.html"
    fields = [
        "strategy",
        "action_field",
        "title",
        "slug",
        "order",
        "description",
        "status",
        "responsible",
        "next_steps",
        "tags",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("strategy", "action_field")

    def get_urls(self):
        return [
            path(
                "<path:object_id>/paste/",
                self.admin_site.admin_view(self.paste_view),
                name="recommendations_recommendation_paste",
            ),
            *super().get_urls(),
        ]

    def paste_view(self, request, object_id):
        """Fast entry: one addition per pasted bullet, then on to the next recommendation."""
        recommendation = self.get_object(request, object_id)
        if recommendation is None or not self.has_change_permission(request, recommendation):
            raise Http404
        events = scope_queryset(Event.objects.all(), request.user, "municipality")
        initial = {"event": request.GET.get("event")}
        form = AdditionPasteForm(request.POST or None, initial=initial, events=events)
        next_recommendation = (
            self.get_queryset(request)
            .filter(strategy=recommendation.strategy)
            .filter(
                Q(order__gt=recommendation.order)
                | Q(order=recommendation.order, id__gt=recommendation.id)
            )
            .order_by("order", "id")
            .first()
        )
        if request.method == "POST" and form.is_valid():
            event = form.cleaned_data["event"]
            with documentation_revision(request.user):
                created = additions_add_from_text(
                    recommendation=recommendation, event=event, text=form.cleaned_data["bullets"]
                )
                note_change("additions", recommendation, count=len(created), event=event.pk)
            self.message_user(
                request,
                ngettext("%d Ergänzung angelegt.", "%d Ergänzungen angelegt.", len(created))
                % len(created),
                messages.SUCCESS,
            )
            if "_next" in request.POST and next_recommendation:
                url = reverse(
                    "admin:recommendations_recommendation_paste", args=[next_recommendation.pk]
                )
                return redirect(f"{url}?event={event.pk}")
            if "_another" in request.POST:
                return redirect(f"{request.path}?event={event.pk}")
            return redirect(
                reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": recommendation,
            "form": form,
            "next_recommendation": next_recommendation,
            "title": _("Ergänzungen einfügen: %s") % recommendation.title,
        }
        return render(request, "admin/recommendations/recommendation/paste.html", context)
