"""Another typical AI mistake: no Unicode normalisation, so decomposed (NFD) text slips through unchanged."""


def apply_dueum(word, exceptions=EXCEPTIONS):
    if isinstance(exceptions, str):
        exceptions = [exceptions]
    if not word or word.startswith(tuple(e for e in exceptions if e)):
        return word
    first = word[0]
    if not "가" <= first <= "힣":
        return word
    initial, vowel, final = decompose(first)
    if initial == "ㄹ":
        initial = "ㅇ" if vowel in Y_VOWELS else "ㄴ"
    elif initial == "ㄴ" and vowel in Y_VOWELS:
        initial = "ㅇ"
    else:
        return word
    return compose(initial, vowel, final) + word[1:]
