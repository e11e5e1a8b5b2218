"""A room's new phones get one participant page, found and rendered once per period and process
(live.http.shared_page), each with its own working CSRF token; phones that bring a token of
their own get their own page."""

import re

import pytest
from django.test import Client

from events.models import Event
from polls.services import run_finish
from tests.polls.conftest import make_run, options
from tests.voting.conftest import make_vote
from voting.models import DotVote

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _phone():
    return Client(enforce_csrf_checks=True)


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_new_phones_share_one_rendering_of_the_vote_page(
    hagen_world, settings, django_assert_num_queries
):
    settings.VOTE_RESULTS_CACHE_MS = 60_000
    vote = make_vote(hagen_world["event"], code="ERSTER")
    item = vote.items.order_by("order", "id").first()
    first, second = _phone(), _phone()
    one = _page(first, f"/vote/{vote.code}/")
    # Found and rendered once: a new phone brings no session, so who may see the vote was
    # decided with the copy (as for state.json, within the same period).
    with django_assert_num_queries(0):
        two = _page(second, f"/vote/{vote.code}/")
    # The same page but for each phone's own token, which its own cookie accepts.
    token_one, token_two = TOKEN.search(one)[1], TOKEN.search(two)[1]
    assert token_one != token_two
    assert TOKEN.sub("", one) == TOKEN.sub("", two)
    for phone, token in ((first, token_one), (second, token_two)):
        answer = phone.post(
            f"/vote/{vote.code}/ballot/",
            {"item": item.pk, "dots": 1, "csrfmiddlewaretoken": token},
            HTTP_ACCEPT="application/json",
        )
        assert answer.status_code == 200, answer.content
    # A phone with its token gets its own page: its dot is on it.
    mine = _page(first, f"/vote/{vote.code}/")
    assert re.search(rf'id="item-{item.pk}".*?<span data-dots>1</span>', mine, re.S)
    assert re.search(rf'id="item-{item.pk}".*?<span data-dots>0</span>', two, re.S)


def test_a_closed_vote_reaches_new_phones_within_the_period(hagen_world, settings):
    settings.VOTE_RESULTS_CACHE_MS = 0
    vote = make_vote(hagen_world["event"], code="ZWEITER")
    assert "vote-items" in _page(_phone(), f"/vote/{vote.code}/")
    DotVote.objects.filter(pk=vote.pk).update(status=DotVote.Status.CLOSED)
    assert "vote-items" not in _page(_phone(), f"/vote/{vote.code}/")


def test_a_run_gone_for_the_room_is_not_found_by_new_phones_after_the_period(hagen_world, settings):
    settings.POLL_STATE_CACHE_MS = 0
    event = hagen_world["event"]
    run = make_run(event, code="VORBEI", kinds=("single",))
    assert "poll-question" in _page(_phone(), f"/poll/{run.code}/")
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    run_finish(run=run)
    assert _phone().get(f"/poll/{run.code}/").status_code == 404
    # Nothing is kept of a code that finds nothing: each new phone asks, and is told so.
    assert _phone().get("/poll/GIBTSNICHT/").status_code == 404
    assert _phone().get("/vote/GIBTSNICHT/").status_code == 404


def test_new_phones_share_one_rendering_of_the_poll_page(
    hagen_world, settings, django_assert_num_queries
):
    settings.POLL_STATE_CACHE_MS = 60_000
    run = make_run(hagen_world["event"], code="ERSTUMF", kinds=("single",))
    question = run.questions.get()
    first, second = _phone(), _phone()
    one = _page(first, f"/poll/{run.code}/")
    with django_assert_num_queries(0):
        two = _page(second, f"/poll/{run.code}/")
    token_one, token_two = TOKEN.search(one)[1], TOKEN.search(two)[1]
    assert token_one != token_two
    assert re.search(r'data-csrf="([^"]+)"', two)[1] == token_two
    assert one.replace(token_one, "") == two.replace(token_two, "")
    answer = second.post(
        f"/poll/{run.code}/answer/",
        {
            "question": question.pk,
            "option": options(question)[0].pk,
            "csrfmiddlewaretoken": token_two,
        },
        HTTP_ACCEPT="application/json",
    )
    assert answer.status_code == 200, answer.content
    # Its own page now shows its answer as saved.
    saved = re.compile(r"data-saved>Ihre Antwort ist gespeichert.<")
    assert saved.search(_page(second, f"/poll/{run.code}/"))
    assert not saved.search(one)


def test_a_phone_with_a_query_string_puts_nothing_into_other_phones_pages(hagen_world, settings):
    settings.POLL_STATE_CACHE_MS = 60_000
    run = make_run(hagen_world["event"], code="ANFRAGE", kinds=("text",))
    first = _page(_phone(), f"/poll/{run.code}/?utm_source=alice-private-ref")
    assert "alice-private-ref" in first  # its own language links keep it
    second = _page(_phone(), f"/poll/{run.code}/")
    assert "alice-private-ref" not in second


def test_no_text_of_a_participant_becomes_a_token(hagen_world, settings):
    from live import http

    # The stand-in for the token is random per process: not a string anyone can know and write.
    assert len(http._TOKEN) == 32 and http._TOKEN not in "csrf-token-of-this-phone"
