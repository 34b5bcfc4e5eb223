"""Half the rule: every initial ㄹ becomes ㄴ, forgetting that before ㅣ and y-vowels it becomes ㅇ (력사 → 녁사)."""
import unicodedata


def apply_dueum(word, exceptions=EXCEPTIONS):
    word = unicodedata.normalize("NFC", word)
    if isinstance(exceptions, str):
        exceptions = [exceptions]
    if not word or word.startswith(tuple(unicodedata.normalize("NFC", e) for e in exceptions if e)):
        return word
    try:
        initial, vowel, final = decompose(word[0])
    except ValueError:
        return word
    if initial == "ㄹ":
        initial = "ㄴ"
    elif initial == "ㄴ" and vowel in Y_VOWELS:
        initial = "ㅇ"
    else:
        return word
    return compose(initial, vowel, final) + word[1:]
