from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event, Ordered
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
    """One answer on the framework's scale (ja, eher ja, …), best first; score counts it."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="scale")
    value = models.SlugField(_("Wert"), max_length=40)
    label = models.CharField(_("Bezeichnung"), max_length=100)
    score = models.PositiveSmallIntegerField(_("Punktwert"), default=0)

    class Meta(Ordered.Meta):
        verbose_name = _("Antwortstufe")
        verbose_name_plural = _("Antwortskala")
        constraints = [
            models.UniqueConstraint(fields=["framework", "value"], name="unique_scale_value")
        ]

    def __str__(self) -> str:
        return self.label


class MaturityLevel(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField(_("Stufe"))
    title = models.CharField(_("Bezeichnung"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        ordering = ["framework", "rank"]
        verbose_name = _("Reifegrad")
        verbose_name_plural = _("Reifegrade")
        constraints = [
            models.UniqueConstraint(fields=["framework", "rank"], name="unique_level_rank")
        ]

    def __str__(self) -> str:
        return self.title


class Field(Ordered):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="fields")
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
    field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="criteria")
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


class Assessment(models.Model):
    """A municipality's Standortbestimmung in a framework, possibly discussed at an event."""

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

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("Selbstcheck")
        verbose_name_plural = _("Selbstchecks")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.event_id:
            return reverse("events:detail", args=[self.event.slug]) + "#selbstcheck"
        return ""


class Respondent(Ordered):
    """An office that answered the questionnaire (Dezernat, Amt); a name only where published."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="respondents")
    unit = models.CharField(_("Organisationseinheit"), max_length=300)
    function = models.CharField(_("Funktion"), max_length=300, blank=True)
    name = models.CharField(_("Name"), max_length=200, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("Befragte Stelle")
        verbose_name_plural = _("Befragte Stellen")

    def __str__(self) -> str:
        return self.unit


class FieldResult(Ordered):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="field_results"
    )
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="results")
    level = models.ForeignKey(
        MaturityLevel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Reifegrad"),
    )
    narrative = models.TextField(_("Einschätzung"), blank=True)
    chosen = models.BooleanField(_("Für die Weiterarbeit gewählt"), default=False)

    class Meta(Ordered.Meta):
        verbose_name = _("Ergebnis je Handlungsfeld")
        verbose_name_plural = _("Ergebnisse je Handlungsfeld")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "field"], name="unique_field_result")
        ]

    def __str__(self) -> str:
        return str(self.field)


class Rating(models.Model):
    """The aggregated rating of one criterion in one assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="ratings")
    value = models.ForeignKey(
        ScaleStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("Bewertung")
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
