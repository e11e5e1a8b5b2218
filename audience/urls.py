from django.urls import path

from audience import views
from audience.models import QuestionRound
from engagement_portal.lib.robots import noindex_all
from live.projector import projector_view_switch

app_name = "audience"

# Live pages of a room's hour: never in a search engine (robots.txt keeps crawlers out too).
urlpatterns = noindex_all(
    [
        path("", views.join, name="join"),
        path("event/<slug:slug>/", views.event_rounds, name="event"),
        path("<str:code>/", views.participant, name="participant"),
        path("<str:code>/ask/", views.ask, name="ask"),
        path("<str:code>/upvote/", views.upvote, name="upvote"),
        path("<str:code>/state.json", views.state, name="state"),
        path("<str:code>/projector/", views.projector, name="projector"),
        path("<str:code>/staff/", views.staff, name="staff"),
        path(
            "<str:code>/projector/view/",
            projector_view_switch(QuestionRound, "audience:staff"),
            name="projector_view",
        ),
        path("<str:code>/staff/live/", views.staff_fragment, name="staff_live"),
        path("<str:code>/control/", views.control, name="control"),
        path("<str:code>/moderate/", views.moderate, name="moderate"),
        path("<str:code>/publish/", views.publish, name="publish"),
    ]
)
