import re

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from events.models import Event
from events.selectors import published_events

# Characters XML 1.0 cannot hold; Word pastes a line break within a paragraph as \x0b.
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    return _XML_UNSAFE.sub(" ", text)


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose summaries are plain text (``type="text"``).

    Django's Atom1Feed declares every summary ``type="html"``: the summaries are plain text as
    typed in the admin, so markup in one would reach feed readers as live HTML.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class LatestDocumentationsFeed(Feed):
    """The latest published documentations, as an Atom feed.

    RFC 4287 asks for an author: the portal for the feed, the hosting municipality per entry.
    """

    feed_type = PlainTextAtom1Feed
    title = _("Engagement-Portal: neue Dokumentationen")
    subtitle = _("Neu veröffentlichte Dokumentationen kommunaler Veranstaltungen.")
    link = reverse_lazy("events:list")
    author_name = _("Engagement-Portal")

    def items(self):
        return published_events().order_by("-published_at", "-date")[:20]

    def item_title(self, item: Event) -> str:
        return _xml_text(item.title)

    def item_description(self, item: Event) -> str:
        return _xml_text(item.summary)

    def item_author_name(self, item: Event) -> str:
        return _xml_text(item.municipality.name)

    def item_pubdate(self, item: Event):
        return item.published_at

    def item_updateddate(self, item: Event):
        return item.updated_at
