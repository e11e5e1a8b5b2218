"""Queries per request, pinned. An answer write is the hot path.

Run in real transactions (transaction=True) so that the count is what production sends: inside a
test's wrapping transaction Django would add a SAVEPOINT and a RELEASE to every write.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from live.ratelimit import rate_limit_shared
from polls import views
from polls.models import PollParticipant
from polls.services import run_advance, run_go_to
from tests.conftest import client_for
from tests.polls.conftest import join, make_run, options, question, results_shown, send

pytestmark = pytest.mark.django_db(transaction=True)

# PostgreSQL: one call of polls_answer_set(), its own transaction, which also counts the shared
# rate limit. Elsewhere (SQLite): BEGIN, read the question and the participant (one statement
# that also checks the options), delete the rows not in the new answer, insert the new rows,
# COMMIT; before them the shared rate limiter's upsert where it is used.
POSTGRESQL = connection.vendor == "postgresql"
ANSWER_QUERIES = 1 if POSTGRESQL else 5 + rate_limit_shared()
# A participant's first answer writes the participant's row instead of deleting earlier rows.
FIRST_ANSWER_QUERIES = ANSWER_QUERIES
# Refused: BEGIN, read, COMMIT; nothing is written (PostgreSQL: the one call).
REFUSED_QUERIES = 1 if POSTGRESQL else 3 + rate_limit_shared()


@pytest.fixture
def run(hagen_world):
    return make_run(hagen_world["event"])


def test_an_answer_write_is_one_call_or_one_short_transaction(run, django_assert_num_queries):
    client = join(run)
    q = question(run, "single")
    bus, rad, _ = options(q)
    with django_assert_num_queries(FIRST_ANSWER_QUERIES):
        assert send(client, run, q, options=[bus]).status_code == 200
    with django_assert_num_queries(ANSWER_QUERIES):
        assert send(client, run, q, options=[rad]).status_code == 200


def test_a_multiple_choice_or_text_answer_costs_the_same(run, django_assert_num_queries):
    client = join(run)
    q = question(run, "multiple")
    run_go_to(run=run, question=q)
    a, b, c, _d = options(q)
    with django_assert_num_queries(FIRST_ANSWER_QUERIES):
        assert send(client, run, q, options=[a, b]).status_code == 200
    with django_assert_num_queries(ANSWER_QUERIES):
        assert send(client, run, q, options=[b, c]).status_code == 200
    t = question(run, "text")
    run_go_to(run=run, question=t)
    with django_assert_num_queries(ANSWER_QUERIES):
        assert send(client, run, t, text="Kurz und gut").status_code == 200


def test_a_refused_answer_costs_no_more(run, django_assert_num_queries):
    # The count of choices is checked before anything is written, the participant's row too.
    client = join(run)
    q = question(run, "single")
    two = options(q)[:2]
    with django_assert_num_queries(REFUSED_QUERIES):
        assert send(client, run, q, options=two).status_code == 422
    assert not PollParticipant.objects.filter(run=run).exists()
    send(client, run, q, options=two[:1])
    with django_assert_num_queries(REFUSED_QUERIES):
        assert send(client, run, q, options=two).status_code == 422


def test_an_answer_to_the_question_just_closed_finds_the_run_kept(
    run, settings, django_assert_num_queries
):
    """After "next" a room's late answers are refused; whether the run still answers them is
    known from the run kept for state.json, not looked up for each."""
    settings.POLL_STATE_CACHE_MS = 60_000
    views._state_bodies.clear()
    client = join(run)
    q = question(run, "single")
    first, second = options(q)[:2]
    assert send(client, run, q, options=[first]).status_code == 200
    run_go_to(run=run, question=question(run, "text"))
    assert client.get(reverse("polls:state", args=[run.code])).status_code == 200
    with django_assert_num_queries(REFUSED_QUERIES):
        assert send(client, run, q, options=[second]).status_code == 409
    views._state_bodies.clear()


def test_the_state_poll_is_cheap_and_does_not_grow_with_the_answers(run, django_assert_num_queries):
    q = question(run, "single")
    for option in options(q):
        send(join(run), run, q, options=[option])
    # Hidden (the default): the run as below, then the options without their tallies.
    with django_assert_num_queries(2):
        Client().get(reverse("polls:state", args=[run.code]))
    results_shown(run)
    # The run with its current question and poll and, as subqueries, the participants and the
    # respondents; then the options with their tallies (one GROUP BY).
    client = Client()
    with django_assert_num_queries(2):
        etag = client.get(reverse("polls:state", args=[run.code]))["ETag"]
    with django_assert_num_queries(2):
        response = client.get(
            reverse("polls:state", args=[run.code]), headers={"If-None-Match": etag}
        )
    assert response.status_code == 304
    t = question(run, "text")
    run_go_to(run=run, question=t)
    for i in range(5):
        send(join(run), run, t, text=f"Antwort {i}")
    with django_assert_num_queries(2):  # the visible texts instead of the option tallies
        client.get(reverse("polls:state", args=[run.code]))


def test_the_participant_page_and_fragment_stay_small(run, django_assert_max_num_queries):
    client = join(run)
    q = question(run, "single")
    send(client, run, q, options=[options(q)[0]])
    # The run with its question, poll and counts, the participant, my answer, the question ids
    # (for "Frage 1 von 4"), the option tallies.
    with django_assert_max_num_queries(5):
        client.get(reverse("polls:participant", args=[run.code]))
    with django_assert_max_num_queries(5):
        client.get(reverse("polls:question", args=[run.code]))


@pytest.mark.parametrize(
    "name", ["polls:projector", "polls:projector_live", "polls:staff", "polls:staff_live"]
)
def test_the_projector_and_the_staff_page_stay_small(
    run, hagen_editor, name, django_assert_max_num_queries
):
    # Session, user, the run with its current question, the editor's municipalities, the run's
    # questions and the current question's options with their counts.
    staff = client_for(hagen_editor)
    staff.get(reverse(name, args=[run.code]))
    with django_assert_max_num_queries(6):
        assert staff.get(reverse(name, args=[run.code])).status_code == 200


def test_next_locks_the_run_once(run):
    """The facilitator's "next" locks the run once and asks the next question in the same
    transaction: no second lock of the row it holds, no savepoint."""
    with CaptureQueriesContext(connection) as queries:
        run_advance(run=run)
    sql = [query["sql"].upper() for query in queries]
    assert sum(q.startswith("SELECT") and 'FROM "POLLS_POLLRUN"' in q for q in sql) == 1
    assert not [q for q in sql if "SAVEPOINT" in q]
