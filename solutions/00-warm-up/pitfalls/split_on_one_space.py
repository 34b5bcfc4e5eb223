"""Splits on a single space: two spaces in a row, or spaces at the ends, count empty words."""


def word_count(text):
    if not text:
        return 0
    return len(text.split(" "))
