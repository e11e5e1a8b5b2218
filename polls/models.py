"""Live polls and mood checks (Umfragen, Stimmungsbilder).

The questions themselves are the documentation's own ``events.Poll`` and ``events.PollOption``:
what the public event page shows. This app keeps only the live state around them: a PollRun puts
several polls of one event, in sequence, on one join code; participants answer the current
question; publishing writes the counts into ``PollOption.count``. Tallies are always aggregated
from the Answer rows.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event, Poll, PollOption
from live.codes import PATTERN as CODE_PATTERN
from live.codes import free_code
from live.models import Joinable, Projected

TEXT_MAX_LENGTH = 280
# One term of a word cloud: a word or two, not a sentence.
WORD_MAX_LENGTH = 40

# The five steps of a mood check, best first. They become the poll's options, so the
# documentation holds them; German, like the rest of the documentation's content.
MOOD_STEPS = ["sehr gut", "gut", "teils, teils", "schlecht", "sehr schlecht"]
# A rating scale runs from 1 to this unless the question says otherwise.
SCALE_STEPS = 5
SCALE_STEPS_MAX = 10
# How many terms each participant names in a word cloud unless the question says otherwise.
WORDS_DEFAULT = 3


def generate_run_code() -> str:
    """A fresh code that no poll run and no dot-vote uses: one join page serves both (the first
    migration names this function)."""
    return free_code()


class PollRunQuerySet(models.QuerySet):
    def live(self):
        """With the event, the current question and its poll, and ``participant_count`` and
        ``respondent_count`` (participants with an answer to the current question) as
        subqueries: what every poll of the phones and the projector needs, in one query."""

        def counted(queryset, field):
            return Coalesce(
                Subquery(queryset.annotate(n=Count(field, distinct=True)).values("n")[:1]),
                Value(0),
            )

        participants = PollParticipant.objects.filter(run=OuterRef("pk")).values("run")
        answers = Answer.objects.filter(question=OuterRef("current_question")).values("question")
        return self.select_related("event", "current_question__poll").annotate(
            participant_count=counted(participants, "pk"),
            respondent_count=counted(answers, "participant"),
        )


class PollRun(Joinable, Projected):
    """Several questions asked one after another under one join code."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In Vorbereitung")
        LIVE = "live", _("Läuft")
        FINISHED = "finished", _("Beendet")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="poll_runs", verbose_name=_("Veranstaltung")
    )
    title = models.CharField(_("Titel"), max_length=300)
    code = models.CharField(
        _("Code"),
        max_length=12,
        unique=True,
        default=generate_run_code,
        validators=[
            RegexValidator(CODE_PATTERN, _("4 bis 12 Großbuchstaben oder Ziffern, z. B. DIALOG."))
        ],
        help_text=_("Kurzer Code für den Link; nach dem Anlegen nicht mehr änderbar."),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    current_question = models.ForeignKey(
        "RunQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Aktuelle Frage"),
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    started_at = models.DateTimeField(_("Begonnen am"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Beendet am"), null=True, blank=True)

    objects = PollRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Live-Umfrage")
        verbose_name_plural = _("Live-Umfragen")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=CODE_PATTERN), name="poll_run_code_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("polls:participant", args=[self.code])

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE

    @property
    def is_over_in_draft(self) -> bool:
        """Finished while the event's documentation is still a draft: then its live pages answer
        only the staff who run it (as a dot-vote's, voting.models.DotVote.is_over_in_draft).
        Select the event with the run."""
        return self.status == self.Status.FINISHED and not self.event.is_published


class RunQuestion(models.Model):
    """One poll of the event, asked in a run. At most one question of a run is open: the current
    one (the services keep that rule)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Noch nicht gestellt")
        OPEN = "open", _("Offen")
        CLOSED = "closed", _("Geschlossen")

    run = models.ForeignKey(PollRun, on_delete=models.CASCADE, related_name="questions")
    # Re-importing the event's documentation replaces its polls, and with them these questions.
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="run_questions", verbose_name=_("Frage")
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Hidden by default: the room sees the result when the facilitator reveals it, not while
    # people are still choosing (a visible trend steers the later answers).
    results_hidden = models.BooleanField(
        _("Ergebnis verbergen"),
        default=True,
        help_text=_("Das Ergebnis wird erst gezeigt, wenn die Moderation es aufdeckt."),
    )
    premoderated = models.BooleanField(
        _("Freitexte und Begriffe erst nach Freigabe zeigen"),
        default=True,
        help_text=_(
            "Nur für Freitext-Fragen und Wortwolken: jede Antwort, jeder Begriff erscheint erst "
            "nach Freigabe."
        ),
    )
    opened_at = models.DateTimeField(_("Geöffnet am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("Geschlossen am"), null=True, blank=True)
    published_at = models.DateTimeField(_("Veröffentlicht am"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("Frage der Live-Umfrage")
        verbose_name_plural = _("Fragen")
        constraints = [
            models.UniqueConstraint(fields=["run", "poll"], name="unique_run_question_poll")
        ]

    def __str__(self) -> str:
        return str(self.poll)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_text(self) -> bool:
        """Select the poll with the question, or this reads it."""
        return self.poll.kind == Poll.Kind.TEXT

    def reveal(self) -> None:
        """Show the result to the room and the participants: a flag, no lock needed."""
        self.results_hidden = False
        self.save(update_fields=["results_hidden"])

    def hide(self) -> None:
        """Hide the result again; the numbers are no longer sent to anyone but staff."""
        self.results_hidden = True
        self.save(update_fields=["results_hidden"])


class PollParticipant(models.Model):
    """Someone who answered: the row is written with the first answer (opening the page writes
    nothing). Only an HMAC of their random cookie token is stored (the dot-vote's participant
    identity): no name, no IP address, no user agent."""

    run = models.ForeignKey(PollRun, on_delete=models.CASCADE, related_name="participants")
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "token_hash"], name="unique_poll_participant_token_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run.code}/{self.pk}"


class Answer(models.Model):
    """One chosen option, one short text, or one term of a word cloud, of one participant to one
    question. A participant's answer to a choice question or a word cloud is the set of their
    rows; it is replaced as a whole."""

    participant = models.ForeignKey(
        PollParticipant, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(RunQuestion, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, null=True, blank=True, related_name="live_answers"
    )
    text = models.CharField(_("Antwort"), max_length=TEXT_MAX_LENGTH, blank=True)
    # A term of a word cloud: ``text`` as written, this normalised (polls.words.normalise); the
    # rows of one term count together (casefolding may lengthen it). Empty for other kinds.
    term = models.CharField(_("Begriff"), max_length=3 * WORD_MAX_LENGTH, blank=True)
    # Moderation of texts: a hidden text never leaves the server except to staff; with a
    # premoderated question a text is shown only once released.
    hidden = models.BooleanField(_("Verborgen"), default=False)
    released = models.BooleanField(_("Freigegeben"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        constraints = [
            models.CheckConstraint(
                condition=(Q(option__isnull=False) & Q(text=""))
                | (Q(option__isnull=True) & ~Q(text="")),
                name="answer_option_xor_text",
            ),
            models.UniqueConstraint(
                fields=["participant", "question", "option"],
                condition=Q(option__isnull=False),
                name="unique_answer_option",
            ),
            models.UniqueConstraint(
                fields=["participant", "question"],
                condition=Q(option__isnull=True, term=""),
                name="unique_answer_text",
            ),
            models.UniqueConstraint(
                fields=["participant", "question", "term"],
                condition=~Q(term=""),
                name="unique_answer_term",
            ),
            models.CheckConstraint(
                condition=Q(term="") | Q(option__isnull=True), name="answer_term_is_text"
            ),
        ]
        indexes = [
            models.Index(fields=["question", "option"], name="answer_question_option"),
            models.Index(fields=["question", "term"], name="answer_question_term"),
        ]

    def __str__(self) -> str:
        return self.text[:80] if self.text else str(self.option_id)


class CountSource(models.Model):
    """Where the numbers in a poll's ``PollOption.count`` came from: published from a live
    question, or entered by hand (hand signals, paper). One source per poll: the numbers are
    never a mix, and replacing one source by the other needs a confirmation."""

    class Source(models.TextChoices):
        LIVE = "live", _("Live im Browser")
        HAND = "hand", _("Von Hand gezählt")

    poll = models.OneToOneField(Poll, on_delete=models.CASCADE, related_name="count_source")
    source = models.CharField(_("Herkunft"), max_length=10, choices=Source.choices)
    question = models.ForeignKey(
        RunQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Live-Frage"),
    )
    respondents = models.PositiveIntegerField(_("Antwortende"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("Erfasst am"))

    class Meta:
        verbose_name = _("Herkunft der Zahlen")
        verbose_name_plural = _("Herkunft der Zahlen")
        constraints = [
            models.CheckConstraint(
                condition=Q(source="hand") | Q(respondents__isnull=False),
                name="count_source_live_has_respondents",
            )
        ]

    def __str__(self) -> str:
        return f"{self.poll}: {self.get_source_display()}"
