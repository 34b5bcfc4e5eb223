"""Forgets that a repeated word skews the odds: no ValueError for duplicates."""


def load_wordlist(text):
    words = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        words.append(parts[-1])
    if not words:
        raise ValueError("empty")
    return words
