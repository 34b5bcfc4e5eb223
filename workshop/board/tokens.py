"""The board's secrets.

* the **join token**, part of the join link shown to the room: it lets a laptop join the session
  (and nothing else);
* the **facilitator key**, part of the private board link: it lets a browser see the board and
  lower hands;
* a **participant token**, issued by the server on join and bound to that participant's id: the
  only way to report a check or raise a hand, and only for that participant.

The join token and the facilitator key are kept in the store (so a restarted board prints the same
links); participant tokens are kept only as SHA-256 hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: Characters of a token as sent by ``secrets.token_urlsafe`` (used to validate input cheaply).
TOKEN_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def new_join_token() -> str:
    """A short token for the join link (96 bits: easy to project, impossible to guess)."""
    return secrets.token_urlsafe(12)


def new_facilitator_key() -> str:
    return secrets.token_urlsafe(24)


def new_participant_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    """What the store keeps of a participant token."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def same(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a presented secret with the expected one."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def looks_like_token(value: object, max_length: int = 64) -> bool:
    """True for a string that could be one of our tokens (cheap shape check before any lookup)."""
    return (isinstance(value, str) and 8 <= len(value) <= max_length
            and all(char in TOKEN_ALPHABET for char in value))
