from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    """What the live features (voting, polls, audience) share: join codes in one namespace,
    the participant's anonymous identity, the refusal they answer with. Below them all; imports
    none of them."""

    name = "live"
    verbose_name = _("Live-Beteiligung")
