"""A participant's anonymous identity, the same for every live feature: a random token in a
signed cookie of the browser, stored only as its HMAC per live object (no account, no address)."""

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Kept as they were when only the dot-vote had them: participants' cookies stay valid.
COOKIE = "vote_participant"
COOKIE_SALT = "voting.participant"
COOKIE_MAX_AGE = 7 * 24 * 3600

UNKNOWN_PARTICIPANT = _("Ihre Teilnahme ist nicht bekannt. Bitte laden Sie die Seite neu.")


def participant_token_new() -> str:
    return secrets.token_urlsafe(32)


def participant_token_hash(*, code: str, token: str) -> str:
    """The HMAC (server secret) of a participant's cookie token for one live object.

    Its code is part of the message, so one browser's participations in two votes or polls cannot
    be linked in the database. The code therefore never changes after it is created.
    """
    message = f"voting.participant:{code}:{token}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def participant_token(request) -> str | None:
    """The browser's token from its signed cookie, if it has one."""
    return request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)


def participant_token_set(response, token: str, *, path: str) -> None:
    """Give the browser its token, for the pages under ``path`` (a feature's live pages)."""
    response.set_signed_cookie(
        COOKIE,
        token,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Participants of a live object that ended before this are deleted (VOTE_RETENTION_DAYS):
    what was published stays in the documentation, who took part does not."""
    return (now or timezone.now()) - timedelta(days=settings.VOTE_RETENTION_DAYS)


def purge_each(expired: Iterable, purge: Callable[[object], bool]) -> int:
    """``purge(live)`` for each expired live object, each in a transaction of its own (one room's
    purge never waits for another's); returns how many were purged."""
    purged = 0
    for live in expired:
        with transaction.atomic():
            purged += bool(purge(live))
    return purged
