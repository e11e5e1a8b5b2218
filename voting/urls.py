from django.urls import path

from engagement_portal.lib.robots import noindex_all
from live.projector import projector_view_switch
from voting import views
from voting.models import DotVote

app_name = "voting"

# Live pages of a room's hour: never in a search engine (robots.txt keeps crawlers out too).
urlpatterns = noindex_all(
    [
        path("", views.join, name="join"),
        path("<str:code>/", views.participant, name="participant"),
        path("<str:code>/ballot/", views.ballot, name="ballot"),
        path("<str:code>/results.json", views.results, name="results"),
        path("<str:code>/state.json", views.state, name="state"),
        path("<str:code>/events/", views.events, name="events"),
        path("<str:code>/projector/", views.projector, name="projector"),
        path("<str:code>/staff/", views.staff, name="staff"),
        path(
            "<str:code>/projector/view/",
            projector_view_switch(DotVote, "voting:staff"),
            name="projector_view",
        ),
        path("<str:code>/control/", views.control, name="control"),
        path("<str:code>/paper/", views.paper, name="paper"),
    ]
)
