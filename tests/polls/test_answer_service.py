"""answer_set: the choice-count rules, replacing the whole answer, texts and their moderation,
and refusals that change nothing."""

import pytest

from events.models import Poll
from live.participants import participant_token_hash, participant_token_new
from polls.models import Answer, PollParticipant
from polls.services import (
    CLOSED,
    NOT_OPEN,
    PollRefused,
    answer_set,
    choice_rule_text,
    question_close,
    run_advance,
)
from tests.polls.conftest import make_poll, make_run, options, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(run):
    return participant_token_new()


def ask(run, kind):
    """Make the question of this kind the open one."""
    from polls.services import run_go_to

    target = question(run, kind)
    run_go_to(run=run, question=target)
    target.refresh_from_db()
    return target


def mine(run, q):
    return set(
        Answer.objects.filter(question=q, participant__run=run).values_list("option_id", flat=True)
    )


def refused(**kwargs) -> PollRefused:
    with pytest.raises(PollRefused) as caught:
        answer_set(**kwargs)
    return caught.value


def test_single_choice_takes_exactly_one_option(run, token):
    q = question(run, "single")
    bus, rad, _auto = options(q)
    answer_set(code=run.code, token=token, question_id=q.pk, option_ids=[bus.pk])
    assert mine(run, q) == {bus.pk}
    refusal = refused(code=run.code, token=token, question_id=q.pk, option_ids=[bus.pk, rad.pk])
    assert refusal.status == 422
    assert str(refusal.message) == "Bitte wählen Sie eine Antwort aus. Sie haben 2 gewählt."
    assert mine(run, q) == {bus.pk}


def test_it_rejects_one_or_three_options_where_exactly_two_are_asked(run, token):
    q = ask(run, "multiple")
    a, b, c, _d = options(q)
    for chosen in ([a], [a, b, c]):
        refusal = refused(
            code=run.code, token=token, question_id=q.pk, option_ids=[o.pk for o in chosen]
        )
        assert refusal.status == 422
        assert "Bitte wählen Sie genau 2 Antworten aus." in str(refusal.message)
        assert f"Sie haben {len(chosen)} gewählt." in str(refusal.message)
    assert mine(run, q) == set()
    answer_set(code=run.code, token=token, question_id=q.pk, option_ids=[a.pk, c.pk])
    assert mine(run, q) == {a.pk, c.pk}


def test_at_most_three_accepts_one_to_three(hagen_world):
    event = hagen_world["event"]
    poll = make_poll(
        event, "Welche Themen?", "multiple", list("ABCDE"), min_choices=1, max_choices=3
    )
    from polls.services import run_create, run_start

    run = run_create(event=event, title="Themen", polls=[poll])
    run_start(run=run)
    token = participant_token_new()
    q = run.questions.get()
    ids = [o.pk for o in options(poll)]
    for n in (1, 2, 3):
        answer_set(code=run.code, token=token, question_id=q.pk, option_ids=ids[:n])
        assert mine(run, q) == set(ids[:n])
    refusal = refused(code=run.code, token=token, question_id=q.pk, option_ids=ids[:4])
    assert str(refusal.message) == "Bitte wählen Sie eine bis 3 Antworten aus. Sie haben 4 gewählt."
    refusal = refused(code=run.code, token=token, question_id=q.pk, option_ids=[])
    assert "Sie haben 0 gewählt." in str(refusal.message)
    assert mine(run, q) == set(ids[:3])


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (1, 1, "Bitte wählen Sie eine Antwort aus."),
        (2, 2, "Bitte wählen Sie genau 2 Antworten aus."),
        (1, 3, "Bitte wählen Sie eine bis 3 Antworten aus."),
        (0, 3, "Bitte wählen Sie höchstens 3 Antworten aus."),
        (0, 1, "Bitte wählen Sie höchstens eine Antwort aus."),
        (2, 4, "Bitte wählen Sie 2 bis 4 Antworten aus."),
    ],
)
def test_the_rule_reads_as_german_participants_expect(low, high, text):
    assert choice_rule_text(low, high) == text


def test_a_new_selection_replaces_the_old_one_whole(run, token):
    q = ask(run, "multiple")
    a, b, c, d = options(q)
    answer_set(code=run.code, token=token, question_id=q.pk, option_ids=[a.pk, b.pk])
    kept = Answer.objects.get(question=q, option=b)
    answer_set(code=run.code, token=token, question_id=q.pk, option_ids=[b.pk, d.pk])
    assert mine(run, q) == {b.pk, d.pk}
    # The row that stays is kept, not deleted and written again.
    assert Answer.objects.get(question=q, option=b).pk == kept.pk
    answer_set(code=run.code, token=token, question_id=q.pk, option_ids=[c.pk, a.pk, c.pk])
    assert mine(run, q) == {a.pk, c.pk}


def test_a_mood_check_takes_one_of_its_five_steps(run, token):
    q = ask(run, "mood")
    steps = options(q)
    assert [s.text for s in steps] == [
        "sehr gut",
        "gut",
        "teils, teils",
        "schlecht",
        "sehr schlecht",
    ]
    answer_set(code=run.code, token=token, question_id=q.pk, option_ids=[steps[1].pk])
    assert mine(run, q) == {steps[1].pk}
    refusal = refused(
        code=run.code, token=token, question_id=q.pk, option_ids=[steps[0].pk, steps[4].pk]
    )
    assert refusal.status == 422


def test_an_option_of_another_question_is_unknown(run, token):
    q = question(run, "single")
    foreign = options(question(run, "multiple"))[0]
    refusal = refused(code=run.code, token=token, question_id=q.pk, option_ids=[foreign.pk])
    assert (refusal.status, str(refusal.message)) == (
        404,
        "Diese Antwort gibt es bei dieser Frage nicht.",
    )


def test_a_question_of_another_run_is_unknown(run, token, hagen_world):
    other = make_run(hagen_world["draft"], code="ANDERE", start=True)
    refusal = refused(
        code=run.code, token=token, question_id=question(other, "single").pk, option_ids=[]
    )
    assert (refusal.status, str(refusal.message)) == (
        404,
        "Diese Frage gibt es in dieser Umfrage nicht.",
    )


def test_the_first_answer_makes_the_participant_and_a_refused_one_makes_none(run, token):
    q = question(run, "single")
    bus, rad, _ = options(q)
    refusal = refused(code=run.code, token=token, question_id=q.pk, option_ids=[bus.pk, rad.pk])
    assert refusal.status == 422
    assert not PollParticipant.objects.exists()
    answer_set(code=run.code, token=token, question_id=q.pk, option_ids=[bus.pk])
    answer_set(code=run.code, token=token, question_id=q.pk, option_ids=[rad.pk])
    me = PollParticipant.objects.get()
    assert me.token_hash == participant_token_hash(code=run.code, token=token)
    assert mine(run, q) == {rad.pk}


def test_an_unknown_run_is_refused(run):
    q = question(run, "single")
    first = options(q)[0].pk
    refusal = refused(code="NICHTDA", token="x", question_id=q.pk, option_ids=[first])
    assert refusal.status == 404
    assert not PollParticipant.objects.exists()


def test_a_closed_question_refuses_with_a_clear_message(run, token):
    q = question(run, "single")
    bus, rad, _ = options(q)
    answer_set(code=run.code, token=token, question_id=q.pk, option_ids=[bus.pk])
    question_close(run=run)
    refusal = refused(code=run.code, token=token, question_id=q.pk, option_ids=[rad.pk])
    assert (refusal.status, refusal.message) == (409, CLOSED)
    assert (
        str(CLOSED) == "Diese Frage ist geschlossen. Antworten können nicht mehr geändert werden."
    )
    assert mine(run, q) == {bus.pk}


def test_advancing_closes_the_question_before(run, token):
    q = question(run, "single")
    run_advance(run=run)
    refusal = refused(code=run.code, token=token, question_id=q.pk, option_ids=[options(q)[0].pk])
    assert refusal.message == CLOSED


def test_a_question_not_yet_asked_refuses(run, token):
    q = question(run, "mood")
    refusal = refused(code=run.code, token=token, question_id=q.pk, option_ids=[])
    assert refusal.message == NOT_OPEN


def test_a_text_answer_is_one_short_text_replaced_on_change(run, token):
    q = ask(run, "text")
    answer_set(code=run.code, token=token, question_id=q.pk, text="  Mehr Mut  ")
    first = Answer.objects.get(question=q)
    assert first.text == "Mehr Mut" and not first.released
    Answer.objects.filter(pk=first.pk).update(released=True)
    # Sent again unchanged (a double tap): the released text stays released.
    answer_set(code=run.code, token=token, question_id=q.pk, text="Mehr Mut")
    assert Answer.objects.get(question=q).released
    # Changed: a new text, which the moderation has not seen yet.
    answer_set(code=run.code, token=token, question_id=q.pk, text="Mehr Zeit")
    changed = Answer.objects.get(question=q)
    assert changed.text == "Mehr Zeit" and not changed.released and not changed.hidden


def test_a_hidden_text_sent_again_stays_hidden(run, token):
    q = ask(run, "text")
    answer_set(code=run.code, token=token, question_id=q.pk, text="Unfug")
    Answer.objects.filter(question=q).update(hidden=True)
    answer_set(code=run.code, token=token, question_id=q.pk, text="Unfug")
    assert Answer.objects.get(question=q).hidden


@pytest.mark.parametrize(
    ("text", "status", "message"),
    [
        ("   ", 422, "Bitte schreiben Sie eine Antwort."),
        ("x" * 281, 400, "Bitte fassen Sie sich kürzer: höchstens 280 Zeichen."),
    ],
)
def test_a_text_must_be_there_and_short(run, token, text, status, message):
    q = ask(run, "text")
    refusal = refused(code=run.code, token=token, question_id=q.pk, text=text)
    assert (refusal.status, str(refusal.message)) == (status, message)
    assert not Answer.objects.filter(question=q).exists()


def test_a_choice_question_takes_no_text_and_a_text_question_no_option(run, token):
    q = question(run, "single")
    assert refused(code=run.code, token=token, question_id=q.pk, text="Bus").status == 400
    t = ask(run, "text")
    refusal = refused(code=run.code, token=token, question_id=t.pk, option_ids=[options(q)[0].pk])
    assert refusal.status == 400


def test_the_rule_is_read_from_the_poll_when_the_answer_arrives(run, token):
    # The poll's own numbers count, read under the lock: a corrected rule applies at once.
    q = ask(run, "multiple")
    Poll.objects.filter(pk=q.poll_id).update(min_choices=1, max_choices=3)
    a, b, c, _d = options(q)
    answer_set(code=run.code, token=token, question_id=q.pk, option_ids=[a.pk, b.pk, c.pk])
    assert len(mine(run, q)) == 3
