"""The documentation editor: one admin page per documentation, where staff write it in the order
they have it in front of them, without leaving the page.

Every form on the page saves itself when a field changes (static/js/editor.js) and answers JSON:
the errors at their fields (the input stays where it was typed), and the parts of the page that
changed, rendered again. Without JavaScript the forms post as usual and come back to the page.

Who may write: staff editors (stakeholders.scoping.is_editor) of the documentation's
municipality, as on the event's admin form; another town's documentation answers 403, an
unknown one 404. Each write is one revision of the documentation's history (events.history).
"""

from django.contrib import messages
from django.contrib.admin import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from engagement_portal.lib.logs import log_event
from events.history import documentation_revision, note_change
from events.models import Event, EventRole, Part, Session
from events.services import documentation_publish, documentation_withdraw, next_order
from stakeholders.scoping import is_editor
from uploads.models import Photo
from uploads.services import photo_store

from . import services
from .forms import (
    BasicsForm,
    ChapterForm,
    ChapterTextForm,
    CountsForm,
    NewDocumentationForm,
    NewPhotoForm,
    PhotoForm,
    SessionForm,
)

TEMPLATE = "authoring/editor.html"


def _editor_event(request, event_id) -> Event:
    """The documentation, if the user may edit it (403 for another town's, 404 if none)."""
    if not is_editor(request.user):
        raise PermissionDenied
    event = Event.objects.for_editor(request.user).select_related("municipality")
    event = event.filter(pk=event_id).first()
    if event is None:
        if Event.objects.filter(pk=event_id).exists():
            raise PermissionDenied
        raise Http404
    return event


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _fragment(request, event: Event, name: str, context=None, **extra) -> str:
    """One region of the page rendered again: a partial of the template, by its element's id
    ("results-12" is the results of session 12)."""
    context = {**(context or _context(request, event)), **extra}
    if name.startswith("results-"):
        pk = int(name.removeprefix("results-"))
        context["session"] = next(s for s in context["sessions"] if s.pk == pk)
        name = "session-results"
    return render_to_string(f"{TEMPLATE}#{name}", context, request=request)


def _answer(request, event: Event, *, form=None, regions=(), anchor="", extra=None, **data):
    """JSON for the page's script: ``ok``, the form's errors by field, the regions rendered
    again; a redirect back to the page (with the errors as messages) for a plain form post."""
    errors = {}
    if form is not None and form.errors:
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
    if not _wants_json(request):
        for field_errors in errors.values():
            for error in field_errors:
                messages.error(request, error)
        if data.get("message"):
            messages.info(request, data["message"])
        url = reverse("authoring:editor", args=[event.pk])
        return redirect(f"{url}#{anchor}" if anchor else url)
    payload = {
        "ok": not errors,
        "errors": errors,
        "regions": _regions(request, event, regions, extra) if not errors else {},
        **data,
    }
    return JsonResponse(payload, status=200 if not errors else 400)


def _as_tree(contributions) -> list[tuple[int, object]]:
    """The bullets in reading order with their depth (sub-bullets below their bullet)."""
    children: dict[int | None, list] = {}
    for contribution in contributions:
        children.setdefault(contribution.parent_id, []).append(contribution)
    lines = []

    def walk(parent_id, depth):
        for contribution in children.get(parent_id, []):
            lines.append((depth, contribution))
            walk(contribution.pk, depth + 1)

    walk(None, 0)
    return lines


def _regions(request, event: Event, names, extra) -> dict[str, str]:
    if not names:
        return {}
    context = _context(request, event)
    return {name: _fragment(request, event, name, context, **(extra or {})) for name in names}


def _context(request, event: Event) -> dict:
    sessions = list(
        event.sessions.prefetch_related("contributions", "quotes").order_by("order", "id")
    )
    moderators = {
        role.session_id: role
        for role in EventRole.objects.filter(
            session__in=sessions, role=EventRole.Role.MODERATION
        ).select_related("person")
    }
    for session in sessions:
        role = moderators.get(session.pk)
        contributions = list(session.contributions.all())
        session.bullets = _as_tree(contributions)
        session.form = SessionForm(
            instance=session,
            prefix=f"s{session.pk}",
            initial={
                "moderator": role.person.name if role else "",
                "moderator_publish": role.person.publish_name if role else False,
                # The next bullets go under the category of the last ones, unless changed.
                "category": contributions[-1].category if contributions else "",
            },
        )
    chapters = list(event.chapters.prefetch_related("parts").order_by("order", "id"))
    labels = dict(services.part_choices(event))
    for chapter in chapters:
        chapter.form = ChapterForm(instance=chapter, prefix=f"c{chapter.pk}")
        chapter.text_form = ChapterTextForm(prefix=f"text{chapter.pk}")
        for part in chapter.parts.all():
            field = Part.OWN_ROW.get(part.kind)
            key = f"{part.kind}:{getattr(part, f'{field}_id') if field else ''}"
            part.label = labels.get(key, part.get_kind_display())
    photos = list(Photo.objects.filter(event=event).order_by("order", "id"))
    for photo in photos:
        photo.form = PhotoForm(instance=photo, event=event, prefix=f"p{photo.pk}")
    return {
        **site.each_context(request),
        "event": event,
        "title": event.title,
        "basics": BasicsForm(instance=event, prefix="basics"),
        "sessions": sessions,
        "new_session": SessionForm(prefix="new"),
        "chapters": chapters,
        "new_chapter": ChapterForm(prefix="newchapter"),
        "part_choices": services.part_choices(event),
        "priorities": list(
            event.priorities.select_related("recommendation").order_by("-points", "order")
        ),
        "counts": CountsForm(prefix="counts"),
        "photos": photos,
        "new_photo": NewPhotoForm(event=event, prefix="newphoto"),
        "missing": services.publication_missing(event),
        "public_url": event.get_absolute_url(),
    }


@require_POST
def create(request):
    """The start page's "Neue Dokumentation": saved as a draft, then its editor opens."""
    if not is_editor(request.user):
        raise PermissionDenied
    form = NewDocumentationForm(request.POST, user=request.user)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(reverse("admin:index"))
    event = form.save(commit=False)
    event.slug = services.free_event_slug(event.title)
    with documentation_revision(request.user, "add", event), transaction.atomic():
        event.save()
        note_change("add", event)
    log_event("documentation created", event=event.slug, by=request.user)
    return redirect(reverse("authoring:editor", args=[event.pk]))


def editor(request, event_id):
    event = _editor_event(request, event_id)
    return render(request, TEMPLATE, _context(request, event))


@require_POST
def basics(request, event_id):
    event = _editor_event(request, event_id)
    form = BasicsForm(request.POST, instance=event, prefix="basics")
    if form.is_valid():
        with documentation_revision(request.user), transaction.atomic():
            form.save()
            note_change("change", event)
    return _answer(request, event, form=form, regions=["heading"], anchor="basics")


def _session_save(request, event: Event, session: Session | None):
    new = session is None
    session = session or Session(event=event)
    form = SessionForm(request.POST, instance=session, prefix="new" if new else f"s{session.pk}")
    if not form.is_valid():
        return _answer(request, event, form=form, anchor="sessions")
    data = form.cleaned_data
    cleared, added, kept = [], [], {}
    with documentation_revision(request.user), transaction.atomic():
        session = form.save(commit=False)
        if new:
            session.slug = services.free_session_slug(event, session.title)
            session.order = next_order(event.sessions.all())
        session.save()
        note_change("add" if new else "change", session)
        role = services.moderator_of(session)
        if data["moderator"] != (role.person.name if role else "") or (
            role is not None and role.person.publish_name != data["moderator_publish"]
        ):
            role = services.moderator_set(
                session=session, name=data["moderator"], publish=data["moderator_publish"]
            )
            if role is not None and role.person.publish_name != data["moderator_publish"]:
                # Named elsewhere too: the consent stays as the person's form records it.
                kept["moderator_publish"] = role.person.publish_name
                added.append(
                    _("die Einwilligung von %(name)s ändert das Formular der Person")
                    % {"name": role.person.name}
                )
        if data["bullets"].strip():
            count = services.session_bullets_add(
                session=session, category=data["category"], text=data["bullets"]
            )
            note_change("paste", session, count=count)
            cleared.append("bullets")
            added.append(ngettext("%d Stichpunkt", "%d Stichpunkte", count) % count)
        if data["quotes"].strip():
            count = len(services.quotes_add(session=session, text=data["quotes"]))
            cleared.append("quotes")
            added.append(ngettext("%d Zitat", "%d Zitate", count) % count)
    message = (_("Gespeichert: %s.") % ", ".join(added)) if added else _("Gespeichert.")
    return _answer(
        request,
        event,
        regions=[f"results-{session.pk}", "outline-list", "photo-list", "publish"],
        anchor=f"session-{session.pk}",
        message=message,
        cleared=cleared,
        set=kept,
        saved_as=reverse("authoring:session", args=[event.pk, session.pk]) if new else "",
        region_id=f"results-{session.pk}",
        card_id=f"session-{session.pk}",
        prefix=f"s{session.pk}",
        delete_url=reverse("authoring:session", args=[event.pk, session.pk]),
    )


@require_POST
def session_new(request, event_id):
    return _session_save(request, _editor_event(request, event_id), None)


@require_POST
def session(request, event_id, session_id):
    event = _editor_event(request, event_id)
    session = get_object_or_404(event.sessions, pk=session_id)
    if request.POST.get("op") == "delete":
        with documentation_revision(request.user, "delete", session), transaction.atomic():
            note_change("delete", session)
            session.delete()
        return _answer(
            request,
            event,
            regions=["outline-list", "photo-list", "publish"],
            removed=f"session-{session_id}",
            message=_("Arbeitsphase gelöscht."),
        )
    return _session_save(request, event, session)


@require_POST
def counts(request, event_id):
    event = _editor_event(request, event_id)
    form = CountsForm(request.POST, prefix="counts")
    if form.is_valid():
        with documentation_revision(request.user), transaction.atomic():
            written = services.paper_points_set(event=event, text=form.cleaned_data["counts"])
            note_change("change", event)
        message = ngettext("%d Thema mit Punkten.", "%d Themen mit Punkten.", len(written)) % len(
            written
        )
        return _answer(request, event, regions=["priorities"], cleared=["counts"], message=message)
    return _answer(request, event, form=form, anchor="dots")


@require_POST
def photo_new(request, event_id):
    event = _editor_event(request, event_id)
    form = NewPhotoForm(request.POST, request.FILES, event=event, prefix="newphoto")
    form.instance.event = event
    if form.is_valid():
        with documentation_revision(request.user), transaction.atomic():
            photo = form.save(commit=False)
            photo.order = next_order(Photo.objects.filter(event=event))
            photo = photo_store(photo=photo, processed=form.processed)
            note_change("add", photo)
        photo.form = PhotoForm(instance=photo, event=event, prefix=f"p{photo.pk}")
        return _answer(
            request,
            event,
            regions=["outline-list", "publish"],
            anchor="photos",
            card=_fragment(request, event, "photo-card", photo=photo),
            message=_("Foto gespeichert."),
        )
    return _answer(request, event, form=form, anchor="photos")


@require_POST
def photo(request, event_id, photo_id):
    event = _editor_event(request, event_id)
    photo = get_object_or_404(Photo.objects.filter(event=event), pk=photo_id)
    if request.POST.get("op") == "delete":
        with documentation_revision(request.user, "delete", photo), transaction.atomic():
            note_change("delete", photo)
            photo.delete()
        return _answer(
            request, event, regions=["outline-list", "publish"], removed=f"photo-{photo_id}"
        )
    form = PhotoForm(request.POST, instance=photo, event=event, prefix=f"p{photo.pk}")
    if form.is_valid():
        with documentation_revision(request.user), transaction.atomic():
            form.save()
            note_change("change", photo)
    return _answer(request, event, form=form, regions=["publish"], anchor=f"photo-{photo_id}")


@require_POST
def chapter_new(request, event_id):
    event = _editor_event(request, event_id)
    form = ChapterForm(request.POST, prefix="newchapter")
    if form.is_valid():
        chapter = form.save(commit=False)
        chapter.event = event
        chapter.order = next_order(event.chapters.all())
        with documentation_revision(request.user), transaction.atomic():
            chapter.save()
            note_change("add", chapter)
        return _answer(
            request, event, regions=["outline-list", "publish"], cleared=["number", "title"]
        )
    return _answer(request, event, form=form, anchor="outline")


@require_POST
def chapter(request, event_id, chapter_id):
    """A chapter: rename (number, title), move up or down, delete, place a part at its end, or
    paste bullets as a text of it."""
    event = _editor_event(request, event_id)
    chapter = get_object_or_404(event.chapters, pk=chapter_id)
    op = request.POST.get("op", "save")
    form = None
    with documentation_revision(request.user), transaction.atomic():
        if op in ("up", "down"):
            services.move(chapter, event.chapters.all(), -1 if op == "up" else 1)
            note_change("change", chapter)
        elif op == "delete":
            note_change("delete", chapter)
            chapter.delete()
        elif op == "part":
            try:
                part = services.part_add(chapter=chapter, choice=request.POST.get("choice", ""))
            except ValidationError as error:
                return _error(request, event, "choice", error)
            note_change("add", part)
        elif op == "text":
            form = ChapterTextForm(request.POST, prefix=f"text{chapter.pk}")
            if form.is_valid():
                part = services.chapter_text_add(
                    chapter=chapter,
                    heading=form.cleaned_data["heading"],
                    text=form.cleaned_data["bullets"],
                )
                note_change("add", part)
        else:
            form = ChapterForm(request.POST, instance=chapter, prefix=f"c{chapter.pk}")
            if form.is_valid():
                form.save()
                note_change("change", chapter)
            return _answer(request, event, form=form, anchor=f"chapter-{chapter_id}")
    return _answer(request, event, form=form, regions=["outline-list", "publish"], anchor="outline")


def _error(request, event, field: str, error: ValidationError):
    if not _wants_json(request):
        for message in error.messages:
            messages.error(request, message)
        return redirect(reverse("authoring:editor", args=[event.pk]) + "#outline")
    return JsonResponse({"ok": False, "errors": {field: error.messages}}, status=400)


@require_POST
def part(request, event_id, part_id):
    """A part of a chapter: move up or down within it, or take it out of the outline (what it
    placed stays in the documentation and shows after the chapters)."""
    event = _editor_event(request, event_id)
    part = get_object_or_404(Part.objects.filter(chapter__event=event), pk=part_id)
    op = request.POST.get("op")
    with documentation_revision(request.user), transaction.atomic():
        if op in ("up", "down"):
            services.move(part, part.chapter.parts.all(), -1 if op == "up" else 1)
            note_change("change", part)
        elif op == "delete":
            note_change("delete", part)
            part.delete()
        else:
            raise Http404
    return _answer(request, event, regions=["outline-list", "publish"], anchor="outline")


@require_POST
def publication(request, event_id):
    """Publish (after listing what is missing, unless confirmed) or withdraw."""
    event = _editor_event(request, event_id)
    op = request.POST.get("op")
    if op == "withdraw":
        with documentation_revision(request.user), transaction.atomic():
            documentation_withdraw(event=event, user=request.user)
        message = _("Die Dokumentation ist wieder ein Entwurf.")
    elif op == "publish":
        missing = services.publication_missing(event)
        if missing and request.POST.get("confirm") != "1":
            return _answer(
                request,
                event,
                regions=["publish"],
                anchor="publish",
                extra={"asked": True},
                asked=True,
                message=_("Bitte prüfen Sie vor dem Veröffentlichen, was die Liste nennt."),
            )
        with documentation_revision(request.user), transaction.atomic():
            documentation_publish(event=event, user=request.user)
        message = _("Die Dokumentation ist veröffentlicht.")
    else:
        raise Http404
    event.refresh_from_db()
    return _answer(
        request, event, regions=["publish", "heading"], anchor="publish", message=message
    )
