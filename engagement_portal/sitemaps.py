"""The sitemap (/sitemap.xml): every public page in German and English, each with its other
language (hreflang) and x-default (German).

What is public is what the pages show: the selectors below are the ones the views use, so the
sitemap names no page that answers 404. Each section costs the same few queries whatever its size.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from assessments.models import Assessment
from events.models import Event
from events.selectors import public_practice_examples
from legal.models import URL_NAMES, LegalPage
from recommendations.selectors import public_recommendations
from stakeholders.selectors import public_municipalities, public_organisations


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).netloc
        return super().get_domain(site)


class ListPages(PortalSitemap):
    def items(self):
        return [
            "events:home",
            "events:list",
            "recommendations:list",
            "stakeholders:index",
            "assessments:list",
        ]

    def location(self, item):
        return reverse(item)


class LegalPages(PortalSitemap):
    """The operator's pages; lastmod once the operator has written one."""

    def items(self):
        written = dict(LegalPage.objects.values_list("kind", "updated_at"))
        return [(kind, written.get(kind)) for kind in URL_NAMES]

    def location(self, item):
        return reverse(URL_NAMES[item[0]])

    def lastmod(self, item):
        return item[1]


class Documentations(PortalSitemap):
    def items(self):
        return Event.objects.published().only("slug", "updated_at").order_by("-date", "pk")

    def lastmod(self, event):
        return event.updated_at


class Recommendations(PortalSitemap):
    def items(self):
        return public_recommendations().only("slug").order_by("pk")


class Municipalities(PortalSitemap):
    def items(self):
        return public_municipalities().only("slug")


class Organisations(PortalSitemap):
    def items(self):
        return public_organisations().only("slug")

    def location(self, organisation):
        return reverse("stakeholders:organisation", args=[organisation.slug])


class PracticeExamples(PortalSitemap):
    def items(self):
        return public_practice_examples().only("slug").order_by("pk")


class Assessments(PortalSitemap):
    """The Standortbestimmung of each published Selbstcheck (never the questionnaires)."""

    def items(self):
        return Assessment.objects.published().only("pk").order_by("pk")


SITEMAPS = {
    "lists": ListPages,
    "legal": LegalPages,
    "documentations": Documentations,
    "recommendations": Recommendations,
    "municipalities": Municipalities,
    "organisations": Organisations,
    "practice-examples": PracticeExamples,
    "assessments": Assessments,
}
