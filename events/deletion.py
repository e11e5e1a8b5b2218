"""What the apps above events hold of a documentation's rows, locked before the rows are deleted.

events knows nothing of the live features that refer to its events and polls (voting's dot-votes,
polls' runs). Each registers, from its AppConfig.ready(), a function that locks its own rows of
the events or polls about to be deleted (voting.services.dot_votes_lock,
polls.services.poll_runs_lock): the delete then waits for what is in flight there (a ballot, an
answer), and what comes after it finds them gone and is refused.

An import replaces an event's polls as a whole. A feature that holds something of them which the
import would delete with them (a live poll's questions and answers) registers the reasons to
refuse it (``refuse_replacing``): the import then writes nothing and says why.
"""

from collections.abc import Callable

from django.db import models

_LOCKS: dict[type[models.Model], list[Callable[[models.QuerySet], object]]] = {}
_REFUSALS: dict[type[models.Model], list[Callable[[models.QuerySet], list[str]]]] = {}


def lock_before_delete(model: type[models.Model], lock: Callable[[models.QuerySet], object]):
    """Register ``lock(queryset)``, called inside the transaction before rows of ``model`` (an
    events model) are deleted, with the queryset of the rows to go."""
    _LOCKS.setdefault(model, []).append(lock)


def lock_for_delete(queryset: models.QuerySet) -> None:
    """Call inside the delete's transaction, before deleting ``queryset``'s rows."""
    for lock in _LOCKS.get(queryset.model, []):
        lock(queryset)


def refuse_replacing(model: type[models.Model], reasons: Callable[[models.QuerySet], list[str]]):
    """Register ``reasons(queryset)``: the sentences why an import may not replace these rows of
    ``model`` (an events model), or none."""
    _REFUSALS.setdefault(model, []).append(reasons)


def replacing_refused(queryset: models.QuerySet) -> list[str]:
    """Why ``queryset``'s rows may not be replaced (an empty list: they may)."""
    return [reason for reasons in _REFUSALS.get(queryset.model, []) for reason in reasons(queryset)]
