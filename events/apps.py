from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Veranstaltungen")

    def ready(self) -> None:
        from events.history import register_documentation_models

        register_documentation_models()

        from events.models import Event
        from events.pdf import delete_cached_pdfs

        # A deleted documentation's PDFs go with it.
        post_delete.connect(delete_cached_pdfs, sender=Event, dispatch_uid="events.pdf.cache")
