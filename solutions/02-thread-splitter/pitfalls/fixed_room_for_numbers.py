"""Leaves room for ' 9/9' only: forgets that the ending grows to ' 10/13' at ten posts."""
import unicodedata


def split_thread(text, limit=280, number=True):
    words = unicodedata.normalize("NFC", text).split()
    if not words:
        return []
    whole = " ".join(words)
    if weighted_length(whole) <= limit:
        return [whole]
    if not number:
        return pack_words(words, limit)
    posts = pack_words(words, limit - len(" 9/9"))
    return [f"{post} {index}/{len(posts)}" for index, post in enumerate(posts, start=1)]
