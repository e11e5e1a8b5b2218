"""The projector's view chosen by staff from any device (live.projector): stored on the vote or
run and carried by the state its projector follows, so the choice reaches a projector in
another browser."""

import json

import pytest
from django.test import Client

from polls.models import PollRun
from tests.polls.conftest import make_run
from tests.voting.conftest import make_vote
from voting.models import DotVote

pytestmark = pytest.mark.django_db


def _state(client, url):
    return json.loads(client.get(url).content)


@pytest.mark.parametrize("feature", ["voting", "polls"])
def test_the_chosen_view_reaches_the_state_the_projector_follows(
    feature, hagen_world, hagen_editor
):
    if feature == "voting":
        live, model = make_vote(hagen_world["event"], code="BEAMER"), DotVote
        state_url = f"/vote/{live.code}/results.json"
        base = f"/vote/{live.code}"
    else:
        live, model = make_run(hagen_world["event"], code="BEAMER", kinds=("single",)), PollRun
        state_url = f"/poll/{live.code}/state.json"
        base = f"/poll/{live.code}"
    projector = Client()
    assert _state(projector, state_url)["projector"] == ""

    staff = Client()
    staff.force_login(hagen_editor)
    answer = staff.post(f"{base}/projector/view/", {"view": "results"}, follow=True)
    assert answer.redirect_chain[-1][0] == f"{base}/staff/"
    assert "Der Beamer zeigt jetzt: Ergebnis." in answer.content.decode()
    first = _state(projector, state_url)["projector"]
    assert first.startswith("results@")

    # The same choice again is a new command (the projector may have been switched by a key).
    staff.post(f"{base}/projector/view/", {"view": "results"})
    again = _state(projector, state_url)["projector"]
    assert again.startswith("results@") and again != first
    # The projector opened now starts in it.
    assert 'data-view="results"' in staff.get(f"{base}/projector/").content.decode()

    # An unknown view changes nothing and says so.
    refused = staff.post(f"{base}/projector/view/", {"view": "kino"}, follow=True)
    assert "Unbekannte Ansicht." in refused.content.decode()
    assert model.objects.get(pk=live.pk).projector_command == again


def test_another_towns_editor_cannot_switch_the_projector(hagen_world, dortmund_editor):
    vote = make_vote(hagen_world["event"], code="FREMD")
    other = Client()
    other.force_login(dortmund_editor)
    assert other.post(f"/vote/{vote.code}/projector/view/", {"view": "join"}).status_code == 403
    assert DotVote.objects.get(pk=vote.pk).projector_view == ""
