"""The phone page, the projector and state.json: a pending or hidden question never leaves the
server except to staff; upvotes through the page; bad input is a clear refusal, never a 500;
the shared join page leads a round's code to it; the admin; query counts pinned."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audience import views
from audience.models import AudienceQuestion, QuestionRound, Upvote
from audience.services import question_ask, question_moderate, round_finish
from live.participants import participant_token_new
from live.ratelimit import rate_limit_shared
from polls.models import PollRun
from tests.audience.conftest import ask, join, make_round, vote
from tests.conftest import client_for
from tests.voting.test_admin import add_form_data
from voting.models import DotVote

pytestmark = pytest.mark.django_db

SECRET = "Geheime Frage mit Telefonnummer 0123"
PENDING = "Noch nicht freigegebene Frage"
SHOWN = "Wie wird das Ehrenamt in Hagen gefördert?"


@pytest.fixture
def moderated(question_round):
    """A released question, a pending one and a hidden one."""
    shown = question_ask(code=question_round.code, token=participant_token_new(), text=SHOWN)
    question_moderate(question=shown, action="release")
    question_ask(code=question_round.code, token=participant_token_new(), text=PENDING)
    hidden = question_ask(code=question_round.code, token=participant_token_new(), text=SECRET)
    question_moderate(question=hidden, action="release")
    question_moderate(question=hidden, action="hide")
    return question_round


def test_hidden_and_pending_questions_are_never_on_the_phone_the_projector_or_the_state(
    moderated, hagen_editor
):
    phone = join(moderated).get(reverse("audience:participant", args=[moderated.code]))
    state = Client().get(reverse("audience:state", args=[moderated.code]))
    projector = client_for(hagen_editor).get(reverse("audience:projector", args=[moderated.code]))
    for response in (phone, state, projector):
        body = response.content.decode()
        assert response.status_code == 200
        assert SHOWN in body
        assert SECRET not in body and PENDING not in body
    assert [q["text"] for q in json.loads(state.content)["questions"]] == [SHOWN]
    # Staff see all three, to moderate them.
    staff = client_for(hagen_editor).get(reverse("audience:staff", args=[moderated.code]))
    assert SECRET in staff.content.decode() and PENDING in staff.content.decode()


def test_a_participant_asks_and_the_question_waits_for_release(question_round):
    client = join(question_round)
    question = "Wer entscheidet über die Mittel?"
    response = ask(client, question_round, question, as_json=False)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "sobald die Moderation sie freigibt" in page
    assert AudienceQuestion.objects.get().status == AudienceQuestion.Status.PENDING
    # Its author sees it, as waiting, outside the room's list; no one else sees it.
    waiting, listed = page.split('id="fragen"')
    assert question in waiting and "Wartet auf Freigabe" in waiting
    assert question not in listed
    assert question not in join(question_round).get(response["Location"]).content.decode()


def test_a_participant_sees_what_became_of_their_question(question_round):
    client = join(question_round)
    page = reverse("audience:participant", args=[question_round.code])
    released = AudienceQuestion.objects.get(
        pk=ask(client, question_round, "Erste?").json()["question"]
    )
    hidden = AudienceQuestion.objects.get(
        pk=ask(client, question_round, "Zweite?").json()["question"]
    )
    question_moderate(question=released, action="release")
    question_moderate(question=hidden, action="hide")
    waiting, listed = client.get(page).content.decode().split('id="fragen"')
    assert "Erste?" in listed and "Erste?" not in waiting
    assert "Zweite?" in waiting and "Nicht freigegeben" in waiting and "Zweite?" not in listed
    # Another phone sees only the released one.
    other = join(question_round).get(page).content.decode()
    assert "Erste?" in other and "Zweite?" not in other and "data-waiting-section hidden" in other


def test_a_participant_upvotes_once_and_withdraws_through_the_page(question_round):
    question = question_ask(code=question_round.code, token=participant_token_new(), text=SHOWN)
    question_moderate(question=question, action="release")
    client = join(question_round)
    assert vote(client, question_round, question).json()["votes"] == 1
    assert vote(client, question_round, question).json()["votes"] == 1
    page = client.get(reverse("audience:participant", args=[question_round.code])).content.decode()
    assert 'aria-pressed="true"' in page and 'name="upvoted" value="0"' in page
    assert vote(client, question_round, question, upvoted=False).json() == {
        "question": question.pk,
        "upvoted": False,
        "votes": 0,
        "message": "Ihre Stimme ist zurückgenommen.",
    }
    response = vote(client, question_round, question, as_json=False)
    assert response.status_code == 302 and Upvote.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"question": "abc", "upvoted": "1"},
        {"question": "1", "upvoted": "ja"},
        {"question": str(2**70), "upvoted": "1"},
        {"question": "-1", "upvoted": "1"},
    ],
)
def test_a_malformed_upvote_is_refused_clearly(question_round, data):
    client = join(question_round)
    response = client.post(
        reverse("audience:upvote", args=[question_round.code]),
        data,
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]


def test_a_hidden_question_cannot_be_upvoted_through_the_page(moderated):
    hidden = AudienceQuestion.objects.get(text=SECRET)
    response = vote(join(moderated), moderated, hidden)
    assert response.status_code == 404 and not Upvote.objects.exists()


def test_an_overlong_or_empty_question_is_refused_with_a_message(question_round):
    client = join(question_round)
    too_long = ask(client, question_round, "x" * 281)
    assert too_long.status_code == 422 and "280" in too_long.json()["error"]
    assert ask(client, question_round, "   ").status_code == 422
    assert not AudienceQuestion.objects.exists()


def test_without_the_script_a_refused_question_says_why_at_its_field_and_keeps_the_text(
    question_round, settings
):
    settings.VOTE_RATE_LIMIT_WINDOW = 3600  # every request of the test in one window
    client = join(question_round)
    typed = "Wann " + "x" * 290
    page = ask(client, question_round, typed, as_json=False)
    body = page.content.decode()
    assert page.status_code == 422
    field = body[body.index("<textarea") : body.index("</textarea>")]
    assert 'aria-invalid="true"' in field and typed in field
    error = body[body.index('id="ask-error"') : body.index('id="ask-error"') + 300]
    assert "höchstens 280 Zeichen" in error
    # Over the rate limit the same, with the time to wait (the refused question counted too).
    settings.VOTE_RATE_LIMIT = 2
    assert ask(client, question_round, "Erste Frage", as_json=False).status_code == 302
    limited = ask(client, question_round, "Zweite Frage", as_json=False)
    assert limited.status_code == 429 and limited["Retry-After"]
    assert "Zweite Frage</textarea>" in limited.content.decode()
    assert AudienceQuestion.objects.count() == 1


def test_without_the_script_a_refused_lookup_shows_nothing_of_the_round(question_round, settings):
    """Over the limit of unknown codes every code is refused alike: a question posted to a real
    one must not bring its page back (that would tell real codes from guesses)."""
    settings.CODE_LOOKUP_LIMIT = 1
    client = Client()
    client.post(reverse("audience:ask", args=["RATEN1"]), {"text": "?"})
    client.post(reverse("audience:ask", args=["RATEN2"]), {"text": "?"})
    refused = ask(client, question_round, "Gibt es diese Runde?", as_json=False)
    assert refused.status_code in (302, 429)
    assert question_round.title not in refused.content.decode()


def test_without_the_script_a_first_question_without_the_cookie_gets_one_and_the_next_works(
    question_round,
):
    client = Client()  # never opened the page: no participant cookie
    first = ask(client, question_round, "Meine erste Frage", as_json=False)
    assert first.status_code == 403 and "Meine erste Frage</textarea>" in first.content.decode()
    again = ask(client, question_round, "Meine erste Frage", as_json=False)
    assert again.status_code == 302
    assert AudienceQuestion.objects.get().text == "Meine erste Frage"


def test_a_write_without_the_cookie_or_to_an_unknown_code_is_refused(question_round):
    no_cookie = ask(Client(), question_round, "Ohne Cookie?")
    assert no_cookie.status_code == 403
    unknown = Client().post(
        reverse("audience:ask", args=["NIRGENDS"]),
        {"text": "Hallo?"},
        headers={"Accept": "application/json"},
    )
    assert unknown.status_code == 404
    assert Client().get(reverse("audience:participant", args=["NIRGENDS"])).status_code == 404
    assert Client().get("/fragen/ab-c%C3%A4/state.json").status_code == 404


def test_asking_is_rate_limited(question_round, settings):
    settings.VOTE_RATE_LIMIT = 3
    settings.VOTE_RATE_LIMIT_WINDOW = 3600  # all of them in one window
    client = join(question_round)
    statuses = [ask(client, question_round, f"Frage {i}").status_code for i in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert AudienceQuestion.objects.count() == 3


def test_nothing_is_asked_after_the_round_is_finished(question_round):
    client = join(question_round)
    round_finish(question_round=question_round)
    response = ask(client, question_round, "Zu spät?")
    assert response.status_code == 409 and "beendet" in response.json()["error"]


def test_the_shared_join_pages_lead_a_round_code_to_its_page(question_round):
    target = reverse("audience:participant", args=[question_round.code])
    for join_page in ("audience:join", "polls:join", "voting:join"):
        response = Client().get(reverse(join_page), {"code": question_round.code.lower()})
        assert response.status_code == 302 and response["Location"] == target, join_page


def test_the_live_pages_are_not_indexed(question_round):
    assert (
        Client().get(reverse("audience:participant", args=[question_round.code]))["X-Robots-Tag"]
        == "noindex, nofollow"
    )
    assert "Disallow: /fragen/" in Client().get("/robots.txt").content.decode()


def test_a_round_over_in_a_draft_is_not_found_for_the_room(hagen_world, hagen_editor):
    question_round = make_round(hagen_world["draft"], code="ENTWURF1")
    round_finish(question_round=question_round)
    assert Client().get(reverse("audience:state", args=[question_round.code])).status_code == 404
    staff = client_for(hagen_editor)
    assert staff.get(reverse("audience:state", args=[question_round.code])).status_code == 200


def test_staff_create_a_round_for_a_session_of_the_event(hagen_world, hagen_editor):
    event, session = hagen_world["event"], hagen_world["session"]
    response = client_for(hagen_editor).post(
        reverse("audience:event", args=[event.slug]),
        {
            "title": "Fragen an die Zukunftsräte",
            "session": session.pk,
            "premoderated": "on",
            "documented_as": "panel",
        },
    )
    question_round = QuestionRound.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "audience:staff", args=[question_round.code]
    )
    assert (question_round.session, question_round.premoderated, question_round.documented_as) == (
        session,
        True,
        "panel",
    )


def test_a_session_of_another_event_is_refused(hagen_world, dortmund_world, hagen_editor):
    response = client_for(hagen_editor).post(
        reverse("audience:event", args=[hagen_world["event"].slug]),
        {"title": "Falsch", "session": dortmund_world["session"].pk, "documented_as": "panel"},
    )
    assert response.status_code == 200 and not QuestionRound.objects.exists()


def test_the_admin_creates_a_round_and_refuses_a_taken_code(hagen_world, hagen_editor):
    make_round(hagen_world["event"], code="BELEGT1")
    client = client_for(hagen_editor)
    data = {
        "event": hagen_world["event"].pk,
        "title": "Podium",
        "premoderated": "on",
        "documented_as": "plenary",
    }
    taken = client.post(reverse("admin:audience_questionround_add"), {**data, "code": "BELEGT1"})
    assert taken.status_code == 200 and QuestionRound.objects.count() == 1
    fresh = client.post(reverse("admin:audience_questionround_add"), {**data, "code": "NEU2026"})
    assert fresh.status_code == 302 and QuestionRound.objects.filter(code="NEU2026").exists()


# --- Query counts -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_state_poll_is_cheap_and_does_not_grow_with_the_questions(
    hagen_world, django_assert_num_queries
):
    question_round = make_round(hagen_world["event"], premoderated=False)
    client = Client()
    # The round with its event, session and pinned question; the visible questions with their
    # votes (one GROUP BY); the numbers of the hidden ones.
    with django_assert_num_queries(3):
        etag = client.get(reverse("audience:state", args=[question_round.code]))["ETag"]
    for i in range(5):
        question = question_ask(
            code=question_round.code, token=participant_token_new(), text=f"F {i}"
        )
        vote(join(question_round), question_round, question)
    with django_assert_num_queries(3):
        response = client.get(reverse("audience:state", args=[question_round.code]))
    assert len(response.json()["questions"]) == 5
    etag = response["ETag"]
    with django_assert_num_queries(3):
        unchanged = client.get(
            reverse("audience:state", args=[question_round.code]), headers={"If-None-Match": etag}
        )
    assert unchanged.status_code == 304


@pytest.mark.django_db(transaction=True)
def test_a_cached_state_costs_no_query(hagen_world, settings, django_assert_num_queries):
    settings.POLL_STATE_CACHE_MS = 60_000
    views._state_bodies.clear()
    question_round = make_round(hagen_world["event"], premoderated=False)
    client = Client()
    etag = client.get(reverse("audience:state", args=[question_round.code]))["ETag"]
    with django_assert_num_queries(0):
        response = client.get(
            reverse("audience:state", args=[question_round.code]), headers={"If-None-Match": etag}
        )
    assert response.status_code == 304
    views._state_bodies.clear()


@pytest.mark.django_db(transaction=True)
def test_an_upvote_write_is_a_handful_of_queries(hagen_world, django_assert_num_queries):
    question_round = make_round(hagen_world["event"], premoderated=False)
    question = question_ask(code=question_round.code, token=participant_token_new(), text="Wie?")
    client = join(question_round)
    # The round for the reachability check; BEGIN, the round FOR SHARE, the question visible,
    # the participant inserted (or not) and read, the upvote inserted, the count, COMMIT; and the
    # shared rate limiter's upsert where it is used.
    with django_assert_num_queries(9 + rate_limit_shared()):
        assert vote(client, question_round, question).status_code == 200


@pytest.mark.parametrize("name", ["audience:projector", "audience:staff", "audience:staff_live"])
def test_the_projector_and_the_staff_page_stay_small(
    moderated, hagen_editor, name, django_assert_max_num_queries
):
    # Session, user, the round with event, session and pinned question, the editor's
    # municipalities, the questions with their votes.
    staff = client_for(hagen_editor)
    staff.get(reverse(name, args=[moderated.code]))
    with django_assert_max_num_queries(6):
        assert staff.get(reverse(name, args=[moderated.code])).status_code == 200


def test_poll_runs_and_dot_votes_refuse_a_code_a_round_has(
    question_round, hagen_world, hagen_editor
):
    client = client_for(hagen_editor)
    run = client.post(
        reverse("admin:polls_pollrun_add"),
        {
            "event": hagen_world["event"].pk,
            "title": "Kollision",
            "code": question_round.code.lower(),
        },
    )
    vote = client.post(
        reverse("admin:voting_dotvote_add"),
        add_form_data(hagen_world["event"], code=question_round.code),
    )
    for response in (run, vote):
        assert response.status_code == 200
        assert "Diesen Code hat schon eine andere Live-Beteiligung." in response.content.decode()
    assert not PollRun.objects.exists() and not DotVote.objects.exists()


def test_a_finished_round_shows_its_questions_without_forms(question_round):
    question = question_ask(code=question_round.code, token=participant_token_new(), text=SHOWN)
    question_moderate(question=question, action="release")
    round_finish(question_round=question_round)
    page = (
        Client().get(reverse("audience:participant", args=[question_round.code])).content.decode()
    )
    assert SHOWN in page and "Die Fragerunde ist beendet." in page
    assert reverse("audience:ask", args=[question_round.code]) not in page
    assert reverse("audience:upvote", args=[question_round.code]) not in page


def test_the_page_works_in_english_with_the_cookie_for_its_addresses(question_round):
    with translation.override("en"):
        url = reverse("audience:participant", args=[question_round.code])
    response = Client().get(url)
    assert url.startswith("/en/fragen/") and response.status_code == 200
    assert response.cookies["vote_participant"]["path"] == "/en/fragen/"
