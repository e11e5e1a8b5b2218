"""A dot-vote's phones follow its state on a stream (live/push.py), with real servers on one
PostgreSQL database: a control pressed on the app server reaches the phones' streams at its
commit; a vote over in a draft is gone for them."""

import pytest
from django.test import override_settings

from events.models import Event
from tests.polls.test_push_postgres import Stream, servers  # noqa: F401 (the servers fixture)
from tests.voting.conftest import make_vote
from voting.services import dot_vote_close, dot_vote_open, dot_vote_results_hidden_set

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@override_settings(LIVE_PUSH=True)
def test_the_phones_hear_the_vote_close_open_and_show_its_result(hagen_world, servers):  # noqa: F811
    _app, stream_one, stream_two = servers
    vote = make_vote(hagen_world["event"], code="PUNKTE1", results_hidden=True)
    phones = [Stream(base, f"/vote/{vote.code}/events/") for base in (stream_one, stream_two)]
    try:
        for phone in phones:
            assert phone.next()[1] == {"status": "open", "hidden": True}
        dot_vote_close(vote=vote)
        for phone in phones:
            assert phone.next()[1] == {"status": "closed", "hidden": True}
        dot_vote_results_hidden_set(vote=vote, hidden=False)
        for phone in phones:
            assert phone.next()[1] == {"status": "closed", "hidden": False}
        dot_vote_open(vote=vote)
        for phone in phones:
            assert phone.next()[1] == {"status": "open", "hidden": False}
    finally:
        for phone in phones:
            phone.close()


@override_settings(LIVE_PUSH=True)
def test_a_vote_over_in_a_draft_is_gone_for_the_phones(hagen_world, servers):  # noqa: F811
    _app, stream_server, _two = servers
    event = hagen_world["event"]
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    vote = make_vote(event, code="PUNKTE2")
    phone = Stream(stream_server, f"/vote/{vote.code}/events/")
    try:
        assert phone.next()[1]["status"] == "open"
        dot_vote_close(vote=vote)
        assert phone.next()[0] == "gone"
    finally:
        phone.close()
    assert Stream(stream_server, f"/vote/{vote.code}/events/").response.status == 404
    assert Stream(stream_server, "/vote/GIBTSNICHT/events/").response.status == 404
