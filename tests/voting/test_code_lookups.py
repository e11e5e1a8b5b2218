"""Guessing join codes: generated codes carry 40 bits; answers "no such code" are counted per
client (a room of phones shares one address, so joins never count) and refused over the limit,
for known codes too, except the pages a browser opened before and staff."""

import math

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from live import ratelimit
from live.codes import ALPHABET as CODE_ALPHABET
from live.codes import generate_code
from live.forms import JoinForm
from live.models import RateLimitBucket
from tests.conftest import client_for
from tests.voting.conftest import make_vote, place
from voting.models import DotVote
from voting.services import dot_vote_close

pytestmark = pytest.mark.django_db

ROOM = "198.51.100.20"  # the public address of a town hall's network, or of a guesser


def phone(address: str = ROOM) -> Client:
    return Client(REMOTE_ADDR=address)


def page(client: Client, code: str):
    return client.get(reverse("voting:participant", args=[code]))


def test_a_generated_code_has_forty_bits_and_the_join_form_takes_it():
    codes = {generate_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 8 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert math.log2(len(CODE_ALPHABET) ** 8) == 40
    for code in (*list(codes)[:3], "DEMO", "HAGEN1"):  # and the codes of before stay valid
        form = JoinForm({"code": f" {code.lower()} "})
        assert form.is_valid() and form.cleaned_data["code"] == code


def test_a_vote_gets_a_generated_code_of_eight_characters(hagen_world):
    vote = DotVote.objects.create(event=hagen_world["event"], title="Ohne Code")
    assert len(vote.code) == 8
    response = Client().get(reverse("voting:join"), {"code": vote.code.lower()})
    assert response["Location"] == f"/vote/{vote.code}/"


@override_settings(CODE_LOOKUP_LIMIT=5, CODE_LOOKUP_WINDOW=600)
def test_a_room_of_phones_on_one_address_joins_and_a_few_typos_are_fine(vote):
    for n in range(300):
        client = phone()
        if n % 75 == 0:  # four typos in the room
            assert page(client, "HAGENX").status_code == 404
        assert page(client, vote.code).status_code == 200
        assert client.get(reverse("voting:results", args=[vote.code])).status_code == 200


@override_settings(CODE_LOOKUP_LIMIT=5, CODE_LOOKUP_WINDOW=600)
def test_a_guesser_is_refused_after_the_limit_and_then_learns_nothing(vote, hagen_editor):
    # A phone of the room opened the vote before the guessing began.
    room_phone = phone()
    assert page(room_phone, vote.code).status_code == 200
    guesser = phone()
    for n in range(5):
        assert page(guesser, f"RATE{n:04d}").status_code == 404
    refused = page(guesser, "RATE0005")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    assert "Zu viele unbekannte Codes von diesem Anschluss" in refused.content.decode()
    # Known codes are refused alike: the refusal does not tell known from unknown.
    assert page(guesser, vote.code).status_code == 429
    results = guesser.get(reverse("voting:results", args=[vote.code]))
    assert results.status_code == 429 and "Zu viele unbekannte Codes" in results.json()["error"]
    assert place(guesser, vote, vote.items.first(), 1).status_code == 429
    by_hand = guesser.get(reverse("polls:join"), {"code": vote.code})
    assert by_hand.status_code == 429
    # The room's open page keeps working; staff are not counted; other addresses neither.
    assert page(room_phone, vote.code).status_code == 200
    assert place(room_phone, vote, vote.items.first(), 1).status_code == 200
    assert room_phone.get(reverse("voting:results", args=[vote.code])).status_code == 200
    staff = client_for(hagen_editor)
    staff.defaults["REMOTE_ADDR"] = ROOM
    assert page(staff, vote.code).status_code == 200
    assert page(phone("203.0.113.9"), vote.code).status_code == 200


@override_settings(CODE_LOOKUP_LIMIT=3, CODE_LOOKUP_WINDOW=600)
def test_every_answer_no_such_code_counts_and_a_known_code_does_not(vote):
    guesser = phone()
    for _ in range(10):
        assert page(guesser, vote.code).status_code == 200
    assert guesser.get(reverse("voting:results", args=["RATE0001"])).status_code == 404
    ballot = guesser.post(
        reverse("voting:ballot", args=["RATE0002"]),
        {"item": 1, "dots": 1},
        headers={"Accept": "application/json"},
    )
    assert ballot.status_code == 404
    assert page(guesser, "RATE0003").status_code == 404
    assert page(guesser, "RATE0004").status_code == 429


@override_settings(CODE_LOOKUP_LIMIT=2, CODE_LOOKUP_WINDOW=600)
def test_the_refusal_ends_with_the_window(vote, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: clock[0])
    guesser = phone()
    for code in ("RATE0001", "RATE0002"):
        assert page(guesser, code).status_code == 404
    refused = page(guesser, "RATE0003")
    assert refused.status_code == 429 and refused["Retry-After"] == "200"  # the window's rest
    clock[0] += 200
    assert page(guesser, vote.code).status_code == 200
    assert page(guesser, "RATE0004").status_code == 404


@override_settings(CODE_LOOKUP_LIMIT=2, VOTE_RATE_LIMIT_STORE="database")
def test_the_shared_store_counts_failures_under_a_hash_of_the_address(vote):
    guesser = phone()
    for code in ("RATE0001", "RATE0002"):
        assert page(guesser, code).status_code == 404
    bucket = RateLimitBucket.objects.get()
    assert bucket.key.startswith("lookup:") and bucket.hits == 2
    assert ROOM not in bucket.key
    # Another process (its own memory of refused clients is empty) refuses from the shared count.
    ratelimit.code_lookups_clear()
    assert page(guesser, "RATE0003").status_code == 429
    assert page(guesser, vote.code).status_code == 429


@override_settings(VOTE_RATE_LIMIT_STORE="database", CODE_LOOKUP_WINDOW=600)
def test_pruning_keeps_the_current_lookup_window():
    now = 1_000_000.0
    current = ratelimit.code_lookup_window(now=now)
    RateLimitBucket.objects.create(key="lookup:abc", window_number=current, hits=3)
    RateLimitBucket.objects.create(key="lookup:abc", window_number=current - 1, hits=3)
    RateLimitBucket.objects.create(key="token", window_number=ratelimit.rate_limit_window(now=now))
    assert ratelimit.rate_limit_buckets_prune(now=now) == 1
    assert sorted(RateLimitBucket.objects.values_list("key", "window_number")) == [
        ("lookup:abc", current),
        ("token", ratelimit.rate_limit_window(now=now)),
    ]


@override_settings(CODE_LOOKUP_LIMIT=5, CODE_LOOKUP_WINDOW=600)
def test_a_room_tapping_after_its_draft_vote_closed_is_not_counted_as_guessing(hagen_world):
    draft = hagen_world["draft"]
    draft.strategies.add(hagen_world["strategy"])
    closing = make_vote(draft, code="ENTWURF8")
    following = make_vote(hagen_world["event"], code="DANACH88")
    phones = [phone() for _ in range(20)]
    for client in phones:
        assert page(client, closing.code).status_code == 200
    dot_vote_close(vote=closing)
    for client in phones:  # each taps once more and reloads: the vote is gone for them
        assert place(client, closing, closing.items.first(), 1).status_code == 404
        assert page(client, closing.code).status_code == 404
    # The room goes on to the next vote, typed by hand.
    response = phone().get(reverse("polls:join"), {"code": following.code})
    assert response.status_code == 302
    assert page(phone(), following.code).status_code == 200
