from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Network(models.Model):
    """A network of municipalities: "Kommunen-Netzwerk: engagiert in NRW", "Weltoffene Kommune"."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Netzwerk")
        verbose_name_plural = _("Netzwerke")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    class Kind(models.TextChoices):
        CITY = "stadt", _("Stadt")
        DISTRICT = "kreis", _("Kreis")
        COMMUNITY = "gemeinde", _("Gemeinde")
        STATE = "land", _("Land")

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    state = models.CharField(_("Bundesland"), max_length=100, blank=True)
    networks = models.ManyToManyField(
        Network, blank=True, related_name="municipalities", verbose_name=_("Netzwerke")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:municipality", args=[self.slug])


class Sector(models.TextChoices):
    ADMINISTRATION = "administration", _("Verwaltung")
    WELFARE = "welfare", _("Wohlfahrtsverband")
    CIVIL_SOCIETY = "civil_society", _("Verein/Initiative")
    MIGRANT_ORG = "migrant_org", _("Migrant*innenorganisation")
    FOUNDATION = "foundation", _("Stiftung")
    BUSINESS = "business", _("Unternehmen")
    SCIENCE = "science", _("Wissenschaft")
    POLITICS = "politics", _("Politik")
    OTHER = "other", _("Sonstige")


class Organisation(models.Model):
    name = models.CharField(_("Name"), max_length=300)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    sector = models.CharField(_("Sektor"), max_length=20, choices=Sector.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("Kommune"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("Übergeordnete Organisation"),
    )
    website = models.URLField(_("Website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A person who appears in a documentation.

    The name is shown to the public only while ``publish_name`` is set; withdrawing the consent
    hides the name on every page at once, because pages read the name through ``public_name``.
    """

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    function = models.CharField(_("Funktion"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("Organisation"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("Kommune"),
    )
    publish_name = models.BooleanField(
        _("Name veröffentlichen"),
        default=False,
        help_text=_(
            "Nur mit Einwilligung oder bei Amts- und Funktionsträger*innen, die die "
            "Dokumentation namentlich nennt."
        ),
    )
    email = models.EmailField(_("E-Mail (dienstlich)"), blank=True)
    phone = models.CharField(_("Telefon (dienstlich)"), max_length=60, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")

    def __str__(self) -> str:
        return self.name

    @property
    def public_name(self) -> str:
        return self.name if self.publish_name else str(_("Name nicht veröffentlicht"))


class EditorMembership(models.Model):
    """Gives a staff user the right to edit one municipality's documentation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="editor_memberships",
        verbose_name=_("Benutzer*in"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="editor_memberships",
        verbose_name=_("Kommune"),
    )

    class Meta:
        verbose_name = _("Redaktionsrecht")
        verbose_name_plural = _("Redaktionsrechte")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="unique_editor_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality}"


class PracticeExample(models.Model):
    class Context(models.TextChoices):
        PRESENTED = "presented", _("Bei der Veranstaltung vorgestellt")
        APPENDIX = "appendix", _("Anhang der Dokumentation")

    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(_("Kurzname"), max_length=160, unique=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_examples",
        verbose_name=_("Kommune"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_examples",
        verbose_name=_("Organisation"),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="practice_examples",
        verbose_name=_("Veranstaltung"),
    )
    context = models.CharField(
        _("Kontext"), max_length=20, choices=Context.choices, default=Context.PRESENTED
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    contact_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_examples",
        verbose_name=_("Ansprechperson"),
    )
    other_contacts = models.ManyToManyField(
        Person,
        blank=True,
        related_name="+",
        verbose_name=_("Weitere Ansprechpersonen"),
    )
    phone = models.CharField(_("Telefon"), max_length=60, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    homepage = models.CharField(
        _("Homepage"),
        max_length=300,
        blank=True,
        help_text=_("Adresse wie veröffentlicht, z. B. www.bonn.de"),
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("Praxisbeispiel")
        verbose_name_plural = _("Praxisbeispiele")
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False) | Q(municipality__isnull=False),
                name="practice_example_has_event_or_municipality",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:practice_example", args=[self.slug])
