"""Creating a dot-vote in the admin, scoped to the editor's municipality."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.polls.conftest import make_run
from tests.voting.conftest import join, make_vote, place
from voting.models import Ballot, DotVote, Participant
from voting.services import (
    VoteRefused,
    dot_vote_close,
    dot_vote_publish,
    dot_vote_settings_save,
)

pytestmark = pytest.mark.django_db


def add_form_data(event, **extra):
    return {
        "event": event.pk,
        "title": "Priorisierung",
        "code": "neu22",
        "dots_per_participant": 5,
        "cap_per_item": 3,
        "items-TOTAL_FORMS": 0,
        "items-INITIAL_FORMS": 0,
        **extra,
    }


def test_an_editor_creates_a_vote_over_chosen_recommendations_and_free_themes(
    hagen_world, hagen_editor
):
    client = client_for(hagen_editor)
    recommendation = hagen_world["recommendation"]
    response = client.post(
        reverse("admin:voting_dotvote_add"),
        add_form_data(
            hagen_world["event"],
            recommendations=[recommendation.pk],
            labels="Handlungsfeld 1\n\nHandlungsfeld 2\nHandlungsfeld 1",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    vote = DotVote.objects.get()
    assert vote.code == "NEU22" and vote.status == "draft"
    assert [item.title for item in vote.items.select_related("recommendation")] == [
        recommendation.title,
        "Handlungsfeld 1",
        "Handlungsfeld 2",
    ]
    change = client.get(reverse("admin:voting_dotvote_change", args=[vote.pk])).content.decode()
    assert reverse("voting:projector", args=["NEU22"]) in change
    assert "3 Einträge hinzugefügt." in change


def test_one_item_added_is_said_in_the_singular(hagen_world, hagen_editor):
    client = client_for(hagen_editor)
    response = client.post(
        reverse("admin:voting_dotvote_add"),
        add_form_data(hagen_world["event"], labels="Handlungsfeld 1"),
        follow=True,
    )
    assert "1 Eintrag hinzugefügt." in response.content.decode()


def test_the_editor_is_offered_only_own_events_and_recommendations(
    hagen_world, dortmund_world, hagen_editor
):
    page = client_for(hagen_editor).get(reverse("admin:voting_dotvote_add")).content.decode()
    assert hagen_world["recommendation"].title in page
    assert dortmund_world["recommendation"].title not in page
    response = client_for(hagen_editor).post(
        reverse("admin:voting_dotvote_add"), add_form_data(dortmund_world["event"])
    )
    assert response.status_code == 200
    assert not DotVote.objects.exists()


def test_the_cap_cannot_exceed_the_budget(hagen_world, hagen_editor):
    response = client_for(hagen_editor).post(
        reverse("admin:voting_dotvote_add"),
        add_form_data(hagen_world["event"], dots_per_participant=2, cap_per_item=3),
    )
    assert response.status_code == 200
    assert "höchstens so viele Punkte" in response.content.decode()


def test_a_free_theme_too_long_for_the_database_is_refused(hagen_world, hagen_editor):
    # VoteItem.label holds 300 characters: a longer theme failed as a 500 on PostgreSQL.
    client = client_for(hagen_editor)
    url = reverse("admin:voting_dotvote_add")
    long_theme = "Handlungsfeld " + "x" * 300
    response = client.post(url, add_form_data(hagen_world["event"], labels=f"Kurz\n{long_theme}"))
    assert response.status_code == 200
    assert "Höchstens 300 Zeichen pro Thema; zu lang: Zeile 2." in response.content.decode()
    assert not DotVote.objects.exists()
    vote = make_vote(hagen_world["event"], open_it=False, items=0, labels=())
    change = reverse("admin:voting_dotvote_change", args=[vote.pk])
    data = {**add_form_data(hagen_world["event"]), "labels": long_theme}
    response = client.post(change, data)
    assert response.status_code == 200
    assert not vote.items.exists()
    response = client.post(url, add_form_data(hagen_world["event"], labels="x" * 300))
    assert response.status_code == 302
    assert DotVote.objects.get(code="NEU22").items.get().label == "x" * 300


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("hagen_editor", True), ("dortmund_editor", False), ("superuser", True)],
)
def test_the_change_page_follows_the_municipality(request, hagen_world, persona, allowed):
    vote = make_vote(hagen_world["event"])
    client = client_for(request.getfixturevalue(persona))
    response = client.get(reverse("admin:voting_dotvote_change", args=[vote.pk]))
    assert (response.status_code == 200) is allowed


def test_an_open_vote_keeps_its_code_and_items(hagen_world, hagen_editor):
    vote = make_vote(hagen_world["event"])
    page = client_for(hagen_editor).get(reverse("admin:voting_dotvote_change", args=[vote.pk]))
    html = page.content.decode()
    assert 'name="code"' not in html
    assert 'name="items-0-label"' not in html
    assert 'name="recommendations"' not in html


def test_the_rules_are_fixed_once_the_vote_was_opened(vote, hagen_editor):
    client = client_for(hagen_editor)
    url = reverse("admin:voting_dotvote_change", args=[vote.pk])
    data = {"event": vote.event_id, "title": "Neu", "dots_per_participant": 9, "cap_per_item": 9}
    response = client.post(url, {**data, "items-TOTAL_FORMS": 0, "items-INITIAL_FORMS": 0})
    assert response.status_code == 302, response.content.decode()[:2000]
    vote.refresh_from_db()
    assert (vote.title, vote.dots_per_participant, vote.cap_per_item) == ("Neu", 5, 3)


def test_a_published_result_stays_in_its_event_and_visible(vote, hagen_world, hagen_editor):
    place(join(vote), vote, vote.items.first(), 2)
    stale_form_vote = DotVote.objects.get()  # an admin form loaded before the publish
    dot_vote_close(vote=vote)
    dot_vote_publish(vote=vote)
    client = client_for(hagen_editor)
    url = reverse("admin:voting_dotvote_change", args=[vote.pk])
    page = client.get(url).content.decode()
    assert 'name="results_hidden"' not in page and 'name="event"' not in page
    data = {"title": "Neu", "results_hidden": "on", "event": vote.event_id}
    response = client.post(url, {**data, "items-TOTAL_FORMS": 0, "items-INITIAL_FORMS": 0})
    assert response.status_code == 302, response.content.decode()[:2000]
    vote.refresh_from_db()
    assert (vote.title, vote.results_hidden) == ("Neu", False)
    stale_form_vote.results_hidden = True
    with pytest.raises(VoteRefused):
        dot_vote_settings_save(vote=stale_form_vote, fields=["results_hidden"])
    assert DotVote.objects.get().results_hidden is False


def test_a_code_a_live_poll_already_has_is_refused(hagen_world, hagen_editor):
    make_run(hagen_world["event"], code="UMFRA1")
    response = client_for(hagen_editor).post(
        reverse("admin:voting_dotvote_add"), add_form_data(hagen_world["event"], code="umfra1")
    )
    assert response.status_code == 200
    assert "Diesen Code hat schon eine Live-Umfrage" in response.content.decode()
    assert not DotVote.objects.exists()


def test_deleting_votes_in_the_admin_takes_their_ballots_along(hagen_world, hagen_editor):
    first = make_vote(hagen_world["event"], code="ERSTE1")
    second = make_vote(hagen_world["event"], code="ZWEITE")
    for vote in (first, second):
        place(join(vote), vote, vote.items.first(), 2)
    client = client_for(hagen_editor)
    response = client.post(reverse("admin:voting_dotvote_delete", args=[first.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert list(DotVote.objects.values_list("code", flat=True)) == ["ZWEITE"]
    response = client.post(
        reverse("admin:voting_dotvote_changelist"),
        {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not DotVote.objects.exists()
    assert not Participant.objects.exists() and not Ballot.objects.exists()
