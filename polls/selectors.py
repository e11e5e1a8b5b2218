"""Reads of live polls. Every tally is an aggregation over the Answer rows; nothing is counted in
Python. What the room and the participants may see is decided here, once: numbers of a hidden
result and texts that are hidden or not yet released never leave these functions for them."""

import math
import zlib
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from events.models import Poll, PollOption
from events.selectors import scale_mean
from polls.models import Answer, PollParticipant, PollRun, RunQuestion

# The most frequent terms a word cloud shows: as many as fit a projector at 1280×720 in their
# largest sizes. The others are counted ("and 12 more") and published all the same.
WORD_CLOUD_MAX = 40
# The font sizes of a cloud's terms, least named first, in em of the cloud's type.
WORD_EMS = (1.0, 1.25, 1.55, 1.9, 2.3, 2.8)
# The area a cloud may fill, in square em of its type: what a projector at 1280×720 has below
# the question (about 54 × 19 em), less a good part for lines that do not end flush. A cloud
# that would need more is set smaller as a whole, so it never scrolls or pages.
WORD_CLOUD_AREA = 800


def visible_texts(question: RunQuestion) -> QuerySet[Answer]:
    """The texts the room and the participants may see: not hidden, and released when the
    question is premoderated."""
    texts = question.answers.filter(option__isnull=True, term="", hidden=False)
    return texts.filter(released=True) if question.premoderated else texts


@dataclass
class Word:
    """A term of a word cloud: ``term`` the key its answers count under, ``text`` its most
    frequent spelling, ``count`` how many named it; ``size`` 1 … WORD_SIZES for the cloud."""

    term: str
    text: str
    count: int
    hidden: bool = False
    released: bool = True
    size: int = 1
    order: int = 0
    em: float = 1.0


def _terms(question: RunQuestion) -> QuerySet[Answer]:
    return question.answers.filter(option__isnull=True).exclude(term="")


def _spelling(terms: QuerySet[Answer]) -> Subquery:
    """The term's most frequent spelling ("Ehrenamt" over "ehrenamt"), alphabetically first
    on a tie."""
    return Subquery(
        terms.filter(term=OuterRef("term"))
        .values("text")
        .annotate(n=Count("pk"))
        .order_by("-n", "text")
        .values("text")[:1]
    )


def word_tallies(question: RunQuestion) -> list[Word]:
    """The terms the room and the participants may see, most named first, in one query. A term
    is hidden as a whole: one hidden answer of it (staff hid the term) keeps all its answers
    here, and with a premoderated question a term shows once staff released it."""
    terms = _terms(question)
    visible = terms.exclude(term__in=terms.filter(hidden=True).values("term"))
    if question.premoderated:
        visible = visible.filter(term__in=terms.filter(released=True).values("term"))
    rows = (
        visible.values("term")
        .annotate(count=Count("pk"), spelling=_spelling(terms))
        .order_by("-count", "term")
    )
    return [Word(term=r["term"], text=r["spelling"], count=r["count"]) for r in rows]


def moderation_words(question: RunQuestion) -> list[Word]:
    """Every term of a word cloud, hidden and pending ones included: for staff only."""
    terms = _terms(question)
    rows = (
        terms.values("term")
        .annotate(
            count=Count("pk"),
            hidden_n=Count("pk", filter=Q(hidden=True)),
            released_n=Count("pk", filter=Q(released=True)),
            spelling=_spelling(terms),
        )
        .order_by("-count", "term")
    )
    return [
        Word(
            term=r["term"],
            text=r["spelling"],
            count=r["count"],
            hidden=r["hidden_n"] > 0,
            released=r["released_n"] > 0 or not question.premoderated,
        )
        for r in rows
    ]


def _sized(words: list[Word]) -> list[Word]:
    """Each term's size by its count (``size`` 1 … 6, ``em`` its font size), and its place: the
    most named in the middle, the others alternately before and after it (the list itself
    stays in frequency order)."""
    top = max((word.count for word in words), default=0)
    for i, word in enumerate(words):
        word.size = max(1, round(len(WORD_EMS) * word.count / top)) if top else 1
        word.order = i if i % 2 else -i
    # Bold type is about 0.6 em wide a letter; a line 1.3 em high; 0.7 em between two terms.
    needed = sum(
        (0.6 * len(word.text) * WORD_EMS[word.size - 1] + 0.7) * 1.3 * WORD_EMS[word.size - 1]
        for word in words
    )
    scale = min(1.0, math.sqrt(WORD_CLOUD_AREA / needed)) if needed else 1.0
    for word in words:
        word.em = round(WORD_EMS[word.size - 1] * scale, 2)
    return words


def words_signature(words: list[Word]) -> str:
    """A short fingerprint of a cloud: changes with any term or count shown."""
    data = "\n".join(f"{word.term}\t{word.text}\t{word.count}" for word in words)
    return format(zlib.crc32(data.encode()), "08x")


def option_tallies(question: RunQuestion) -> QuerySet[PollOption]:
    """The poll's options in their order, each with ``chosen``: how many participants chose it
    in this question (one Answer row per participant and option)."""
    return question.poll.options.order_by("order", "id").annotate(
        chosen=Count("live_answers", filter=Q(live_answers__question=question))
    )


def respondents(question: RunQuestion) -> int:
    """Participants with an answer to the question."""
    return question.answers.aggregate(n=Count("participant", distinct=True))["n"]


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@dataclass
class QuestionView:
    """What a screen shows of one question. ``visible`` says whether the result may be shown to
    the person asking; without it ``options`` carry no numbers and ``texts`` stay empty."""

    question: RunQuestion
    respondents: int
    visible: bool
    options: list[PollOption] = field(default_factory=list)
    texts: list[Answer] = field(default_factory=list)
    # A rating scale: the mean of the values chosen (None without answers).
    mean: float | None = None
    # A word cloud: its most named terms (at most WORD_CLOUD_MAX), and how many there are.
    words: list[Word] = field(default_factory=list)
    words_total: int = 0

    @property
    def words_more(self) -> int:
        return self.words_total - len(self.words)

    @property
    def version(self) -> str:
        signature = words_signature(self.words) if self.visible and self.is_words else ""
        return question_version(self.question, signature=signature)

    @property
    def is_words(self) -> bool:
        return self.question.poll.kind == Poll.Kind.WORDS


def question_version(question: RunQuestion | None, *, signature: str = "") -> str:
    """Changes whenever a screen must redraw the question rather than update its numbers: another
    question, opened or closed, result hidden or revealed. A word cloud's shown result is
    redrawn whole when a term or a count changes: its ``signature`` is the fourth part (the
    page script swaps only the result when the first two parts stay)."""
    if question is None:
        return "none"
    version = f"{question.pk}:{question.status}:{'hidden' if question.results_hidden else 'shown'}"
    return f"{version}:{signature}" if signature else version


def question_view(
    question: RunQuestion, *, with_numbers: bool | None = None, respondent_count: int | None = None
) -> QuestionView:
    """The question with its result. ``with_numbers`` defaults to the question's own setting
    (shown live, or hidden until revealed); staff pages pass True. Pass ``respondent_count`` when
    it was read already (``PollRun.objects.live()``)."""
    visible = not question.results_hidden if with_numbers is None else with_numbers
    count = respondents(question) if respondent_count is None else respondent_count
    view = QuestionView(question=question, respondents=count, visible=visible)
    if question.poll.kind == Poll.Kind.TEXT:
        if visible:
            view.texts = list(visible_texts(question))
        return view
    if question.poll.kind == Poll.Kind.WORDS:
        if visible:
            words = word_tallies(question)
            view.words = _sized(words[:WORD_CLOUD_MAX])
            view.words_total = len(words)
        return view
    if visible:
        view.options = list(option_tallies(question))
        for option in view.options:
            option.percent = _percent(option.chosen, count)
        if question.poll.kind == Poll.Kind.SCALE:
            view.mean = scale_mean((option.text, option.chosen) for option in view.options)
    else:
        view.options = list(question.poll.options.order_by("order", "id"))
    return view


def state_payload(run: PollRun) -> dict:
    """The body of state.json, the same for everyone: what the phones and the projector poll.
    Read the run with ``PollRun.objects.live()``: then this adds one query, for the tallies or
    the texts."""
    question = run.current_question
    payload = {
        "status": run.status,
        "version": question_version(question),
        "participants": run.participant_count,
        # The view staff last chose for the projector (live.projector).
        "projector": run.projector_command,
        "question": None,
    }
    if question is None:
        return payload
    view = question_view(question, respondent_count=run.respondent_count)
    payload["version"] = view.version
    data = {
        "id": question.pk,
        "kind": question.poll.kind,
        "status": question.status,
        "hidden": question.results_hidden,
        "text": question.poll.question,
        "respondents": view.respondents,
    }
    if question.poll.kind == Poll.Kind.SCALE:
        data["labels"] = {"low": question.poll.label_low, "high": question.poll.label_high}
        if view.visible:
            data["mean"] = view.mean
    if question.poll.kind == Poll.Kind.TEXT:
        if view.visible:
            data["texts"] = [{"id": answer.pk, "text": answer.text} for answer in view.texts]
    elif question.poll.kind == Poll.Kind.WORDS:
        data["max_words"] = question.poll.max_choices
        if view.visible:
            data["words"] = [{"text": word.text, "count": word.count} for word in view.words]
            data["words_total"] = view.words_total
    elif view.visible:
        data["options"] = [
            {"id": o.pk, "text": o.text, "chosen": o.chosen, "percent": o.percent}
            for o in view.options
        ]
    else:
        data["options"] = [{"id": o.pk, "text": o.text} for o in view.options]
    payload["question"] = data
    return payload


def my_answer(
    question: RunQuestion, participant: PollParticipant | None
) -> tuple[set[int], str, list[str]]:
    """The participant's chosen option ids, text and terms (of a word cloud, as they wrote
    them) for the question, in one query."""
    if participant is None:
        return set(), "", []
    rows = list(
        Answer.objects.filter(question=question, participant=participant)
        .order_by("created_at", "id")
        .values_list("option_id", "text", "term")
    )
    options = {option for option, _text, _term in rows if option is not None}
    text = next((text for option, text, term in rows if option is None and not term), "")
    terms = [text for _option, text, term in rows if term]
    return options, text, terms


def run_questions(run: PollRun) -> QuerySet[RunQuestion]:
    """The run's questions in order, with their poll and the number of respondents, for the
    facilitator's list."""
    return (
        run.questions.select_related("poll")
        .annotate(respondents=Count("answers__participant", distinct=True))
        .order_by("order", "id")
    )


def moderation_texts(question: RunQuestion) -> QuerySet[Answer]:
    """All texts of a question, hidden and pending ones included: for staff only."""
    return question.answers.filter(option__isnull=True, term="").order_by("created_at", "id")
