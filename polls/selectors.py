"""Reads of live polls. Every tally is an aggregation over the Answer rows; nothing is counted in
Python. What the room and the participants may see is decided here, once: numbers of a hidden
result and texts that are hidden or not yet released never leave these functions for them."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from events.models import Poll, PollOption
from polls.models import Answer, PollParticipant, PollRun, RunQuestion


def visible_texts(question: RunQuestion) -> QuerySet[Answer]:
    """The texts the room and the participants may see: not hidden, and released when the
    question is premoderated."""
    texts = question.answers.filter(option__isnull=True, hidden=False)
    return texts.filter(released=True) if question.premoderated else texts


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

    @property
    def version(self) -> str:
        return question_version(self.question)


def question_version(question: RunQuestion | None) -> str:
    """Changes whenever a screen must redraw the question rather than update its numbers: another
    question, opened or closed, result hidden or revealed."""
    if question is None:
        return "none"
    return f"{question.pk}:{question.status}:{'hidden' if question.results_hidden else 'shown'}"


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
    if visible:
        view.options = list(option_tallies(question))
        for option in view.options:
            option.percent = _percent(option.chosen, count)
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
    data = {
        "id": question.pk,
        "kind": question.poll.kind,
        "status": question.status,
        "hidden": question.results_hidden,
        "text": question.poll.question,
        "respondents": view.respondents,
    }
    if question.poll.kind == Poll.Kind.TEXT:
        if view.visible:
            data["texts"] = [{"id": answer.pk, "text": answer.text} for answer in view.texts]
    elif view.visible:
        data["options"] = [
            {"id": o.pk, "text": o.text, "chosen": o.chosen, "percent": o.percent}
            for o in view.options
        ]
    else:
        data["options"] = [{"id": o.pk, "text": o.text} for o in view.options]
    payload["question"] = data
    return payload


def my_answer(question: RunQuestion, participant: PollParticipant | None) -> tuple[set[int], str]:
    """The participant's chosen option ids and text for the question, in one query."""
    if participant is None:
        return set(), ""
    rows = list(
        Answer.objects.filter(question=question, participant=participant).values_list(
            "option_id", "text"
        )
    )
    options = {option for option, _text in rows if option is not None}
    text = next((text for option, text in rows if option is None), "")
    return options, text


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
    return question.answers.filter(option__isnull=True).order_by("created_at", "id")
