from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.forms import Textarea
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit import admin as taggit_admin
from taggit.managers import TaggableManager
from taggit.models import Tag

from engagement_portal.lib.logs import log_event
from engagement_portal.lib.tags import CheckedTagField, tag_name_problem
from events.admin_people import (
    NEW_PERSON_FIELDS,
    NewOrganisationForm,
    NoPopupsMixin,
    new_person_form,
)
from events.deletion import lock_for_delete
from events.exporter import (
    MissingMedia,
    documentation_bundle,
    documentation_dump,
    documentation_has_media,
)
from events.forms import ContributionPasteForm, DocumentationUploadForm
from events.history import (
    DocumentationHistoryAdmin,
    documentation_revision,
    import_revision,
    note_change,
    note_import,
)
from events.importer import DocumentationError, documentation_import
from events.models import (
    AgendaItem,
    Agreement,
    Chapter,
    Contribution,
    Event,
    EventRole,
    Feedback,
    GuidingQuestion,
    Part,
    ParticipantGroup,
    Poll,
    PollOption,
    Quote,
    QuoteGroup,
    Section,
    Session,
)
from events.services import (
    contributions_add_from_text,
    documentation_publish,
    documentation_withdraw,
)
from recommendations.models import Priority
from stakeholders.scoping import ScopedAdmin, ScopedInline
from uploads.admin import AttachmentAdmin, PhotoAdmin
from uploads.models import Attachment, Photo


class YearFilter(admin.SimpleListFilter):
    title = _("Jahr")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # A year typed into the address ("?year=abc", twenty digits) is an invalid filter
        # (the admin says so), not a 500.
        if not (self.value().isascii() and self.value().isdigit() and len(self.value()) <= 4):
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(date__year=int(self.value()))


class TaggedAdmin(ScopedAdmin):
    """An admin of a model with topics (tags): names without a usable slug are refused."""

    formfield_overrides = {TaggableManager: {"form_class": CheckedTagField}}


# A quote's speaker: a known person, a new one typed in the row (with the consent to publish the
# name), or a description without a name.
speaker_fields = ["speaker", *NEW_PERSON_FIELDS, "speaker_label"]


class OrderedInline(NoPopupsMixin, ScopedInline, admin.TabularInline):
    extra = 0
    # Rows of a table stay compact; long texts are edited on their own page or pasted.
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 60})}}


class ParticipantGroupInline(OrderedInline):
    model = ParticipantGroup
    fields = ["label", "members", "count", "order"]


class SectionInline(ScopedInline, admin.StackedInline):
    model = Section
    extra = 0
    fields = ["title", "body", "order"]


class AgendaItemInline(OrderedInline):
    model = AgendaItem
    fields = ["start_time", "end_time", "title", "description", "order"]


class EventRoleInline(OrderedInline):
    model = EventRole
    form = new_person_form("person")
    fields = [
        "person",
        *NEW_PERSON_FIELDS,
        "role",
        "session",
        "title",
        "order",
    ]
    autocomplete_fields = ["person"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "session" and field is not None:
            event_id = request.resolver_match.kwargs.get("object_id")
            field.queryset = (
                field.queryset.filter(event_id=event_id) if event_id else field.queryset.none()
            )
        return field


class SessionInline(OrderedInline):
    model = Session
    fields = ["title", "slug", "kind", "round", "order"]
    show_change_link = True
    prepopulated_fields = {"slug": ["title"]}


class GuidingQuestionInline(OrderedInline):
    model = GuidingQuestion
    fields = ["text", "kind", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(session__isnull=True)


class QuoteInline(OrderedInline):
    model = Quote
    form = new_person_form("speaker")
    fields = ["text", *speaker_fields, "context", "order"]
    autocomplete_fields = ["speaker"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(session__isnull=True)


class PriorityInline(OrderedInline):
    model = Priority
    fields = ["recommendation", "label", "points", "source", "voters", "order"]
    autocomplete_fields = ["recommendation"]


class AgreementInline(OrderedInline):
    model = Agreement
    fields = ["text", "responsible", "due_date", "due_note", "order"]


class ChapterInline(OrderedInline):
    """The documentation's chapters in their order; their parts are placed on each chapter's
    own page ("Ändern")."""

    model = Chapter
    fields = ["number", "title", "order"]
    show_change_link = True


class FeedbackInline(OrderedInline):
    model = Feedback
    fields = ["text", "kind", "order"]


@admin.register(Event)
class EventAdmin(NoPopupsMixin, DocumentationHistoryAdmin, TaggedAdmin):
    form = NewOrganisationForm
    # A new organiser or partner is typed in on the form ("Neue Organisation"), not in a popup.
    no_popups_for = ("organisers", "partners")
    list_display = [
        "title",
        "date",
        "kind",
        "format",
        "municipality",
        "status_badge",
        "editor_link",
    ]
    list_filter = ["municipality", "kind", YearFilter, "status", "format"]
    search_fields = ["title", "subtitle", "summary", "venue"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisers", "partners", "strategies"]
    actions = ["publish", "unpublish"]
    readonly_fields = ["status", "published_at"]
    save_on_top = True
    fieldsets = [
        (
            None,
            {"fields": ["title", "subtitle", "slug", "kind", "format", "municipality", "network"]},
        ),
        (_("Wann und wo"), {"fields": ["date", "start_time", "end_time", "venue"]}),
        (
            _("Wer"),
            {
                "fields": [
                    "organisers",
                    "partners",
                    "new_organisation",
                    "new_organisation_sector",
                    "new_organisation_as",
                    "strategies",
                    "participant_count",
                    "participant_count_qualifier",
                ]
            },
        ),
        (
            _("Texte"),
            {"fields": ["summary", "introduction", "goal", "outlook", "contact", "contact_email"]},
        ),
        (
            _("Veröffentlichung"),
            {"fields": ["status", "published_at", "photo_credits", "publication_note", "tags"]},
        ),
    ]
    inlines = [
        ChapterInline,
        ParticipantGroupInline,
        AgendaItemInline,
        EventRoleInline,
        SessionInline,
        GuidingQuestionInline,
        QuoteInline,
        PriorityInline,
        AgreementInline,
        FeedbackInline,
        SectionInline,
    ]

    change_list_template = "admin/events/event/change_list.html"
    change_form_template = "admin/events/event/change_form.html"
    undo_deletions = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.add_new_organisation()

    def delete_model(self, request, obj):
        # The event's live dot-votes and polls go with it: locked first by their apps
        # (events.deletion), so that a delete waits for the ballots and answers in flight and
        # one after it finds the vote or poll gone.
        with transaction.atomic():
            lock_for_delete(Event.objects.filter(pk=obj.pk))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            lock_for_delete(queryset)
            super().delete_queryset(request, queryset)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="events_event_import",
            ),
            path(
                "<path:object_id>/export/",
                self.admin_site.admin_view(self.export_view),
                name="events_event_export",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload one documentation file; validated completely, written in one transaction,
        within the municipalities the user may edit (events.documentation_scope)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DocumentationUploadForm(
            request.POST or None, request.FILES or None, user=request.user
        )
        if request.method == "POST" and form.is_valid():
            source = form.cleaned_data["file"].name
            try:
                with import_revision(request.user, source=source):
                    result = documentation_import(
                        data=form.document,
                        media=form.bundle_media,
                        source=source,
                        user=request.user,
                    )
                    note_import(result.event)
            except DocumentationError as error:
                form.add_error("file", [str(p) for p in error.problems])
            else:
                event = result.event
                log_event("documentation imported", event=event.slug, by=request.user)
                self.message_user(
                    request, _("„%s“ wurde importiert.") % event.title, messages.SUCCESS
                )
                for notice in result.notices:
                    self.message_user(request, str(notice), messages.WARNING)
                return redirect(reverse("admin:events_event_change", args=[event.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("Dokumentation importieren"),
        }
        return render(request, "admin/events/event/import.html", context)

    def export_view(self, request, object_id):
        """The documentation as a file; with photos or files, a ZIP archive that holds them."""
        event = self.get_object(request, object_id)
        if event is None:
            raise Http404
        if documentation_has_media(event):
            try:
                bundle = documentation_bundle(event=event, user=request.user)
            except MissingMedia as missing:
                self.message_user(
                    request,
                    _(
                        "Die Dokumentation kann nicht exportiert werden: diese Dateien fehlen im "
                        "Speicher: %(names)s. Laden Sie die Fotos oder Dateien neu hoch oder "
                        "löschen Sie sie."
                    )
                    % {"names": ", ".join(missing.names)},
                    messages.ERROR,
                )
                return redirect(reverse("admin:events_event_change", args=[event.pk]))
            response = HttpResponse(bundle, content_type="application/zip")
            response["Content-Disposition"] = f'attachment; filename="{event.slug}.zip"'
            return response
        response = HttpResponse(
            documentation_dump(event=event, user=request.user),
            content_type="application/yaml; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.yaml"'
        return response

    def response_change(self, request, obj):
        """The buttons "Sichern und veröffentlichen" and "… zurückziehen": after a save, the list's
        publish or unpublish action on this event, with its rules, in the same revision."""
        response = super().response_change(request, obj)
        for name, action in (("_publish", self.publish), ("_unpublish", self.unpublish)):
            if name in request.POST and self.has_change_permission(request, obj):
                action(request, self.get_queryset(request).filter(pk=obj.pk))
                return redirect(reverse("admin:events_event_change", args=[obj.pk]))
        return response

    @admin.display(description=_("Status"), ordering="status")
    def status_badge(self, obj: Event) -> str:
        return obj.get_status_display()

    @admin.display(description=_("Editor"))
    def editor_link(self, obj: Event) -> str:
        # By its address: the editor (authoring/) is above events and only reached by link.
        return format_html(
            '<a href="{}">{}</a>',
            reverse("authoring:editor", args=[obj.pk]),
            _("Bearbeiten"),
        )

    @admin.action(description=_("Ausgewählte Veranstaltungen veröffentlichen"))
    def publish(self, request, queryset):
        for event in queryset:
            documentation_publish(event=event, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%d Veranstaltung veröffentlicht.",
                "%d Veranstaltungen veröffentlicht.",
                len(queryset),
            )
            % len(queryset),
            messages.SUCCESS,
        )

    @admin.action(description=_("Veröffentlichung zurücknehmen (Entwurf)"))
    def unpublish(self, request, queryset):
        for event in queryset:
            documentation_withdraw(event=event, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%d Veranstaltung ist wieder Entwurf.",
                "%d Veranstaltungen sind wieder Entwurf.",
                len(queryset),
            )
            % len(queryset),
            messages.SUCCESS,
        )


class ContributionInline(OrderedInline):
    model = Contribution
    fields = ["category", "text", "parent", "order"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "parent" and field is not None:
            session_id = request.resolver_match.kwargs.get("object_id")
            field.queryset = (
                Contribution.objects.filter(session_id=session_id)
                if session_id
                else Contribution.objects.none()
            )
        return field


class SessionRoleInline(OrderedInline):
    model = EventRole
    form = new_person_form("person")
    fields = ["person", *NEW_PERSON_FIELDS, "role", "title", "order"]
    autocomplete_fields = ["person"]
    verbose_name_plural = _("Moderation und Dialogpartner*innen")


class SessionQuestionInline(OrderedInline):
    model = GuidingQuestion
    fields = ["text", "kind", "order"]


class SessionQuoteInline(OrderedInline):
    model = Quote
    form = new_person_form("speaker")
    fields = ["text", *speaker_fields, "context", "order"]
    autocomplete_fields = ["speaker"]


@admin.register(Session)
class SessionAdmin(DocumentationHistoryAdmin, TaggedAdmin):
    scope_field = "event__municipality"
    list_display = ["title", "event", "kind", "round", "contribution_count"]
    list_filter = ["kind", "event__municipality"]
    search_fields = ["title", "event__title", "conclusion"]
    autocomplete_fields = ["event", "recommendation"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "event",
        "title",
        "slug",
        "kind",
        "round",
        "order",
        "description",
        "recommendation",
        "conclusion_label",
        "conclusion_title",
        "conclusion",
        "tags",
    ]
    inlines = [SessionRoleInline, SessionQuestionInline, ContributionInline, SessionQuoteInline]
    change_form_template = "admin/events/session/change_form.html"
    undo_deletions = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("event")
            .annotate(contribution_total=Count("contributions"))
        )

    @admin.display(description=_("Ergebnisse"), ordering="contribution_total")
    def contribution_count(self, obj) -> int:
        return obj.contribution_total

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, EventRole | Quote | GuidingQuestion):
                instance.event = form.instance.event
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def get_urls(self):
        return [
            path(
                "<path:object_id>/paste/",
                self.admin_site.admin_view(self.paste_view),
                name="events_session_paste",
            ),
            *super().get_urls(),
        ]

    def paste_view(self, request, object_id):
        """Fast entry: one contribution per pasted flipchart bullet."""
        session = self.get_object(request, object_id)
        if session is None or not self.has_change_permission(request, session):
            raise Http404
        form = ContributionPasteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with documentation_revision(request.user):
                created = contributions_add_from_text(
                    session=session,
                    category=form.cleaned_data["category"],
                    text=form.cleaned_data["bullets"],
                )
                note_change("paste", session, count=len(created))
            self.message_user(
                request,
                ngettext("%d Ergebnis angelegt.", "%d Ergebnisse angelegt.", len(created))
                % len(created),
                messages.SUCCESS,
            )
            if "_another" in request.POST:
                return redirect(request.path)
            return redirect(reverse("admin:events_session_change", args=[session.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": session,
            "form": form,
            "title": _("Ergebnisse einfügen: %s") % session.title,
        }
        return render(request, "admin/events/session/paste.html", context)

    def view_on_site(self, obj):
        return obj.get_absolute_url()


class PollOptionInline(OrderedInline):
    model = PollOption
    fields = ["text", "count", "order"]


@admin.register(Poll)
class PollAdmin(DocumentationHistoryAdmin, ScopedAdmin):
    scope_field = "event__municipality"
    list_display = ["question", "event", "kind"]
    list_filter = ["kind"]
    search_fields = ["question", "event__title"]
    autocomplete_fields = ["event"]
    inlines = [PollOptionInline]

    def delete_model(self, request, obj):
        # A question that a live poll asks goes with it: locked first, as the event's delete.
        with transaction.atomic():
            lock_for_delete(Poll.objects.filter(pk=obj.pk))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            lock_for_delete(queryset)
            super().delete_queryset(request, queryset)


class _OfTheChaptersEvent:
    """Choices limited to the event of the chapter on the page (a part places only what its
    own documentation has)."""

    event_path = "event"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name != self.parent_field:
            chapter_id = request.resolver_match.kwargs.get("object_id")
            event = Chapter.objects.filter(pk=chapter_id).values("event")
            field.queryset = field.queryset.filter(**{f"{self.event_path}__in": event})
        return field


class PartForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        needed = Part.OWN_ROW.get(kind)
        for name in Part.OWN_ROW.values():
            if name == needed and not cleaned.get(name):
                self.add_error(name, _("Diese Art von Teil braucht diese Angabe."))
            elif name != needed and cleaned.get(name):
                self.add_error(name, _("Nur für die Art „%(kind)s“.") % {"kind": _label(name)})
        return cleaned


def _label(name: str) -> str:
    kind = next(kind for kind, field in Part.OWN_ROW.items() if field == name)
    return Part.Kind(kind).label


class PartInline(_OfTheChaptersEvent, OrderedInline):
    model = Part
    form = PartForm
    parent_field = "chapter"
    fields = [
        "kind",
        "section",
        "quote_group",
        "session",
        "role",
        "poll",
        "practice_example",
        "appendix",
        "order",
    ]


@admin.register(Chapter)
class ChapterAdmin(DocumentationHistoryAdmin, ScopedAdmin):
    """A chapter and its parts. Each part names its kind and, for a text, a group of quotes, a
    session, a talk, a poll or a practice example, that row; the other kinds place the event's
    part of that kind. What no part places is shown after the chapters."""

    scope_field = "event__municipality"
    list_display = ["__str__", "event", "order"]
    list_filter = ["event__municipality"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    fields = ["event", "number", "title", "order"]
    inlines = [PartInline]

    def has_module_permission(self, request):
        return False  # reached from the event's page


class QuoteOfGroupInline(OrderedInline):
    model = Quote
    form = new_person_form("speaker")
    fields = ["text", *speaker_fields, "context", "verbatim", "order"]
    autocomplete_fields = ["speaker"]


@admin.register(QuoteGroup)
class QuoteGroupAdmin(DocumentationHistoryAdmin, ScopedAdmin):
    """Quotes under the lead sentence or thesis they stand under in the documentation."""

    scope_field = "event__municipality"
    list_display = ["__str__", "event"]
    search_fields = ["lead", "event__title"]
    autocomplete_fields = ["event"]
    fields = ["event", "lead", "order"]
    inlines = [QuoteOfGroupInline]

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            instance.event = form.instance.event
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


# Photos and files are rows of a documentation: their admin pages write into its history. Their
# admins live in uploads, below events, and are given the history here.
for _model, _admin in ((Photo, PhotoAdmin), (Attachment, AttachmentAdmin)):
    admin.site.unregister(_model)
    admin.site.register(
        _model,
        type(_admin.__name__, (DocumentationHistoryAdmin, _admin), {"__module__": __name__}),
    )

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(taggit_admin.TagAdmin):
    """taggit's tag admin, whose merge page checks nothing but staff status: a merge rewrites
    the topics of every municipality's content, so only users who may change tags (superusers)
    reach it, and a merge needs tags chosen in the list first."""

    def merge_tags_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        selected = [
            i for i in str(request.session.get("selected_tag_ids", "")).split(",") if i.isdigit()
        ]
        if not selected or not self.get_queryset(request).filter(pk__in=selected).exists():
            self.message_user(request, _("Bitte zuerst Themen in der Liste auswählen."))
            return redirect("admin:taggit_tag_changelist")
        if request.method == "POST" and (
            problem := tag_name_problem(request.POST.get("new_tag_name", ""))
        ):
            self.message_user(request, problem, messages.ERROR)
            return redirect(request.path)
        return super().merge_tags_view(request)
