from django.urls import path

from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("<slug:slug>/", views.recommendation_detail, name="detail"),
]
