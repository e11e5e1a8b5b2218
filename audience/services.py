"""Writes of audience questions: asking and upvoting (the first action makes the participant),
the moderation's controls, publishing into the documentation and retention.

Locking (PostgreSQL): a participant's write holds the round row FOR SHARE, so questions and
upvotes of many phones run in parallel; every control that changes what they may do (start,
finish, hide, publish) holds the round row FOR NO KEY UPDATE and so waits for the writes in
flight, and each of them either committed before the control or sees its result. One
participant's two upvotes of one question (a double tap, two tabs) meet at the unique constraint
and leave one row. On SQLite every transaction begins IMMEDIATE (settings): the same code is
correct there.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audience.models import (
    TEXT_MAX_LENGTH,
    AudienceParticipant,
    AudienceQuestion,
    QuestionRound,
    Upvote,
)
from events.models import Event, Quote, QuoteGroup, Session
from live.controls import UNKNOWN_ACTION
from live.participants import participant_token_hash, purge_each, retention_cutoff
from live.refusals import LiveRefused


class AudienceRefused(LiveRefused):
    """A request the round does not accept (live.refusals)."""


NOT_FOUND = _("Diese Fragerunde gibt es nicht. Bitte prüfen Sie den Code.")
NOT_STARTED = _("Die Fragerunde hat noch nicht begonnen.")
FINISHED = _("Die Fragerunde ist beendet. Vielen Dank fürs Mitmachen!")
UNKNOWN_QUESTION = _("Diese Frage gibt es in dieser Fragerunde nicht.")
EMPTY_TEXT = _("Bitte schreiben Sie eine Frage.")
TOO_LONG = _("Bitte fassen Sie sich kürzer: höchstens %(n)d Zeichen.")
NUL_IN_TEXT = _("Die Frage enthält ein unzulässiges Steuerzeichen. Bitte schreiben Sie sie neu.")

# What publishing writes into the documentation: its own language, German, not translated.
SPEAKER_LABEL = "Frage aus dem Plenum"
GROUP_LEAD = "Fragen aus dem Publikum"


def _round_for_write(code: str) -> tuple[int, str, bool]:
    """The round's id, status and premoderation, its row held FOR SHARE (PostgreSQL) until the
    transaction ends: controls wait for this write, writes of other phones do not."""
    table = QuestionRound._meta.db_table
    sql = f"SELECT id, status, premoderated FROM {table} WHERE code = %s"
    if connection.features.has_select_for_update:
        sql += " FOR SHARE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [code])
        row = cursor.fetchone()
    if row is None:
        raise AudienceRefused(NOT_FOUND, status=404)
    round_id, status, premoderated = row
    if status == QuestionRound.Status.DRAFT:
        raise AudienceRefused(NOT_STARTED)
    if status == QuestionRound.Status.FINISHED:
        raise AudienceRefused(FINISHED)
    return round_id, status, bool(premoderated)


def _participant(*, round_id: int, token_hash: str) -> int:
    """The participant's id, the row written with their first action. Two first actions of one
    browser: the second insert waits for the first to commit and then finds its row."""
    AudienceParticipant.objects.bulk_create(
        [AudienceParticipant(round_id=round_id, token_hash=token_hash)], ignore_conflicts=True
    )
    return AudienceParticipant.objects.values_list("pk", flat=True).get(
        round_id=round_id, token_hash=token_hash
    )


def clean_text(text: str) -> str:
    """The question as it is stored, or AudienceRefused."""
    text = " ".join(text.split())  # one line: the projector and the documentation show it so
    if not text:
        raise AudienceRefused(EMPTY_TEXT, status=422)
    if len(text) > TEXT_MAX_LENGTH:
        raise AudienceRefused(TOO_LONG % {"n": TEXT_MAX_LENGTH}, status=400)
    if "\x00" in text:  # PostgreSQL keeps no NUL in text
        raise AudienceRefused(NUL_IN_TEXT, status=400)
    return text


@transaction.atomic
def question_ask(*, code: str, token: str, text: str) -> AudienceQuestion:
    """A participant's new question: shown at once, or after release when the round is
    premoderated. Raises AudienceRefused when the round is not live or the text is no question."""
    text = clean_text(text)
    round_id, _status, premoderated = _round_for_write(code)
    participant_id = _participant(
        round_id=round_id, token_hash=participant_token_hash(code=code, token=token)
    )
    status = AudienceQuestion.Status.PENDING if premoderated else AudienceQuestion.Status.RELEASED
    return AudienceQuestion.objects.create(
        round_id=round_id, participant_id=participant_id, text=text, status=status
    )


@dataclass(frozen=True)
class UpvoteSaved:
    question_id: int
    upvoted: bool
    votes: int


@transaction.atomic
def upvote_set(*, code: str, token: str, question_id: int, upvoted: bool) -> UpvoteSaved:
    """Give the participant's one vote to a visible question, or take it back. Idempotent: a
    second vote of the same participant changes nothing (the unique constraint)."""
    round_id, _status, _premoderated = _round_for_write(code)
    visible = AudienceQuestion.objects.filter(
        pk=question_id, round_id=round_id, status=AudienceQuestion.Status.RELEASED
    )
    if not visible.exists():
        raise AudienceRefused(UNKNOWN_QUESTION, status=404)
    participant_id = _participant(
        round_id=round_id, token_hash=participant_token_hash(code=code, token=token)
    )
    if upvoted:
        Upvote.objects.bulk_create(
            [Upvote(question_id=question_id, participant_id=participant_id)],
            ignore_conflicts=True,
        )
    else:
        Upvote.objects.filter(question_id=question_id, participant_id=participant_id).delete()
    votes = Upvote.objects.filter(question_id=question_id).count()
    return UpvoteSaved(question_id=question_id, upvoted=upvoted, votes=votes)


# --- Setting up and the moderation's controls ---------------------------------------------------


def round_create(
    *,
    event: Event,
    title: str,
    session: Session | None = None,
    premoderated: bool = True,
    documented_as: str = QuestionRound.DocumentedAs.PLENARY,
    code: str | None = None,
) -> QuestionRound:
    """A new round for the event, in preparation; the code is generated unless one is given."""
    if session is not None and session.event_id != event.pk:
        raise AudienceRefused(
            _("Die Arbeitsphase gehört zu einer anderen Veranstaltung."), status=400
        )
    return QuestionRound.objects.create(
        event=event,
        title=title.strip(),
        session=session,
        premoderated=premoderated,
        documented_as=documented_as,
        **({"code": code} if code else {}),
    )


def _lock_round(question_round: QuestionRound) -> QuestionRound:
    """The round row FOR NO KEY UPDATE: controls run one after another and wait for the
    participants' writes in flight (which hold it FOR SHARE)."""
    return (
        QuestionRound.objects.select_for_update(no_key=True)
        .select_related("event")
        .get(pk=question_round.pk)
    )


def question_rounds_lock(queryset) -> None:
    """Lock the rounds before they (or their event) are deleted: the delete waits for the
    writes in flight, and later ones find the round gone (events.deletion)."""
    list(queryset.select_for_update().values_list("pk", flat=True))


@transaction.atomic
def round_start(*, question_round: QuestionRound) -> QuestionRound:
    """Open the round for questions."""
    question_round = _lock_round(question_round)
    if question_round.status != QuestionRound.Status.DRAFT:
        raise AudienceRefused(_("Die Fragerunde läuft schon oder ist beendet."))
    question_round.status = QuestionRound.Status.LIVE
    question_round.started_at = timezone.now()
    question_round.save(update_fields=["status", "started_at"])
    return question_round


@transaction.atomic
def round_finish(*, question_round: QuestionRound) -> QuestionRound:
    """End the round: no more questions and upvotes; the phones say thank you."""
    question_round = _lock_round(question_round)
    if question_round.status != QuestionRound.Status.LIVE:
        raise AudienceRefused(_("Die Fragerunde läuft nicht."))
    question_round.status = QuestionRound.Status.FINISHED
    question_round.finished_at = timezone.now()
    question_round.save(update_fields=["status", "finished_at"])
    return question_round


@transaction.atomic
def round_reopen(*, question_round: QuestionRound) -> QuestionRound:
    """Take questions again after finishing (the panel went on)."""
    question_round = _lock_round(question_round)
    if question_round.status != QuestionRound.Status.FINISHED:
        raise AudienceRefused(_("Die Fragerunde ist nicht beendet."))
    question_round.status = QuestionRound.Status.LIVE
    question_round.finished_at = None
    question_round.save(update_fields=["status", "finished_at"])
    return question_round


MODERATION_ACTIONS = ("release", "hide", "answered", "unanswered", "pin", "unpin")


@transaction.atomic
def question_moderate(*, question: AudienceQuestion, action: str) -> AudienceQuestion:
    """Release a question for the room, hide it (from everyone but staff; out of the
    documentation too), mark it answered or not, pin it as the one being discussed, or unpin it."""
    if action not in MODERATION_ACTIONS:
        raise AudienceRefused(UNKNOWN_ACTION, status=400)
    question_round = _lock_round(question.round)
    question = AudienceQuestion.objects.select_for_update().get(
        pk=question.pk, round=question_round
    )
    Status = AudienceQuestion.Status
    if action == "release":
        question.status = Status.RELEASED
    elif action == "hide":
        question.status = Status.HIDDEN
        question.documented = False
        if question.quote_id:
            # A hidden question leaves the documentation at once, not at the next publishing.
            Quote.objects.filter(pk=question.quote_id).delete()
            question.quote = None
        if question_round.pinned_id == question.pk:
            question_round.pinned = None
            question_round.save(update_fields=["pinned"])
    elif action in ("answered", "unanswered"):
        question.answered_at = timezone.now() if action == "answered" else None
    elif action == "pin":
        if question.status != Status.RELEASED:
            raise AudienceRefused(_("Nur eine freigegebene Frage kann angeheftet werden."))
        question_round.pinned = question
        question_round.save(update_fields=["pinned"])
    elif action == "unpin" and question_round.pinned_id == question.pk:
        question_round.pinned = None
        question_round.save(update_fields=["pinned"])
    question.save(update_fields=["status", "documented", "quote", "answered_at"])
    return question


@transaction.atomic
def questions_release_all(*, question_round: QuestionRound) -> int:
    """Release every question still waiting; hidden ones stay hidden. Returns how many."""
    question_round = _lock_round(question_round)
    return question_round.questions.filter(status=AudienceQuestion.Status.PENDING).update(
        status=AudienceQuestion.Status.RELEASED
    )


# --- Into the documentation ---------------------------------------------------------------------


def group_lead(question_round: QuestionRound) -> str:
    """The lead of the published group: "Fragen aus dem Publikum", with the session's title."""
    return f"{GROUP_LEAD}: {question_round.session.title}" if question_round.session else GROUP_LEAD


@transaction.atomic
def round_publish(*, question_round: QuestionRound, question_ids) -> QuoteGroup | None:
    """Put the chosen released questions into the event's documentation: one Quote each
    (verbatim, anonymous: "Frage aus dem Plenum"), in one QuoteGroup led by "Fragen aus dem
    Publikum". Publishing again updates the same rows: texts and order follow, questions no longer
    chosen leave, nothing is doubled. Nothing chosen: the group goes too. Returns the group."""
    question_round = _lock_round(question_round)
    chosen_ids = {int(pk) for pk in question_ids}
    questions = list(
        question_round.questions.select_for_update()
        .filter(pk__in=chosen_ids)
        .order_by("created_at", "id")
    )
    if len(questions) != len(chosen_ids):
        raise AudienceRefused(UNKNOWN_QUESTION, status=400)
    if any(q.status != AudienceQuestion.Status.RELEASED for q in questions):
        raise AudienceRefused(
            _("Nur freigegebene Fragen können in die Dokumentation übernommen werden.")
        )
    dropped = question_round.questions.exclude(pk__in=chosen_ids).filter(documented=True)
    Quote.objects.filter(pk__in=dropped.exclude(quote=None).values("quote")).delete()
    dropped.update(documented=False, quote=None)
    event = question_round.event
    group = QuoteGroup.objects.filter(pk=question_round.quote_group_id, event=event).first()
    if not questions:
        if group is not None:
            group.delete()
        question_round.quote_group = None
        question_round.published_at = timezone.now()
        question_round.save(update_fields=["quote_group", "published_at"])
        return None
    if group is None:
        order = event.quote_groups.aggregate(top=Max("order", default=0))["top"]
        group = QuoteGroup.objects.create(
            event=event, lead=group_lead(question_round), order=order + 1
        )
    else:
        group.lead = group_lead(question_round)
        group.save(update_fields=["lead"])
    existing = {
        quote.pk: quote for quote in Quote.objects.filter(pk__in=[q.quote_id for q in questions])
    }
    for order, question in enumerate(questions, 1):
        fields = {
            "event": event,
            "group": group,
            "session": None,  # a session's quotes show in the session, not in the group
            "speaker": None,
            "speaker_label": SPEAKER_LABEL,
            "context": question_round.documented_as,
            "text": question.text,
            "verbatim": True,
            "order": order,
        }
        quote = existing.get(question.quote_id)
        if quote is None:
            quote = Quote.objects.create(**fields)
        else:
            for name, value in fields.items():
                setattr(quote, name, value)
            quote.save()
        question.quote = quote
        question.documented = True
    AudienceQuestion.objects.bulk_update(questions, ["quote", "documented"])
    question_round.quote_group = group
    question_round.published_at = timezone.now()
    question_round.save(update_fields=["quote_group", "published_at"])
    return group


# --- Retention ----------------------------------------------------------------------------------


def question_rounds_purge_expired(*, now=None) -> int:
    """Delete the participants, their questions and upvotes of rounds finished more than
    VOTE_RETENTION_DAYS ago. What was published stays in the documentation. Returns the number
    of rounds purged."""

    def purge(question_round: QuestionRound) -> bool:
        locked = _lock_round(question_round)
        deleted, _ = AudienceParticipant.objects.filter(round=locked).delete()
        return bool(deleted)

    expired = QuestionRound.objects.filter(
        status=QuestionRound.Status.FINISHED, finished_at__lte=retention_cutoff(now)
    )
    return purge_each(expired, purge)
