"""Fills each post to the last character it can hold, cutting words in the middle."""


def pack_words(words, budget):
    if budget < 1:
        raise ValueError("budget")
    posts, current = [], ""
    for ch in " ".join(words):
        if weighted_length(current + ch) > budget:
            posts.append(current.strip())
            current = ch
        else:
            current += ch
    if current.strip():
        posts.append(current.strip())
    return [post for post in posts if post]
