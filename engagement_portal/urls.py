from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

handler400 = "engagement_portal.errors.bad_request"
handler403 = "engagement_portal.errors.permission_denied"
handler404 = "engagement_portal.errors.page_not_found"
handler500 = "engagement_portal.errors.server_error"

admin.site.site_header = _("Engagement-Portal: Redaktion")
admin.site.site_title = _("Engagement-Portal")
admin.site.index_title = _("Veranstaltungen dokumentieren")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The live endpoints first: phones and projectors call them several times a second.
    path("vote/", include("voting.urls")),
    path("poll/", include("polls.urls")),
    path("", include("events.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("stakeholders/", include("stakeholders.urls")),
    path("selbstcheck/", include("assessments.urls")),
]
