from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from engagement_portal import password_reset
from engagement_portal.admin_views import view_on_site
from engagement_portal.crawlers import favicon, robots_txt
from engagement_portal.health import healthz
from engagement_portal.sitemaps import SITEMAPS

handler400 = "engagement_portal.errors.bad_request"
handler403 = "engagement_portal.errors.permission_denied"
handler404 = "engagement_portal.errors.page_not_found"
handler500 = "engagement_portal.errors.server_error"

admin.site.site_header = _("Engagement-Portal: Redaktion")
admin.site.site_title = _("Engagement-Portal")
admin.site.index_title = _("Veranstaltungen dokumentieren")

# Without a language: the machines' addresses and the photos and files (uploads/views.py checks
# each one's event).
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("favicon.ico", favicon, name="favicon"),
    path("media/", include("uploads.urls")),
    # The open-data files (opendata/file_urls.py); their page is below, in each language.
    path("open-data/", include("opendata.file_urls")),
]

# Every page in German without a prefix (/events/…) and in English under /en/ (/en/events/…):
# the address alone decides the language (LocaleMiddleware activates German on every address
# without a prefix, whatever Accept-Language or a cookie say), so a page can be linked, cached
# and found in each language. The admin and the live pages too: /en/admin/, /en/vote/<code>/.
urlpatterns += i18n_patterns(
    # Before the admin's own: "view on site" only for objects the editor may view.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    # The documentation editor (authoring/): one page per documentation.
    path("admin/dokumentation/", include("authoring.urls")),
    # A forgotten staff password (the admin's login page links the first when it exists).
    path("admin/password_reset/", password_reset.password_reset, name="admin_password_reset"),
    path(
        "admin/password_reset/done/",
        password_reset.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        password_reset.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        password_reset.password_reset_complete,
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    # The live endpoints first: phones and projectors call them several times a second.
    path("vote/", include("voting.urls")),
    path("poll/", include("polls.urls")),
    path("fragen/", include("audience.urls")),
    path("", include("events.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("stakeholders/", include("stakeholders.urls")),
    path("selbstcheck/", include("assessments.urls")),
    path("", include("legal.urls")),
    path("open-data/", include("opendata.urls")),
    prefix_default_language=False,
)
