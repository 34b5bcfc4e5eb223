"""Romanization as a plain letter-by-letter lookup: no linking, so 한국어 comes out hangukeo."""
import unicodedata


def romanize_rr(text):
    out = []
    previous_final = ""
    for ch in unicodedata.normalize("NFC", text):
        try:
            initial, vowel, final = decompose(ch)
        except ValueError:
            out.append(ch)
            previous_final = ""
            continue
        onset = "l" if initial == "ㄹ" and previous_final == "ㄹ" else RR_INITIALS[initial]
        out.append(onset + RR_VOWELS[vowel] + RR_FINALS[final])
        previous_final = final
    return "".join(out)
