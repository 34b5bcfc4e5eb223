"""Forgets the space between words when it checks whether the next word fits."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def pack_words(words: Iterable[str], budget: int) -> list[str]:
    if budget < 1:
        raise ValueError(f"a post must hold at least one character, not {budget}")
    posts: list[str] = []
    current = ""
    for word in words:
        word = unicodedata.normalize("NFC", word)
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if weighted_length(current) + weighted_length(word) <= budget:
            current = candidate
            continue
        if current:
            posts.append(current)
        current = ""
        if weighted_length(word) <= budget:
            current = word
            continue
        # The word alone is longer than a post: cut it between characters. An accent, a
        # variation selector or a zero-width joiner stays with the character before it.
        pieces: list[str] = []
        for ch in word:
            joins = unicodedata.combining(ch) or ch in "\u200d\ufe0e\ufe0f"
            if pieces and (joins or pieces[-1].endswith("\u200d")):
                pieces[-1] += ch
            else:
                pieces.append(ch)
        for piece in pieces:
            if weighted_length(current + piece) <= budget:
                current += piece
                continue
            if current:
                posts.append(current)
            if weighted_length(piece) > budget:
                raise ValueError(f"a post of {budget} cannot hold even {piece!r}")
            current = piece
    if current:
        posts.append(current)
    return posts
