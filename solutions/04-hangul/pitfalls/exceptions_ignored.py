"""Ignores the exception list: 라디오 becomes 나디오."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def apply_dueum(word: str, exceptions: Iterable[str] | str = EXCEPTIONS) -> str:
    word = unicodedata.normalize("NFC", word)
    if isinstance(exceptions, str):
        exceptions = [exceptions]
    exempt = tuple(unicodedata.normalize("NFC", exception) for exception in exceptions if exception)
    if not word:
        return word
    try:
        initial, vowel, final = decompose(word[0])
    except ValueError:
        return word  # starts with something other than a Hangul syllable
    if initial == "ㄹ":
        initial = "ㅇ" if vowel in Y_VOWELS else "ㄴ"
    elif initial == "ㄴ" and vowel in Y_VOWELS:
        initial = "ㅇ"
    else:
        return word
    return compose(initial, vowel, final) + word[1:]
