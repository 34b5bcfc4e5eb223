"""Knows Hangul weighs 2 but counts a link by its letters instead of 23."""
import unicodedata


def weighted_length(text):
    return sum(char_weight(ch) for ch in unicodedata.normalize("NFC", text))
