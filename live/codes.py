"""Join codes: their form, how they are made, and claiming them in the one namespace
(live.models.JoinCode) that dot-votes and poll runs share."""

import re
import secrets

from django.db import transaction

from live.models import JoinCode

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
PATTERN = r"^[A-Z0-9]{4,12}$"
# A generated code: 8 of 32 characters, 40 bits, against guessing (README: Code lookups). Codes
# generated before with 6 characters (30 bits) and codes chosen by hand stay valid.
LENGTH = 8
MAX_LENGTH = 12


def is_code(text: str) -> bool:
    return bool(re.match(PATTERN, text))


def generate_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_taken(code: str) -> bool:
    return JoinCode.objects.filter(code=code).exists()


def free_code() -> str:
    """A generated code that no dot-vote and no poll run holds."""
    while True:
        code = generate_code()
        if not code_taken(code):
            return code


def code_claim(*, code: str, feature: str) -> None:
    """Claim ``code`` for a new live object of ``feature`` (inside the transaction that saves
    it): IntegrityError when another one holds it."""
    with transaction.atomic():
        JoinCode.objects.create(code=code, feature=feature)


def code_release(*, code: str) -> None:
    JoinCode.objects.filter(code=code).delete()


def code_feature(code: str) -> str | None:
    """The feature ("voting", "polls") whose live object has this code, if any."""
    return JoinCode.objects.filter(code=code).values_list("feature", flat=True).first()
