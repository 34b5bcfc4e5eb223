"""Version C, as the AI wrote it.

ko: AI가 쓴 버전 C입니다.
task: 3
"""


def load_wordlist(text):
    words = []
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) >= 2 and parts[0].isdigit():
            parts = parts[1:]
        word = " ".join(parts)
        if word not in words:
            words.append(word)
    if not words:
        raise ValueError("the word list is empty")
    return words
