"""What crawlers and browsers ask the site's root for: robots.txt and favicon.ico.

robots.txt names the sitemap and keeps crawlers out of the admin, the live pages (dot-votes,
polls, audience questions: a room's pages of an hour) and the Selbstcheck questionnaires (private
links). Those pages also answer with ``X-Robots-Tag: noindex``, for crawlers that ignore
robots.txt or reach them by a link.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from engagement_portal.lib.addresses import absolute

# The first address of each area crawlers stay out of, reversed in every language.
PRIVATE_AREAS = ["admin:index", "voting:join", "polls:join", "audience:join"]
QUESTIONNAIRE = ("assessments:questionnaire", ["token"])


def _private_prefixes() -> list[str]:
    prefixes = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            prefixes += [reverse(name) for name in PRIVATE_AREAS]
            # /selbstcheck/fragebogen/<token>/ → /selbstcheck/fragebogen/
            name, args = QUESTIONNAIRE
            prefixes.append(reverse(name, args=args).removesuffix(f"{args[0]}/"))
    return prefixes


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}" for prefix in _private_prefixes()]
    lines += ["", f"Sitemap: {absolute(request, reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and feed readers ask for /favicon.ico before reading any page's icon link."""
    return HttpResponseRedirect(static("favicon.ico"))
