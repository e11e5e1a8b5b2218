from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    """What the live features (voting, polls) share: join codes in one namespace, the
    participant's anonymous identity, the refusal they answer with. Below both; imports
    neither."""

    name = "live"
    verbose_name = _("Live-Beteiligung")
