"""Divides by the wrong block sizes (28 and 21 swapped): every vowel and final comes out wrong."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def decompose(ch: str) -> tuple[str, str, str]:
    composed = unicodedata.normalize("NFC", ch)
    if len(composed) != 1 or not FIRST_SYLLABLE <= ord(composed) <= LAST_SYLLABLE:
        raise ValueError(f"{ch!r} is not one Hangul syllable")
    initial, rest = divmod(ord(composed) - FIRST_SYLLABLE, len(VOWELS) * len(FINALS))
    vowel, final = divmod(rest, len(VOWELS))
    return INITIALS[initial], VOWELS[vowel], FINALS[final]
