"""Does not check the syllable range: a Latin letter or a lone ㄱ gives nonsense letters instead of ValueError."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def decompose(ch: str) -> tuple[str, str, str]:
    composed = unicodedata.normalize("NFC", ch)
    if len(composed) != 1:
        raise ValueError(f"{ch!r} is not one Hangul syllable")
    initial, rest = divmod(ord(composed) - FIRST_SYLLABLE, len(VOWELS) * len(FINALS))
    vowel, final = divmod(rest, len(FINALS))
    return INITIALS[initial], VOWELS[vowel], FINALS[final]
