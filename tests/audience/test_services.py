"""Asking and upvoting: one vote per participant, withdrawn too; pending and hidden questions
never reach the room; the round's status decides what participants may do."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from audience.models import AudienceParticipant, AudienceQuestion, QuestionRound, Upvote
from audience.selectors import state_payload, visible_questions
from audience.services import (
    AudienceRefused,
    question_ask,
    question_moderate,
    question_rounds_purge_expired,
    round_finish,
    round_start,
    upvote_set,
)
from live.models import JoinCode
from live.participants import participant_token_new
from tests.audience.conftest import make_round

pytestmark = pytest.mark.django_db


def released(question_round, text, token=None):
    question = question_ask(
        code=question_round.code, token=token or participant_token_new(), text=text
    )
    return question_moderate(question=question, action="release")


def test_a_new_round_claims_its_code_in_the_shared_namespace(question_round):
    assert JoinCode.objects.get(code=question_round.code).feature == "audience"
    question_round.delete()
    assert not JoinCode.objects.filter(code=question_round.code).exists()


def test_a_question_waits_for_release_in_a_premoderated_round(question_round):
    question = question_ask(
        code=question_round.code, token=participant_token_new(), text="  Wann?  "
    )
    assert question.status == AudienceQuestion.Status.PENDING
    assert question.text == "Wann?"
    assert list(visible_questions(question_round)) == []
    question_moderate(question=question, action="release")
    assert [q.text for q in visible_questions(question_round)] == ["Wann?"]


def test_without_premoderation_a_question_is_shown_at_once(hagen_world):
    question_round = make_round(hagen_world["event"], code="OFFEN1", premoderated=False)
    question_ask(
        code=question_round.code, token=participant_token_new(), text="Wie geht es weiter?"
    )
    assert [q["text"] for q in state_payload(question_round)["questions"]] == [
        "Wie geht es weiter?"
    ]


def test_a_participant_upvotes_a_question_once(question_round):
    question = released(question_round, "Wer bezahlt das?")
    token = participant_token_new()
    upvote_set(code=question_round.code, token=token, question_id=question.pk, upvoted=True)
    saved = upvote_set(code=question_round.code, token=token, question_id=question.pk, upvoted=True)
    assert saved.votes == 1
    assert Upvote.objects.filter(question=question).count() == 1
    assert (
        AudienceParticipant.objects.filter(round=question_round).count() == 2
    )  # the asker and the voter


def test_a_participant_withdraws_the_upvote(question_round):
    question = released(question_round, "Wer bezahlt das?")
    token, other = participant_token_new(), participant_token_new()
    upvote_set(code=question_round.code, token=token, question_id=question.pk, upvoted=True)
    upvote_set(code=question_round.code, token=other, question_id=question.pk, upvoted=True)
    saved = upvote_set(
        code=question_round.code, token=token, question_id=question.pk, upvoted=False
    )
    assert saved.votes == 1
    again = upvote_set(
        code=question_round.code, token=token, question_id=question.pk, upvoted=False
    )
    assert again.votes == 1


def test_questions_are_ordered_by_votes_then_by_time(question_round):
    first = released(question_round, "Erste Frage")
    second = released(question_round, "Zweite Frage")
    third = released(question_round, "Dritte Frage")
    for _ in range(2):
        upvote_set(
            code=question_round.code,
            token=participant_token_new(),
            question_id=third.pk,
            upvoted=True,
        )
    upvote_set(
        code=question_round.code, token=participant_token_new(), question_id=second.pk, upvoted=True
    )
    assert [q["text"] for q in state_payload(question_round)["questions"]] == [
        "Dritte Frage",
        "Zweite Frage",
        "Erste Frage",
    ]
    assert [q["votes"] for q in state_payload(question_round)["questions"]] == [2, 1, 0]
    assert first.pk == state_payload(question_round)["questions"][2]["id"]


@pytest.mark.parametrize("status", ["pending", "hidden"])
def test_a_question_not_released_cannot_be_upvoted(question_round, status):
    question = question_ask(code=question_round.code, token=participant_token_new(), text="Geheim?")
    if status == "hidden":
        question_moderate(question=question, action="hide")
    with pytest.raises(AudienceRefused) as refused:
        upvote_set(
            code=question_round.code,
            token=participant_token_new(),
            question_id=question.pk,
            upvoted=True,
        )
    assert refused.value.status == 404
    assert not Upvote.objects.exists()


def test_hiding_a_pinned_question_unpins_it_and_takes_it_off_the_state(question_round):
    question = released(question_round, "Unpassende Frage")
    question_moderate(question=question, action="pin")
    assert state_payload(QuestionRound.objects.get(pk=question_round.pk))["pinned"] == question.pk
    question_moderate(question=question, action="hide")
    payload = state_payload(QuestionRound.objects.get(pk=question_round.pk))
    # Its number stays, for its author's phone; never its text.
    assert payload == {
        "status": "live",
        "projector": "",
        "pinned": None,
        "questions": [],
        "hidden": [question.pk],
    }


def test_only_a_released_question_can_be_pinned(question_round):
    question = question_ask(
        code=question_round.code, token=participant_token_new(), text="Noch offen?"
    )
    with pytest.raises(AudienceRefused):
        question_moderate(question=question, action="pin")


def test_answered_is_shown_and_can_be_taken_back(question_round):
    question = released(question_round, "Gibt es Fördergeld?")
    question_moderate(question=question, action="answered")
    assert state_payload(question_round)["questions"][0]["answered"] is True
    question_moderate(question=question, action="unanswered")
    assert state_payload(question_round)["questions"][0]["answered"] is False


@pytest.mark.parametrize(
    ("text", "status"), [("", 422), ("   ", 422), ("x" * 281, 400), ("a\x00b", 400)]
)
def test_a_bad_question_is_refused(question_round, text, status):
    with pytest.raises(AudienceRefused) as refused:
        question_ask(code=question_round.code, token=participant_token_new(), text=text)
    assert refused.value.status == status
    assert not AudienceQuestion.objects.exists()


def test_nothing_is_accepted_before_the_start_and_after_the_end(hagen_world):
    question_round = make_round(hagen_world["event"], code="SPAETER1", start=False)
    with pytest.raises(AudienceRefused):
        question_ask(code=question_round.code, token=participant_token_new(), text="Schon offen?")
    round_start(question_round=question_round)
    question = released(question_round, "Jetzt?")
    round_finish(question_round=question_round)
    with pytest.raises(AudienceRefused):
        question_ask(code=question_round.code, token=participant_token_new(), text="Noch eine?")
    with pytest.raises(AudienceRefused):
        upvote_set(
            code=question_round.code,
            token=participant_token_new(),
            question_id=question.pk,
            upvoted=True,
        )
    assert AudienceQuestion.objects.count() == 1


def test_an_unknown_code_is_not_found():
    with pytest.raises(AudienceRefused) as refused:
        question_ask(code="NIRGENDS", token=participant_token_new(), text="Hallo?")
    assert refused.value.status == 404


def test_retention_purges_participants_questions_and_upvotes(question_round, settings):
    question = released(question_round, "Was bleibt?")
    upvote_set(
        code=question_round.code,
        token=participant_token_new(),
        question_id=question.pk,
        upvoted=True,
    )
    round_finish(question_round=question_round)
    assert question_rounds_purge_expired() == 0  # not yet expired
    later = timezone.now() + timedelta(days=settings.VOTE_RETENTION_DAYS + 1)
    assert question_rounds_purge_expired(now=later) == 1
    assert not AudienceParticipant.objects.exists()
    assert not AudienceQuestion.objects.exists() and not Upvote.objects.exists()
    assert QuestionRound.objects.filter(pk=question_round.pk).exists()
    call_command("purge_audience_questions")  # the nightly job runs
