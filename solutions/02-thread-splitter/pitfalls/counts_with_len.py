"""The typical AI mistake: counting with len(), so Hangul weighs 1 instead of 2 and links their letters."""


def weighted_length(text):
    return len(text)
