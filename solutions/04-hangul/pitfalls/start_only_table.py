"""A lookup table of the example syllables (로→노, 력→역, 녀→여) instead of the rule: other words slip through."""
import unicodedata

NORTH_TO_SOUTH = {"로": "노", "력": "역", "녀": "여", "료": "요", "라": "나"}


def apply_dueum(word, exceptions=EXCEPTIONS):
    word = unicodedata.normalize("NFC", word)
    if isinstance(exceptions, str):
        exceptions = [exceptions]
    if not word or word.startswith(tuple(unicodedata.normalize("NFC", e) for e in exceptions if e)):
        return word
    return NORTH_TO_SOUTH.get(word[0], word[0]) + word[1:]
