"""Live dot-voting (Live-Bepunktung).

A facilitator opens a DotVote over items (recommendations or free labels); each participant joins
without an account, gets a budget of dots and places at most ``cap_per_item`` on one item. Totals
are always aggregated from the Ballot rows; no running counter is kept that could drift.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from live.codes import PATTERN, generate_code
from live.models import Joinable, Projected
from recommendations.models import Priority, Recommendation

# A hard ceiling the database enforces; the vote's own budget and cap are checked under lock.
MAX_DOTS = 50
# The codes' form and making are the live core's (the first migration names generate_code here).
CODE_PATTERN = PATTERN


class DotVote(Joinable, Projected):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In Vorbereitung")
        OPEN = "open", _("Offen")
        CLOSED = "closed", _("Geschlossen")
        PUBLISHED = "published", _("Veröffentlicht")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="dot_votes", verbose_name=_("Veranstaltung")
    )
    title = models.CharField(_("Titel"), max_length=300)
    code = models.CharField(
        _("Code"),
        max_length=12,
        unique=True,
        default=generate_code,
        validators=[
            RegexValidator(CODE_PATTERN, _("4 bis 12 Großbuchstaben oder Ziffern, z. B. HAGEN22."))
        ],
        help_text=_("Kurzer Code für den Link; nach dem Anlegen nicht mehr änderbar."),
    )
    dots_per_participant = models.PositiveSmallIntegerField(
        _("Punkte pro Person"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DOTS)],
    )
    cap_per_item = models.PositiveSmallIntegerField(
        _("Höchstens pro Eintrag"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DOTS)],
    )
    results_hidden = models.BooleanField(
        _("Ergebnis verbergen"),
        default=False,
        help_text=_("Das Ergebnis wird erst gezeigt, wenn die Moderation es aufdeckt."),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    opened_at = models.DateTimeField(_("Geöffnet am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("Geschlossen am"), null=True, blank=True)
    published_at = models.DateTimeField(_("Veröffentlicht am"), null=True, blank=True)
    # The snapshot taken when publishing; it stays when the ballots are deleted after retention.
    participants_final = models.PositiveIntegerField(_("Teilnehmende"), null=True, blank=True)
    voters_final = models.PositiveIntegerField(_("Abstimmende"), null=True, blank=True)
    purged_at = models.DateTimeField(_("Einzelstimmen gelöscht am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Live-Bepunktung")
        verbose_name_plural = _("Live-Bepunktungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(dots_per_participant__gte=1, dots_per_participant__lte=MAX_DOTS),
                name="dot_vote_budget_in_range",
            ),
            models.CheckConstraint(
                condition=Q(cap_per_item__gte=1, cap_per_item__lte=F("dots_per_participant")),
                name="dot_vote_cap_within_budget",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="dot_vote_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=CODE_PATTERN), name="dot_vote_code_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("voting:participant", args=[self.code])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_over_in_draft(self) -> bool:
        """Closed or published while the event's documentation is still a draft: then its live
        pages answer only the staff who run it (the room has seen what it needed; the rest is
        the documentation's, not yet public). Select the event with the vote."""
        over = self.status in (self.Status.CLOSED, self.Status.PUBLISHED)
        return over and not self.event.is_published

    def open(self) -> None:
        """Accept ballots (again). Call through services.dot_vote_open, which holds the lock."""
        self.status = self.Status.OPEN
        self.opened_at = self.opened_at or timezone.now()
        self.save(update_fields=["status", "opened_at"])

    def close(self) -> None:
        """Stop accepting ballots. Call through services.dot_vote_close, which holds the lock."""
        self.status = self.Status.CLOSED
        self.closed_at = timezone.now()
        self.save(update_fields=["status", "closed_at"])


class VoteItem(models.Model):
    """One thing to put dots on: a recommendation, or a free label (a theme, an action field)."""

    vote = models.ForeignKey(DotVote, on_delete=models.CASCADE, related_name="items")
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vote_items",
        verbose_name=_("Handlungsempfehlung"),
    )
    label = models.CharField(
        _("Freies Thema"),
        max_length=300,
        blank=True,
        help_text=_("Nur wenn nicht über eine Handlungsempfehlung abgestimmt wird."),
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("Eintrag")
        verbose_name_plural = _("Einträge")
        constraints = [
            models.CheckConstraint(
                condition=(Q(recommendation__isnull=False) & Q(label=""))
                | (Q(recommendation__isnull=True) & ~Q(label="")),
                name="vote_item_recommendation_xor_label",
            ),
            models.UniqueConstraint(
                fields=["vote", "recommendation"],
                condition=Q(recommendation__isnull=False),
                name="unique_vote_item_recommendation",
            ),
            models.UniqueConstraint(
                fields=["vote", "label"],
                condition=Q(recommendation__isnull=True),
                name="unique_vote_item_label",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """Select the recommendation with the item, or this reads it once per item."""
        return self.recommendation.title if self.recommendation_id else self.label


class Participant(models.Model):
    """Someone who placed a dot: the row is written with the first one (opening the page writes
    nothing). Only an HMAC of their random cookie token is stored: no name, no IP address, no
    user agent."""

    vote = models.ForeignKey(DotVote, on_delete=models.CASCADE, related_name="participants")
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "token_hash"], name="unique_participant_token_per_vote"
            )
        ]

    def __str__(self) -> str:
        return f"{self.vote.code}/{self.pk}"


class Ballot(models.Model):
    """The dots one participant has on one item. No row means zero dots."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ballots")
    item = models.ForeignKey(VoteItem, on_delete=models.CASCADE, related_name="ballots")
    dots = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("Stimme")
        verbose_name_plural = _("Stimmen")
        constraints = [
            models.UniqueConstraint(fields=["participant", "item"], name="unique_ballot_per_item"),
            models.CheckConstraint(
                condition=Q(dots__gte=1, dots__lte=MAX_DOTS), name="ballot_dots_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.dots}"


class PaperCount(models.Model):
    """Dots placed on paper in the room for one item, typed in by staff (hybrid events)."""

    item = models.OneToOneField(VoteItem, on_delete=models.CASCADE, related_name="paper_count")
    dots = models.PositiveIntegerField(_("Punkte auf Papier"))

    class Meta:
        verbose_name = _("Papierpunkte")
        verbose_name_plural = _("Papierpunkte")

    def __str__(self) -> str:
        return f"{self.item}: {self.dots}"


class VoteResult(models.Model):
    """The published result of one item, frozen at publishing; kept after the ballots are deleted.

    Links the Priority rows publishing wrote, so that reopening removes exactly those.
    """

    item = models.OneToOneField(VoteItem, on_delete=models.CASCADE, related_name="result")
    dots = models.PositiveIntegerField(_("Punkte (live)"))
    voters = models.PositiveIntegerField(_("Abstimmende (live)"))
    paper_dots = models.PositiveIntegerField(_("Punkte auf Papier"), default=0)
    live_priority = models.OneToOneField(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paper_priority = models.OneToOneField(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Veröffentlichtes Ergebnis")
        verbose_name_plural = _("Veröffentlichte Ergebnisse")

    def __str__(self) -> str:
        return f"{self.item}: {self.dots} + {self.paper_dots}"
