from django.urls import path

from engagement_portal.lib.robots import noindex_all
from live.projector import projector_view_switch
from polls import views
from polls.models import PollRun

app_name = "polls"

# Live pages of a room's hour: never in a search engine (robots.txt keeps crawlers out too).
urlpatterns = noindex_all(
    [
        path("", views.join, name="join"),
        path("event/<slug:slug>/", views.event_polls, name="event"),
        path("counts/<int:poll_id>/", views.hand_counts, name="hand_counts"),
        path("<str:code>/", views.participant, name="participant"),
        path("<str:code>/question/", views.question_fragment, name="question"),
        path("<str:code>/question/shared/", views.question_shared, name="question_shared"),
        path("<str:code>/answer/", views.answer, name="answer"),
        path("<str:code>/state.json", views.state, name="state"),
        path("<str:code>/events/", views.events, name="events"),
        path("<str:code>/projector/", views.projector, name="projector"),
        path("<str:code>/projector/live/", views.projector_fragment, name="projector_live"),
        path("<str:code>/staff/", views.staff, name="staff"),
        path(
            "<str:code>/projector/view/",
            projector_view_switch(PollRun, "polls:staff"),
            name="projector_view",
        ),
        path("<str:code>/staff/live/", views.staff_fragment, name="staff_live"),
        path("<str:code>/control/", views.control, name="control"),
        path("<str:code>/moderate/", views.moderate, name="moderate"),
        path("<str:code>/moderate/texts/", views.moderate_fragment, name="moderate_texts"),
        path("<str:code>/questions/new/", views.question_new, name="question_new"),
        path("<str:code>/publish/<int:question_id>/", views.publish, name="publish"),
    ]
)
