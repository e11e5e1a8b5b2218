"""Join codes in one namespace: the database refuses a code that a dot-vote or a poll run holds."""

import pytest
from django.db import IntegrityError, transaction

from live.codes import code_feature, free_code
from live.models import JoinCode
from polls.models import PollRun
from tests.voting.conftest import make_vote
from voting.models import DotVote

pytestmark = pytest.mark.django_db


def test_a_run_cannot_take_a_votes_code_nor_a_vote_a_runs(hagen_world):
    event = hagen_world["event"]
    vote = make_vote(event, code="WERKSTATT", open_it=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        PollRun.objects.create(event=event, title="Umfrage", code="WERKSTATT")
    run = PollRun.objects.create(event=event, title="Umfrage", code="DIALOG")
    with pytest.raises(IntegrityError), transaction.atomic():
        DotVote.objects.create(event=event, title="Punkte", code="DIALOG")
    assert {(c.code, c.feature) for c in JoinCode.objects.all()} == {
        ("WERKSTATT", "voting"),
        ("DIALOG", "polls"),
    }
    assert (code_feature(vote.code), code_feature(run.code), code_feature("NIEMAND")) == (
        "voting",
        "polls",
        None,
    )


def test_a_deleted_vote_or_run_frees_its_code(hagen_world):
    event = hagen_world["event"]
    make_vote(event, code="WERKSTATT", open_it=False).delete()
    PollRun.objects.create(event=event, title="Umfrage", code="WERKSTATT")
    PollRun.objects.filter(event=event).delete()  # a bulk delete frees it too
    assert not JoinCode.objects.exists()
    DotVote.objects.create(event=event, title="Punkte", code="WERKSTATT")


def test_a_generated_code_is_free(hagen_world, monkeypatch):
    make_vote(hagen_world["event"], code="ABCDEFGH", open_it=False)
    codes = iter(["ABCDEFGH", "ABCDEFGH", "JKLMNPQR"])
    monkeypatch.setattr("live.codes.generate_code", lambda: next(codes))
    assert free_code() == "JKLMNPQR"


def test_either_join_page_leads_to_whichever_feature_holds_the_code(client, hagen_world):
    from django.urls import reverse

    from tests.polls.conftest import make_run

    event = hagen_world["event"]
    make_vote(event, code="WERKSTATT", open_it=True)
    make_run(event, code="DIALOG")
    for join in ("voting:join", "polls:join"):
        for code, page in (("werkstatt", "voting:participant"), ("dialog", "polls:participant")):
            response = client.get(reverse(join), {"code": code})
            assert response["Location"] == reverse(page, args=[code.upper()]), (join, code)
