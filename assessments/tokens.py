"""Private questionnaire links.

A link carries a random token of 256 bits; the database keeps only its SHA-256 hash. With that
much randomness a plain hash cannot be reversed or guessed, and (unlike an HMAC with the
SECRET_KEY) it survives a key rotation, so links already sent keep working.
"""

import hashlib
import secrets

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 64  # token_urlsafe(32) is 43 characters; anything much longer is not ours


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
