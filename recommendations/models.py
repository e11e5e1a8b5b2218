from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from events.models import Event, Ordered
from stakeholders.models import Municipality, Network


class Strategy(models.Model):
    """The process several events belong to: "Engagementstrategie Hagen"."""

    name = models.CharField(_("Name"), max_length=300)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategies",
        verbose_name=_("Kommune"),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategies",
        verbose_name=_("Netzwerk"),
    )
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Strategie")
        verbose_name_plural = _("Strategien")

    def __str__(self) -> str:
        return self.name


class ActionField(Ordered):
    """A numbered group of recommendations: 3.1 "Engagement anerkennen"."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="action_fields")
    number = models.CharField(_("Nummer"), max_length=20)
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"], name="unique_action_field_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Vorgeschlagen")
    IN_PROGRESS = "in_progress", _("Ist in Umsetzung")
    EXISTS = "exists", _("Gibt es schon")
    IMPLEMENTED = "implemented", _("Umgesetzt")
    DROPPED = "dropped", _("Nicht weiter verfolgt")


class RecommendationQuerySet(models.QuerySet):
    def public(self):
        """Recommendations of strategies that have at least one published event."""
        return self.filter(strategy__events__status=Event.Status.PUBLISHED).distinct()


class Recommendation(Ordered):
    """A Handlungsempfehlung: lives in a strategy and across events."""

    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("Strategie"),
    )
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("Handlungsfeld"),
    )
    slug = models.SlugField(_("Kurzname"), max_length=160, unique=True)
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    # Empty: the documentation names no status (most recommendations of a strategy's paper);
    # then the pages show none rather than a default as if it were a fact.
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, blank=True, default=""
    )
    responsible = models.CharField(_("Verantwortlich"), max_length=300, blank=True)
    next_steps = models.TextField(_("Nächste Schritte"), blank=True)
    tags = TaggableManager(_("Themen"), blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta(Ordered.Meta):
        verbose_name = _("Handlungsempfehlung")
        verbose_name_plural = _("Handlungsempfehlungen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recommendations:detail", args=[self.slug])


class StatusChange(models.Model):
    """One step in a recommendation's history. Examples are shown to staff only."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices)
    date = models.DateField(_("Datum"))
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_changes",
        verbose_name=_("Veranstaltung"),
    )
    note = models.TextField(_("Anmerkung"), blank=True)
    is_example = models.BooleanField(
        _("Beispiel"),
        default=False,
        help_text=_("Demonstrationseintrag: wird nur in der Redaktion gezeigt, nie öffentlich."),
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusverlauf")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.get_status_display()}"


class Addition(Ordered):
    """An addition, question or remark participants made to a recommendation at an event."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="additions"
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="additions", verbose_name=_("Veranstaltung")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    text = models.TextField(_("Ergänzung"))

    class Meta(Ordered.Meta):
        verbose_name = _("Ergänzung")
        verbose_name_plural = _("Ergänzungen")

    def __str__(self) -> str:
        return self.text[:80]


class Priority(Ordered):
    """Points one item got at one event, from paper dots or a live vote."""

    class Source(models.TextChoices):
        PAPER = "paper", _("Papier")
        LIVE = "live", _("Live")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("Veranstaltung")
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="priorities",
        verbose_name=_("Handlungsempfehlung"),
    )
    label = models.CharField(
        _("Freies Thema"),
        max_length=300,
        blank=True,
        help_text=_("Nur wenn nicht über eine Handlungsempfehlung abgestimmt wurde."),
    )
    source = models.CharField(
        _("Quelle"), max_length=10, choices=Source.choices, default=Source.PAPER
    )
    points = models.PositiveIntegerField(_("Punkte"))
    voters = models.PositiveIntegerField(_("Abstimmende"), null=True, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("Bepunktung")
        verbose_name_plural = _("Priorisierung (Punkte)")
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__isnull=False) | ~Q(label=""),
                name="priority_has_recommendation_or_label",
            ),
            models.UniqueConstraint(
                fields=["event", "recommendation", "source"],
                condition=Q(recommendation__isnull=False),
                name="unique_priority_per_recommendation",
            ),
            models.UniqueConstraint(
                fields=["event", "label", "source"],
                condition=Q(recommendation__isnull=True),
                name="unique_priority_per_label",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_title}: {self.points}"

    @property
    def item_title(self) -> str:
        return self.recommendation.title if self.recommendation_id else self.label
