from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from recommendations.models import Recommendation


def recommendation_list(request: HttpRequest) -> HttpResponse:
    recommendations = Recommendation.objects.public().select_related("strategy", "action_field")
    return render(
        request, "recommendations/recommendation_list.html", {"recommendations": recommendations}
    )


def recommendation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    recommendation = get_object_or_404(
        Recommendation.objects.public().select_related("strategy", "action_field"), slug=slug
    )
    return render(
        request, "recommendations/recommendation_detail.html", {"recommendation": recommendation}
    )
