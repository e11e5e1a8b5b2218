from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Ordered, Session
from stakeholders.models import Municipality


class Framework(models.Model):
    """A self-assessment framework such as "Weltoffene Kommune": fields, criteria, scale, levels."""

    name = models.CharField(_("Name"), max_length=300)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Selbstcheck-Rahmen")
        verbose_name_plural = _("Selbstcheck-Rahmen")

    def __str__(self) -> str:
        return self.name


class ScaleStep(Ordered):
    """One answer on the framework's scale (ja, eher ja, …), best first; score counts it.

    Scores must differ within a framework: answers are aggregated and levels derived on them
    (see assessments/rules.py). "Weltoffene Kommune": ja 3, eher ja 2, eher nein 1, nein 0.
    """

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="scale", verbose_name=_("Rahmen")
    )
    value = models.SlugField(_("Wert"), max_length=40)
    label = models.CharField(_("Bezeichnung"), max_length=100)
    score = models.PositiveSmallIntegerField(
        _("Punktwert"),
        default=0,
        help_text=_("Höher ist besser; jede Antwortstufe hat einen anderen Punktwert."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("Antwortstufe")
        verbose_name_plural = _("Antwortskala")
        constraints = [
            models.UniqueConstraint(fields=["framework", "value"], name="unique_scale_value")
        ]

    def __str__(self) -> str:
        return self.label


class MaturityLevel(models.Model):
    """A maturity level; min_score is the framework's rule for deriving it from ratings.

    A field reaches the highest level whose min_score its mean rating score meets (rules.py).
    A level without min_score is never derived: the programme sets it by hand.
    """

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="levels", verbose_name=_("Rahmen")
    )
    rank = models.PositiveSmallIntegerField(_("Stufe"), help_text=_("1 ist die niedrigste Stufe."))
    title = models.CharField(_("Bezeichnung"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    min_score = models.DecimalField(
        _("Mindest-Durchschnitt"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Ein Handlungsfeld erreicht diese Stufe, wenn der Durchschnitt der Punktwerte "
            "seiner bewerteten Kriterien mindestens so hoch ist. Leer lassen, wenn die Stufe "
            "nur von Hand vergeben wird."
        ),
    )

    class Meta:
        ordering = ["framework", "rank"]
        verbose_name = _("Reifegrad")
        verbose_name_plural = _("Reifegrade")
        constraints = [
            models.UniqueConstraint(fields=["framework", "rank"], name="unique_level_rank"),
            models.CheckConstraint(
                condition=Q(min_score__isnull=True) | Q(min_score__gte=0),
                name="level_min_score_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Field(Ordered):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="fields", verbose_name=_("Rahmen")
    )
    number = models.CharField(_("Nummer"), max_length=20)
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("Handlungsfeld (Selbstcheck)")
        verbose_name_plural = _("Handlungsfelder (Selbstcheck)")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="unique_field_number")
        ]

    def __str__(self) -> str:
        return f"HF {self.number} – {self.title}"


class Criterion(Ordered):
    field = models.ForeignKey(
        Field, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("Handlungsfeld")
    )
    number = models.CharField(_("Nummer"), max_length=20)
    text = models.CharField(_("Kriterium"), max_length=500)

    class Meta(Ordered.Meta):
        verbose_name = _("Kriterium")
        verbose_name_plural = _("Kriterien")
        constraints = [
            models.UniqueConstraint(fields=["field", "number"], name="unique_criterion_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text}"


class AssessmentQuerySet(models.QuerySet):
    def published(self):
        """Public with its workshop: an assessment is published when its event is."""
        return self.filter(event__status=Event.Status.PUBLISHED)

    def annotate_effective_date(self):
        """The assessment's own date, else its workshop's: the order of a municipality's checks."""
        return self.annotate(effective_date=Coalesce("date", "event__date"))


class Assessment(models.Model):
    """A municipality's Standortbestimmung in a framework, possibly discussed at an event.

    It is public exactly when its workshop (event) is published; without an event it stays a
    draft that only the municipality's editors preview.
    """

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("Rahmen")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("Kommune"),
    )
    event = models.OneToOneField(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="self_assessment",
        verbose_name=_("Workshop"),
    )
    title = models.CharField(_("Titel"), max_length=300)
    date = models.DateField(_("Datum"), null=True, blank=True)
    method = models.TextField(_("Erhebung"), blank=True)
    overall_level = models.ForeignKey(
        MaturityLevel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Gesamteinschätzung"),
    )
    overall_summary = models.TextField(_("Gesamtergebnis"), blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("Selbstcheck")
        verbose_name_plural = _("Selbstchecks")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessments:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        """Reads self.event: select_related("event") where this is asked for many."""
        return self.event_id is not None and self.event.is_published


class RespondentQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate answered (criteria with an answer) and total (criteria of the framework)."""
        total = (
            Criterion.objects.filter(field__framework_id=OuterRef("assessment__framework_id"))
            .order_by()
            .values("field__framework_id")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            answered=Count("answers", filter=Q(answers__value__isnull=False)),
            total=Coalesce(Subquery(total), 0),
        )


class Respondent(Ordered):
    """An office that answers the questionnaire (Dezernat, Amt); a name only where published.

    Invited respondents answer through a private link without an account. Only the SHA-256
    hash of the link's token is stored (see assessments/tokens.py), so a lost link is replaced
    by a new one, never shown again.
    """

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="respondents",
        verbose_name=_("Selbstcheck"),
    )
    unit = models.CharField(_("Organisationseinheit"), max_length=300)
    function = models.CharField(_("Funktion"), max_length=300, blank=True)
    name = models.CharField(
        _("Name"),
        max_length=200,
        blank=True,
        help_text=_("Nur eintragen, wenn der Name veröffentlicht werden darf."),
    )
    token_hash = models.CharField(
        _("Link (Prüfsumme)"), max_length=64, null=True, blank=True, unique=True, editable=False
    )
    token_expires_at = models.DateTimeField(
        _("Link gültig bis"),
        null=True,
        blank=True,
        help_text=_("Verlängern, um einen abgelaufenen Link wieder zu öffnen."),
    )
    invited_at = models.DateTimeField(_("Eingeladen am"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(
        _("Als fertig gemeldet am"), null=True, blank=True, editable=False
    )

    objects = RespondentQuerySet.as_manager()

    class Meta(Ordered.Meta):
        verbose_name = _("Befragte Stelle")
        verbose_name_plural = _("Befragte Stellen")

    def __str__(self) -> str:
        return self.unit

    def link_is_valid(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(self.token_hash and self.token_expires_at and self.token_expires_at > now)

    def revoke_link(self) -> None:
        """Close the private link at once (e.g. sent to the wrong person); answers are kept."""
        self.token_expires_at = timezone.now()
        self.save(update_fields=["token_expires_at"])

    def mark_finished(self) -> None:
        """The respondent says they are done; they may still change answers while the link lives."""
        self.finished_at = timezone.now()
        self.save(update_fields=["finished_at"])


class Answer(models.Model):
    """One respondent's answer to one criterion; private to the respondent and the editors."""

    respondent = models.ForeignKey(
        Respondent,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("Befragte Stelle"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("Kriterium")
    )
    value = models.ForeignKey(
        ScaleStep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Antwort"),
    )
    comment = models.TextField(_("Anmerkung"), blank=True)
    updated_at = models.DateTimeField(_("Gespeichert am"), auto_now=True)

    class Meta:
        ordering = ["criterion__field__order", "criterion__order", "criterion_id"]
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        constraints = [
            models.UniqueConstraint(fields=["respondent", "criterion"], name="unique_answer"),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(comment=""),
                name="answer_has_value_or_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.respondent}: {self.criterion.number}"


class FieldResult(Ordered):
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="field_results",
        verbose_name=_("Selbstcheck"),
    )
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="results", verbose_name=_("Handlungsfeld")
    )
    level = models.ForeignKey(
        MaturityLevel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Reifegrad"),
    )
    level_set_by_hand = models.BooleanField(
        _("Reifegrad von Hand gesetzt"),
        default=False,
        help_text=_(
            "Angekreuzt: die Auswertung des Fragebogens lässt den Reifegrad unverändert "
            "(z. B. wenn das Programm ihn festgelegt hat)."
        ),
    )
    narrative = models.TextField(_("Einschätzung"), blank=True)
    chosen = models.BooleanField(_("Für die Weiterarbeit gewählt"), default=False)
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="field_results",
        verbose_name=_("Arbeitsgruppe im Workshop"),
        help_text=_("Die Arbeitsgruppe, die das Handlungsfeld im Workshop vertieft hat."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("Ergebnis je Handlungsfeld")
        verbose_name_plural = _("Ergebnisse je Handlungsfeld")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "field"], name="unique_field_result")
        ]

    def __str__(self) -> str:
        return str(self.field)

    def clean(self) -> None:
        errors = {}
        if self.level_id and self.field_id and self.level.framework_id != self.field.framework_id:
            errors["level"] = _("Der Reifegrad gehört zu einem anderen Selbstcheck-Rahmen.")
        if self.session_id and self.session.event_id != self.assessment.event_id:
            errors["session"] = _(
                "Die Arbeitsgruppe gehört nicht zum Workshop dieses Selbstchecks."
            )
        if errors:
            raise ValidationError(errors)


class Rating(models.Model):
    """The aggregated rating of one criterion in one assessment.

    answer_count is how many questionnaire answers it aggregates; empty when it was entered
    as a result (e.g. imported from a published documentation).
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("Selbstcheck")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("Kriterium")
    )
    value = models.ForeignKey(
        ScaleStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("Bewertung")
    )
    answer_count = models.PositiveSmallIntegerField(
        _("Anzahl Antworten"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["criterion__field__order", "criterion__order", "criterion_id"]
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_rating")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
