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


#: Letters and digits that cannot be mistaken for one another when read aloud or from a projector:
#: no I/1/l, no O/0. A join code is three groups of four (about 59 bits), like ``K7QX-M4PR-T9WZ``.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS, CODE_GROUP_LENGTH = 3, 4


def new_join_token() -> str:
    """The join code (also the last part of the join link): easy to read aloud, impossible to guess.

    Wrong guesses are rate-limited per address, so 59 bits are far beyond reach."""
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
                    for _ in range(CODE_GROUPS))


def is_join_code(token: str) -> bool:
    """True for a join code of the readable kind (boards started before it kept their older token)."""
    groups = token.split("-")
    return len(groups) == CODE_GROUPS and all(
        len(group) == CODE_GROUP_LENGTH and all(char in CODE_ALPHABET for char in group) for group in groups)


def same_join_code(given: str | None, expected: str) -> bool:
    """Whether ``given`` is the join code, as a person may type it (any case, spaces or no dashes)."""
    if not isinstance(given, str) or not given:
        return False
    if is_join_code(expected):
        letters = "".join(char for char in given.upper() if char.isalnum())
        given = "-".join(letters[index:index + CODE_GROUP_LENGTH]
                         for index in range(0, len(letters), CODE_GROUP_LENGTH)) if len(letters) <= 64 else given
    return same(given, expected)


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
