"""Join codes: their form, how they are made, and where one leads, in the one namespace
(live.models.JoinCode) that the live features share; a new live object claims its code and a
deleted one releases it (live.models.Joinable)."""

import re
import secrets
from collections.abc import Callable

from django.http import Http404, HttpRequest

from live.models import JoinCode

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
PATTERN = r"^[A-Z0-9]{4,12}$"
# A generated code: 8 of 32 characters, 40 bits, against guessing (README: Code lookups). Codes
# generated before with 6 characters (30 bits) and codes chosen by hand stay valid.
LENGTH = 8
MAX_LENGTH = 12


def is_code(text: str) -> bool:
    return bool(re.match(PATTERN, text))


def code_from_address(code: str) -> str:
    """The code of a live page's address, in capitals; "not found" for what no code can be."""
    code = code.upper()
    if not is_code(code):
        raise Http404
    return code


def generate_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_taken(code: str) -> bool:
    return JoinCode.objects.filter(code=code).exists()


def free_code() -> str:
    """A generated code that no live object of any feature holds."""
    while True:
        code = generate_code()
        if not code_taken(code):
            return code


def code_feature(code: str) -> str | None:
    """The feature ("voting", "polls", "audience") whose live object has this code, if any."""
    return JoinCode.objects.filter(code=code).values_list("feature", flat=True).first()


# Each feature's answer to "where does this code lead this person": its participant page's
# address, or None when its object is unknown or does not answer them (registered from the
# feature's AppConfig.ready()).
_PAGES: dict[str, Callable[[HttpRequest, str], str | None]] = {}


def join_page_register(feature: str, page: Callable[[HttpRequest, str], str | None]) -> None:
    _PAGES[feature] = page


def join_page(request: HttpRequest, code: str) -> str | None:
    """The page a typed code leads to, whichever feature holds it; None as for an unknown code
    (a vote or run that does not answer this person is not told from one that does not exist)."""
    page = _PAGES.get(code_feature(code) or "")
    return page(request, code) if page is not None else None
