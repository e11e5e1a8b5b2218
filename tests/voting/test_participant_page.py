"""GET /vote/<code>/: joining without an account, the cookie, the ballot after a reload."""

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.voting.conftest import join, make_vote, place
from voting.models import Participant
from voting.services import dot_vote_close, dot_vote_publish

pytestmark = pytest.mark.django_db


def test_the_page_sets_a_signed_random_token_and_the_database_keeps_only_its_hmac(vote):
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Phone/1.0")
    response = client.get(reverse("voting:participant", args=[vote.code]))
    cookie = response.cookies["vote_participant"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/vote/"
    request = RequestFactory().get("/")
    request.COOKIES[cookie.key] = cookie.value
    token = request.get_signed_cookie(cookie.key, salt="voting.participant")
    place(client, vote, vote.items.first(), 1)
    participant = Participant.objects.get()
    assert len(token) >= 40
    assert token not in participant.token_hash and len(participant.token_hash) == 64
    stored = " ".join(str(v) for v in Participant.objects.values().get().values())
    assert "203.0.113.7" not in stored and "Phone" not in stored


def test_opening_the_page_makes_no_participant_the_first_dot_does(vote):
    for _ in range(30):
        assert Client().get(reverse("voting:participant", args=[vote.code])).status_code == 200
    client = join(vote)
    join(vote, client)
    assert not Participant.objects.exists()
    page = client.get(reverse("voting:participant", args=[vote.code])).content.decode()
    assert "data-remaining>5<" in page
    place(client, vote, vote.items.first(), 1)
    place(client, vote, vote.items.last(), 1)
    assert Participant.objects.count() == 1
    assert Client().get(reverse("voting:results", args=[vote.code])).json()["participants"] == 1


def test_a_reload_shows_the_ballot_and_does_not_join_twice(vote):
    client = join(vote)
    item = vote.items.order_by("order").first()
    place(client, vote, item, 3)
    page = client.get(reverse("voting:participant", args=[vote.code])).content.decode()
    assert f'id="item-{item.pk}"' in page
    assert "data-remaining>2<" in page
    assert Participant.objects.count() == 1


def test_the_page_works_without_javascript(vote):
    page = join(vote).get(reverse("voting:participant", args=[vote.code])).content.decode()
    assert page.count('<form class="dots" method="post"') == vote.items.count()
    assert 'name="dots" value="1"' in page and 'aria-live="polite"' in page


def test_a_lowercase_code_redirects_to_the_canonical_address(vote):
    response = Client().get(f"/vote/{vote.code.lower()}/")
    assert response.status_code == 302
    assert response["Location"] == f"/vote/{vote.code}/"


def test_an_unknown_code_shows_the_join_form_with_a_message(db):
    response = Client().get("/vote/NOSUCH/")
    assert response.status_code == 404
    assert "Diese Abstimmung gibt es nicht" in response.content.decode()


def test_the_join_form_leads_to_the_vote(vote):
    response = Client().get(reverse("voting:join"), {"code": f" {vote.code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/vote/{vote.code}/"
    assert Client().get(reverse("voting:join"), {"code": "x!"}).status_code == 200


def test_a_closed_vote_shows_my_dots_and_the_visible_result(vote):
    client = join(vote)
    item = vote.items.order_by("order").first()
    place(client, vote, item, 2)
    dot_vote_close(vote=vote)
    page = client.get(reverse("voting:participant", args=[vote.code])).content.decode()
    assert "Die Abstimmung ist geschlossen" in page
    assert 'class="dots"' not in page
    assert "Ergebnis" in page and f"{item.title}: 2" in page


def test_a_hidden_result_is_not_on_the_participant_page(hagen_world):
    vote = make_vote(hagen_world["event"], results_hidden=True)
    client = join(vote)
    place(client, vote, vote.items.first(), 2)
    dot_vote_close(vote=vote)
    page = client.get(reverse("voting:participant", args=[vote.code])).content.decode()
    assert 'class="ranking"' not in page


def test_a_published_vote_shows_the_result_and_joins_nobody(vote):
    place(join(vote), vote, vote.items.order_by("order").first(), 2)
    dot_vote_close(vote=vote)
    dot_vote_publish(vote=vote)
    response = Client().get(reverse("voting:participant", args=[vote.code]))
    assert "das Ergebnis ist veröffentlicht" in response.content.decode()
    assert Participant.objects.count() == 1


def _page(client, vote) -> str:
    return client.get(reverse("voting:participant", args=[vote.code])).content.decode()


def test_one_dot_is_one_punkt_on_the_page_and_in_the_scripts_sentences(hagen_world):
    vote = make_vote(
        hagen_world["event"], dots_per_participant=1, cap_per_item=1, items=2, labels=()
    )
    client = join(vote)
    first, second = vote.items.order_by("order")
    place(client, vote, first, 1)
    page = _page(client, vote)
    assert "Sie haben 1 Punkt. Auf einen Eintrag passen höchstens 1." in page
    assert "von 1 Punkt</p>" in page
    assert 'data-text-cap="Höchstens 1 Punkt pro Eintrag."' in page
    assert 'data-text-remaining="Noch {remaining} von 1 Punkt übrig."' in page
    assert 'data-word-one="Punkt" data-word-other="Punkte"' in page
    assert "Noch 0 Punkte übrig." in page
    words = re.findall(r"data-dots-word> (\w+)</span>", page)
    assert words == ["Punkt", "Punkte"]  # 1 on the first item, 0 on the second

    dot_vote_close(vote=vote)
    page = _page(client, vote)
    assert "1 von 1 Teilnehmenden hat abgestimmt." in page
    assert "Zusammen: 1 Punkt." in page


def test_several_dots_are_punkte_on_the_page(vote):
    client = join(vote)
    place(client, vote, vote.items.order_by("order").first(), 2)
    place(join(vote), vote, vote.items.order_by("order").last(), 3)
    page = _page(client, vote)
    assert "Sie haben 5 Punkte. Auf einen Eintrag passen höchstens 3." in page
    assert 'data-text-cap="Höchstens 3 Punkte pro Eintrag."' in page
    assert 'data-text-remaining="Noch {remaining} von 5 Punkten übrig."' in page
    assert re.findall(r"data-dots-word> (\w+)</span>", page)[0] == "Punkte"
    dot_vote_close(vote=vote)
    page = _page(client, vote)
    assert "2 von 2 Teilnehmenden haben abgestimmt." in page
    assert "Zusammen: 5 Punkte." in page


LEGAL = ("legal:imprint", "legal:privacy", "legal:accessibility")


def assert_lean_frame(html: str) -> None:
    """A phone page of a live feature: no site navigation or site footer, but the skip link, the
    page's language and the legal links."""
    assert 'aria-label="Hauptnavigation"' not in html
    assert "site-header" not in html and "site-footer" not in html
    assert f'href="{reverse("events:list")}"' not in html
    assert f'href="{reverse("stakeholders:index")}"' not in html
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert '<html lang="de">' in html
    footer = html[html.index('<footer class="live-footer">') :]
    for name in LEGAL:
        assert f'href="{reverse(name)}"' in footer
    assert f'href="{reverse("legal:feedback")}?page=' in footer


@pytest.mark.parametrize("state", ["open", "closed"])
def test_the_participant_and_join_pages_have_the_lean_frame(vote, state):
    if state == "closed":
        dot_vote_close(vote=vote)
    client = join(vote)
    assert_lean_frame(_page(client, vote))
    assert_lean_frame(client.get(reverse("voting:join")).content.decode())
    assert_lean_frame(client.get(reverse("voting:join"), {"code": "NIX"}).content.decode())
