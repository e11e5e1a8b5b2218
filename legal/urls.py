from django.urls import path

from legal import views
from legal.models import LegalPage

app_name = "legal"

# Stable German addresses, the same in both languages.
urlpatterns = [
    path("impressum/", views.legal_page, {"kind": LegalPage.Kind.IMPRINT}, name="imprint"),
    path("datenschutz/", views.legal_page, {"kind": LegalPage.Kind.PRIVACY}, name="privacy"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("barrierefreiheit/rueckmeldung/", views.feedback, name="feedback"),
    path(
        "leichte-sprache/",
        views.legal_page,
        {"kind": LegalPage.Kind.EASY_LANGUAGE},
        name="easy_language",
    ),
    path("gebaerdensprache/", views.sign_language, name="sign_language"),
]
