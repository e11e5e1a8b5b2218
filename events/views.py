from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe
from taggit.models import Tag

from events.filters import EventFilter
from events.models import Event
from events.pdf import documentation_pdf
from events.search import prepare, search_page, search_recommendations
from events.selectors import (
    documentation_for,
    event_cards,
    event_for_reading,
    municipalities_with_event_counts,
    published_event_tags,
    strategies_with_event_counts,
    tag_page,
)
from recommendations.selectors import public_recommendations
from stakeholders.scoping import editor_municipality_ids, is_editor

EVENTS_PER_PAGE = 20
RECOMMENDATION_HITS = 5


def _get_event_for_reader(request: HttpRequest, slug: str) -> Event:
    """A published event for everyone; a draft only for its editors, as a preview."""
    event = event_for_reading(slug)
    if event is None:
        raise Http404
    if event.is_published:
        return event
    user = request.user
    if is_editor(user) and (
        user.is_superuser or event.municipality_id in editor_municipality_ids(user)
    ):
        return event
    raise Http404


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/home.html",
        {
            "events": event_cards()[:6],
            "municipalities": municipalities_with_event_counts(),
            "strategies": strategies_with_event_counts(),
            "tags": published_event_tags(),
        },
    )


def event_list(request: HttpRequest) -> HttpResponse:
    filterset = EventFilter(request.GET or None, queryset=event_cards())
    events = filterset.qs
    terms = prepare(filterset.search_text)
    if terms:
        page = search_page(
            events, terms, request.GET.get("page"), EVENTS_PER_PAGE, narrowed=filterset.active
        )
    else:
        page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))

    recommendation_hits, recommendation_count = [], 0
    if terms:
        matching = search_recommendations(public_recommendations(), terms)
        recommendation_count = matching.count()
        recommendation_hits = list(
            matching.select_related("strategy", "action_field")[:RECOMMENDATION_HITS]
        )
    return render(
        request,
        "events/event_list.html",
        {
            "filter": filterset,
            "page": page,
            "terms": terms,
            "searched": bool(filterset.search_text),
            "recommendation_hits": recommendation_hits,
            "recommendation_count": recommendation_count,
        },
    )


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _get_event_for_reader(request, slug)
    return render(request, "events/event_detail.html", {"doc": documentation_for(event)})


@require_safe
def event_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The documentation as a PDF, for whoever may read its page (a draft: its editors)."""
    event = _get_event_for_reader(request, slug)
    pdf = documentation_pdf(request, documentation_for(event))
    etag = f'"{pdf.fingerprint}"'
    if event.is_published and etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(pdf.data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{event.slug}.pdf"'
    if event.is_published:
        response["ETag"] = etag
        patch_cache_control(response, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    content = tag_page(tag)
    if not any(content.values()):
        raise Http404
    return render(request, "events/tag_detail.html", {"tag": tag, **content})
