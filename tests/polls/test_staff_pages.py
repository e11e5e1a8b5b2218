"""Staff pages of live polls: only editors of the event's municipality (and superusers) see or
change them; a matrix over the personas for every page and action."""

import pytest
from django.urls import reverse

from events.models import Poll
from polls.models import Answer, PollRun
from polls.services import run_go_to
from tests.conftest import client_for
from tests.polls.conftest import join, question, send

pytestmark = pytest.mark.django_db


def _pages(run):
    q = question(run, "single")
    text = question(run, "text")
    return {
        "projector": ("get", reverse("polls:projector", args=[run.code]), {}),
        "projector fragment": ("get", reverse("polls:projector_live", args=[run.code]), {}),
        "staff page": ("get", reverse("polls:staff", args=[run.code]), {}),
        "staff fragment": ("get", reverse("polls:staff_live", args=[run.code]), {}),
        "control: next": ("post", reverse("polls:control", args=[run.code]), {"action": "next"}),
        "moderation": ("get", reverse("polls:moderate", args=[run.code]), {}),
        "moderation list": ("get", reverse("polls:moderate_texts", args=[run.code]), {}),
        "moderation: hide": (
            "post",
            reverse("polls:moderate", args=[run.code]),
            {"action": "hide", "answer": "{answer}", "question": text.pk},
        ),
        "new question": ("get", reverse("polls:question_new", args=[run.code]), {}),
        "new question: save": (
            "post",
            reverse("polls:question_new", args=[run.code]),
            {"question": "Neu?", "kind": "mood", "premoderated": "on"},
        ),
        "publish": ("get", reverse("polls:publish", args=[run.code, q.pk]), {}),
        "publish: save": ("post", reverse("polls:publish", args=[run.code, q.pk]), {}),
        "hand counts": ("get", reverse("polls:hand_counts", args=[q.poll_id]), {}),
        "hand counts: save": (
            "post",
            reverse("polls:hand_counts", args=[q.poll_id]),
            {"count_0": "4", "count_1": "", "count_2": "1", "method": "per Handzeichen"},
        ),
        "event polls": ("get", reverse("polls:event", args=[run.event.slug]), {}),
        "event polls: new run": (
            "post",
            reverse("polls:event", args=[run.event.slug]),
            {"title": "Zweite Runde"},
        ),
    }


PAGE_NAMES = [
    "projector",
    "projector fragment",
    "staff page",
    "staff fragment",
    "control: next",
    "moderation",
    "moderation list",
    "moderation: hide",
    "new question",
    "new question: save",
    "publish",
    "publish: save",
    "hand counts",
    "hand counts: save",
    "event polls",
    "event polls: new run",
]


def _state(run):
    """What the writes above would change, to check that a refused request changed nothing."""
    run.refresh_from_db()
    q = question(run, "single")
    return (
        run.current_question_id,
        PollRun.objects.count(),
        run.questions.count(),
        list(q.poll.options.values_list("count", flat=True)),
        list(Answer.objects.values_list("hidden", flat=True)),
        q.published_at,
    )


@pytest.mark.parametrize("page", PAGE_NAMES)
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (None, "login"),
        ("participant", "login"),
        ("staff_without_municipality", 403),
        ("dortmund_editor", 403),
        ("hagen_editor", "ok"),
        ("superuser", "ok"),
    ],
)
def test_only_staff_of_the_municipality_conduct_the_poll(
    request, run, page, persona, expected, django_user_model
):
    text = question(run, "text")
    run_go_to(run=run, question=text)
    send(join(run), run, text, text="Eine Antwort")
    run_go_to(run=run, question=question(run, "single"))
    answer = Answer.objects.get()
    if persona == "participant":
        client = join(run)
    elif persona == "staff_without_municipality":
        client = client_for(
            django_user_model.objects.create_user("staff-only", password="pw", is_staff=True)
        )
    else:
        client = client_for(request.getfixturevalue(persona) if persona else None)
    method, url, data = _pages(run)[page]
    data = {k: str(v).format(answer=answer.pk) for k, v in data.items()}
    before = _state(run)
    response = getattr(client, method)(url, data)
    if expected == "login":
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    elif expected == 403:
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 302), response.content[:500]
        assert reverse("admin:login") not in response.get("Location", "")
    if expected != "ok":
        assert _state(run) == before
    elif method == "post" and page != "publish: save":
        # Publishing an open question is refused with a message; every other write happened.
        assert _state(run) != before, page


def test_the_public_state_and_pages_need_no_login(run):
    assert join(run).get(reverse("polls:state", args=[run.code])).status_code == 200


def test_the_event_page_offers_only_the_events_of_the_editor(run, dortmund_world, hagen_editor):
    url = reverse("polls:event", args=[dortmund_world["event"].slug])
    assert client_for(hagen_editor).get(url).status_code == 403


def test_hand_counts_of_another_municipality_are_refused(dortmund_world, hagen_editor):
    from tests.polls.conftest import make_poll

    poll = make_poll(dortmund_world["event"], "Wie war es?", "mood")
    response = client_for(hagen_editor).post(
        reverse("polls:hand_counts", args=[poll.pk]), {"count_0": "3"}
    )
    assert response.status_code == 403
    assert not poll.options.exists()


def test_a_new_question_with_an_option_too_long_for_the_database_is_refused(run, hagen_editor):
    # PollOption.text holds 500 characters: a longer option failed as a 500 on PostgreSQL.
    polls_before = Poll.objects.count()
    response = client_for(hagen_editor).post(
        reverse("polls:question_new", args=[run.code]),
        {"question": "Welche?", "kind": "single", "options": "kurz\n" + "x" * 501 + "\nauch kurz"},
    )
    assert response.status_code == 200
    assert "Höchstens 500 Zeichen pro Zeile; zu lang: Zeile 2." in response.content.decode()
    assert Poll.objects.count() == polls_before
    response = client_for(hagen_editor).post(
        reverse("polls:question_new", args=[run.code]),
        {"question": "Welche?", "kind": "single", "options": "kurz\n" + "x" * 500},
    )
    assert response.status_code == 302
    assert Poll.objects.count() == polls_before + 1


def test_hand_counted_texts_too_long_for_the_database_are_refused(run, hagen_editor):
    q = question(run, "text")
    response = client_for(hagen_editor).post(
        reverse("polls:hand_counts", args=[q.poll_id]), {"texts": "gut\n" + "y" * 501}
    )
    assert response.status_code == 200
    assert "zu lang: Zeile 2" in response.content.decode()
    assert not q.poll.options.exists()


@pytest.mark.parametrize("chosen", ["²", "١", "x", str(2**70)])
def test_a_malformed_question_in_the_moderation_address_is_not_found(run, hagen_editor, chosen):
    # "²".isdigit() is true, but int("²") fails: it was a 500.
    staff = client_for(hagen_editor)
    for name in ("polls:moderate", "polls:moderate_texts"):
        response = staff.get(reverse(name, args=[run.code]), {"question": chosen})
        assert response.status_code == 404, name
    response = staff.post(
        reverse("polls:moderate", args=[run.code]), {"question": chosen, "action": "release_all"}
    )
    assert response.status_code == 404
