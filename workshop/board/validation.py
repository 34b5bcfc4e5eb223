"""Every input the board accepts, checked and size-limited.

Each function takes what came off the wire (already parsed from JSON by the standard library) and
returns a clean value or raises :class:`Invalid` with a message a person can act on. Nothing here
trusts the client: unknown keys are refused, sizes are capped, numbers must be finite and in range.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata

from workshop.util.i18n import _
from workshop.engine.result import Status

#: The largest request body the server reads at all (tornado refuses bigger ones before we see them).
MAX_BODY_BYTES = 8 * 1024
NAME_MAX = 40
MESSAGE_MAX = 200
EXERCISE_MAX = 64
#: How many checks one report may carry (a client that was offline sends what it kept).
MAX_CHECKS_PER_REPORT = 20
MAX_POINTS = 10_000
MAX_DURATION = 24 * 3600
#: How old a kept check may be, in seconds, and still be put on the timeline.
MAX_AGO = 2 * 24 * 3600

STATUSES = frozenset(status.value for status in Status)
_EXERCISE = re.compile(r"^\d{1,3}(-[a-z0-9][a-z0-9-]*)?$")
# Bidirectional overrides and isolates: they can make a name display as something else.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Invalid(ValueError):
    """The input is not acceptable; the message says why, for a person."""


def parse_json_object(body: bytes, allowed: set[str]) -> dict:
    """The request body as a JSON object with only ``allowed`` keys."""
    if len(body) > MAX_BODY_BYTES:
        raise Invalid(_("The request is too large."))
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise Invalid(_("The request is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise Invalid(_("The request must be a JSON object."))
    unknown = set(data) - allowed
    if unknown:
        raise Invalid(_("Unknown field(s): {names}.").format(names=", ".join(sorted(unknown))[:100]))
    return data


def clean_text(value: object, field: str, max_length: int, required: bool) -> str:
    """One line of human text: NFC, whitespace collapsed, no control characters, capped length."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(_("{field} must be text.").format(field=field))
    text = unicodedata.normalize("NFC", value)
    text = " ".join(text.split())
    if any(unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS for char in text):
        raise Invalid(_("{field} contains control characters.").format(field=field))
    if len(text) > max_length:
        raise Invalid(_("{field} is too long: at most {n} characters.").format(field=field, n=max_length))
    visible = "".join(char for char in text if unicodedata.category(char)[0] not in "CZ")
    if required and not visible:
        raise Invalid(_("{field} is empty.").format(field=field))
    return text


def clean_name(value: object) -> str:
    return clean_text(value, _("The name"), NAME_MAX, required=True)


def clean_message(value: object) -> str:
    return clean_text(value, _("The message"), MESSAGE_MAX, required=False)


def _number(value: object, field: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(_("{field} must be a number.").format(field=field))
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise Invalid(_("{field} must be between {low:g} and {high:g}.").format(field=field, low=low, high=high))
    return number


def clean_check(value: object) -> dict:
    """One check as reported: exercise, status, points, duration and how long ago — nothing else."""
    if not isinstance(value, dict):
        raise Invalid(_("A check must be a JSON object."))
    unknown = set(value) - {"exercise", "status", "earned", "possible", "duration", "ago"}
    if unknown:
        raise Invalid(_("Unknown field(s): {names}.").format(names=", ".join(sorted(map(str, unknown)))[:100]))
    exercise = value.get("exercise")
    if not isinstance(exercise, str) or len(exercise) > EXERCISE_MAX or not _EXERCISE.match(exercise):
        raise Invalid(_("The exercise must be named like 01-passphrase."))
    status = value.get("status")
    if status not in STATUSES:
        raise Invalid(_("The status must be one of: {names}.").format(names=", ".join(sorted(STATUSES))))
    earned = _number(value.get("earned", 0), "earned", 0, MAX_POINTS)
    possible = _number(value.get("possible", 0), "possible", 0, MAX_POINTS)
    if earned > possible + 1e-9:
        raise Invalid(_("earned cannot be more than possible."))
    return {
        "exercise": exercise,
        "status": status,
        "earned": earned,
        "possible": possible,
        "duration": _number(value.get("duration", 0), "duration", 0, MAX_DURATION),
        "ago": _number(value.get("ago", 0), "ago", 0, MAX_AGO),
    }


def clean_checks(value: object) -> list[dict]:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_CHECKS_PER_REPORT:
        raise Invalid(_("checks must be a list of 1 to {n} checks.").format(n=MAX_CHECKS_PER_REPORT))
    return [clean_check(item) for item in value]
