"""Drops the dice roll only when a tab follows it: '11111 baba' (with spaces) keeps the number."""


def load_wordlist(text):
    words = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word = line.split("\t")[-1]
        if word in words:
            raise ValueError("repeated word")
        words.append(word)
    if not words:
        raise ValueError("no words")
    return words
