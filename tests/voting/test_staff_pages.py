"""The projector, its controls and the paper counts: staff of the event's municipality only."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.voting.conftest import join, make_vote, place
from voting.models import Ballot, DotVote, PaperCount

pytestmark = pytest.mark.django_db

PAGES = {
    "projector": ("get", "voting:projector", {}),
    "staff": ("get", "voting:staff", {}),
    "paper": ("get", "voting:paper", {}),
    "close": ("post", "voting:control", {"action": "close"}),
    "paper_save": ("post", "voting:paper", {}),
}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (None, "login"),
        ("participant", "login"),
        ("dortmund_editor", 403),
        ("hagen_editor", "ok"),
        ("superuser", "ok"),
    ],
)
def test_only_staff_of_the_municipality_run_the_vote(request, vote, page, persona, expected):
    if persona == "participant":
        client = join(vote)
    else:
        client = client_for(request.getfixturevalue(persona) if persona else None)
    method, name, data = PAGES[page]
    response = getattr(client, method)(reverse(name, args=[vote.code]), data)
    if expected == "login":
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    elif expected == 403:
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 302)
        assert reverse("admin:login") not in response.get("Location", "")
    vote.refresh_from_db()
    assert (vote.status == "closed") == (page == "close" and expected == "ok")


def test_a_staff_user_without_municipality_is_refused(vote, django_user_model):
    user = django_user_model.objects.create_user("staff-only", password="pw", is_staff=True)
    assert client_for(user).get(reverse("voting:projector", args=[vote.code])).status_code == 403


def test_the_projector_shows_code_join_address_qr_code_and_ranking(vote, hagen_editor):
    item = vote.items.order_by("order").first()
    place(join(vote), vote, item, 3)
    page = client_for(hagen_editor).get(reverse("voting:projector", args=[vote.code]))
    html = page.content.decode()
    assert f'<p class="projector-code">{vote.code}</p>' in html
    assert f"http://testserver/vote/{vote.code}/" in html
    assert '<svg role="img" viewBox=' in html and 'class="qr"><title>QR-Code für http' in html
    assert "data-ranking" in html and item.title in html
    assert "data-participants>1<" in html and "data-dots-total>3<" in html


def test_the_projector_has_no_buttons_and_the_staff_page_has_those_that_apply(vote, hagen_editor):
    staff = client_for(hagen_editor)
    projector = staff.get(reverse("voting:projector", args=[vote.code])).content.decode()
    assert "<button" not in projector and "<form" not in projector
    page = staff.get(reverse("voting:staff", args=[vote.code])).content.decode()
    assert reverse("voting:projector", args=[vote.code]) in page
    # The vote is open: closing applies, opening and publishing are there but hidden.
    assert ">Schließen</button>" in page
    assert 'data-when="draft closed" data-when-hidden="" hidden>' in page


def test_the_projector_keeps_a_hidden_result_off_the_screen(hagen_world, hagen_editor):
    vote = make_vote(hagen_world["event"], results_hidden=True)
    item = vote.items.order_by("order").first()
    place(join(vote), vote, item, 3)
    html = client_for(hagen_editor).get(reverse("voting:projector", args=[vote.code]))
    html = html.content.decode()
    assert "sobald die Moderation es aufdeckt" in html
    assert f'data-item="{item.pk}"' not in html


def control(client, vote, action, **extra):
    return client.post(reverse("voting:control", args=[vote.code]), {"action": action, **extra})


def test_the_controls_walk_through_the_states(vote, hagen_editor):
    client = client_for(hagen_editor)
    place(join(vote), vote, vote.items.first(), 2)
    steps = [("close", "closed"), ("open", "open"), ("close", "closed"), ("publish", "published")]
    for action, status in steps:
        response = control(client, vote, action)
        assert response.status_code == 302
        vote.refresh_from_db()
        assert vote.status == status
    control(client, vote, "reopen")
    vote.refresh_from_db()
    assert vote.status == "closed"


def test_reveal_and_hide_switch_the_flag(vote, hagen_editor):
    client = client_for(hagen_editor)
    control(client, vote, "hide")
    assert DotVote.objects.get().results_hidden is True
    control(client, vote, "reveal")
    assert DotVote.objects.get().results_hidden is False


def test_reset_needs_the_confirmation(vote, hagen_editor):
    client = client_for(hagen_editor)
    place(join(vote), vote, vote.items.first(), 2)
    response = control(client, vote, "reset")
    assert Ballot.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Bitte bestätigen Sie" in page
    control(client, vote, "reset", confirm="1")
    assert Ballot.objects.count() == 0


def test_a_control_that_does_not_fit_the_state_says_why(vote, hagen_editor):
    client = client_for(hagen_editor)
    response = control(client, vote, "publish")
    page = client.get(response["Location"]).content.decode()
    assert "„Offen“" in page
    assert DotVote.objects.get().status == "open"


def test_paper_counts_are_stored_and_shown_beside_the_live_dots(vote, hagen_editor):
    client = client_for(hagen_editor)
    first, second = vote.items.order_by("order")[:2]
    place(join(vote), vote, first, 2)
    response = client.post(
        reverse("voting:paper", args=[vote.code]),
        {f"item_{first.pk}": "4", f"item_{second.pk}": "7"},
    )
    assert response.status_code == 302
    assert dict(PaperCount.objects.values_list("item_id", "dots")) == {first.pk: 4, second.pk: 7}
    data = client.get(reverse("voting:results", args=[vote.code])).json()
    assert data["items"][0] == {
        "id": second.pk,
        "title": second.title,
        "dots": 0,
        "voters": 0,
        "paper": 7,
    }
    assert data["items"][1]["dots"] == 2 and data["items"][1]["paper"] == 4
    client.post(reverse("voting:paper", args=[vote.code]), {f"item_{first.pk}": "0"})
    assert list(PaperCount.objects.values_list("item_id", flat=True)) == []


def test_a_negative_paper_count_is_a_form_error(vote, hagen_editor):
    item = vote.items.first()
    response = client_for(hagen_editor).post(
        reverse("voting:paper", args=[vote.code]), {f"item_{item.pk}": "-3"}
    )
    assert response.status_code == 200
    assert not PaperCount.objects.exists()


def test_the_reset_counts_the_dots_it_deleted(vote, hagen_editor):
    """In dots, as the ranking and the confirmation ("alle Live-Punkte") count them."""
    client = client_for(hagen_editor)
    place(join(vote), vote, vote.items.first(), 1)
    response = control(client, vote, "reset", confirm="1")
    assert "Zurückgesetzt: 1 Punkt gelöscht." in client.get(response["Location"]).content.decode()
    place(join(vote), vote, vote.items.first(), 2)
    for item in vote.items.all()[:2]:
        place(join(vote), vote, item, 1)
    response = control(client, vote, "reset", confirm="1")
    assert "Zurückgesetzt: 4 Punkte gelöscht." in client.get(response["Location"]).content.decode()


def test_the_ranking_says_one_point_and_two_points(vote, hagen_editor):
    one, two = vote.items.order_by("order")[:2]
    place(join(vote), vote, one, 1)
    place(join(vote), vote, two, 2)
    page = client_for(hagen_editor).get(reverse("voting:projector", args=[vote.code]))
    html = page.content.decode()
    assert "<strong data-total>1</strong> <span data-total-unit>Punkt</span>" in html
    assert "<strong data-total>2</strong> <span data-total-unit>Punkte</span>" in html
    # The script's forms for the rows it draws itself.
    assert 'data-dots-one="Punkt" data-dots-other="Punkte"' in html
