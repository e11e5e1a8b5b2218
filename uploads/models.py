"""Photos and files that staff upload for an event's documentation.

Each object has a random key; its files are stored under ``photos/<key>/`` or ``files/<key>/``
through Django's storage API (the file system or an S3-compatible store) and reached only through
the portal's media view, which checks that the event is published or the user edits it.
"""

import posixpath
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


def photo_path(photo: "Photo", filename: str) -> str:
    return f"photos/{photo.key}/{filename}"


def attachment_path(attachment: "Attachment", filename: str) -> str:
    return f"files/{attachment.key}/{filename}"


class Photo(models.Model):
    """A photo of the event: the cleaned image (no metadata) and smaller sizes for the page.

    ``sizes`` lists the generated WebP sizes, narrowest first, as
    ``{"width": 480, "height": 320, "name": "photos/<key>/480.webp"}``.
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("Veranstaltung"),
    )
    session = models.ForeignKey(
        "events.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("Neben den Ergebnissen von"),
        help_text=_(
            "Das Foto steht neben den Ergebnissen dieser Arbeitsphase, etwa das Foto ihres "
            "Flipcharts. Leer: in einem Kapitel oder in der Galerie."
        ),
    )
    image = models.FileField(_("Bild"), upload_to=photo_path, max_length=255)
    alt_text = models.CharField(
        _("Alternativtext"),
        max_length=300,
        help_text=_(
            "Was auf dem Bild zu sehen ist, für Menschen, die es nicht sehen: "
            "„Podium mit fünf Personen vor einer Leinwand“."
        ),
    )
    caption = models.TextField(_("Bildunterschrift"), blank=True)
    credit = models.CharField(_("Bildnachweis"), max_length=200, blank=True)
    consent_note = models.CharField(
        _("Einwilligung"),
        max_length=300,
        blank=True,
        help_text=_(
            "Nur für die Redaktion: z. B. „Einwilligung der Abgebildeten liegt vor“. "
            "Personen nur mit ihrer Einwilligung zeigen."
        ),
    )
    width = models.PositiveIntegerField(_("Breite (Pixel)"), default=0, editable=False)
    height = models.PositiveIntegerField(_("Höhe (Pixel)"), default=0, editable=False)
    sizes = models.JSONField(_("Erzeugte Größen"), default=list, editable=False)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    created_at = models.DateTimeField(_("Hochgeladen am"), auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("Foto")
        verbose_name_plural = _("Fotos")
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="photo_has_alt_text"),
        ]

    def __str__(self) -> str:
        return self.alt_text if len(self.alt_text) <= 60 else f"{self.alt_text[:59]}…"

    def clean(self):
        super().clean()
        if self.session_id and self.event_id and self.session.event_id != self.event_id:
            raise ValidationError(
                {"session": _("Die Arbeitsphase gehört zu einer anderen Veranstaltung.")}
            )

    def stored_names(self) -> list[str]:
        """Every file of the photo in the storage: the cleaned image and its sizes."""
        return [self.image.name, *(size["name"] for size in self.sizes)] if self.image else []

    def url_of(self, name: str) -> str:
        return reverse("uploads:photo", args=[self.key, posixpath.basename(name)])

    @cached_property
    def sources(self) -> list[tuple[str, int]]:
        """(address, width) of each generated size, narrowest first."""
        return [(self.url_of(size["name"]), size["width"]) for size in self.sizes]

    @property
    def srcset(self) -> str:
        return ", ".join(f"{url} {width}w" for url, width in self.sources)

    @property
    def src(self) -> str:
        """The size a browser without srcset gets: the widest up to 960 pixels."""
        fitting = [url for url, width in self.sources if width <= 960]
        if fitting:
            return fitting[-1]
        return self.sources[0][0] if self.sources else ""

    @property
    def display_height(self) -> int:
        """The height at the widest generated size, for the page's width and height."""
        return self.sizes[-1]["height"] if self.sizes else self.height

    @property
    def display_width(self) -> int:
        return self.sizes[-1]["width"] if self.sizes else self.width


class Attachment(models.Model):
    """A file of the documentation: slides, an appendix, the original as PDF."""

    class ContentType(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PPTX = (
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            _("PowerPoint-Präsentation"),
        )
        DOCX = (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _("Word-Dokument"),
        )
        XLSX = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _("Excel-Tabelle"),
        )
        ODP = "application/vnd.oasis.opendocument.presentation", _("OpenDocument-Präsentation")
        ODT = "application/vnd.oasis.opendocument.text", _("OpenDocument-Text")
        ODS = "application/vnd.oasis.opendocument.spreadsheet", _("OpenDocument-Tabelle")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("Veranstaltung"),
    )
    title = models.CharField(_("Titel"), max_length=300)
    file = models.FileField(_("Datei"), upload_to=attachment_path, max_length=255)
    content_type = models.CharField(
        _("Dateiart"), max_length=100, choices=ContentType.choices, editable=False
    )
    size = models.PositiveBigIntegerField(_("Größe (Bytes)"), default=0, editable=False)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    created_at = models.DateTimeField(_("Hochgeladen am"), auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("Datei")
        verbose_name_plural = _("Dateien")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="attachment_has_title"),
        ]

    def __str__(self) -> str:
        return self.title

    def stored_names(self) -> list[str]:
        return [self.file.name] if self.file else []

    @property
    def url(self) -> str:
        return reverse("uploads:attachment", args=[self.key, posixpath.basename(self.file.name)])

    @property
    def extension(self) -> str:
        return posixpath.splitext(self.file.name)[1].lstrip(".").upper()
