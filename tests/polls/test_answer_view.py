"""POST /poll/<code>/answer/: JSON refusals in German with 4xx (never a 500), plain form posts
with post/redirect/get and messages, the participant cookie, the rate limit."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from polls.models import Answer
from polls.services import question_close, run_go_to
from tests.polls.conftest import join, options, question, send

pytestmark = pytest.mark.django_db


def test_a_json_answer_is_saved_and_confirmed(run):
    client = join(run)
    q = question(run, "single")
    rad = options(q)[1]
    response = send(client, run, q, options=[rad])
    assert response.status_code == 200
    assert response.json() == {
        "question": q.pk,
        "options": [rad.pk],
        "text": "",
        "message": "Ihre Antwort ist gespeichert. Sie können sie ändern, solange die Frage "
        "offen ist.",
    }
    assert list(Answer.objects.values_list("option", flat=True)) == [rad.pk]


@pytest.mark.parametrize(
    ("data", "status", "error"),
    [
        ({}, 400, "Ungültige Anfrage: Frage und Antworten müssen Zahlen sein."),
        ({"question": "eins"}, 400, "Ungültige Anfrage: Frage und Antworten müssen Zahlen sein."),
        ({"question": "{q}", "option": "x"}, 400, "Ungültige"),
        ({"question": "0"}, 404, "Diese Frage gibt es in dieser Umfrage nicht."),
        ({"question": str(2**70)}, 404, "Diese Frage gibt es in dieser Umfrage nicht."),
        ({"question": "{q}", "option": str(2**70)}, 404, "Diese Antwort gibt es"),
        ({"question": "{q}", "option": "999999"}, 404, "Diese Antwort gibt es"),
        ({"question": "{q}"}, 422, "Bitte wählen Sie eine Antwort aus. Sie haben 0 gewählt."),
        ({"question": "{q}", "option": ["{a}", "{b}"]}, 422, "Bitte wählen Sie eine Antwort aus."),
        ({"question": "{q}", "text": "Bus"}, 400, "nicht geschrieben"),
        ({"question": "{q}", "option": [str(i) for i in range(1, 102)]}, 400, "Diese Antwort"),
    ],
)
def test_malformed_or_invalid_answers_get_a_german_4xx_and_change_nothing(run, data, status, error):
    client = join(run)
    q = question(run, "single")
    a, b, _c = options(q)

    def fill(value):
        return value.format(q=q.pk, a=a.pk, b=b.pk)

    data = {
        k: [fill(v) for v in v_] if isinstance(v_, list) else fill(v_) for k, v_ in data.items()
    }
    response = client.post(
        reverse("polls:answer", args=[run.code]), data, headers={"Accept": "application/json"}
    )
    assert response.status_code == status
    assert error in response.json()["error"]
    assert not Answer.objects.exists()


def test_a_closed_question_is_refused_as_json(run):
    client = join(run)
    q = question(run, "single")
    question_close(run=run)
    response = send(client, run, q, options=[options(q)[0]])
    assert response.status_code == 409
    assert response.json() == {
        "error": "Diese Frage ist geschlossen. Antworten können nicht mehr geändert werden."
    }


def test_without_the_cookie_the_participant_is_unknown(run):
    q = question(run, "single")
    response = send(Client(), run, q, options=[options(q)[0]])
    assert response.status_code == 403
    assert "Seite neu" in response.json()["error"]


def test_an_unknown_code_is_404_not_500(run):
    client = join(run)
    response = client.post(
        reverse("polls:answer", args=["NICHTDA"]),
        {"question": 1, "option": 1},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 404
    assert response.json()["error"] == "Diese Umfrage gibt es nicht. Bitte prüfen Sie den Code."
    assert client.post(reverse("polls:answer", args=["x!"]), {}).status_code == 404


def test_a_plain_form_post_redirects_back_with_a_message(run):
    client = join(run)
    q = question(run, "single")
    page = reverse("polls:participant", args=[run.code]) + "#frage"
    response = send(client, run, q, options=[options(q)[2]], as_json=False)
    assert (response.status_code, response["Location"]) == (302, page)
    html = client.get(page).content.decode()
    assert "Ihre Antwort ist gespeichert." in html
    auto = options(q)[2].pk
    assert f'value="{auto}" id="option-{auto}" checked' in html


def test_a_refused_plain_form_post_says_why_on_the_page(run):
    client = join(run)
    q = question(run, "single")
    response = send(client, run, q, as_json=False)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Bitte wählen Sie eine Antwort aus. Sie haben 0 gewählt." in html


def test_a_refused_plain_form_post_says_why_next_to_the_forms_button(run):
    client = join(run)
    q = question(run, "single")
    html = client.get(send(client, run, q, as_json=False)["Location"]).content.decode()
    error = '<p class="poll-error" id="poll-error" role="alert" data-error>'
    refusal = "Bitte wählen Sie eine Antwort aus. Sie haben 0 gewählt."
    assert f"{error}{refusal}</p>" in html
    assert html.index("</fieldset>") < html.index(error) < html.index('class="poll-submit"')
    assert 'class="messages"' not in html
    # Once the question is closed there is no form: the message stands at the top again.
    question_close(run=run)
    html = client.get(send(client, run, q, as_json=False)["Location"]).content.decode()
    assert 'class="messages"' in html and "Diese Frage ist geschlossen." in html
    assert "poll-error" not in html


def test_a_stale_page_gets_a_json_csrf_refusal():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("polls:answer", args=["UMFRA1"]), {}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 403
    assert response.json()["error"] == "Die Seite ist abgelaufen. Bitte laden Sie sie neu."


@override_settings(VOTE_RATE_LIMIT=3, VOTE_RATE_LIMIT_WINDOW=60)
def test_a_participant_is_rate_limited_by_token_not_by_address(run):
    q = question(run, "single")
    first, second = options(q)[:2]
    anna, ben = join(run), join(run)
    for _ in range(3):
        assert send(anna, run, q, options=[first]).status_code == 200
    refused = send(anna, run, q, options=[second])
    assert refused.status_code == 429
    assert "Zu viele Änderungen" in refused.json()["error"]
    # Refused whole: her answer is the last one accepted.
    assert list(Answer.objects.values_list("option", flat=True)) == [first.pk]
    # Ben shares the room's address (the test client's) but has his own token.
    assert send(ben, run, q, options=[first]).status_code == 200


def test_the_cookie_is_signed_http_only_and_scoped_to_the_polls(run):
    response = Client().get(reverse("polls:participant", args=[run.code]))
    cookie = response.cookies["vote_participant"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == "/poll/"
    assert ":" in cookie.value  # signed


def test_opening_the_page_makes_no_participant_the_first_answer_does(run):
    q = question(run, "single")
    bus, rad, _ = options(q)
    client = join(run)
    join(run, client)
    join(run)
    assert run.participants.count() == 0
    send(client, run, q, options=[bus])
    join(run, client)
    send(client, run, q, options=[rad])
    assert run.participants.count() == 1


@pytest.mark.parametrize("text", ["Mehr\x00Mut", "\x00", "Mehr Mut\x00"])
def test_a_text_with_a_nul_character_gets_a_german_400_and_changes_nothing(run, text):
    # PostgreSQL keeps no NUL in text: it failed as a 500 there.
    client = join(run)
    q = question(run, "text")
    run_go_to(run=run, question=q)
    send(client, run, q, text="Mehr Mut")
    response = send(client, run, q, text=text)
    assert response.status_code == 400
    assert "unzulässiges Steuerzeichen" in response.json()["error"]
    assert list(Answer.objects.values_list("text", flat=True)) == ["Mehr Mut"]
    form_post = send(join(run), run, q, text=text, as_json=False)
    assert form_post.status_code == 302
    assert Answer.objects.count() == 1
