from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthoringConfig(AppConfig):
    """The documentation editor: one admin page per documentation (above events, uploads and
    the live features, which it only calls)."""

    name = "authoring"
    verbose_name = _("Dokumentation bearbeiten")
