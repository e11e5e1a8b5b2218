"""Rating scales (Skala) and word clouds (Wortwolke): answering, counting, normalising, filler
words, moderation of whole terms (a hidden term never leaves the server, in HTML or JSON),
publishing into the documentation, hand counts, the new-question page and the public page."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Poll
from live.participants import participant_token_new
from polls import words
from polls.models import Answer, CountSource
from polls.selectors import WORD_EMS, Word, _sized, word_tallies
from polls.services import (
    CLOSED,
    WORDS_ONLY_HERE,
    PollRefused,
    answer_set,
    hand_counts_save,
    question_close,
    question_publish,
    run_create,
    run_go_to,
    word_term_moderate,
)
from tests.conftest import client_for
from tests.events.test_pdf import pages_of, pdf_of
from tests.polls.conftest import join, make_poll, options, results_shown, send

pytestmark = pytest.mark.django_db

STATEMENT = "Ich fühle mich in meinem Engagement von der Stadt unterstützt."
CLOUD = "Was verbinden Sie mit Engagement in Hagen? Bis zu drei Begriffe."


def make_kinds_run(event, *, premoderated=False, shown=True):
    scale = make_poll(event, STATEMENT, "scale")
    scale.label_low, scale.label_high = "trifft gar nicht zu", "trifft voll zu"
    scale.save()
    cloud = make_poll(event, CLOUD, "words", max_choices=3)
    run = run_create(event=event, title="Skala und Wortwolke", polls=[scale, cloud], code="WOLKE1")
    run.questions.update(premoderated=premoderated)
    if shown:
        results_shown(run)
    scale_q, cloud_q = run.questions.select_related("poll").order_by("order")
    run_go_to(run=run, question=scale_q)
    return run, scale_q, cloud_q


def send_terms(client, run, question, terms, *, as_json=True):
    headers = {"Accept": "application/json"} if as_json else {}
    return client.post(
        reverse("polls:answer", args=[run.code]),
        {"question": question.pk, "term": terms},
        headers=headers,
    )


def ask_cloud(run, cloud_q):
    run_go_to(run=run, question=cloud_q)
    cloud_q.refresh_from_db()
    return cloud_q


def plain(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


# --- Normalising --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Ehrenamt", "ehrenamt"),
        ("  ehrenamt ", "ehrenamt"),
        ("„EHRENAMT!“", "ehrenamt"),
        ("die Feuerwehr", "feuerwehr"),
        ("Zeit   und Geld", "zeit und geld"),
        ("Straße", "strasse"),
        ("und", ""),
        ("die", ""),
        ("?!", ""),
    ],
)
def test_terms_are_normalised_and_filler_words_never_count(typed, key):
    assert words.normalise(typed) == key


def test_the_cleaned_spelling_keeps_its_case_and_inner_words():
    assert words.clean("  „die Feuerwehr“ ") == "Feuerwehr"
    assert words.clean("Stadt und  Land") == "Stadt und Land"


# --- Rating scale -------------------------------------------------------------------------------


def test_a_scale_gets_its_values_as_options_and_counts_a_distribution_and_mean(hagen_world):
    run, scale_q, _cloud_q = make_kinds_run(hagen_world["event"])
    values = options(scale_q)
    assert [o.text for o in values] == ["1", "2", "3", "4", "5"]
    for value in ("4", "4", "5", "2"):
        send(join(run), run, scale_q, options=[values[int(value) - 1]])
    data = Client().get(reverse("polls:state", args=[run.code])).json()["question"]
    assert data["kind"] == "scale"
    assert data["labels"] == {"low": "trifft gar nicht zu", "high": "trifft voll zu"}
    assert [o["chosen"] for o in data["options"]] == [0, 1, 0, 2, 1]
    assert data["mean"] == 3.8
    assert data["respondents"] == 4


def test_a_scale_answer_is_one_value(hagen_world):
    run, scale_q, _cloud_q = make_kinds_run(hagen_world["event"])
    values = options(scale_q)
    response = send(join(run), run, scale_q, options=values[:2])
    assert response.status_code == 422
    assert "eine Antwort" in response.json()["error"]
    response = send(join(run), run, scale_q, text="5")
    assert response.status_code == 400
    assert not Answer.objects.filter(question=scale_q).exists()


def test_the_phone_shows_a_row_of_values_with_the_ends_named(hagen_world):
    run, scale_q, _cloud_q = make_kinds_run(hagen_world["event"])
    page = join(run).get(reverse("polls:participant", args=[run.code])).content.decode()
    assert page.count('type="radio" name="option"') == 5
    assert '1 <span class="visually-hidden">– trifft gar nicht zu</span>' in page
    assert '5 <span class="visually-hidden">– trifft voll zu</span>' in page


def test_the_projector_shows_the_mean_and_the_counts_in_text(hagen_world, hagen_editor):
    run, scale_q, _cloud_q = make_kinds_run(hagen_world["event"])
    values = options(scale_q)
    for value in (1, 2):
        send(join(run), run, scale_q, options=[values[value - 1]])
    page = client_for(hagen_editor).get(reverse("polls:projector", args=[run.code]))
    text = plain(page.content.decode())
    assert "Mittelwert 1,5" in text
    assert "1 = trifft gar nicht zu, 5 = trifft voll zu" in text
    assert "1 1 Stimme · 50 %" in text and "3 0 Stimmen · 0 %" in text


def test_a_scale_publishes_its_counts_and_the_public_page_shows_the_mean(hagen_world):
    run, scale_q, _cloud_q = make_kinds_run(hagen_world["event"])
    values = options(scale_q)
    for value in (5, 4, 4):
        send(join(run), run, scale_q, options=[values[value - 1]])
    question_close(run=run)
    scale_q.refresh_from_db()
    poll = question_publish(question=scale_q)
    assert [o.count for o in poll.options.order_by("order")] == [0, 0, 0, 2, 1]
    assert poll.method == "live im Browser, 3 Antwortende"
    text = plain(Client().get(run.event.get_absolute_url()).content.decode())
    assert "Mittelwert: 4,3 · 3 Antworten" in text
    assert "1 = trifft gar nicht zu, 5 = trifft voll zu" in text
    assert "Wert Stimmen 1 0 2 0 3 0 4 2 5 1" in text


def test_a_scale_counted_by_hand_fills_its_values(hagen_world, hagen_editor):
    poll = make_poll(hagen_world["event"], STATEMENT, "scale")
    client = client_for(hagen_editor)
    url = reverse("polls:hand_counts", args=[poll.pk])
    page = client.get(url).content.decode()
    assert page.count('inputmode="numeric"') == 5
    data = {"method": "per Handzeichen", **{f"count_{i}": n for i, n in enumerate([1, 0, 3, 6, 2])}}
    assert client.post(url, data).status_code == 302
    assert [o.count for o in poll.options.order_by("order")] == [1, 0, 3, 6, 2]
    assert CountSource.objects.get(poll=poll).source == "hand"


# --- Word cloud ---------------------------------------------------------------------------------


def test_terms_count_together_and_show_their_most_frequent_spelling(hagen_world):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    ask_cloud(run, cloud_q)
    for terms in (
        ["Ehrenamt", "Zeit"],
        ["ehrenamt ", "Anerkennung"],
        ["Ehrenamt!", "die Zeit", "und"],
        ["EHRENAMT", "Ehrenamt"],  # the same term twice counts once
    ):
        assert send_terms(join(run), run, cloud_q, terms).status_code == 200
    tallies = [(w.text, w.count) for w in word_tallies(cloud_q)]
    assert tallies == [("Ehrenamt", 4), ("Zeit", 2), ("Anerkennung", 1)]
    assert not Answer.objects.filter(question=cloud_q, term="und").exists()
    data = Client().get(reverse("polls:state", args=[run.code])).json()["question"]
    assert data["words"] == [
        {"text": "Ehrenamt", "count": 4},
        {"text": "Zeit", "count": 2},
        {"text": "Anerkennung", "count": 1},
    ]
    assert data["max_words"] == 3


@pytest.mark.parametrize(
    ("terms", "status", "message"),
    [
        (["und", "die"], 422, "Füllwörter"),
        (["a", "b", "c", "d"], 422, "höchstens 3 Begriffe"),
        (["x" * 41], 422, "höchstens 40 Zeichen"),
        (["Nu\x00ll"], 400, "Steuerzeichen"),
        ([], 422, "mindestens einen Begriff"),
    ],
)
def test_a_word_cloud_refuses_what_is_no_answer(hagen_world, terms, status, message):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    ask_cloud(run, cloud_q)
    response = send_terms(join(run), run, cloud_q, terms)
    assert response.status_code == status
    assert message in response.json()["error"]
    assert not Answer.objects.filter(question=cloud_q).exists()


def test_a_word_cloud_of_one_term_says_so_in_the_singular(hagen_world):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    cloud_q.poll.max_choices = 1
    cloud_q.poll.save(update_fields=["max_choices"])
    ask_cloud(run, cloud_q)
    response = send_terms(join(run), run, cloud_q, ["Ehrenamt", "Zeit"])
    assert response.status_code == 422
    assert response.json()["error"] == (
        "Bitte nennen Sie höchstens einen Begriff; Sie haben 2 genannt."
    )


def test_choices_and_terms_go_only_to_their_own_kind(hagen_world):
    run, scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    client = join(run)
    assert send_terms(client, run, scale_q, ["Ehrenamt"]).status_code == 400
    ask_cloud(run, cloud_q)
    response = send(client, run, cloud_q, options=[options(scale_q)[0]])
    assert response.status_code in (400, 404)
    assert send(client, run, cloud_q, text="Ehrenamt").status_code == 400


def test_terms_that_are_no_terms_are_refused_only_where_terms_are_asked_for(hagen_world):
    """Stop words or a term too long: said for an open word cloud; a question of another kind
    says it takes no terms, a closed question that it is closed, as for any answer."""
    run, scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    client = join(run)
    for unclean in (["und"], ["x" * 41]):
        response = send_terms(client, run, scale_q, unclean)
        assert (response.status_code, response.json()["error"]) == (400, str(WORDS_ONLY_HERE))
    ask_cloud(run, cloud_q)
    for unclean in (["und"], ["x" * 41]):
        response = send_terms(client, run, scale_q, unclean)
        assert (response.status_code, response.json()["error"]) == (409, str(CLOSED))
        assert send_terms(client, run, cloud_q, unclean).status_code == 422
    assert not Answer.objects.filter(question__run=run).exists()


def test_a_changed_answer_replaces_the_terms_and_keeps_their_moderation(hagen_world):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    ask_cloud(run, cloud_q)
    client = join(run)
    send_terms(client, run, cloud_q, ["Ehrenamt", "Blödsinn"])
    word_term_moderate(question=cloud_q, term="blödsinn", action="hide")
    send_terms(client, run, cloud_q, ["Blödsinn", "Zeit"])
    rows = dict(Answer.objects.filter(question=cloud_q).values_list("term", "hidden"))
    assert rows == {"blödsinn": True, "zeit": False}
    # Someone else names the hidden term later: hidden at once.
    send_terms(join(run), run, cloud_q, ["BLÖDSINN"])
    assert Answer.objects.filter(question=cloud_q, term="blödsinn", hidden=False).count() == 0
    assert [w.text for w in word_tallies(cloud_q)] == ["Zeit"]


def everything_sent(run, participant, staff) -> str:
    """All a phone, the room and the projector receive: pages, fragments, state.json."""
    staff_client = client_for(staff)
    urls = [
        (participant, reverse("polls:state", args=[run.code])),
        (Client(), reverse("polls:state", args=[run.code])),
        (participant, reverse("polls:participant", args=[run.code])),
        (participant, reverse("polls:question", args=[run.code])),
        (Client(), reverse("polls:question_shared", args=[run.code])),
        (staff_client, reverse("polls:state", args=[run.code])),
        (staff_client, reverse("polls:projector", args=[run.code])),
        (staff_client, reverse("polls:projector_live", args=[run.code])),
    ]
    return "\n".join(client.get(url).content.decode() for client, url in urls)


@pytest.mark.parametrize("premoderated", [False, True])
def test_a_hidden_term_never_leaves_the_server(hagen_world, hagen_editor, settings, premoderated):
    settings.POLL_STATE_CACHE_MS = 0
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"], premoderated=premoderated)
    ask_cloud(run, cloud_q)
    participant = join(run)
    send_terms(participant, run, cloud_q, ["Ehrenamt"])
    for _ in range(3):
        send_terms(join(run), run, cloud_q, ["Schimpfwort", "Ehrenamt"])
    if premoderated:
        # Not released yet: nothing of it is shown, the released term is.
        word_term_moderate(question=cloud_q, term="ehrenamt", action="release")
        sent = everything_sent(run, participant, hagen_editor)
        assert "Schimpfwort" not in sent and "schimpfwort" not in sent
        assert "Ehrenamt" in sent
    else:
        assert "Schimpfwort" in everything_sent(run, participant, hagen_editor)
    moderation = client_for(hagen_editor).post(
        reverse("polls:moderate", args=[run.code]),
        {"question": cloud_q.pk, "term": "schimpfwort", "action": "hide"},
    )
    assert moderation.status_code == 302
    send_terms(join(run), run, cloud_q, ["schimpfwort"])  # named again after hiding
    sent = everything_sent(run, participant, hagen_editor)
    assert "Schimpfwort" not in sent and "schimpfwort" not in sent
    assert "Ehrenamt" in sent
    # Staff see it in the moderation list, and can show it again.
    page = client_for(hagen_editor).get(
        reverse("polls:moderate", args=[run.code]) + f"?question={cloud_q.pk}"
    )
    assert "Schimpfwort" in page.content.decode()
    word_term_moderate(question=cloud_q, term="schimpfwort", action="show")
    assert "Schimpfwort" in everything_sent(run, participant, hagen_editor)


def test_moderating_a_term_needs_the_events_staff(hagen_world, dortmund_editor):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    ask_cloud(run, cloud_q)
    send_terms(join(run), run, cloud_q, ["Schimpfwort"])
    response = client_for(dortmund_editor).post(
        reverse("polls:moderate", args=[run.code]),
        {"question": cloud_q.pk, "term": "schimpfwort", "action": "hide"},
    )
    assert response.status_code in (403, 404)
    assert not Answer.objects.filter(hidden=True).exists()


def test_a_bad_moderation_request_is_an_error_message_not_a_crash(hagen_world, hagen_editor):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    ask_cloud(run, cloud_q)
    client = client_for(hagen_editor)
    url = reverse("polls:moderate", args=[run.code])
    for data in (
        {"question": cloud_q.pk, "action": "hide"},
        {"question": cloud_q.pk, "term": "niemand", "action": "hide"},
        {"question": cloud_q.pk, "term": "x" * 500, "action": "hide"},
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert 'class="error"' in response.content.decode() or "error" in str(
            [m.level_tag for m in response.context["messages"]]
        )


def test_the_cloud_is_a_list_with_counts_for_screen_readers(hagen_world, hagen_editor):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    ask_cloud(run, cloud_q)
    for terms in (["Ehrenamt", "Zeit"], ["Ehrenamt"], ["Ehrenamt"]):
        send_terms(join(run), run, cloud_q, terms)
    page = client_for(hagen_editor).get(reverse("polls:projector", args=[run.code]))
    page = page.content.decode()
    found = re.findall(
        r'<li class="word word-(\d)" style="order: (-?\d+); font-size: ([\d.]+)em">'
        r'(\w+)<span class="visually-hidden">: (\d)-mal genannt</span></li>',
        page,
    )
    # Most named first in the list (and for screen readers), placed in the middle, largest.
    assert found == [("6", "0", "2.80", "Ehrenamt", "3"), ("2", "1", "1.25", "Zeit", "1")]


def test_a_new_term_changes_the_version_so_screens_redraw_the_cloud(hagen_world, settings):
    settings.POLL_STATE_CACHE_MS = 0
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    ask_cloud(run, cloud_q)
    url = reverse("polls:state", args=[run.code])
    before = Client().get(url).json()["version"]
    assert before.startswith(f"{cloud_q.pk}:open:shown:")
    send_terms(join(run), run, cloud_q, ["Ehrenamt"])
    after = Client().get(url).json()["version"]
    assert after != before and after.startswith(f"{cloud_q.pk}:open:shown:")
    shared = Client().get(reverse("polls:question_shared", args=[run.code])).content.decode()
    assert f'data-version="{after}"' in shared and "Ehrenamt" in shared
    # Hidden result: no terms and no fingerprint of them.
    cloud_q.hide()
    data = Client().get(url).json()
    assert data["version"] == f"{cloud_q.pk}:open:hidden"
    assert "words" not in data["question"]


def test_a_word_cloud_publishes_its_visible_terms_by_count(hagen_world):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    ask_cloud(run, cloud_q)
    for terms in (["Zeit", "Ehrenamt"], ["Ehrenamt", "Quatsch"], ["ehrenamt", "Räume"], ["Räume"]):
        send_terms(join(run), run, cloud_q, terms)
    word_term_moderate(question=cloud_q, term="quatsch", action="hide")
    question_close(run=run)
    cloud_q.refresh_from_db()
    poll = question_publish(question=cloud_q)
    documented = list(poll.options.order_by("order").values_list("text", "count"))
    assert documented == [("Ehrenamt", 3), ("Räume", 2), ("Zeit", 1)]
    assert poll.method == "live im Browser, 4 Antwortende"
    # Published again after a hand count only when confirmed.
    hand_counts_save(poll=poll, terms=[("Ehrenamt", 5)], overwrite=True)
    with pytest.raises(PollRefused):
        question_publish(question=cloud_q)
    text = plain(Client().get(run.event.get_absolute_url()).content.decode())
    assert "Wortwolke · bis zu 3 Begriffe je Person · per Handzeichen" in text
    assert "Begriff Nennungen Ehrenamt 5" in text


def test_a_word_cloud_counted_by_hand_takes_terms_with_numbers(hagen_world, hagen_editor):
    poll = make_poll(hagen_world["event"], CLOUD, "words", max_choices=3)
    client = client_for(hagen_editor)
    url = reverse("polls:hand_counts", args=[poll.pk])
    response = client.post(url, {"terms": "Zeit: 3\nEhrenamt: 12\nRäume", "method": ""})
    assert response.status_code == 302
    documented = list(poll.options.order_by("order").values_list("text", "count"))
    assert documented == [("Ehrenamt", 12), ("Zeit", 3), ("Räume", None)]
    page = client.get(url).content.decode()
    assert "Ehrenamt: 12" in page
    response = client.post(url, {"terms": "Ehrenamt: viele", "method": ""})
    assert response.status_code == 200
    assert "nicht lesbar: Zeile 1" in response.content.decode()


# --- Creating the questions ---------------------------------------------------------------------


def test_staff_create_a_scale_and_a_word_cloud_on_the_new_question_page(hagen_world, hagen_editor):
    run, _scale_q, _cloud_q = make_kinds_run(hagen_world["event"])
    client = client_for(hagen_editor)
    url = reverse("polls:question_new", args=[run.code])
    response = client.post(
        url,
        {
            "question": "Wie gut fühlen Sie sich informiert?",
            "kind": "scale",
            "scale_steps": 7,
            "label_low": "gar nicht",
            "label_high": "sehr gut",
            "results_hidden": "on",
        },
    )
    assert response.status_code == 302
    poll = Poll.objects.get(question="Wie gut fühlen Sie sich informiert?")
    assert (poll.kind, poll.label_low, poll.label_high) == ("scale", "gar nicht", "sehr gut")
    assert [o.text for o in poll.options.order_by("order")] == [str(n) for n in range(1, 8)]
    response = client.post(
        url,
        {"question": "Ein Wort zum Tag?", "kind": "words", "max_words": 2, "premoderated": "on"},
    )
    assert response.status_code == 302
    poll = Poll.objects.get(question="Ein Wort zum Tag?")
    assert (poll.kind, poll.min_choices, poll.max_choices) == ("words", 1, 2)
    assert not poll.options.exists()
    assert run.questions.get(poll=poll).premoderated
    # Out of range: the form says so.
    response = client.post(url, {"question": "Skala?", "kind": "scale", "scale_steps": 50})
    assert response.status_code == 200
    assert "scale_steps" in response.context["form"].errors


def test_the_state_of_the_new_kinds_costs_two_queries(hagen_world, django_assert_num_queries):
    run, scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    for value in options(scale_q)[:3]:
        send(join(run), run, scale_q, options=[value])
    url = reverse("polls:state", args=[run.code])
    # The run with its question and counts; the option tallies.
    with django_assert_num_queries(2):
        Client().get(url)
    ask_cloud(run, cloud_q)
    for terms in (["Ehrenamt", "Zeit"], ["Räume"], ["Ehrenamt"]):
        send_terms(join(run), run, cloud_q, terms)
    # The run; the visible terms with their counts and spellings (one GROUP BY with subqueries).
    with django_assert_num_queries(2):
        Client().get(url)


def test_many_answers_keep_the_tallies_in_one_query(hagen_world, django_assert_num_queries):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    ask_cloud(run, cloud_q)
    for i in range(30):
        answer_set(
            code=run.code,
            token=participant_token_new(),
            question_id=cloud_q.pk,
            terms=[f"Begriff {i % 7}"],
        )
    with django_assert_num_queries(1):
        tallies = word_tallies(cloud_q)
    assert sum(w.count for w in tallies) == 30 and len(tallies) == 7


def test_a_cloud_too_big_for_the_projector_is_set_smaller_as_a_whole():
    few = _sized([Word(term="a", text="Ehrenamt", count=3), Word(term="b", text="Zeit", count=1)])
    assert [w.em for w in few] == [WORD_EMS[-1], WORD_EMS[1]]
    many = _sized([Word(term=str(n), text=f"Engagementförderung {n}", count=5) for n in range(40)])
    ems = {w.em for w in many}
    assert len(ems) == 1 and ems.pop() < WORD_EMS[-1] / 2


def test_one_hidden_answer_hides_its_whole_term(hagen_world):
    """As an answer that read the hidden terms just before staff hid its term leaves it: one row
    of the term not hidden. The term stays out all the same."""
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    ask_cloud(run, cloud_q)
    for _ in range(2):
        send_terms(join(run), run, cloud_q, ["Quatsch", "Zeit"])
    first = Answer.objects.filter(question=cloud_q, term="quatsch").first()
    Answer.objects.filter(pk=first.pk).update(hidden=True)
    assert [w.text for w in word_tallies(cloud_q)] == ["Zeit"]


def test_the_pdf_shows_the_scale_with_its_mean_and_the_terms_with_their_counts(hagen_world):
    run, scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    values = options(scale_q)
    for value in (5, 4, 4):
        send(join(run), run, scale_q, options=[values[value - 1]])
    ask_cloud(run, cloud_q)
    for terms in (["Ehrenamt", "Zeit"], ["ehrenamt"]):
        send_terms(join(run), run, cloud_q, terms)
    question_close(run=run)
    for q in (scale_q, cloud_q):
        q.refresh_from_db()
        question_publish(question=q)
    text = " ".join(pages_of(pdf_of(run.event).content))
    assert "Mittelwert: 4,3 · 3 Antworten" in text
    assert "Wert Stimmen 1 0 2 0 3 0 4 2 5 1" in text
    assert "Begriff Nennungen Ehrenamt 2 Zeit 1" in text


def test_the_staff_pages_show_both_kinds(hagen_world, hagen_editor):
    run, scale_q, cloud_q = make_kinds_run(hagen_world["event"], premoderated=True)
    send(join(run), run, scale_q, options=[options(scale_q)[2]])
    ask_cloud(run, cloud_q)
    send_terms(join(run), run, cloud_q, ["Ehrenamt"])
    client = client_for(hagen_editor)
    staff = plain(client.get(reverse("polls:staff", args=[run.code])).content.decode())
    assert "Skala" in staff and "Wortwolke" in staff
    # Staff see the cloud's result only as the room does: Ehrenamt waits for its release.
    assert "Ehrenamt" not in staff
    fragment = client.get(reverse("polls:moderate_texts", args=[run.code]))
    assert "Ehrenamt" in fragment.content.decode() and "wartet auf Freigabe" in plain(
        fragment.content.decode()
    )
    again = client.get(
        reverse("polls:moderate_texts", args=[run.code]),
        headers={"If-None-Match": fragment["ETag"]},
    )
    assert again.status_code == 304
    word_term_moderate(question=cloud_q, term="ehrenamt", action="release")
    changed = client.get(
        reverse("polls:moderate_texts", args=[run.code]),
        headers={"If-None-Match": fragment["ETag"]},
    )
    assert changed.status_code == 200 and "wird gezeigt" in changed.content.decode()
    for q in (scale_q, cloud_q):
        page = client.get(reverse("polls:publish", args=[run.code, q.pk]))
        assert page.status_code == 200
    admin = client.get(reverse("admin:events_poll_change", args=[scale_q.poll_id]))
    assert 'name="label_low"' in admin.content.decode()


def test_without_javascript_the_terms_post_and_come_back_in_the_form(hagen_world):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    ask_cloud(run, cloud_q)
    client = join(run)
    response = send_terms(client, run, cloud_q, ["Ehrenamt", "", "die Zeit"], as_json=False)
    assert response.status_code == 302 and response["Location"].endswith("#frage")
    page = client.get(response["Location"]).content.decode()
    assert 'id="term-1" value="Ehrenamt"' in page and 'id="term-2" value="Zeit"' in page
    assert 'id="term-3" value=""' in page
    assert "Ihre Antwort ist gespeichert." in page
    refused = send_terms(client, run, cloud_q, ["und"], as_json=False)
    page = client.get(refused["Location"]).content.decode()
    assert "Füllwörter wie „und“" in html.unescape(page)
