"""NFKC on the whole text: it does fold full-width digits, but it also turns lone Korean letters
into conjoining ones that merge into syllables (ㅋㅠㅠ becomes 큐ᅲ), changing the testimony."""
import unicodedata


def normalize(text):
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
