"""Photos, files, additions and dot-votes are part of a documentation: what staff change in
them stands in the event's history, with who and when."""

import pytest
import reversion
from django.urls import reverse

from events.history import documentation_revisions
from recommendations.models import Addition
from tests.admin_forms import unchanged_form_data
from tests.conftest import client_for
from tests.events.test_admin_history import history_of
from tests.uploads.conftest import make_attachment, make_photo
from tests.voting.conftest import make_vote
from tests.voting.test_admin import add_form_data
from uploads.models import Attachment, Photo
from voting.models import Ballot, DotVote, PaperCount, Participant, VoteItem, VoteResult

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_photos_changed_alt_text_stands_in_the_history(hagen_world, hagen_editor):
    event = hagen_world["event"]
    photo = make_photo(event)
    client = client_for(hagen_editor)
    url = reverse("admin:uploads_photo_change", args=[photo.pk])
    data = unchanged_form_data(client.get(url))
    data["alt_text"] = "Podium mit fünf Personen"
    assert client.post(url, data).status_code == 302

    [revision] = documentation_revisions(event)
    assert revision.user == hagen_editor
    page = history_of(client, event)
    assert "Foto „Podium mit fünf Personen“ geändert. Alternativtext geändert." in page
    assert "alice-hagen" in page


def test_a_deleted_file_stands_in_the_history(hagen_world, hagen_editor):
    event = hagen_world["event"]
    attachment = make_attachment(event, title="Folien des Impulsvortrags")
    client = client_for(hagen_editor)
    url = reverse("admin:uploads_attachment_delete", args=[attachment.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302

    assert not Attachment.objects.exists()
    assert "Datei „Folien des Impulsvortrags“ gelöscht." in history_of(client, event)


def test_a_photo_added_in_the_admin_stands_in_the_history(hagen_world, hagen_editor):
    from tests.uploads.conftest import image_bytes
    from tests.uploads.test_admin import _add_photo

    event = hagen_world["event"]
    client = client_for(hagen_editor)
    assert _add_photo(client, event, image_bytes()).status_code == 302
    assert Photo.objects.filter(event=event).exists()
    assert "Foto „Podium mit drei Personen vor einer Leinwand“ angelegt." in history_of(
        client, event
    )


def test_pasted_additions_stand_in_the_history_of_their_event(hagen_world, hagen_editor):
    event, recommendation = hagen_world["event"], hagen_world["recommendation"]
    client = client_for(hagen_editor)
    response = client.post(
        reverse("admin:recommendations_recommendation_paste", args=[recommendation.pk]),
        {"event": event.pk, "bullets": "- Räume öffnen\n- Zeiten abstimmen"},
    )
    assert response.status_code == 302
    assert Addition.objects.count() == 2
    page = history_of(client, event)
    assert "Handlungsempfehlung „Zukunftsräte“: 2 Ergänzungen eingefügt." in page
    assert "alice-hagen" in page
    assert not documentation_revisions(hagen_world["draft"]).exists()


def test_an_addition_changed_on_the_recommendations_page_stands_in_the_history(
    hagen_world, hagen_editor
):
    event, recommendation = hagen_world["event"], hagen_world["recommendation"]
    Addition.objects.create(recommendation=recommendation, event=event, text="Räume öffnen")
    client = client_for(hagen_editor)
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    data = unchanged_form_data(client.get(url))
    data["additions-0-text"] = "Räume am Abend öffnen"
    assert client.post(url, data).status_code == 302

    assert "Ergänzung „Räume am Abend öffnen“" in history_of(client, event)


def test_a_dot_vote_created_in_the_admin_stands_in_the_history(hagen_world, hagen_editor):
    event = hagen_world["event"]
    client = client_for(hagen_editor)
    response = client.post(reverse("admin:voting_dotvote_add"), add_form_data(event))
    assert response.status_code == 302
    assert DotVote.objects.filter(event=event).exists()
    assert "Live-Bepunktung „Priorisierung (NEU22)“ angelegt." in history_of(client, event)


def test_paper_counts_typed_in_stand_in_the_history_with_who_and_when(hagen_world, hagen_editor):
    event = hagen_world["event"]
    vote = make_vote(event)
    first, second = vote.items.order_by("order")[:2]
    client = client_for(hagen_editor)
    response = client.post(
        reverse("voting:paper", args=[vote.code]),
        {f"item_{first.pk}": "4", f"item_{second.pk}": "7"},
    )
    assert response.status_code == 302

    [revision] = documentation_revisions(event)
    assert revision.user == hagen_editor
    assert {v.object for v in revision.version_set.all()} >= set(PaperCount.objects.all())
    page = history_of(client, event)
    assert f"Punkte auf Papier für Papierpunkte „{first.title}“ geändert." in page
    assert f"Punkte auf Papier für Papierpunkte „{second.title}“ geändert." in page
    assert "alice-hagen" in page

    # The same counts once more change nothing and add no entry.
    client.post(
        reverse("voting:paper", args=[vote.code]),
        {f"item_{first.pk}": "4", f"item_{second.pk}": "7"},
    )
    assert documentation_revisions(event).count() == 1


def test_voters_and_their_ballots_are_never_versioned():
    for model in (DotVote, VoteItem, PaperCount, Photo, Attachment, Addition):
        assert reversion.is_registered(model), model
    for model in (Participant, Ballot, VoteResult):
        assert not reversion.is_registered(model), model
