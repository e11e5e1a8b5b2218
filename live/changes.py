"""Whether what a live page shows may have changed since it was computed, known by every app
process from two small queries: two counters in the database (PostgreSQL sequences), counted up by
each change, so a page computed once serves a room until it changes (live.http.RecentAnswers).

``STATE`` counts what staff change: a vote opened, closed, revealed, its items, its event, the
projector's view. ``NUMBERS`` counts what participants change: a ballot (counted by
``voting_ballot_set()`` itself, after its write, so that a ballot stays one statement).

A change counted inside its transaction (a ballot) becomes visible at commit, after the count: a
page computed in between would miss it while the counter says "nothing new". So ``marks`` of
``NUMBERS`` reads the counters first and then trusts them only if no other session of the
database was in a writing transaction (PostgreSQL's pg_stat_activity; the app's sessions share its
role, so each sees the others'); otherwise the page is computed again each period, as without
counters. ``STATE`` is counted only after commit (``changed_on_commit``), which has no such gap:
a page that follows only the state stays kept while a room's ballots are written. On SQLite there
are no counters: ``marks`` is None and the pages are kept for their period only.
"""

from django.db import connection, transaction

STATE = "live_changes_state"
NUMBERS = "live_changes_numbers"

# A page kept because nothing changed is computed again after this long anyway: a change that
# was not counted (a script, the shell) shows within it.
KEPT_AT_MOST_SECONDS = 10


def counted() -> bool:
    return connection.vendor == "postgresql"


def _count(*counters: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join("nextval(%s)" for _ in counters), counters)


def changed_on_commit(*counters: str) -> None:
    """Count a change when the current transaction commits (at once outside of one). The only
    way the app counts: ``marks`` relies on it for ``STATE``."""
    if counted():
        # Robust: the change is saved by then; a failed count only keeps a page a little longer.
        transaction.on_commit(lambda: _count(*counters), robust=True)


# A sequence that was never counted has last_value 1 and is_called false, as after one count.
_COUNTERS = (
    "SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM live_changes_state), "
    "(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM live_changes_numbers)"
)
_WRITING = (
    "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE datname = current_database() "
    "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid())"
)


def marks(counters: tuple[str, ...]) -> tuple[int, ...] | None:
    """The counters ``counters`` now, or None when they cannot vouch for a page computed after
    this call: on SQLite, or for ``NUMBERS`` while another session is in a transaction that
    writes (a ballot may have counted itself and not yet committed). Then two queries, in this
    order: a count that the second finds uncommitted is one that the first may have read."""
    if not counted():
        return None
    with connection.cursor() as cursor:
        cursor.execute(_COUNTERS)
        state, numbers = cursor.fetchone()
        if NUMBERS in counters:
            cursor.execute(_WRITING)
            (writing,) = cursor.fetchone()
            if writing:
                return None
    values = {STATE: state, NUMBERS: numbers}
    return tuple(values[counter] for counter in counters)


def _state_changed(sender, **kwargs) -> None:
    changed_on_commit(STATE)


def count_saves_of(*models) -> None:
    """Count each save and delete of ``models`` (what a live page shows of them: an event's
    title, a recommendation's, a vote's items) as a change of the state. Bulk writes send no
    signal: the services that make them count the change themselves."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        uid = f"live.changes:{model._meta.label}"
        post_save.connect(_state_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_state_changed, sender=model, dispatch_uid=uid)
