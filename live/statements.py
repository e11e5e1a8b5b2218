"""The live features' hot writes on PostgreSQL: one statement each, a function that is its own
transaction (voting_ballot_set(), polls_answer_set())."""

from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connection, transaction


def write(statement: str, steps: Callable[..., tuple], params: list) -> tuple:
    """The write's one row: on PostgreSQL from ``statement``, a call of the write's function;
    elsewhere (SQLite) from ``steps(cursor, *params)``, the same steps run from Python in one
    transaction, which SQLite's BEGIN IMMEDIATE serialises."""
    if connection.vendor == "postgresql":
        return statement_row(statement, params)
    with transaction.atomic(), connection.cursor() as cursor:
        return steps(cursor, *params)


def statement_row(statement: str, params: list) -> tuple:
    """Run one statement that is its own transaction and answers one row.

    A ballot sets a number and an answer replaces the whole answer, so sending one twice is
    harmless. Instead of Django's health check before the first query of a request
    (CONN_HEALTH_CHECKS, one round trip more), a connection that died since the last request is
    replaced and the statement sent once more."""
    connection.health_check_done = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchone()
    except (InterfaceError, OperationalError):
        # Only a connection that is gone: a statement the server refused on a live connection
        # (a timeout, say) is not sent twice.
        if connection.in_atomic_block or connection.is_usable():
            raise
        connection.close()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchone()
