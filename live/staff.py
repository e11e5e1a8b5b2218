"""Who runs a live vote or poll, and who its live pages answer: written once for both features."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from events.models import Event
from stakeholders.scoping import editor_municipality_ids, is_editor


def runs(user, event) -> bool:
    """Staff who may run the live features of this event: editors of its municipality, and
    superusers."""
    if not is_editor(user):
        return False
    return user.is_superuser or event.municipality_id in editor_municipality_ids(user)


def reachable(request, live) -> bool:
    """Whether a dot-vote's or poll run's live pages answer this person: one that is over while
    its event's documentation is a draft answers only the staff who run it, and as if it did not
    exist (``live.is_over_in_draft``; select its event with it)."""
    return not live.is_over_in_draft or runs(request.user, live.event)


def for_staff(request, queryset, code: str):
    """The dot-vote or run of this code for the staff page that runs it: 404 when there is none
    (or it is over in a draft and not theirs), 403 when it is another town's."""
    live = get_object_or_404(queryset, code=code)
    if not runs(request.user, live.event):
        raise Http404 if live.is_over_in_draft else PermissionDenied
    return live


def event_for_staff(request, slug: str) -> Event:
    """The event whose live features this person runs: 404 when there is none, 403 when it is
    another town's."""
    event = get_object_or_404(Event, slug=slug)
    if not runs(request.user, event):
        raise PermissionDenied
    return event
