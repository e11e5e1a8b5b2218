"""POST /vote/<code>/ballot/: the JSON contract, plain form posts, and refusals that are 4xx."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from live.models import RateLimitBucket
from tests.voting.conftest import join, place
from voting.models import Ballot
from voting.services import dot_vote_close

pytestmark = pytest.mark.django_db


def first_item(vote):
    return vote.items.order_by("order").first()


def test_a_json_ballot_answers_item_dots_and_remaining(vote):
    client = join(vote)
    item = first_item(vote)
    response = place(client, vote, item, 2)
    assert response.status_code == 200
    assert response.json() == {"item": item.pk, "dots": 2, "remaining": 3}


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        ({"item": "x", "dots": "1"}, 400, "Ungültige Anfrage"),
        ({"dots": "1"}, 400, "Ungültige Anfrage"),
        ({"item": "1"}, 400, "Ungültige Anfrage"),
        ({"item": "99999999999999999999999", "dots": "1"}, 404, "gibt es in dieser Abstimmung"),
        ({"item": "-5", "dots": "1"}, 404, "gibt es in dieser Abstimmung"),
        ({"item": "FIRST", "dots": "-1"}, 400, "Ungültige Punktzahl"),
        ({"item": "FIRST", "dots": "4"}, 409, "Höchstens 3 Punkte"),
    ],
)
def test_a_refusal_is_a_4xx_with_a_german_error_and_changes_nothing(vote, data, status, words):
    client = join(vote)
    if data.get("item") == "FIRST":
        data = {**data, "item": first_item(vote).pk}
    response = client.post(
        reverse("voting:ballot", args=[vote.code]), data, headers={"Accept": "application/json"}
    )
    assert response.status_code == status
    assert words in response.json()["error"]
    assert not Ballot.objects.exists()


def test_a_closed_vote_refuses_with_409(vote):
    client = join(vote)
    vote.status = "closed"
    vote.save()
    response = place(client, vote, first_item(vote), 1)
    assert response.status_code == 409
    assert "geschlossen" in response.json()["error"]


def test_without_the_participant_cookie_it_asks_for_a_reload(vote):
    response = place(Client(), vote, first_item(vote), 1)
    assert response.status_code == 403
    assert "neu" in response.json()["error"]


def test_a_forged_cookie_is_not_a_participant(vote):
    client = Client()
    client.cookies["vote_participant"] = "made-up-token"
    assert place(client, vote, first_item(vote), 1).status_code == 403


def test_an_unknown_vote_is_404(vote):
    client = join(vote)
    response = client.post(
        "/vote/NOSUCH/ballot/", {"item": 1, "dots": 1}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 404
    assert "gibt es nicht" in response.json()["error"]


def test_a_missing_csrf_token_is_refused_in_json():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/vote/DEMO/ballot/", {"item": 1, "dots": 1}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 403
    assert "neu" in response.json()["error"]


def test_a_plain_form_post_redirects_back_to_the_item_with_a_message(vote):
    client = join(vote)
    item = first_item(vote)
    response = place(client, vote, item, 2, as_json=False)
    assert response.status_code == 302
    assert response["Location"] == f"/vote/{vote.code}/#item-{item.pk}"
    page = client.get(response["Location"])
    assert "Gespeichert: 2 Punkte" in page.content.decode()
    assert Ballot.objects.get().dots == 2


def test_a_refused_plain_form_post_shows_the_reason_on_the_page(vote):
    client = join(vote)
    response = place(client, vote, first_item(vote), 4, as_json=False)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Höchstens 3 Punkte pro Eintrag" in page


@override_settings(VOTE_RATE_LIMIT=5, VOTE_RATE_LIMIT_WINDOW=3600)
@pytest.mark.parametrize("store", ["memory", "database"])
def test_a_participant_who_sends_too_much_is_slowed_down_but_others_are_not(vote, store):
    with override_settings(VOTE_RATE_LIMIT_STORE=store):
        fast, calm = join(vote), join(vote)
        item = first_item(vote)
        answers = [place(fast, vote, item, n % 2).status_code for n in range(7)]
        assert answers[:5] == [200] * 5
        assert answers[5:] == [429, 429]
        assert place(fast, vote, item, 1)["Retry-After"] == "3600"
        assert "warten" in place(fast, vote, item, 1).json()["error"]
        # Same address, another token: the room shares one IP, not one limit.
        assert place(calm, vote, item, 1).status_code == 200
        if store == "database":  # every request counted once, in one row per participant
            assert sorted(RateLimitBucket.objects.values_list("hits", flat=True)) == [1, 9]


NUMBERS = st.integers(min_value=-(10**30), max_value=10**30).map(str)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    item=st.one_of(st.text(max_size=30), NUMBERS),
    dots=st.one_of(st.text(max_size=30), NUMBERS),
    as_json=st.booleans(),
)
def test_no_payload_causes_a_server_error(vote, item, dots, as_json):
    client = join(vote)
    response = client.post(
        reverse("voting:ballot", args=[vote.code]),
        {"item": item, "dots": dots},
        headers={"Accept": "application/json"} if as_json else {},
    )
    assert response.status_code < 500
    if as_json and response.status_code != 200:
        assert response.json()["error"]


def test_the_saved_message_counts_one_dot_in_the_singular(vote):
    client = join(vote)
    item = first_item(vote)
    page = client.get(place(client, vote, item, 1, as_json=False)["Location"]).content.decode()
    assert "Gespeichert: 1 Punkt auf diesem Eintrag, noch 4 übrig." in page
    page = client.get(place(client, vote, item, 3, as_json=False)["Location"]).content.decode()
    assert "Gespeichert: 3 Punkte auf diesem Eintrag, noch 2 übrig." in page


def test_after_a_plain_form_post_the_message_stands_in_the_items_row(vote):
    client = join(vote)
    item = first_item(vote)
    note = (
        f'<p class="vote-item-note" id="note-{item.pk}" data-note aria-live="polite" '
        'aria-atomic="true">'
    )
    page = client.get(place(client, vote, item, 4, as_json=False)["Location"]).content.decode()
    assert f'{note}<span class="error">Höchstens 3 Punkte pro Eintrag.</span></p>' in page
    assert 'class="messages"' not in page
    page = client.get(place(client, vote, item, 2, as_json=False)["Location"]).content.decode()
    assert f'{note}<span class="success">Gespeichert: 2 Punkte' in page
    # Closed: the rows are gone, and the message stands at the top.
    dot_vote_close(vote=vote)
    page = client.get(place(client, vote, item, 1, as_json=False)["Location"]).content.decode()
    assert 'class="messages"' in page and "Die Abstimmung ist geschlossen." in page
