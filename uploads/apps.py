from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    name = "uploads"
    verbose_name = _("Fotos und Dateien")

    def ready(self):
        from uploads.models import Attachment, Photo
        from uploads.services import delete_stored_files

        # A photo's files go with its row, however the row goes: deleted in the admin, with its
        # event (a cascade calls no delete()), or replaced by an import. A withdrawn consent must
        # remove the picture itself, not only its row.
        for model in (Photo, Attachment):
            post_delete.connect(
                delete_stored_files, sender=model, dispatch_uid=f"uploads.files.{model.__name__}"
            )
