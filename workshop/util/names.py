"""Safe, unique names for files and folders made from what people typed (learner and hub user names)."""

from __future__ import annotations

import re
import unicodedata


def unique_safe_name(text: str, taken: set[str], *, unsafe: str, strip: str, fallback: str, limit: int) -> str:
    """``text`` with runs of characters matching the class ``unsafe`` made ``_`` (letters of any script
    kept), ``strip`` trimmed from both ends, at most ``limit`` characters, and made unique (case-blind)
    among ``taken`` with ``-2``, ``-3``… (added to ``taken``)."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(unsafe, "_", text, flags=re.UNICODE).strip(strip) or fallback
    text = text[:limit]
    name, number = text, 2
    while name.lower() in taken:
        name = f"{text}-{number}"
        number += 1
    taken.add(name.lower())
    return name
