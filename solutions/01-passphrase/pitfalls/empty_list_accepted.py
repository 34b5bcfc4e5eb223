"""Checks for repeated words but returns [] for a list with no words at all."""


def load_wordlist(text):
    words = []
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) >= 2 and parts[0].isdigit():
            parts = parts[1:]
        word = " ".join(parts)
        if word in words:
            raise ValueError("repeated word")
        words.append(word)
    return words
