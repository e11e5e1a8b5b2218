from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from stakeholders.models import Municipality, Network, Organisation, Person
from stakeholders.scoping import scope_queryset


class Ordered(models.Model):
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def for_editor(self, user):
        """Events the user may edit: all for superusers, their municipalities' for editors."""
        return scope_queryset(self, user, "municipality")


class Event(models.Model):
    class Kind(models.TextChoices):
        FACHTAGUNG = "fachtagung", _("Fachtagung")
        FACHKONGRESS = "fachkongress", _("Fachkongress")
        UMSETZUNGSKONFERENZ = "umsetzungskonferenz", _("Umsetzungskonferenz")
        SELBSTCHECK_WORKSHOP = "selbstcheck_workshop", _("Selbstcheck-Workshop")
        BUERGERDIALOG = "buergerdialog", _("Bürger*innendialog")
        WORKSHOP = "workshop", _("Workshop")
        OTHER = "other", _("Sonstige Veranstaltung")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("Präsenz")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("Veröffentlicht")

    class CountQualifier(models.TextChoices):
        ABOUT = "about", _("circa")
        OVER = "over", _("über")
        EXACT = "exact", _("genau")

    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(
        _("Kurzname"),
        max_length=120,
        unique=True,
        help_text=_("Bleibt die Adresse der Dokumentation; nach dem Veröffentlichen nicht ändern."),
    )
    subtitle = models.CharField(_("Untertitel"), max_length=300, blank=True)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    # Empty where the documentation does not say (shown as nothing, not as "Präsenz").
    format = models.CharField(_("Format"), max_length=20, choices=Format.choices, blank=True)
    date = models.DateField(_("Datum"))
    start_time = models.TimeField(_("Beginn"), null=True, blank=True)
    end_time = models.TimeField(_("Ende"), null=True, blank=True)
    venue = models.CharField(_("Ort"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("Gastgebende Kommune"),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Netzwerk"),
    )
    strategies = models.ManyToManyField(
        "recommendations.Strategy",
        blank=True,
        related_name="events",
        verbose_name=_("Strategien"),
    )
    organisers = models.ManyToManyField(
        Organisation, blank=True, related_name="organised_events", verbose_name=_("Veranstalter")
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partnered_events", verbose_name=_("Partner")
    )
    participant_count = models.PositiveIntegerField(
        _("Teilnehmende (Anzahl)"), null=True, blank=True
    )
    participant_count_qualifier = models.CharField(
        _("Genauigkeit der Anzahl"),
        max_length=10,
        choices=CountQualifier.choices,
        default=CountQualifier.ABOUT,
    )
    summary = models.TextField(_("Kurzbeschreibung"), blank=True)
    introduction = models.TextField(_("Einführung"), blank=True)
    goal = models.TextField(_("Ziel"), blank=True)
    outlook = models.TextField(_("Ausblick"), blank=True)
    contact = models.TextField(_("Kontakt"), blank=True)
    contact_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    photo_credits = models.CharField(_("Bildnachweis"), max_length=500, blank=True)
    publication_date = models.DateField(
        _("Erschienen am"),
        null=True,
        blank=True,
        help_text=_("Wann die Stadt die Dokumentation veröffentlicht hat, wenn bekannt."),
    )
    editorial_note = models.TextField(
        _("Redaktionelle Ergänzung"),
        blank=True,
        help_text=_(
            "Angaben, die nicht aus der Dokumentation stammen (ein Datum aus der Ankündigung, "
            "eine Website), mit ihrer Quelle. Wird als Hinweis der Redaktion gezeigt."
        ),
    )
    publication_note = models.TextField(_("Hinweis zur Veröffentlichung"), blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("Veröffentlicht am"), null=True, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    tags = TaggableManager(_("Themen"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        indexes = [models.Index(fields=["status", "-date"], name="event_status_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gte=F("start_time")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="event_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def publish(self) -> None:
        """Make the documentation public; the first publication date is kept on re-publishing."""
        self.status = self.Status.PUBLISHED
        self.published_at = self.published_at or timezone.now()
        self.save(update_fields=["status", "published_at", "updated_at"])

    def unpublish(self) -> None:
        """Hide the documentation again (back to draft), e.g. to correct it."""
        self.status = self.Status.DRAFT
        self.save(update_fields=["status", "updated_at"])


class ParticipantGroup(Ordered):
    """A sector the participants came from: "Wohlfahrtsverbände: Caritas, AWO, …"."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="participant_groups",
        verbose_name=_("Veranstaltung"),
    )
    label = models.CharField(_("Bereich"), max_length=200)
    members = models.JSONField(_("Vertreten"), default=list, blank=True)
    count = models.PositiveIntegerField(_("Anzahl"), null=True, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("Teilnehmendengruppe")
        verbose_name_plural = _("Teilnehmende nach Bereich")

    def __str__(self) -> str:
        return self.label


class Section(Ordered):
    """A narrative part of a documentation that fits none of the structured parts."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("Veranstaltung"),
    )
    title = models.CharField(_("Überschrift"), max_length=300)
    body = models.TextField(_("Text"))

    class Meta(Ordered.Meta):
        verbose_name = _("Textabschnitt")
        verbose_name_plural = _("Textabschnitte")

    def __str__(self) -> str:
        return self.title


class AgendaItem(Ordered):
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("Veranstaltung"),
    )
    start_time = models.TimeField(_("Beginn"), null=True, blank=True)
    end_time = models.TimeField(_("Ende"), null=True, blank=True)
    title = models.CharField(_("Programmpunkt"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Ablauf")

    def __str__(self) -> str:
        return self.title


class Session(Ordered):
    """A part of an event where people work on a topic: thematic table, workshop, group…"""

    class Kind(models.TextChoices):
        THEMATIC_TABLE = "thematic_table", _("Thementisch")
        WORKSHOP = "workshop", _("Workshop")
        WORKING_GROUP = "working_group", _("Arbeitsgruppe")
        SMALL_GROUP = "small_group", _("Kleingruppe")
        BREAKOUT = "breakout", _("Break-out-Session")
        PLENARY = "plenary", _("Plenum")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("Veranstaltung"),
    )
    slug = models.SlugField(_("Kurzname"), max_length=120)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    round = models.PositiveSmallIntegerField(_("Runde"), null=True, blank=True)
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    conclusion_label = models.CharField(
        _("Bezeichnung des Ergebnisses"),
        max_length=100,
        blank=True,
        help_text=_("Fazit, Quintessenz, Kernbotschaften …"),
    )
    conclusion_title = models.CharField(
        _("Überschrift des Ergebnisses"), max_length=300, blank=True
    )
    conclusion = models.TextField(_("Ergebnis"), blank=True)
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("Bearbeitete Handlungsempfehlung"),
    )
    tags = TaggableManager(_("Themen"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("Arbeitsphase")
        verbose_name_plural = _("Arbeitsphasen (Thementische, Workshops, Gruppen)")
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="unique_session_slug_per_event")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.event.get_absolute_url()}#{self.slug}"


class EventRole(Ordered):
    class Role(models.TextChoices):
        MODERATION = "moderation", _("Moderation")
        PANEL = "panel", _("Podium")
        WELCOME = "welcome", _("Grußwort")
        KEYNOTE = "keynote", _("Impulsvortrag")
        DIALOGUE_PARTNER = "dialogue_partner", _("Dialogpartner*in")
        PROCESS_FACILITATION = "process_facilitation", _("Prozessbegleitung")
        SPEAKER = "speaker", _("Referent*in")
        INPUT = "input", _("Input")
        PARTICIPANT = "participant", _("Teilnehmende")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("Veranstaltung"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="event_roles", verbose_name=_("Person")
    )
    role = models.CharField(_("Rolle"), max_length=30, choices=Role.choices)
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("Arbeitsphase"),
    )
    title = models.CharField(_("Titel des Beitrags"), max_length=300, blank=True)
    summary = models.TextField(_("Zusammenfassung"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("Rolle")
        verbose_name_plural = _("Personen und Rollen")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


class GuidingQuestion(Ordered):
    class Kind(models.TextChoices):
        GUIDING = "guiding", _("Leitfrage")
        CROSS_CUTTING = "cross_cutting", _("Querschnittsfrage")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="guiding_questions",
        verbose_name=_("Veranstaltung"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guiding_questions",
        verbose_name=_("Arbeitsphase"),
        help_text=_("Leer lassen, wenn die Frage für alle Arbeitsphasen gilt."),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.GUIDING)
    text = models.CharField(_("Frage"), max_length=500)

    class Meta(Ordered.Meta):
        verbose_name = _("Leitfrage")
        verbose_name_plural = _("Leit- und Querschnittsfragen")

    def __str__(self) -> str:
        return self.text


class Contribution(Ordered):
    """One flipchart bullet of a session, under a category, possibly with sub-bullets."""

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("Arbeitsphase"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("Übergeordneter Punkt"),
    )
    category = models.CharField(_("Kategorie"), max_length=300, blank=True)
    text = models.TextField(_("Text"))

    class Meta(Ordered.Meta):
        verbose_name = _("Ergebnis")
        verbose_name_plural = _("Ergebnisse")
        indexes = [models.Index(fields=["session", "order"], name="contribution_session_order")]

    def __str__(self) -> str:
        return self.text[:80]


class QuoteGroup(Ordered):
    """Quotes that stand together in the documentation, under the thesis or lead sentence they
    support ("Hier einige Zitate der Teilnehmer*innen des Podiumsgesprächs")."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="quote_groups",
        verbose_name=_("Veranstaltung"),
    )
    lead = models.TextField(
        _("Einleitung oder These"),
        blank=True,
        help_text=_("Der Satz, unter dem die Zitate stehen, wie in der Dokumentation."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("Zitatgruppe")
        verbose_name_plural = _("Zitatgruppen")

    def __str__(self) -> str:
        return self.lead[:80] or str(_("Zitatgruppe"))


class Quote(Ordered):
    class Context(models.TextChoices):
        PANEL = "panel", _("Podium")
        EXPECTATION = "expectation", _("Erwartungen")
        CLOSING = "closing", _("Schlussrunde")
        SESSION = "session", _("Arbeitsphase")
        PLENARY = "plenary", _("Plenum")
        OTHER = "other", _("Sonstiges")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="quotes",
        verbose_name=_("Veranstaltung"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("Arbeitsphase"),
    )
    speaker = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("Sprecher*in"),
    )
    speaker_label = models.CharField(
        _("Sprecher*in (ohne Namen)"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „Teilnehmerin aus dem Plenum“"),
    )
    context = models.CharField(
        _("Zusammenhang"), max_length=20, choices=Context.choices, default=Context.OTHER
    )
    text = models.TextField(_("Zitat"))
    group = models.ForeignKey(
        QuoteGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("Zitatgruppe"),
    )
    verbatim = models.BooleanField(
        _("Wörtlich"),
        default=True,
        help_text=_(
            "Aus, wenn die Dokumentation die Aussage in eigenen Worten wiedergibt "
            "(„Sie weist auf … hin“): dann ohne Anführungszeichen."
        ),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("Zitat")
        verbose_name_plural = _("Zitate und Wortbeiträge")

    def __str__(self) -> str:
        return self.text[:80]


class Agreement(Ordered):
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("Veranstaltung"),
    )
    text = models.TextField(_("Vereinbarung"))
    responsible = models.CharField(_("Verantwortlich"), max_length=300, blank=True)
    due_date = models.DateField(_("Bis wann"), null=True, blank=True)
    due_note = models.CharField(_("Zeitangabe"), max_length=200, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("Vereinbarung")
        verbose_name_plural = _("Vereinbarungen und nächste Schritte")

    def __str__(self) -> str:
        return self.text[:80]


class Feedback(Ordered):
    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Rückmeldung")
        IDEA = "idea", _("Idee für künftige Veranstaltungen")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("Veranstaltung"),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.FEEDBACK)
    text = models.TextField(_("Text"))

    class Meta(Ordered.Meta):
        verbose_name = _("Rückmeldung")
        verbose_name_plural = _("Rückmeldungen")

    def __str__(self) -> str:
        return self.text[:80]


class Poll(Ordered):
    """A question put to the participants, with options; results may be counted by hand. The
    options of a rating scale are its values ("1" … "5"), those of a word cloud the terms named,
    with how often, and those of a free-text question the answers."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Einfachauswahl")
        MULTIPLE = "multiple", _("Mehrfachauswahl")
        MOOD = "mood", _("Stimmungsbild")
        TEXT = "text", _("Freitext")
        SCALE = "scale", _("Skala")
        WORDS = "words", _("Wortwolke")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="polls",
        verbose_name=_("Veranstaltung"),
    )
    question = models.TextField(_("Frage"))
    kind = models.CharField(
        _("Art"),
        max_length=20,
        choices=Kind.choices,
        help_text=_(
            "Eine Skala ohne Antwortmöglichkeiten bekommt die Werte 1 bis 5, sobald sie gestellt "
            "oder ausgezählt wird; eine Wortwolke sammelt Begriffe."
        ),
    )
    min_choices = models.PositiveSmallIntegerField(_("Mindestens wählen"), default=1)
    max_choices = models.PositiveSmallIntegerField(
        _("Höchstens wählen"),
        default=1,
        help_text=_("Bei einer Wortwolke: wie viele Begriffe jede Person höchstens nennt."),
    )
    method = models.CharField(
        _("Erhebung"), max_length=200, blank=True, help_text=_("z. B. „per Handzeichen“")
    )
    # A rating scale's values are its options ("1" … "5"); these name its two ends.
    label_low = models.CharField(
        _("Beschriftung des unteren Endes"),
        max_length=100,
        blank=True,
        help_text=_("Nur bei einer Skala, z. B. „trifft gar nicht zu“."),
    )
    label_high = models.CharField(
        _("Beschriftung des oberen Endes"),
        max_length=100,
        blank=True,
        help_text=_("Nur bei einer Skala, z. B. „trifft voll zu“."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("Umfrage")
        verbose_name_plural = _("Umfragen und Stimmungsbilder")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_choices__lte=F("max_choices")), name="poll_min_le_max"
            )
        ]

    def __str__(self) -> str:
        return self.question[:80]


class PollOption(Ordered):
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="options", verbose_name=_("Umfrage")
    )
    text = models.CharField(_("Antwort"), max_length=500)
    count = models.PositiveIntegerField(
        _("Stimmen (ausgezählt)"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, wenn keine Zahl vorliegt."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("Antwortmöglichkeit")
        verbose_name_plural = _("Antwortmöglichkeiten")

    def __str__(self) -> str:
        return self.text


class Chapter(Ordered):
    """A chapter of an event's documentation, in the order and with the numbering of the city's
    document. Its parts (Part) place the documentation's pieces in it."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("Veranstaltung")
    )
    number = models.CharField(
        _("Nummer"), max_length=20, blank=True, help_text=_("Wie im Original, z. B. „3.2“.")
    )
    title = models.CharField(_("Überschrift"), max_length=300)

    class Meta(Ordered.Meta):
        verbose_name = _("Kapitel")
        verbose_name_plural = _("Kapitel")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Part(Ordered):
    """One piece of a chapter. A text, a group of quotes, a session, a talk, a poll or a
    practice example is named by its own row; the other kinds place a part the event has once
    (its agenda, its prioritisation …). What no part places is shown after the chapters
    (events.outline), so nothing entered is hidden."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        QUOTES = "quotes", _("Zitate")
        SESSION = "session", _("Arbeitsphase")
        SESSIONS = "sessions", _("Alle Arbeitsphasen")
        VOICES = "voices", _("Stimmen (Zitate ohne Gruppe)")
        CLOSING = "closing", _("Schlussrunde (Zitate)")
        TALK = "talk", _("Grußwort oder Vortrag")
        TALKS = "talks", _("Alle Grußworte und Vorträge")
        PEOPLE = "people", _("Mitwirkende")
        INTRODUCTION = "introduction", _("Einführung")
        GOAL = "goal", _("Ziel")
        PARTICIPANTS = "participants", _("Teilnehmende")
        AGENDA = "agenda", _("Ablauf")
        GUIDING_QUESTIONS = "guiding_questions", _("Leitfragen für alle Arbeitsphasen")
        POLL = "poll", _("Umfrage")
        POLLS = "polls", _("Alle Umfragen")
        SELF_ASSESSMENT = "self_assessment", _("Selbstcheck")
        PRIORITISATION = "prioritisation", _("Priorisierung")
        ADDITIONS = "additions", _("Ergänzungen zu den Handlungsempfehlungen")
        PRACTICE_EXAMPLE = "practice_example", _("Praxisbeispiel")
        PRACTICE_EXAMPLES = "practice_examples", _("Praxisbeispiele")
        AGREEMENTS = "agreements", _("Vereinbarungen")
        FEEDBACK = "feedback", _("Rückmeldungen")
        IDEAS = "ideas", _("Ideen für künftige Veranstaltungen")
        OUTLOOK = "outlook", _("Ausblick")
        CONTACT = "contact", _("Kontakt und Impressum")
        PHOTO = "photo", _("Foto")
        PHOTOS = "photos", _("Fotos (alle übrigen)")
        ATTACHMENT = "attachment", _("Datei")
        ATTACHMENTS = "attachments", _("Dateien (alle übrigen)")

    # Kinds that name one row of their own, and the field that holds it.
    OWN_ROW = {
        Kind.TEXT: "section",
        Kind.QUOTES: "quote_group",
        Kind.SESSION: "session",
        Kind.TALK: "role",
        Kind.POLL: "poll",
        Kind.PRACTICE_EXAMPLE: "practice_example",
        Kind.PHOTO: "photo",
        Kind.ATTACHMENT: "attachment",
    }

    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="parts", verbose_name=_("Kapitel")
    )
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("Text"),
    )
    quote_group = models.ForeignKey(
        QuoteGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("Zitatgruppe"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("Arbeitsphase"),
    )
    role = models.ForeignKey(
        EventRole,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("Grußwort oder Vortrag"),
    )
    poll = models.ForeignKey(
        Poll,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("Umfrage"),
    )
    practice_example = models.ForeignKey(
        "stakeholders.PracticeExample",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("Praxisbeispiel"),
    )
    photo = models.ForeignKey(
        "uploads.Photo",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("Foto"),
    )
    attachment = models.ForeignKey(
        "uploads.Attachment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("Datei"),
    )
    appendix = models.BooleanField(
        _("Anhang"),
        default=False,
        help_text=_("Bei „Praxisbeispiele“: die des Anhangs statt der vorgestellten."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("Teil")
        verbose_name_plural = _("Teile")
        constraints = [
            # Exactly the field its kind needs is set, the others are empty.
            models.CheckConstraint(
                condition=Q(
                    *[
                        Q(kind=kind, **{f"{name}__isnull": False})
                        | (~Q(kind=kind) & Q(**{f"{name}__isnull": True}))
                        for kind, name in {
                            "text": "section",
                            "quotes": "quote_group",
                            "session": "session",
                            "talk": "role",
                            "poll": "poll",
                            "practice_example": "practice_example",
                            "photo": "photo",
                            "attachment": "attachment",
                        }.items()
                    ]
                ),
                name="part_holds_what_its_kind_needs",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class SearchDocument(models.Model):
    """The words of one event's whole documentation, for full-text search on PostgreSQL.

    Written only by the database: triggers on the event and its sessions, contributions, quotes,
    sections and guiding questions mark the row stale, and a deferred trigger rebuilds it once
    at the end of the transaction (migrations 0005 and 0006). Only published events keep a
    document. On SQLite the table stays empty and the search falls back to substring matching
    (events/search.py).
    """

    event = models.OneToOneField(
        Event,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="search_document",
    )
    # All lexemes of the documentation (German configuration, without positions): what matches.
    document = SearchVectorField()
    # Title (A), subtitle and summary (B), session titles (C): what ranks.
    weighted = SearchVectorField()
    # The event's date, which orders equal ranks; kept here so that ranking reads no other table.
    date = models.DateField(null=True)
    stale = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("Suchindex einer Veranstaltung")
        verbose_name_plural = _("Suchindex")

    def __str__(self) -> str:
        return str(self.event_id)


class SearchTerm(models.Model):
    """A lexeme that occurs in some documentation; trigram matching on this list finds the
    compound words that contain a searched word ("Beteiligung" → "Bürgerbeteiligung")."""

    term = models.CharField(max_length=60, primary_key=True)

    class Meta:
        verbose_name = _("Suchbegriff")
        verbose_name_plural = _("Suchbegriffe")

    def __str__(self) -> str:
        return self.term
