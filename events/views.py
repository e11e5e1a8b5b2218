from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from events.models import Event
from stakeholders.scoping import is_editor, scope_queryset


def _get_event_for_reader(request: HttpRequest, slug: str) -> Event:
    """A published event for everyone; a draft only for its editors, as a preview."""
    event = get_object_or_404(Event.objects.select_related("municipality", "network"), slug=slug)
    if event.is_published:
        return event
    user = request.user
    if (
        is_editor(user)
        and scope_queryset(Event.objects.filter(pk=event.pk), user, "municipality").exists()
    ):
        return event
    raise Http404


def home(request: HttpRequest) -> HttpResponse:
    events = Event.objects.published().select_related("municipality")[:6]
    return render(request, "events/home.html", {"events": events})


def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.published().select_related("municipality")
    return render(request, "events/event_list.html", {"events": events})


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _get_event_for_reader(request, slug)
    return render(request, "events/event_detail.html", {"event": event})


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    events = Event.objects.published().filter(tags=tag).select_related("municipality")
    if not events.exists():
        raise Http404
    return render(request, "events/tag_detail.html", {"tag": tag, "events": events})
