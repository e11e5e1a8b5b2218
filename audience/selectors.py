"""Reads of audience questions. What the room and the participants may see is decided here,
once: pending and hidden questions never leave these functions for them. Votes are counted by
the database (annotate), never in Python."""

from django.db.models import Count, QuerySet

from audience.models import AudienceParticipant, AudienceQuestion, QuestionRound

# The projector shows the pinned question and at most this many of the others.
PROJECTOR_TOP = 10


def visible_questions(question_round: QuestionRound) -> QuerySet[AudienceQuestion]:
    """The released questions, each with ``votes``, most votes first, then the oldest first."""
    return (
        question_round.questions.filter(status=AudienceQuestion.Status.RELEASED)
        .annotate(votes=Count("upvotes"))
        .order_by("-votes", "created_at", "id")
    )


def staff_questions(question_round: QuestionRound) -> QuerySet[AudienceQuestion]:
    """Every question of the round, hidden and pending ones included: for staff only."""
    return question_round.questions.annotate(votes=Count("upvotes")).order_by(
        "-votes", "created_at", "id"
    )


def my_upvotes(question_round: QuestionRound, participant: AudienceParticipant | None) -> set[int]:
    """The questions this participant upvoted."""
    if participant is None:
        return set()
    return set(participant.upvotes.values_list("question_id", flat=True))


def my_waiting_questions(
    question_round: QuestionRound, participant: AudienceParticipant | None
) -> list[AudienceQuestion]:
    """This participant's questions that the room does not see: waiting for the moderation, or
    not released (hidden). Only their author is shown them, on their own phone."""
    if participant is None:
        return []
    return list(
        participant.questions.exclude(status=AudienceQuestion.Status.RELEASED).order_by(
            "created_at", "id"
        )
    )


def state_payload(question_round: QuestionRound, *, hidden_numbers: bool = True) -> dict:
    """The body of state.json, the same for everyone: what the phones and the projector poll.
    One query for the visible questions (read the round with its pinned question), one for the
    numbers of the hidden ones, without their texts: the phone of a hidden question's author
    says that it was not released (``hidden_numbers``; a page drawn by the server does not need
    them)."""
    questions = list(
        visible_questions(question_round).values("pk", "text", "votes", "answered_at", "created_at")
    )
    pinned = question_round.pinned if question_round.pinned_id else None
    if pinned is not None and pinned.status != AudienceQuestion.Status.RELEASED:
        pinned = None  # hiding unpins; this is the same rule, read once more
    payload = {
        "status": question_round.status,
        # The view staff last chose for the projector (live.projector).
        "projector": question_round.projector_command,
        "pinned": pinned.pk if pinned else None,
        "questions": [
            {
                "id": q["pk"],
                "text": q["text"],
                "votes": q["votes"],
                "answered": q["answered_at"] is not None,
            }
            for q in questions
        ],
    }
    if hidden_numbers:
        hidden = question_round.questions.filter(status=AudienceQuestion.Status.HIDDEN)
        payload["hidden"] = sorted(hidden.values_list("pk", flat=True))
    return payload
