"""Writes of live polls: answering (the first answer makes the participant), the facilitator's
controls, moderation of texts, publishing into the documentation and hand-counted results.

Locking (PostgreSQL): an answer holds the question row FOR SHARE and the participant row FOR
UPDATE; every control that changes what answers may do (open, close, advance) holds the run row
and then the question row FOR UPDATE. So answers of different participants run in parallel, the
answers of one participant (two tabs, a double tap) run one after another, and a close waits for
the answers in flight: each of them either committed before the close (and counts) or sees the
question closed. Controls never wait for answers while holding an answer's lock, and answers never
lock the run, so the two cannot deadlock. On PostgreSQL an answer is one statement, the function
polls_answer_set() (migration 0005). On SQLite the same steps run from Python; every transaction
begins IMMEDIATE there (settings), which serialises all writers.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import Event, Poll, PollOption
from live.participants import (
    participant_token_hash,
    purge_each,
    retention_cutoff,
)
from live.push import announce
from live.ratelimit import TOO_MANY, rate_limit_arguments, rate_limit_exceeded
from live.refusals import LiveRefused
from live.statements import write
from polls import words
from polls.models import (
    MOOD_STEPS,
    SCALE_STEPS,
    TEXT_MAX_LENGTH,
    WORD_MAX_LENGTH,
    Answer,
    CountSource,
    PollParticipant,
    PollRun,
    RunQuestion,
)
from polls.selectors import visible_texts, word_tallies

# More options than any question has: a longer list is malformed, not a choice.
MAX_OPTIONS = 100


class PollRefused(LiveRefused):
    """A request the poll does not accept (live.refusals)."""


NOT_FOUND = _("Diese Umfrage gibt es nicht. Bitte prüfen Sie den Code.")
UNKNOWN_QUESTION = _("Diese Frage gibt es in dieser Umfrage nicht.")
POLL_GONE = _("Diese Frage gibt es nicht mehr: sie wurde gerade gelöscht.")
UNKNOWN_OPTION = _("Diese Antwort gibt es bei dieser Frage nicht.")
NOT_OPEN = _("Diese Frage ist noch nicht gestellt.")
CLOSED = _("Diese Frage ist geschlossen. Antworten können nicht mehr geändert werden.")
EMPTY_TEXT = _("Bitte schreiben Sie eine Antwort.")
TOO_LONG = _("Bitte fassen Sie sich kürzer: höchstens %(n)d Zeichen.")
NOT_A_CHOICE = _("Bei dieser Frage wird eine Antwort ausgewählt, nicht geschrieben.")
NOT_A_TEXT = _("Bei dieser Frage wird eine Antwort geschrieben, nicht ausgewählt.")
NUL_IN_TEXT = _("Die Antwort enthält ein unzulässiges Steuerzeichen. Bitte schreiben Sie sie neu.")
NOT_WORDS = _("Bei dieser Frage werden Begriffe geschrieben.")
WORDS_ONLY_HERE = _("Begriffe werden nur bei einer Wortwolke geschrieben.")
WORD_TOO_LONG = _("Bitte fassen Sie sich kürzer: höchstens %(n)d Zeichen pro Begriff.")
EMPTY_WORDS = _("Bitte schreiben Sie mindestens einen Begriff.")
ONLY_STOP_WORDS = _(
    "Füllwörter wie „und“ oder „die“ zählen nicht. Bitte schreiben Sie einen Begriff."
)

# What publishing writes into Poll.method ("Erhebung"), shown next to the numbers on the public
# page: the documentation's own language, so German and not translated.
LIVE_METHOD = "live im Browser, {n} Antwortende"
HAND_METHOD_DEFAULT = "per Handzeichen"


def choice_range(*, kind: str, min_choices: int, max_choices: int) -> tuple[int, int]:
    """How many options an answer must have: one for single choice, mood checks and rating
    scales, the poll's minimum and maximum for multiple choice."""
    if kind == Poll.Kind.MULTIPLE:
        return min_choices, max_choices
    return 1, 1


def choice_rule_text(low: int, high: int) -> str:
    """The rule as participants read it: "Bitte wählen Sie genau 2 Antworten aus." """
    if low == high:
        return ngettext(
            "Bitte wählen Sie eine Antwort aus.",
            "Bitte wählen Sie genau %(n)d Antworten aus.",
            high,
        ) % {"n": high}
    if low == 0:
        return ngettext(
            "Bitte wählen Sie höchstens eine Antwort aus.",
            "Bitte wählen Sie höchstens %(n)d Antworten aus.",
            high,
        ) % {"n": high}
    if low == 1:
        return _("Bitte wählen Sie eine bis %(n)d Antworten aus.") % {"n": high}
    return _("Bitte wählen Sie %(low)d bis %(high)d Antworten aus.") % {"low": low, "high": high}


def too_many_words(high: int, count: int) -> str:
    """The refusal of more terms than a word cloud takes ("höchstens 1 Begriff")."""
    return ngettext(
        "Bitte nennen Sie höchstens einen Begriff; Sie haben %(count)d genannt.",
        "Bitte nennen Sie höchstens %(n)d Begriffe; Sie haben %(count)d genannt.",
        high,
    ) % {"n": high, "count": count}


def words_rule_text(high: int) -> str:
    """A word cloud's rule as participants read it: "Bitte nennen Sie bis zu 3 Begriffe." """
    return ngettext(
        "Bitte nennen Sie einen Begriff.", "Bitte nennen Sie bis zu %(n)d Begriffe.", high
    ) % {"n": high}


@dataclass(frozen=True)
class AnswerSaved:
    question_id: int
    option_ids: list[int]
    text: str
    words: list[str] = field(default_factory=list)


def words_clean(entries: Sequence[str]) -> dict[str, str]:
    """The terms of a word-cloud answer, normalised term to spelling, in the order written; the
    same term twice counts once, filler words not at all. Raises PollRefused for a term that is
    too long or when nothing is left."""
    terms = {}
    for entry in entries:
        if "\x00" in entry:
            raise PollRefused(NUL_IN_TEXT, status=400)
        if len(entry.strip()) > WORD_MAX_LENGTH:
            raise PollRefused(WORD_TOO_LONG % {"n": WORD_MAX_LENGTH}, status=422)
        spelling = words.clean(entry)
        if spelling:
            terms.setdefault(spelling.casefold(), spelling)
    if not terms:
        written = any(entry.strip() for entry in entries)
        raise PollRefused(ONLY_STOP_WORDS if written else EMPTY_WORDS, status=422)
    return terms


# The answer is the poll's hot path. On PostgreSQL it is one statement, the function
# polls_answer_set() of migration 0005, which explains its locks and outcomes; elsewhere (SQLite)
# the same steps run from here in one transaction, which SQLite's BEGIN IMMEDIATE serialises. Both
# answer (outcome, kind, min_choices, max_choices); the number of statements is pinned in
# tests/polls/test_query_counts.py.
_CALL = (
    "SELECT outcome, poll_kind, min_choices, max_choices FROM polls_answer_set("
    "%s, %s, %s, %s::bigint[], %s, %s::text[], %s::text[], %s, %s)"
)
_QUESTION_AND_PARTICIPANT = (
    "SELECT r.id, q.status, p.kind, p.min_choices, p.max_choices, pp.id, "
    f"(SELECT COUNT(*) FROM {PollOption._meta.db_table} o WHERE o.poll_id = p.id AND o.id IN "
    "({options})) "
    f"FROM {RunQuestion._meta.db_table} q "
    f"JOIN {PollRun._meta.db_table} r ON r.id = q.run_id "
    f"JOIN {Poll._meta.db_table} p ON p.id = q.poll_id "
    f"LEFT JOIN {PollParticipant._meta.db_table} pp ON pp.run_id = r.id AND pp.token_hash = %s "
    "WHERE r.code = %s AND q.id = %s"
)
_JOIN = (
    f"INSERT INTO {PollParticipant._meta.db_table} (run_id, token_hash, created_at) "
    "VALUES (%s, %s, %s)"
)


def _answer_refused(*, status, kind, min_choices, max_choices, known, option_ids, text, terms):
    """Why the question does not take this answer (an outcome of polls_answer_set()), or None."""
    if status != RunQuestion.Status.OPEN:
        return status
    if kind == Poll.Kind.WORDS:
        if option_ids or text:
            return "not_words"
        if terms is None:
            return "unclean"
        if not terms:
            return "no_words"
        return "too_many_words" if len(terms) > max_choices else None
    if terms is None or terms:
        return "words_only_here"
    if kind == Poll.Kind.TEXT:
        if option_ids:
            return "not_a_text"
        return None if text else "empty_text"
    if text:
        return "not_a_choice"
    if known != len(option_ids):
        return "option"
    low, high = choice_range(kind=kind, min_choices=min_choices, max_choices=max_choices)
    return None if low <= len(option_ids) <= high else "count"


def _answer_set_steps(
    cursor,
    code,
    token_hash,
    question_id,
    option_ids,
    text,
    terms,
    spellings,
    rate_limit,
    rate_window,
) -> tuple:
    """polls_answer_set() for databases without it, step by step."""
    if rate_limit_exceeded(token_hash, rate_limit, rate_window):
        return ("rate", None, None, None)
    options = ", ".join(["%s"] * len(option_ids)) or "NULL"
    cursor.execute(
        _QUESTION_AND_PARTICIPANT.replace("{options}", options),
        [*option_ids, token_hash, code, question_id],
    )
    row = cursor.fetchone()
    if row is None:
        return ("question", None, None, None)
    run_id, status, kind, min_choices, max_choices, participant_id, known = row
    rules = (kind, min_choices, max_choices)
    outcome = _answer_refused(
        status=status,
        kind=kind,
        min_choices=min_choices,
        max_choices=max_choices,
        known=known,
        option_ids=option_ids,
        text=text,
        terms=terms,
    )
    if outcome:
        return (outcome, *rules)
    first = participant_id is None
    if first:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.execute(_JOIN, [run_id, token_hash, now])
        participant_id = cursor.lastrowid
    mine = {"participant_id": participant_id, "question_id": question_id}
    if kind == Poll.Kind.WORDS:
        if not first:
            Answer.objects.filter(**mine).exclude(term__in=terms).delete()
        hidden = set(
            Answer.objects.filter(question_id=question_id, term__in=terms, hidden=True).values_list(
                "term", flat=True
            )
        )
        rows = [
            Answer(**mine, text=spelling, term=term, hidden=term in hidden)
            for term, spelling in zip(terms, spellings, strict=True)
        ]
    elif kind == Poll.Kind.TEXT:
        if not first:
            Answer.objects.filter(**mine).exclude(text=text).update(
                text=text, released=False, created_at=timezone.now()
            )
        rows = [Answer(**mine, text=text)]
    else:
        if not first:
            Answer.objects.filter(**mine).exclude(option_id__in=option_ids).delete()
        rows = [Answer(**mine, option_id=option) for option in option_ids]
    Answer.objects.bulk_create(rows, ignore_conflicts=True)
    return ("ok", *rules)


def answer_set(
    *,
    code: str,
    token: str,
    question_id: int,
    option_ids: Sequence[int] = (),
    text: str = "",
    terms: Sequence[str] = (),
    rate_limited: bool = False,
) -> AnswerSaved:
    """Replace the participant's whole answer to one question: the chosen options of a choice
    question, mood check or rating scale, the text of a free-text question, or the terms of a
    word cloud (``terms``, at most the poll's ``max_choices``). Raises PollRefused and changes
    nothing when the question is not open, an option is unknown, or the number of options breaks
    the question's rule (exactly 2, at most 3 …). The participant's row is written with their
    first answer (opening the page writes none).

    Rows that stay are kept: a term that stays keeps its moderation, and a changed text keeps its
    row, so a hidden text stays hidden (hiding is undone only by staff) and a released one goes
    back into the queue of a premoderated question. Two answers of one participant (two tabs, a
    double tap) run one after the other, so the last wins whole and the two never mix.
    ``rate_limited``: the request counts against the participant's rate limit (live.ratelimit)
    and is refused over it; the shared count is kept by the same statement as the answer.

    Malformed input is refused before the question is looked up: too many options or terms, a
    text too long or with a NUL. Terms that ``words_clean`` refuses (too long, none left) are
    refused where the question takes terms, after its status is checked."""
    option_ids = sorted(set(option_ids))
    text = text.strip()
    if len(option_ids) > MAX_OPTIONS:
        raise PollRefused(UNKNOWN_OPTION, status=400)
    if len(terms) > MAX_OPTIONS:
        raise PollRefused(too_many_words(MAX_OPTIONS, len(terms)), status=400)
    if len(text) > TEXT_MAX_LENGTH:
        raise PollRefused(TOO_LONG % {"n": TEXT_MAX_LENGTH}, status=400)
    if "\x00" in text:  # PostgreSQL keeps no NUL in text; forms refuse it, this is no form
        raise PollRefused(NUL_IN_TEXT, status=400)
    cleaned, unclean = {}, None
    if terms:
        try:
            cleaned = words_clean(terms)
        except PollRefused as refusal:
            # Said only if the question takes terms: a closed one says it is closed.
            unclean = refusal
    token_hash = participant_token_hash(code=code, token=token)
    limits = rate_limit_arguments(token_hash) if rate_limited else (None, None)
    if limits is None:
        raise PollRefused(TOO_MANY, status=429)
    params = [
        code,
        token_hash,
        question_id,
        option_ids,
        text,
        None if unclean else list(cleaned),
        None if unclean else list(cleaned.values()),
        *limits,
    ]
    outcome, kind, min_choices, max_choices = write(_CALL, _answer_set_steps, params)
    if outcome == "unclean":
        raise unclean
    if outcome != "ok":
        raise _refusal(
            outcome,
            code=code,
            kind=kind,
            min_choices=min_choices,
            max_choices=max_choices,
            option_ids=option_ids,
            terms=cleaned,
        )
    if kind == Poll.Kind.WORDS:
        return AnswerSaved(
            question_id=question_id, option_ids=[], text="", words=list(cleaned.values())
        )
    return AnswerSaved(question_id=question_id, option_ids=option_ids, text=text)


def _refusal(outcome, *, code, kind, min_choices, max_choices, option_ids, terms) -> PollRefused:
    if outcome == "rate":
        return PollRefused(TOO_MANY, status=429)
    if outcome == "question":
        if not PollRun.objects.filter(code=code).exists():
            return PollRefused(NOT_FOUND, status=404)
        return PollRefused(UNKNOWN_QUESTION, status=404)
    if outcome == RunQuestion.Status.DRAFT:
        return PollRefused(NOT_OPEN)
    if outcome == "too_many_words":
        return PollRefused(too_many_words(max_choices, len(terms)), status=422)
    if outcome == "count":
        low, high = choice_range(kind=kind, min_choices=min_choices, max_choices=max_choices)
        return PollRefused(
            _("%(rule)s Sie haben %(n)d gewählt.")
            % {"rule": choice_rule_text(low, high), "n": len(option_ids)},
            status=422,
        )
    plain = {
        "not_words": (NOT_WORDS, 400),
        "no_words": (EMPTY_WORDS, 422),
        "words_only_here": (WORDS_ONLY_HERE, 400),
        "not_a_text": (NOT_A_TEXT, 400),
        "empty_text": (EMPTY_TEXT, 422),
        "not_a_choice": (NOT_A_CHOICE, 400),
        "option": (UNKNOWN_OPTION, 404),
    }
    if outcome == RunQuestion.Status.CLOSED:
        return PollRefused(CLOSED)
    message, status = plain[outcome]
    return PollRefused(message, status=status)


# --- Setting up a run ---------------------------------------------------------------------------


def scale_values(steps: int = SCALE_STEPS) -> list[str]:
    """The values of a rating scale, its options: "1" … "5"."""
    return [str(value) for value in range(1, steps + 1)]


def poll_steps_ensure(*, poll: Poll, steps: int = SCALE_STEPS) -> None:
    """Give a mood check without options its five steps, and a rating scale without options its
    values 1 … ``steps``, so the documentation holds the scale the numbers refer to. Those
    imported from a documentation often have none."""
    if poll.kind == Poll.Kind.MOOD:
        labels = MOOD_STEPS
    elif poll.kind == Poll.Kind.SCALE:
        labels = scale_values(steps)
    else:
        return
    if not poll.options.exists():
        PollOption.objects.bulk_create(
            PollOption(poll=poll, text=label, order=i) for i, label in enumerate(labels, 1)
        )


def _check_askable(poll: Poll) -> None:
    options = poll.options.count()
    few = options < 2 if poll.kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE) else options == 1
    if poll.kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE, Poll.Kind.SCALE) and few:
        raise PollRefused(
            _("„%(question)s“ hat weniger als zwei Antwortmöglichkeiten.") % {"question": str(poll)}
        )
    if poll.kind == Poll.Kind.WORDS and poll.max_choices < 1:
        raise PollRefused(
            _("„%(question)s“: Bitte erlauben Sie mindestens einen Begriff (Höchstens wählen).")
            % {"question": str(poll)}
        )


@transaction.atomic
def run_questions_add(*, run: PollRun, polls: Sequence[Poll]) -> list[RunQuestion]:
    """Append polls of the run's event as questions, skipping those the run already asks."""
    run = _lock_run(run)
    if run.status == PollRun.Status.FINISHED:
        raise PollRefused(_("Die Umfrage ist beendet."))
    have = set(run.questions.values_list("poll_id", flat=True))
    order = run.questions.aggregate(top=Max("order", default=0))["top"]
    new = []
    for poll in polls:
        if poll.event_id != run.event_id:
            raise PollRefused(_("Die Frage gehört zu einer anderen Veranstaltung."), status=400)
        if poll.pk in have:
            continue
        _check_askable(poll)
        poll_steps_ensure(poll=poll)
        have.add(poll.pk)
        order += 1
        new.append(RunQuestion(run=run, poll=poll, order=order))
    return RunQuestion.objects.bulk_create(new)


@transaction.atomic
def run_create(
    *, event: Event, title: str, polls: Sequence[Poll], code: str | None = None
) -> PollRun:
    """A new run over some of the event's polls, in their order; the code is generated unless
    one is given (it must be free: live.codes)."""
    run = PollRun.objects.create(event=event, title=title, **({"code": code} if code else {}))
    run_questions_add(run=run, polls=polls)
    return run


@transaction.atomic
def question_create(
    *,
    run: PollRun,
    question: str,
    kind: str,
    options: Sequence[str] = (),
    min_choices: int = 1,
    max_choices: int = 1,
    results_hidden: bool = True,
    premoderated: bool = True,
    scale_steps: int = SCALE_STEPS,
    label_low: str = "",
    label_high: str = "",
) -> RunQuestion:
    """A new question of the event's documentation (events.Poll with its options), appended to
    the run. A mood check gets the five steps, a rating scale the values 1 … ``scale_steps``
    with the labels of its ends; single choice exactly one choice; a word cloud takes up to
    ``max_choices`` terms of each participant."""
    if kind == Poll.Kind.WORDS:
        min_choices = 1
    elif kind != Poll.Kind.MULTIPLE:
        min_choices = max_choices = 1
    if kind != Poll.Kind.SCALE:
        label_low = label_high = ""
    order = Poll.objects.filter(event=run.event).aggregate(top=Max("order", default=0))["top"]
    poll = Poll.objects.create(
        event=run.event,
        question=question.strip(),
        kind=kind,
        min_choices=min_choices,
        max_choices=max_choices,
        label_low=label_low.strip(),
        label_high=label_high.strip(),
        order=order + 1,
    )
    poll_steps_ensure(poll=poll, steps=scale_steps)
    if kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE):
        PollOption.objects.bulk_create(
            PollOption(poll=poll, text=text.strip(), order=i)
            for i, text in enumerate(options, 1)
            if text.strip()
        )
    (added,) = run_questions_add(run=run, polls=[poll])
    if (results_hidden, premoderated) != (added.results_hidden, added.premoderated):
        added.results_hidden = results_hidden
        added.premoderated = premoderated
        added.save(update_fields=["results_hidden", "premoderated"])
    return added


# --- The facilitator's controls -----------------------------------------------------------------


def _lock_run(run: PollRun) -> PollRun:
    """The run row, locked FOR NO KEY UPDATE: the facilitator's controls run one after another.
    Not FOR UPDATE: a first answer's new participant checks at its commit that its run exists (a
    key share of the run row), while the control waits for the question that answer holds, a
    deadlock. A run deleted meanwhile (the lock waited for the delete) is refused as not found."""
    locked = (
        PollRun.objects.select_for_update(no_key=True, of=("self",))
        .select_related("event")
        .filter(pk=run.pk)
        .first()
    )
    if locked is None:
        raise PollRefused(NOT_FOUND, status=404)
    # Whatever the control changes, the phones and the projector hear of it at its commit.
    announce(locked.code)
    return locked


def _lock_question(question_id: int) -> RunQuestion:
    """The question row FOR UPDATE: waits for the answers in flight, blocks new ones."""
    question = (
        RunQuestion.objects.select_for_update(of=("self",))
        .select_related("poll")
        .filter(pk=question_id)
        .first()
    )
    if question is None:
        raise PollRefused(UNKNOWN_QUESTION, status=404)
    return question


def poll_runs_asking(polls) -> list[str]:
    """Why these polls may not be replaced by an import (events.deletion): the live polls that ask
    them would lose those questions and their answers."""
    codes = list(
        PollRun.objects.filter(questions__poll__in=polls)
        .order_by("code")
        .values_list("code", flat=True)
        .distinct()
    )
    if not codes:
        return []
    return [
        ngettext(
            "Die Live-Umfrage %(codes)s stellt Fragen dieser Veranstaltung. Der Import ersetzt "
            "alle Fragen und würde die Live-Umfrage mit ihren Antworten leeren. Löschen Sie die "
            "Live-Umfrage zuerst, wenn Sie das wollen.",
            "Die Live-Umfragen %(codes)s stellen Fragen dieser Veranstaltung. Der Import ersetzt "
            "alle Fragen und würde die Live-Umfragen mit ihren Antworten leeren. Löschen Sie die "
            "Live-Umfragen zuerst, wenn Sie das wollen.",
            len(codes),
        )
        % {"codes": ", ".join(codes)}
    ]


def poll_runs_lock(runs) -> list[int]:
    """Lock these runs (a queryset) and all their questions, in the order of their ids, as the
    controls do (run, then question); returns the runs' ids. Call inside a
    transaction before deleting the runs, their event or a poll they ask: the delete then waits
    for the answers in flight (each holds its question FOR SHARE) and sees their rows, and an
    answer that comes after it finds the question gone and is refused. Without it the delete
    missed the answers written meanwhile and failed at commit."""
    ids = list(runs.order_by().values_list("pk", flat=True).distinct())
    # The runs FOR NO KEY UPDATE: an answer in flight checks at its commit that its new
    # participant's run exists (a deferred foreign key takes FOR KEY SHARE), which FOR UPDATE
    # would block while the delete waits for that answer: a deadlock.
    ids = list(
        PollRun.objects.filter(pk__in=ids)
        .order_by("pk")
        .select_for_update(no_key=True)
        .values_list("pk", flat=True)
    )
    list(
        RunQuestion.objects.filter(run_id__in=ids)
        .order_by("run_id", "pk")
        .select_for_update()
        .values_list("pk", flat=True)
    )
    return ids


def _open(question: RunQuestion) -> None:
    _check_askable(question.poll)
    poll_steps_ensure(poll=question.poll)
    question.status = RunQuestion.Status.OPEN
    question.opened_at = question.opened_at or timezone.now()
    question.save(update_fields=["status", "opened_at"])


def _close(question: RunQuestion) -> None:
    question.status = RunQuestion.Status.CLOSED
    question.closed_at = timezone.now()
    question.save(update_fields=["status", "closed_at"])


def _refuse_unless_live(run: PollRun) -> None:
    if run.status != PollRun.Status.LIVE:
        raise PollRefused(
            _("Das geht nicht, solange die Umfrage „%(status)s“ ist.")
            % {"status": run.get_status_display()}
        )


def _current(run: PollRun) -> RunQuestion:
    if run.current_question_id is None:
        raise PollRefused(_("Gerade ist keine Frage ausgewählt."))
    return _lock_question(run.current_question_id)


@transaction.atomic
def run_go_to(*, run: PollRun, question: RunQuestion, ask: bool = True) -> RunQuestion:
    """Make ``question`` the one on every screen. The question shown before is closed if it was
    open (only the current question is ever open); with ``ask`` a question not yet asked opens.
    Starts a run in preparation, and resumes one that was finished. Phones and the projector
    follow on their next poll of the state."""
    return _show(_lock_run(run), question, ask=ask)


def _show(run: PollRun, question: RunQuestion, *, ask: bool) -> RunQuestion:
    """``run_go_to`` on the run locked by the caller."""
    if run.status != PollRun.Status.LIVE:
        # Starting, or resuming a run that was finished too early.
        run.status = PollRun.Status.LIVE
        run.started_at = run.started_at or timezone.now()
        run.finished_at = None
    if question.run_id != run.pk:
        raise PollRefused(UNKNOWN_QUESTION, status=404)
    if run.current_question_id and run.current_question_id != question.pk:
        previous = _lock_question(run.current_question_id)
        if previous.is_open:
            _close(previous)
    question = _lock_question(question.pk)
    if ask and question.status == RunQuestion.Status.DRAFT:
        _open(question)
    run.current_question = question
    run.save(update_fields=["status", "started_at", "finished_at", "current_question"])
    return question


def _neighbour(run: PollRun, *, after: bool) -> RunQuestion | None:
    questions = list(run.questions.order_by("order", "id").values_list("id", flat=True))
    if not questions:
        return None
    if run.current_question_id not in questions:
        return run.questions.get(pk=questions[0]) if after else None
    index = questions.index(run.current_question_id) + (1 if after else -1)
    return run.questions.get(pk=questions[index]) if 0 <= index < len(questions) else None


def run_start(*, run: PollRun) -> RunQuestion:
    """Begin with the first question."""
    if run.status != PollRun.Status.DRAFT:
        raise PollRefused(_("Die Umfrage läuft schon oder ist beendet."))
    first = run.questions.order_by("order", "id").first()
    if first is None:
        raise PollRefused(_("Die Umfrage hat noch keine Fragen."))
    return run_go_to(run=run, question=first)


@transaction.atomic
def run_advance(*, run: PollRun) -> RunQuestion:
    """Close the current question and ask the next one. Only while the run is live: a finished
    run is resumed by choosing a question (``run_go_to``), not by a "next" from a tab still
    showing it live."""
    run = _lock_run(run)
    _refuse_unless_live(run)
    following = _neighbour(run, after=True)
    if following is None:
        raise PollRefused(
            _("Das war die letzte Frage. Beenden Sie die Umfrage, wenn alle Fragen gestellt sind.")
        )
    return _show(run, following, ask=True)


@transaction.atomic
def run_back(*, run: PollRun) -> RunQuestion:
    """Show the question before again, e.g. to discuss its result; it is not reopened. Only while
    the run is live, as "next"."""
    run = _lock_run(run)
    _refuse_unless_live(run)
    before = _neighbour(run, after=False)
    if before is None:
        raise PollRefused(_("Das ist die erste Frage."))
    return _show(run, before, ask=False)


@transaction.atomic
def question_close(*, run: PollRun) -> RunQuestion:
    """Stop accepting answers to the current question. Waits for the answers in flight."""
    run = _lock_run(run)
    _refuse_unless_live(run)
    question = _current(run)
    if not question.is_open:
        raise PollRefused(_("Die Frage ist nicht offen."))
    _close(question)
    return question


@transaction.atomic
def question_results_hidden_set(*, run: PollRun, hidden: bool) -> None:
    """Hide the current question's result from everyone but staff, or reveal it. Under the run's
    lock like every control; a question deleted meanwhile is refused, not an error."""
    run = _lock_run(run)
    if run.current_question_id is None:
        raise PollRefused(_("Gerade ist keine Frage ausgewählt."))
    if not RunQuestion.objects.filter(pk=run.current_question_id).update(results_hidden=hidden):
        raise PollRefused(UNKNOWN_QUESTION, status=404)


@transaction.atomic
def question_reopen(*, run: PollRun) -> RunQuestion:
    """Accept answers to the current question (again)."""
    run = _lock_run(run)
    _refuse_unless_live(run)
    question = _current(run)
    if question.is_open:
        raise PollRefused(_("Die Frage ist schon offen."))
    _open(question)
    return question


@transaction.atomic
def run_finish(*, run: PollRun) -> PollRun:
    """End the run: the current question closes, the phones say thank you."""
    run = _lock_run(run)
    _refuse_unless_live(run)
    if run.current_question_id:
        question = _current(run)
        if question.is_open:
            _close(question)
    run.status = PollRun.Status.FINISHED
    run.finished_at = timezone.now()
    run.current_question = None
    run.save(update_fields=["status", "finished_at", "current_question"])
    return run


# --- Moderation of free texts and of the terms of word clouds -----------------------------------


def text_answer_moderate(*, answer: Answer, action: str) -> None:
    """Release a text for the projector, hide it (from everyone but staff), or show it again."""
    if answer.option_id is not None:
        raise PollRefused(_("Nur Freitexte werden moderiert."), status=400)
    changes = {
        "release": {"released": True, "hidden": False},
        "hide": {"hidden": True},
        "show": {"hidden": False, "released": True},
    }[action]
    Answer.objects.filter(pk=answer.pk).update(**changes)


def word_term_moderate(*, question: RunQuestion, term: str, action: str) -> int:
    """Release, hide or show again a term of a word cloud: all its answers at once, so a hidden
    term leaves the server for no one but staff, however many named it. Returns how many
    answers; none when no one named the term."""
    if question.poll.kind != Poll.Kind.WORDS:
        raise PollRefused(_("Nur Begriffe einer Wortwolke werden so moderiert."), status=400)
    changes = {
        "release": {"released": True, "hidden": False},
        "hide": {"hidden": True},
        "show": {"hidden": False, "released": True},
    }[action]
    return question.answers.filter(term=term).exclude(term="").update(**changes)


def texts_release_all(*, question: RunQuestion) -> int:
    """Release every text (or term) not yet looked at; hidden ones stay hidden. Returns how
    many answers."""
    return question.answers.filter(option__isnull=True, released=False, hidden=False).update(
        released=True
    )


# --- Into the documentation ---------------------------------------------------------------------


def _other_numbers(poll: Poll, source: CountSource | None, question: RunQuestion | None) -> bool:
    """Whether the poll holds numbers (or, for free text, answers) that did not come from
    publishing this very question: hand counts, an earlier import, another run."""
    if source is not None:
        return not (source.source == CountSource.Source.LIVE and source.question_id == question.pk)
    if poll.kind in (Poll.Kind.TEXT, Poll.Kind.WORDS):
        return poll.options.exists()
    return poll.options.filter(count__isnull=False).exists()


def _lock_poll(poll_id: int) -> tuple[Poll, CountSource | None]:
    """The poll FOR UPDATE and where its numbers come from; a poll deleted meanwhile (with its
    event, or by an import) is refused, not an error."""
    poll = Poll.objects.select_for_update().filter(pk=poll_id).first()
    if poll is None:
        raise PollRefused(POLL_GONE, status=404)
    return poll, CountSource.objects.filter(poll=poll).first()


OVERWRITE_LIVE = _(
    "Für diese Frage sind schon Zahlen oder Antworten dokumentiert (%(source)s). "
    "Bitte bestätigen Sie, dass das Live-Ergebnis sie ersetzt."
)
OVERWRITE_HAND = _(
    "Für diese Frage ist schon ein Live-Ergebnis veröffentlicht. Bitte bestätigen Sie, dass die "
    "von Hand gezählten Zahlen es ersetzen."
)


def _source_label(source: CountSource | None) -> str:
    return str(source.get_source_display()) if source else str(_("aus der Dokumentation"))


@transaction.atomic
def question_publish(*, question: RunQuestion, overwrite: bool = False) -> Poll:
    """Write the closed question's result into the documentation: each option's count into
    ``PollOption.count`` (mood steps and scale values included), the visible free texts as the
    poll's options, or the visible terms of a word cloud with their counts, most named first;
    "live im Browser, N Antwortende" into ``Poll.method``; the source into CountSource. Numbers
    from another source (hand counts, an import) are replaced only with ``overwrite``. Publishing
    the same question again updates its own numbers without asking."""
    question = _lock_question(question.pk)
    if question.status != RunQuestion.Status.CLOSED:
        raise PollRefused(_("Nur eine geschlossene Frage kann veröffentlicht werden."))
    poll, source = _lock_poll(question.poll_id)
    if not overwrite and _other_numbers(poll, source, question):
        raise PollRefused(OVERWRITE_LIVE % {"source": _source_label(source)})
    respondents = question.answers.aggregate(n=Count("participant", distinct=True))["n"]
    if poll.kind == Poll.Kind.TEXT:
        texts = list(
            visible_texts(question).values_list("text", flat=True).order_by("created_at", "id")
        )
        poll.options.all().delete()
        PollOption.objects.bulk_create(
            PollOption(poll=poll, text=text, order=i) for i, text in enumerate(texts, 1)
        )
    elif poll.kind == Poll.Kind.WORDS:
        poll.options.all().delete()
        PollOption.objects.bulk_create(
            PollOption(poll=poll, text=word.text, count=word.count, order=i)
            for i, word in enumerate(word_tallies(question), 1)
        )
    else:
        options = list(
            poll.options.annotate(
                chosen=Count("live_answers", filter=Q(live_answers__question=question))
            )
        )
        for option in options:
            option.count = option.chosen
        PollOption.objects.bulk_update(options, ["count"])
    poll.method = LIVE_METHOD.format(n=respondents)
    poll.save(update_fields=["method"])
    now = timezone.now()
    CountSource.objects.update_or_create(
        poll=poll,
        defaults={
            "source": CountSource.Source.LIVE,
            "question": question,
            "respondents": respondents,
            "recorded_at": now,
        },
    )
    question.published_at = now
    question.save(update_fields=["published_at"])
    return poll


def hand_count_labels(poll: Poll) -> list[str]:
    """The rows staff fill in: the poll's options, or the five steps of a mood check (the values
    of a rating scale) without."""
    labels = [option.text for option in poll.options.order_by("order", "id")]
    if not labels and poll.kind == Poll.Kind.MOOD:
        return list(MOOD_STEPS)
    if not labels and poll.kind == Poll.Kind.SCALE:
        return scale_values()
    return labels


@transaction.atomic
def hand_counts_save(
    *,
    poll: Poll,
    counts: Sequence[int | None] = (),
    texts: Sequence[str] = (),
    terms: Sequence[tuple[str, int | None]] = (),
    method: str = "",
    overwrite: bool = False,
) -> Poll:
    """Store results counted by hand (hand signals, paper): one count per row of
    ``hand_count_labels`` (None: no number), for free text the answers, one per entry, or for a
    word cloud the terms with their counts, most named first. A live result published before is
    replaced only with ``overwrite``."""
    poll, source = _lock_poll(poll.pk)
    if source is not None and source.source == CountSource.Source.LIVE and not overwrite:
        raise PollRefused(OVERWRITE_HAND)
    if poll.kind == Poll.Kind.TEXT:
        poll.options.all().delete()
        PollOption.objects.bulk_create(
            PollOption(poll=poll, text=text.strip(), order=i)
            for i, text in enumerate(texts, 1)
            if text.strip()
        )
        has_numbers = any(text.strip() for text in texts)
    elif poll.kind == Poll.Kind.WORDS:
        poll.options.all().delete()
        ranked = sorted(
            ((text.strip(), count) for text, count in terms if text.strip()),
            key=lambda term: -(term[1] or 0),
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, text=text, count=count, order=i)
            for i, (text, count) in enumerate(ranked, 1)
        )
        has_numbers = bool(ranked)
    else:
        poll_steps_ensure(poll=poll)
        options = list(poll.options.order_by("order", "id"))
        if len(counts) != len(options):
            raise PollRefused(_("Die Antwortmöglichkeiten haben sich geändert."), status=400)
        for option, count in zip(options, counts, strict=True):
            option.count = count
        PollOption.objects.bulk_update(options, ["count"])
        has_numbers = any(count is not None for count in counts)
    poll.method = method.strip() or HAND_METHOD_DEFAULT
    poll.save(update_fields=["method"])
    if has_numbers:
        CountSource.objects.update_or_create(
            poll=poll,
            defaults={
                "source": CountSource.Source.HAND,
                "question": None,
                "respondents": None,
                "recorded_at": timezone.now(),
            },
        )
    else:
        CountSource.objects.filter(poll=poll).delete()
    return poll


# --- Retention ----------------------------------------------------------------------------------


def poll_runs_purge_expired(*, now=None) -> int:
    """Delete the participants and their single answers of runs finished more than
    VOTE_RETENTION_DAYS ago. What was published stays in the documentation. Returns the number
    of runs purged."""

    def purge(run: PollRun) -> bool:
        deleted, _ = PollParticipant.objects.filter(run=_lock_run(run)).delete()
        return bool(deleted)

    expired = PollRun.objects.filter(
        status=PollRun.Status.FINISHED, finished_at__lte=retention_cutoff(now)
    )
    return purge_each(expired, purge)
