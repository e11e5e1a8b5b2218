"""Queries per request, pinned. A ballot write is the hot path: at most 5 queries (one on
PostgreSQL).

Run in real transactions (transaction=True) so that the count is what production sends: inside a
test's wrapping transaction Django would add a SAVEPOINT and a RELEASE to every write.
"""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from live.models import RateLimitBucket
from tests.conftest import client_for
from tests.voting.conftest import join, make_vote, place

pytestmark = pytest.mark.django_db(transaction=True)


def ballot_queries(*, postgresql: int, other: int) -> int:
    return postgresql if connection.vendor == "postgresql" else other


def test_a_ballot_write_is_one_statement_on_postgresql(vote, django_assert_num_queries):
    # PostgreSQL: one call of voting_ballot_set(), its own transaction. Elsewhere (SQLite) the
    # same steps from Python: BEGIN, lock, the other dots, the write, COMMIT; the first dot
    # writes the participant's row instead of reading the other dots (a new participant has
    # none), so it costs the same.
    client, item = join(vote), vote.items.first()
    expected = ballot_queries(postgresql=1, other=5)
    with django_assert_num_queries(expected):
        assert place(client, vote, item, 2).status_code == 200
    with django_assert_num_queries(expected):
        assert place(client, vote, item, 1).status_code == 200
    with django_assert_num_queries(expected):
        assert place(client, vote, item, 0).status_code == 200


@override_settings(VOTE_RATE_LIMIT_STORE="database")
def test_the_shared_rate_limiter_costs_no_statement_more_on_postgresql(
    vote, django_assert_num_queries
):
    # PostgreSQL: voting_ballot_set() counts the request itself. SQLite: one upsert more in the
    # ballot's transaction.
    client, item = join(vote), vote.items.first()
    with django_assert_num_queries(ballot_queries(postgresql=1, other=6)):
        assert place(client, vote, item, 2).status_code == 200
    assert RateLimitBucket.objects.get().hits == 1


def test_a_refused_ballot_costs_no_more(vote, django_assert_num_queries):
    client, items = join(vote), list(vote.items.all())
    # Over the cap: checked before the dots are read (SQLite: BEGIN, lock, COMMIT).
    with django_assert_num_queries(ballot_queries(postgresql=1, other=3)):
        assert place(client, vote, items[0], 4).status_code == 409
    place(client, vote, items[0], 3)
    place(client, vote, items[1], 2)
    # Over the budget: nothing written (SQLite: BEGIN, lock, the other dots, COMMIT).
    with django_assert_num_queries(ballot_queries(postgresql=1, other=4)):
        assert place(client, vote, items[2], 1).status_code == 409
    assert vote.items.get(pk=items[2].pk).ballots.count() == 0


def test_the_results_poll_is_cheap(vote, django_assert_num_queries):
    # The vote, the ranked items (one GROUP BY), the participant totals (one aggregate).
    client = Client()
    with django_assert_num_queries(3):
        etag = client.get(reverse("voting:results", args=[vote.code]))["ETag"]
    with django_assert_num_queries(3):
        response = client.get(
            reverse("voting:results", args=[vote.code]), headers={"If-None-Match": etag}
        )
    assert response.status_code == 304


def test_the_participant_page_does_not_grow_with_the_items(vote, django_assert_num_queries):
    client = join(vote)
    place(client, vote, vote.items.first(), 1)
    # The vote, the participant (get), its dots (aggregate), the items with my dots.
    with django_assert_num_queries(4):
        client.get(reverse("voting:participant", args=[vote.code]))
    # A new visitor: the vote, the items. (It was one INSERT more while opening the page wrote
    # the participant's row; now the first dot writes it.)
    with django_assert_num_queries(2):
        Client().get(reverse("voting:participant", args=[vote.code]))
    # A visitor with a cookie but no dot yet: the vote, the participant (none), the items.
    cookie_only = join(vote)
    with django_assert_num_queries(3):
        cookie_only.get(reverse("voting:participant", args=[vote.code]))


@pytest.mark.parametrize(("name", "queries"), [("voting:projector", 6), ("voting:staff", 5)])
def test_the_projector_and_the_staff_page_do_not_grow_with_the_items(
    hagen_world, hagen_editor, name, queries, django_assert_num_queries
):
    # Session, user, the vote with its event, the editor's municipalities, the totals, and on the
    # projector the tallies: none per item.
    staff = client_for(hagen_editor)
    for code, items in (("KLEIN1", 2), ("GROSS1", 20)):
        vote = make_vote(hagen_world["event"], code=code, items=items)
        place(join(vote), vote, vote.items.first(), 2)
        staff.get(reverse(name, args=[vote.code]))
        with django_assert_num_queries(queries):
            assert staff.get(reverse(name, args=[vote.code])).status_code == 200
