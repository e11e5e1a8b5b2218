from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from events.models import Event
from events.selectors import published_events


class LatestDocumentationsFeed(Feed):
    """The latest published documentations, as an Atom feed."""

    feed_type = Atom1Feed
    title = _("Engagement-Portal: neue Dokumentationen")
    subtitle = _("Neu veröffentlichte Dokumentationen kommunaler Veranstaltungen.")
    link = reverse_lazy("events:list")

    def items(self):
        return published_events().order_by("-published_at", "-date")[:20]

    def item_title(self, item: Event) -> str:
        return item.title

    def item_description(self, item: Event) -> str:
        return item.summary

    def item_pubdate(self, item: Event):
        return item.published_at

    def item_updateddate(self, item: Event):
        return item.updated_at
