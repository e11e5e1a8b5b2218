"""Rows deleted with "Löschen?" in a form's inlines are named after the save, and a button
restores them from the save's revision: for the documentation's editors only."""

import re

import pytest
from django.urls import reverse

from events.history import documentation_revisions
from events.models import Contribution, Quote, QuoteGroup, Session
from tests.admin_forms import unchanged_form_data
from tests.conftest import client_for
from tests.events.test_admin_history import history_of

pytestmark = pytest.mark.django_db


def _delete_rows(client, url: str, prefix: str, *indexes: int):
    data = unchanged_form_data(client.get(url))
    for index in indexes:
        data[f"{prefix}-{index}-DELETE"] = "on"
    return client.post(url, data, follow=True)


def _undo_url(page: str) -> str:
    match = re.search(r'<form method="post" action="([^"]+/undo/\d+/)" class="undo-form">', page)
    assert match, "no undo button"
    return match.group(1)


@pytest.fixture
def quotes(hagen_world):
    event = hagen_world["event"]
    return [
        Quote.objects.create(event=event, text="Erstens.", context="plenary", order=1),
        Quote.objects.create(event=event, text="Zweitens: mehr Bänke.", context="other", order=7),
    ]


def test_a_quote_deleted_on_the_event_form_is_named_and_comes_back_by_undo(
    hagen_world, hagen_editor, quotes
):
    event = hagen_world["event"]
    client = client_for(hagen_editor)
    url = reverse("admin:events_event_change", args=[event.pk])
    response = _delete_rows(client, url, "quotes", 1)
    assert response.status_code == 200
    assert list(Quote.objects.values_list("text", flat=True)) == ["Erstens."]
    page = response.content.decode()
    assert "Gelöscht: Zitat „Zweitens: mehr Bänke.“." in page
    assert 'name="csrfmiddlewaretoken"' in page.split("undo-form", 1)[1][:300]

    undone = client.post(_undo_url(page), follow=True)

    assert undone.redirect_chain[-1][0] == url
    quote = Quote.objects.get(pk=quotes[1].pk)
    assert (quote.text, quote.order, quote.context, quote.event) == (
        "Zweitens: mehr Bänke.",
        7,
        "other",
        event,
    )
    assert "1 gelöschter Eintrag wiederhergestellt." in undone.content.decode()
    assert "Löschen rückgängig gemacht, 1 Eintrag wiederhergestellt." in history_of(client, event)
    # A second undo has nothing left to restore and changes nothing.
    again = client.post(_undo_url(page), follow=True)
    assert "Es gibt nichts wiederherzustellen." in again.content.decode()
    assert Quote.objects.count() == 2


def test_a_session_deleted_on_the_event_form_comes_back_with_its_contributions(
    hagen_world, hagen_editor
):
    event, session = hagen_world["event"], hagen_world["session"]
    for n in range(3):
        Contribution.objects.create(session=session, text=f"Punkt {n}", order=n)
    client = client_for(hagen_editor)
    url = reverse("admin:events_event_change", args=[event.pk])
    page = _delete_rows(client, url, "sessions", 0).content.decode()
    assert not Session.objects.exists() and not Contribution.objects.exists()

    client.post(_undo_url(page))

    session = Session.objects.get(pk=session.pk)
    assert list(session.contributions.values_list("text", flat=True)) == [
        "Punkt 0",
        "Punkt 1",
        "Punkt 2",
    ]


def test_a_quote_deleted_on_the_session_page_comes_back_by_undo(hagen_world, hagen_editor):
    session = hagen_world["session"]
    quote = Quote.objects.create(
        event=session.event, session=session, text="Am Tisch gesagt.", order=3
    )
    client = client_for(hagen_editor)
    url = reverse("admin:events_session_change", args=[session.pk])
    page = _delete_rows(client, url, "quotes", 0).content.decode()
    assert not Quote.objects.exists()
    assert "Gelöscht: Zitat „Am Tisch gesagt.“." in page

    client.post(_undo_url(page))

    assert Quote.objects.get(pk=quote.pk).session == session


@pytest.mark.parametrize(("persona", "status"), [("dortmund_editor", 403), ("anonymous", 302)])
def test_only_the_documentations_editors_may_undo(
    request, hagen_world, hagen_editor, quotes, persona, status
):
    url = reverse("admin:events_event_change", args=[hagen_world["event"].pk])
    page = _delete_rows(client_for(hagen_editor), url, "quotes", 1).content.decode()
    user = None if persona == "anonymous" else request.getfixturevalue(persona)

    response = client_for(user).post(_undo_url(page))

    assert response.status_code == status
    assert Quote.objects.count() == 1


def test_the_undo_of_another_events_revision_is_not_found(
    hagen_world, hagen_editor, dortmund_world, dortmund_editor
):
    """A Dortmund editor with a revision of Hagen's event in the address of their own event's
    undo: the revision is not one of their documentation's."""
    hagen_event = hagen_world["event"]
    Quote.objects.create(event=hagen_event, text="Hagen.", order=1)
    url = reverse("admin:events_event_change", args=[hagen_event.pk])
    _delete_rows(client_for(hagen_editor), url, "quotes", 0)
    [revision] = documentation_revisions(hagen_event)
    own = reverse("admin:events_event_undo", args=[dortmund_world["event"].pk, revision.pk])

    assert client_for(dortmund_editor).post(own).status_code == 404
    assert not Quote.objects.exists()


def test_the_undo_is_a_post(hagen_world, hagen_editor, quotes):
    url = reverse("admin:events_event_change", args=[hagen_world["event"].pk])
    page = _delete_rows(client_for(hagen_editor), url, "quotes", 1).content.decode()
    assert client_for(hagen_editor).get(_undo_url(page)).status_code == 405
    assert Quote.objects.count() == 1


def test_a_save_without_deletions_offers_no_undo(hagen_world, hagen_editor, quotes):
    client = client_for(hagen_editor)
    url = reverse("admin:events_event_change", args=[hagen_world["event"].pk])
    data = unchanged_form_data(client.get(url))
    data["title"] = "Neu"
    page = client.post(url, data, follow=True).content.decode()
    assert "undo-form" not in page and "Gelöscht:" not in page


def test_an_undo_whose_rows_lost_what_they_belong_to_is_refused_without_a_change(
    hagen_world, hagen_editor
):
    """A quote of a group deleted on the event form, then its group deleted: the quote can't
    come back (its group is gone), and the page says so instead of failing."""
    event = hagen_world["event"]
    group = QuoteGroup.objects.create(event=event, lead="Stimmen")
    Quote.objects.create(event=event, group=group, text="In der Gruppe.", order=1)
    client = client_for(hagen_editor)
    url = reverse("admin:events_event_change", args=[event.pk])
    page = _delete_rows(client, url, "quotes", 0).content.decode()
    delete_group = reverse("admin:events_quotegroup_delete", args=[group.pk])
    assert client.post(delete_group, {"post": "yes"}).status_code == 302
    revisions = documentation_revisions(event).count()

    response = client.post(_undo_url(page), follow=True)

    assert response.status_code == 200
    assert "lassen sich nicht wiederherstellen" in response.content.decode()
    assert not Quote.objects.exists()
    assert documentation_revisions(event).count() == revisions
