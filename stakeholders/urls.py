from django.urls import path

from stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.stakeholder_index, name="index"),
    path("municipalities/<slug:slug>/", views.municipality_detail, name="municipality"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("practice-examples/<slug:slug>/", views.practice_example_detail, name="practice_example"),
]
