from django.urls import path

from voting import views

app_name = "voting"

urlpatterns = [
    path("", views.join, name="join"),
    path("<str:code>/", views.participant, name="participant"),
    path("<str:code>/ballot/", views.ballot, name="ballot"),
    path("<str:code>/results.json", views.results, name="results"),
    path("<str:code>/projector/", views.projector, name="projector"),
    path("<str:code>/control/", views.control, name="control"),
    path("<str:code>/paper/", views.paper, name="paper"),
]
