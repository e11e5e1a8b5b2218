from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from events.search import prepare, search_recommendations
from recommendations.filters import RecommendationFilter
from recommendations.selectors import (
    public_recommendations,
    recommendation_history,
    with_public_points,
)

RECOMMENDATIONS_PER_PAGE = 100


def recommendation_list(request: HttpRequest) -> HttpResponse:
    recommendations = with_public_points(public_recommendations()).select_related(
        "strategy", "action_field"
    )
    filterset = RecommendationFilter(request.GET or None, queryset=recommendations)
    recommendations = filterset.qs
    terms = prepare(filterset.search_text)
    if terms:
        recommendations = search_recommendations(recommendations, terms)
    else:
        recommendations = recommendations.order_by(
            "strategy__name", "action_field__order", "action_field__number", "order", "id"
        )
    page = Paginator(recommendations, RECOMMENDATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "recommendations/recommendation_list.html",
        {
            "filter": filterset,
            "page": page,
            "terms": terms,
            "searched": bool(filterset.search_text),
        },
    )


def recommendation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    recommendation = get_object_or_404(
        public_recommendations()
        .select_related("strategy__municipality", "action_field")
        .prefetch_related("tags"),
        slug=slug,
    )
    history = recommendation_history(recommendation)
    siblings = (
        public_recommendations()
        .filter(strategy=recommendation.strategy, action_field=recommendation.action_field)
        .exclude(pk=recommendation.pk)
        .order_by("order", "id")
    )
    return render(
        request,
        "recommendations/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "history": history,
            "total_points": sum(milestone.points for milestone in history),
            "siblings": siblings,
        },
    )
