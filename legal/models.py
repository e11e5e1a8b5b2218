"""The pages a public body's website must have, and the accessibility feedback citizens send.

Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit, and the explanations in Leichte
Sprache and Deutscher Gebärdensprache that BITV 2.0 asks for. The operator writes them in the
admin (superusers only); a page without the operator's text shows the portal's template
(legal/texts.py).
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def validate_video_address(value: str) -> None:
    """An address on this site (``/media/dgs.mp4``) or an https address of a video file."""
    if re.match(r"^/(?!/)\S*$", value):
        return
    try:
        URLValidator(schemes=["https"])(value)
    except ValidationError:
        raise ValidationError(
            _(
                "Bitte eine Adresse auf diesem Server (beginnt mit /) oder eine https-Adresse "
                "einer Videodatei angeben."
            )
        ) from None


class LegalPage(models.Model):
    class Kind(models.TextChoices):
        IMPRINT = "imprint", _("Impressum")
        PRIVACY = "privacy", _("Datenschutzerklärung")
        ACCESSIBILITY = "accessibility", _("Erklärung zur Barrierefreiheit")
        EASY_LANGUAGE = "easy_language", _("Leichte Sprache")
        SIGN_LANGUAGE = "sign_language", _("Deutsche Gebärdensprache")

    kind = models.CharField(_("Seite"), max_length=20, choices=Kind.choices, unique=True)
    body_de = models.TextField(
        _("Text (Deutsch)"),
        blank=True,
        help_text=_(
            "Leer: Die Seite zeigt die Vorlage des Portals. Absätze durch Leerzeilen trennen, "
            "oder einfaches HTML: h2, h3, h4, p, ul, ol, li, a, strong, em, abbr, mark, table; "
            "alles andere wird entfernt. Stellen in eckigen Klammern sind noch zu ergänzen."
        ),
    )
    body_en = models.TextField(
        _("Text (Englisch)"),
        blank=True,
        help_text=_(
            "Leer: Die englische Seite zeigt den deutschen Text mit einem Hinweis, oder die "
            "englische Vorlage, solange es keinen deutschen Text gibt."
        ),
    )
    video_url = models.CharField(
        _("Video in Deutscher Gebärdensprache"),
        max_length=500,
        blank=True,
        validators=[validate_video_address],
        help_text=_(
            "Adresse einer Videodatei (MP4 oder WebM), am besten auf dem Server der Kommune. Keine "
            "Einbettung von Videoportalen: sie verfolgen die Besucher. Der Text der Seite ist die "
            "Textfassung des Videos."
        ),
    )
    updated_at = models.DateTimeField(_("Geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Pflichtseite")
        verbose_name_plural = _("Pflichtseiten")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(video_url="") | models.Q(kind="sign_language"),
                name="legal_page_video_only_for_sign_language",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse(URL_NAMES[self.kind])

    def clean(self) -> None:
        if self.video_url and self.kind != self.Kind.SIGN_LANGUAGE:
            raise ValidationError(
                {"video_url": _("Ein Video gehört nur zur Seite in Gebärdensprache.")}
            )

    def text(self, language: str) -> str:
        """The operator's text in one language ("de" or "en"), empty when none is written."""
        return (self.body_en if language == "en" else self.body_de).strip()


URL_NAMES = {
    LegalPage.Kind.IMPRINT: "legal:imprint",
    LegalPage.Kind.PRIVACY: "legal:privacy",
    LegalPage.Kind.ACCESSIBILITY: "legal:accessibility",
    LegalPage.Kind.EASY_LANGUAGE: "legal:easy_language",
    LegalPage.Kind.SIGN_LANGUAGE: "legal:sign_language",
}


class AccessibilityFeedback(models.Model):
    """A message sent with the form of the accessibility statement (BITV 2.0 § 7: a feedback
    mechanism). A name and an address only where the sender gave them for a reply; no address
    of the client. Deleted after ACCESSIBILITY_FEEDBACK_RETENTION_DAYS
    (``purge_accessibility_feedback``)."""

    created_at = models.DateTimeField(_("Eingegangen"), auto_now_add=True, db_index=True)
    message = models.TextField(_("Nachricht"))
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse für die Antwort"), blank=True)
    page = models.CharField(_("Betroffene Seite"), max_length=500, blank=True)
    language = models.CharField(_("Sprache"), max_length=8, blank=True)
    mailed_at = models.DateTimeField(_("Per E-Mail weitergeleitet"), null=True, blank=True)
    handled = models.BooleanField(_("Erledigt"), default=False)

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}: {self.message[:60]}"


class FeedbackThrottle(models.Model):
    """One accepted feedback message of a client, counted for the rate limit: a keyed hash of
    the client's address (``client_key``), never the address, and the time. Rows older than
    ACCESSIBILITY_FEEDBACK_WINDOW are deleted at the next message and by the purge command."""

    client = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"
