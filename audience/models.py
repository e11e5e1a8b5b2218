"""Audience questions (Publikumsfragen) for panels and talks.

A QuestionRound puts one event's question time on a join code of the shared namespace
(live.codes). Participants on their phones send short questions and upvote those of others, once
each; staff release or hide them, mark them answered and pin the one being discussed. Published
questions become the documentation's own ``events.Quote`` rows in one ``events.QuoteGroup``: the
public page shows them, anonymous. Tallies are always aggregated from the Upvote rows.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event, Quote, QuoteGroup, Session
from live.codes import PATTERN as CODE_PATTERN
from live.codes import free_code
from live.models import Joinable, Projected

TEXT_MAX_LENGTH = 280


def generate_round_code() -> str:
    """A fresh code that no round, poll run or dot-vote uses (the first migration names it)."""
    return free_code()


class QuestionRound(Joinable, Projected):
    """The audience's questions to one panel or talk, under one join code."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In Vorbereitung")
        LIVE = "live", _("Läuft")
        FINISHED = "finished", _("Beendet")

    class DocumentedAs(models.TextChoices):
        # The context the published quotes get (events.Quote.Context).
        PLENARY = Quote.Context.PLENARY.value, _("Plenum")
        PANEL = Quote.Context.PANEL.value, _("Podium")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="question_rounds",
        verbose_name=_("Veranstaltung"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Arbeitsphase"),
        help_text=_("Optional: das Podium oder der Programmpunkt, zu dem gefragt wird."),
    )
    title = models.CharField(_("Titel"), max_length=300)
    code = models.CharField(
        _("Code"),
        max_length=12,
        unique=True,
        default=generate_round_code,
        validators=[
            RegexValidator(CODE_PATTERN, _("4 bis 12 Großbuchstaben oder Ziffern, z. B. PODIUM."))
        ],
        help_text=_("Kurzer Code für den Link; nach dem Anlegen nicht mehr änderbar."),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    premoderated = models.BooleanField(
        _("Fragen erst nach Freigabe zeigen"),
        default=True,
        help_text=_("Jede Frage erscheint erst, wenn die Moderation sie freigibt."),
    )
    documented_as = models.CharField(
        _("In der Dokumentation als"),
        max_length=20,
        choices=DocumentedAs.choices,
        default=DocumentedAs.PLENARY,
    )
    pinned = models.ForeignKey(
        "AudienceQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Angeheftete Frage"),
    )
    # The group the published questions stand in; gone when an editor deleted it (then the
    # next publishing makes a new one).
    quote_group = models.ForeignKey(
        QuoteGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Zitatgruppe"),
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    started_at = models.DateTimeField(_("Begonnen am"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Beendet am"), null=True, blank=True)
    published_at = models.DateTimeField(_("Veröffentlicht am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Fragerunde")
        verbose_name_plural = _("Fragerunden (Publikumsfragen)")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=CODE_PATTERN), name="question_round_code_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("audience:participant", args=[self.code])

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE

    @property
    def is_over_in_draft(self) -> bool:
        """Finished while the event's documentation is still a draft: its live pages answer only
        the staff who run it (live.staff.reachable). Select the event with the round."""
        return self.status == self.Status.FINISHED and not self.event.is_published


class AudienceParticipant(models.Model):
    """Someone who asked or upvoted: written with their first action. Only an HMAC of their
    random cookie token is stored (live.participants): no name, no address."""

    round = models.ForeignKey(QuestionRound, on_delete=models.CASCADE, related_name="participants")
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "token_hash"], name="unique_audience_participant_token_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round.code}/{self.pk}"


class AudienceQuestion(models.Model):
    """One question from the audience. Pending ones (of a premoderated round) and hidden ones
    never leave the server except to staff."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wartet auf Freigabe")
        RELEASED = "released", _("Freigegeben")
        HIDDEN = "hidden", _("Verborgen")

    round = models.ForeignKey(QuestionRound, on_delete=models.CASCADE, related_name="questions")
    # Purged with the participants after the retention period; what was published stays in the
    # documentation as a Quote.
    participant = models.ForeignKey(
        AudienceParticipant, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("Frage"), max_length=TEXT_MAX_LENGTH)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    answered_at = models.DateTimeField(_("Beantwortet am"), null=True, blank=True)
    created_at = models.DateTimeField(_("Gestellt am"), auto_now_add=True)
    # Chosen by staff for the documentation; ``quote`` is its row there once published.
    documented = models.BooleanField(_("In die Dokumentation"), default=False)
    quote = models.ForeignKey(
        Quote,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Zitat in der Dokumentation"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Publikumsfrage")
        verbose_name_plural = _("Publikumsfragen")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="audience_question_not_empty"),
        ]
        indexes = [models.Index(fields=["round", "status"], name="audience_question_round")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Upvote(models.Model):
    """One participant's vote for one question: at most one, the database says so."""

    question = models.ForeignKey(AudienceQuestion, on_delete=models.CASCADE, related_name="upvotes")
    participant = models.ForeignKey(
        AudienceParticipant, on_delete=models.CASCADE, related_name="upvotes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Stimme")
        verbose_name_plural = _("Stimmen")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "participant"], name="unique_upvote_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}+{self.participant_id}"
