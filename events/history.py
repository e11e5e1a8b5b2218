"""The change history of a documentation: who changed what, when (django-reversion).

Every admin page that writes part of a documentation (the event's form with its inlines, a
session, a chapter, a group of quotes, a poll, the flipchart paste, the publish actions, the
import) runs in one revision: the user, the time, a comment saying what happened, and a version
of each row saved. The rows of a documentation follow their event, so every revision that touches
a documentation holds a version of its event, and the event's history page ("Verlauf") lists
them all. An import is one revision with the event's version only ("Import durch …"): its
thousands of rows are not copied once more.

Photos and files (their records, not the images), the additions to recommendations made at the
event and its dot-votes (the vote, its items, the paper counts; voting registers them from its
AppConfig.ready()) are rows of the documentation too. Participants and their ballots are never
versioned: voters stay anonymous and their ballots are deleted after the retention period.

People (stakeholders.Person) are not versioned: a withdrawn consent or a deleted person leaves no
copy of their record here. The history page is the event's admin page, with its scope check:
editors of other municipalities get 403, as on the event's form.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

import reversion
from django.apps import apps
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, connections, router
from django.db.models import Model, QuerySet
from django.db.models.deletion import Collector
from django.http import Http404, HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reversion.models import Revision, Version
from reversion.signals import post_revision_commit

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
from recommendations.models import Addition, Priority
from uploads.models import Attachment, Photo

# Each row of a documentation names the relation that leads to its event.
_FOLLOW: dict[type[Model], str] = {
    AgendaItem: "event",
    Agreement: "event",
    Chapter: "event",
    EventRole: "event",
    Feedback: "event",
    GuidingQuestion: "event",
    ParticipantGroup: "event",
    Poll: "event",
    Addition: "event",
    Attachment: "event",
    Photo: "event",
    Priority: "event",
    Quote: "event",
    QuoteGroup: "event",
    Section: "event",
    Session: "event",
    Contribution: "session",
    Part: "chapter",
    PollOption: "poll",
}


# The versions of rows deleted inside the current documentation_revision: django-reversion keeps
# only versions of rows that still exist when the revision is saved, so they are added after it.
_deleted_versions: ContextVar[list[Version] | None] = ContextVar("deleted_versions", default=None)


def register_documentation_models() -> None:
    """Called once from events' AppConfig.ready()."""
    if not reversion.is_registered(Event):
        reversion.register(Event)
    post_revision_commit.connect(_save_deleted_versions, dispatch_uid="events.history.deleted")
    for model, follow in list(_FOLLOW.items()):
        register_documentation_model(model, follow)


def register_documentation_model(model: type[Model], follow: str) -> None:
    """Version ``model`` as part of a documentation: ``follow`` names the relation that leads
    towards its event. Apps above events (voting) call it from their AppConfig.ready()."""
    _FOLLOW[model] = follow
    if not reversion.is_registered(model):
        reversion.register(model, follow=[follow])


def documentation_of(obj: Model) -> Event | None:
    """The event whose documentation ``obj`` is part of (None for anything else)."""
    seen = 0
    while obj is not None and not isinstance(obj, Event) and seen < 3:
        relation = _FOLLOW.get(type(obj))
        obj = getattr(obj, relation, None) if relation else None
        seen += 1
    return obj if isinstance(obj, Event) else None


def _comment(action: str, obj: Model | None = None, **details) -> str:
    """What happened, stored as JSON and worded when shown, in the reader's language."""
    data = {"action": action, **details}
    if obj is not None:
        data["model"] = obj._meta.label_lower
        data["object"] = str(obj)[:200]
    return json.dumps(data, ensure_ascii=False)


@contextmanager
def documentation_revision(user, action: str = "", obj: Model | None = None, **details):
    """One revision around a write; ``action`` and ``obj`` give its comment now, or a later
    ``note_change`` inside the block does."""
    deleted = _deleted_versions.set([])
    try:
        with reversion.create_revision():
            if user is not None and getattr(user, "is_authenticated", False):
                reversion.set_user(user)
            if action:
                reversion.set_comment(_comment(action, obj, **details))
            yield
    finally:
        _deleted_versions.reset(deleted)


def _save_deleted_versions(sender, revision: Revision, **kwargs) -> None:
    pending = _deleted_versions.get()
    if pending:
        for version in pending:
            version.revision = revision
        Version.objects.bulk_create(pending)
        pending.clear()


@contextmanager
def import_revision(user, source: str = "") -> Iterator[None]:
    """The import's writes as one revision holding only the event's version: the importer
    writes rows in bulk, and copying each of them again would double the import's work.
    Call ``note_import(event)`` inside the block once the event exists."""
    with reversion.create_revision(manage_manually=True):
        if user is not None and getattr(user, "is_authenticated", False):
            reversion.set_user(user)
        reversion.set_comment(_comment("import", source=source))
        yield


def note_import(event: Event) -> None:
    reversion.add_to_revision(event)


def note_change(action: str, obj: Model, message: str | list = "", **details) -> None:
    """Inside a revision: say what happened to ``obj`` and make sure its event is in it."""
    if not reversion.is_active():
        return
    event = documentation_of(obj)
    if event is not None and event.pk is not None:
        reversion.add_to_revision(event)
    if isinstance(message, list):
        message = json.dumps(message)
    _append_to_comment(_comment(action, obj, message=message, **details))


def _append_to_comment(comment: str) -> None:
    # Several things in one revision (a save and its publishing, a deletion of several rows):
    # each is said, in order.
    earlier = reversion.get_comment()
    if earlier:
        entries = json.loads(earlier).get("entries") or [json.loads(earlier)]
        comment = json.dumps({"entries": [*entries, json.loads(comment)]}, ensure_ascii=False)
    reversion.set_comment(comment)


def note_deletion(obj: Model) -> None:
    """Inside a revision, before ``obj`` is deleted: a version of it and of every row of the
    documentation its deletion takes along (a session's contributions), and their list in the
    revision's comment, so that ``restore_deleted`` can bring them back."""
    pending = _deleted_versions.get()
    if not reversion.is_active() or pending is None or obj.pk is None:
        return
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    rows = [obj, *(row for instances in collector.data.values() for row in instances)]
    rows += [
        row
        for queryset in collector.fast_deletes
        if reversion.is_registered(queryset.model)
        for row in queryset
    ]
    keys = []
    for row in rows:
        key = [row._meta.label_lower, str(row.pk)]
        if reversion.is_registered(type(row)) and key not in keys:
            keys.append(key)
            pending.append(
                Version(
                    content_type=ContentType.objects.get_for_model(row),
                    object_id=str(row.pk),
                    db=row._state.db or "default",
                    format="json",
                    serialized_data=serializers.serialize("json", [row]),
                    object_repr=str(row),
                )
            )
    event = documentation_of(obj)
    if event is not None:
        reversion.add_to_revision(event)
    _append_to_comment(_comment("deleted_rows", obj, rows=keys))


def _comment_entries(comment: str) -> list[dict]:
    try:
        data = json.loads(comment)
    except (TypeError, ValueError):
        return []
    if not isinstance(data, dict):
        return []
    entries = data.get("entries") if isinstance(data.get("entries"), list) else [data]
    return [entry for entry in entries if isinstance(entry, dict)]


def restore_deleted(*, revision: Revision, event: Event) -> list[Model]:
    """Bring back the rows of ``event``'s documentation that were deleted in ``revision`` and
    do not exist again, as they were when deleted. Raises PermissionDenied when one of them
    belongs to another documentation, IntegrityError when one refers to a row deleted since
    (or takes a name taken since); nothing is restored then. Should be called inside a
    transaction."""
    deleted = {
        (label, str(pk))
        for entry in _comment_entries(revision.comment)
        if entry.get("action") == "deleted_rows"
        for label, pk in entry.get("rows") or []
    }
    restored = []
    for version in Version.objects.filter(revision=revision).select_related("content_type"):
        model = version.content_type.model_class()
        if model is None or model not in _FOLLOW:
            continue
        if (model._meta.label_lower, version.object_id) not in deleted:
            continue
        if model._default_manager.filter(pk=version.object_id).exists():
            continue
        version.revert()
        restored.append(model._default_manager.get(pk=version.object_id))
    # Foreign keys are checked at the commit; here, so that a refusal is an answer, not a 500.
    connections[router.db_for_write(Event)].check_constraints(
        table_names=sorted({obj._meta.db_table for obj in restored})
    )
    for obj in restored:
        try:
            owner = documentation_of(obj)
        except ObjectDoesNotExist:
            owner = None
        if owner != event:
            raise PermissionDenied
    return restored


def documentation_revisions(event: Event) -> QuerySet[Revision]:
    """Every revision that touched the event's documentation, newest first."""
    return (
        Revision.objects.filter(
            version__content_type=ContentType.objects.get_for_model(Event),
            version__object_id=str(event.pk),
        )
        .select_related("user")
        .order_by("-date_created", "-pk")
        .distinct()
    )


@dataclass
class HistoryEntry:
    """One line of the history page, shaped like the admin's LogEntry for its template."""

    action_time: datetime
    user: object
    text: str

    def get_change_message(self) -> str:
        return self.text


def describe(comment: str) -> str:
    """The comment of a revision in words of the current language."""
    try:
        data = json.loads(comment)
    except (TypeError, ValueError):
        return comment
    if not isinstance(data, dict):
        return comment
    if isinstance(data.get("entries"), list):
        entries = data["entries"]
        if len(entries) > 1:
            # A save that changed nothing, followed by publishing: the publishing says it all.
            entries = [entry for entry in entries if entry.get("message") != "[]"] or entries
        return " ".join(filter(None, (describe(json.dumps(entry)) for entry in entries)))
    action = data.get("action")
    if action == "deleted_rows":
        return ""  # the save's own words name what it deleted
    what = _what(data)
    details = _details(data.get("message") or "")
    if action == "import":
        source = data.get("source")
        return (
            _("Dokumentation importiert aus „%(file)s“.") % {"file": source}
            if source
            else _("Dokumentation importiert.")
        )
    if action == "publish":
        return _("Veröffentlicht.")
    if action == "unpublish":
        return _("Veröffentlichung zurückgenommen (Entwurf).")
    if action == "paste":
        count = int(data.get("count") or 0)
        return ngettext(
            "%(what)s: %(count)d Ergebnis vom Flipchart eingefügt.",
            "%(what)s: %(count)d Ergebnisse vom Flipchart eingefügt.",
            count,
        ) % {"what": what, "count": count}
    if action == "restore":
        count = int(data.get("count") or 0)
        return ngettext(
            "%(what)s: Löschen rückgängig gemacht, %(count)d Eintrag wiederhergestellt.",
            "%(what)s: Löschen rückgängig gemacht, %(count)d Einträge wiederhergestellt.",
            count,
        ) % {"what": what, "count": count}
    if action == "additions":
        count = int(data.get("count") or 0)
        return ngettext(
            "%(what)s: %(count)d Ergänzung eingefügt.",
            "%(what)s: %(count)d Ergänzungen eingefügt.",
            count,
        ) % {"what": what, "count": count}
    if action == "add":
        text = _("%(what)s angelegt.") % {"what": what}
    elif action == "delete":
        text = _("%(what)s gelöscht.") % {"what": what}
    else:
        text = _("%(what)s geändert.") % {"what": what}
    return f"{text} {details}".strip() if details and details != _("No fields changed.") else text


def _details(message: str) -> str:
    """The admin's change message of the save (fields changed, rows added, changed, deleted),
    without the bare "Added." of a new object, which the entry's own words already say."""
    try:
        parts = json.loads(message) if message.startswith("[") else None
    except ValueError:
        parts = None
    if isinstance(parts, list):
        message = json.dumps([part for part in parts if part != {"added": {}}])
    return LogEntry(change_message=message).get_change_message() if message else ""


def _what(data: dict) -> str:
    try:
        model = apps.get_model(data.get("model", ""))
    except (LookupError, ValueError):
        return data.get("object", "")
    return f"{model._meta.verbose_name} „{data.get('object', '')}“"


def history_context(request, event: Event, per_page: int = 100) -> dict | None:
    """The admin history page's entries for ``event``, or None while it has no revisions (the
    admin's own log is shown then)."""
    revisions = documentation_revisions(event)
    paginator = Paginator(revisions, per_page)
    if paginator.count == 0:
        return None
    page = paginator.get_page(request.GET.get("p", 1))
    page.object_list = [
        HistoryEntry(revision.date_created, revision.user, describe(revision.comment))
        for revision in page.object_list
    ]
    return {
        "action_list": page,
        "page_range": paginator.get_elided_page_range(page.number),
        "pagination_required": paginator.count > per_page,
    }


class DocumentationHistoryAdmin:
    """Admin pages that write part of a documentation: each write is one revision. Rows deleted
    in the inlines ("Löschen?") of a page with ``undo_deletions`` are named after the save, with a
    button that restores them from that revision."""

    undo_deletions = False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        request.documentation_deleted = []
        with documentation_revision(request.user):
            response = super().changeform_view(request, object_id, form_url, extra_context)
        if request.documentation_deleted and response.status_code == 302:
            self._offer_undo(request, object_id, request.documentation_deleted)
        return response

    def save_related(self, request, form, formsets, change):
        for formset in formsets if self.undo_deletions else []:
            for row in formset.deleted_forms:
                if row.instance.pk is not None:
                    note_deletion(row.instance)
                    deleted = (type(row.instance), row.instance.pk, str(row.instance))
                    getattr(request, "documentation_deleted", []).append(deleted)
        super().save_related(request, form, formsets, change)

    def _offer_undo(self, request, object_id, deleted: list[tuple[type[Model], object, str]]):
        model, pk, _name = deleted[0]
        version = Version.objects.get_for_object_reference(model, pk).order_by("-pk").first()
        if version is None:
            return
        opts = self.opts
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_undo",
            args=[object_id, version.revision_id],
        )
        names = ", ".join(f"{model._meta.verbose_name} „{name}“" for model, _pk, name in deleted)
        self.message_user(
            request,
            format_html(
                '{} <form method="post" action="{}" class="undo-form">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button type="submit" class="button">{}</button></form>',
                _("Gelöscht: %(rows)s.") % {"rows": names},
                url,
                get_token(request),
                _("Rückgängig"),
            ),
            messages.WARNING,
        )

    def get_urls(self):
        if not self.undo_deletions:
            return super().get_urls()
        opts = self.opts
        return [
            path(
                "<path:object_id>/undo/<int:revision_id>/",
                self.admin_site.admin_view(self.undo_view),
                name=f"{opts.app_label}_{opts.model_name}_undo",
            ),
            *super().get_urls(),
        ]

    def undo_view(self, request, object_id, revision_id: int):
        """Restore the rows a save of this page deleted (POST). Editors of the documentation
        only: another town's editor gets 403, an unknown object or revision 404."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        event = documentation_of(obj)
        revision = documentation_revisions(event).filter(pk=revision_id).first() if event else None
        if revision is None:
            raise Http404
        try:
            with documentation_revision(request.user):
                restored = restore_deleted(revision=revision, event=event)
                if restored:
                    note_change("restore", obj, count=len(restored))
        except IntegrityError:
            self.message_user(
                request,
                _(
                    "Die gelöschten Einträge lassen sich nicht wiederherstellen: etwas, zu dem "
                    "sie gehören, ist inzwischen gelöscht oder ihr Kurzname vergeben."
                ),
                messages.ERROR,
            )
            restored = None
        if restored:
            self.message_user(
                request,
                ngettext(
                    "%(count)d gelöschter Eintrag wiederhergestellt.",
                    "%(count)d gelöschte Einträge wiederhergestellt.",
                    len(restored),
                )
                % {"count": len(restored)},
                messages.SUCCESS,
            )
        elif restored is not None:
            self.message_user(request, _("Es gibt nichts wiederherzustellen."), messages.INFO)
        opts = self.opts
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        with documentation_revision(request.user):
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        with documentation_revision(request.user):
            return super().changelist_view(request, extra_context)

    def log_addition(self, request, obj, message):
        note_change("add", obj, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        note_change("change", obj, message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            if not isinstance(obj, Event):
                note_change("delete", obj)
        return super().log_deletions(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        event = documentation_of(obj) if obj is not None else None
        context = history_context(request, event) if event is not None and obj == event else None
        extra_context = {**(extra_context or {}), **(context or {})}
        return super().history_view(request, object_id, extra_context)
