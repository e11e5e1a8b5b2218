from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    """What the live features (voting, polls, audience) share: join codes in one namespace,
    the participant's anonymous identity, the refusal they answer with. Below them all; imports
    none of them."""

    name = "live"
    verbose_name = _("Live-Beteiligung")

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_delete

        from live.models import Joinable, code_release

        for model in apps.get_models():
            if issubclass(model, Joinable):
                post_delete.connect(code_release, sender=model, dispatch_uid=f"code:{model}")
