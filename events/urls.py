from django.urls import path

from events import views
from events.feeds import LatestDocumentationsFeed

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/", views.event_list, name="list"),
    path("events/feed/", LatestDocumentationsFeed(), name="feed"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/pdf/", views.event_pdf, name="pdf"),
    # Tag slugs keep umlauts ("aktionsräume"), so any text without a slash is accepted.
    path("tags/<str:slug>/", views.tag_detail, name="tag"),
]
