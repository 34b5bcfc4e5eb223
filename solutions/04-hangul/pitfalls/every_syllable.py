"""The typical AI mistake: the initial-sound rule applied to every syllable, not only the first (근로 → 근노)."""
import unicodedata


def apply_dueum(word, exceptions=EXCEPTIONS):
    word = unicodedata.normalize("NFC", word)
    if isinstance(exceptions, str):
        exceptions = [exceptions]
    if word.startswith(tuple(unicodedata.normalize("NFC", e) for e in exceptions if e)):
        return word
    out = []
    for ch in word:
        try:
            initial, vowel, final = decompose(ch)
        except ValueError:
            out.append(ch)
            continue
        if initial == "ㄹ":
            initial = "ㅇ" if vowel in Y_VOWELS else "ㄴ"
        elif initial == "ㄴ" and vowel in Y_VOWELS:
            initial = "ㅇ"
        out.append(compose(initial, vowel, final))
    return "".join(out)
