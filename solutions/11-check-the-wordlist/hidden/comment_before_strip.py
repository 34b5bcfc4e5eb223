"""Notices a comment only when # is the very first character of the line.

ko: #이 줄의 맨 첫 글자일 때만 주석으로 알아봅니다.
task: 2
"""


def load_wordlist(text):
    words = []
    seen = set()
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or raw_line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit():
            parts = parts[1:]
        word = " ".join(parts)
        if word in seen:
            raise ValueError(f"the word {word!r} appears twice in the list")
        seen.add(word)
        words.append(word)
    if not words:
        raise ValueError("the word list is empty")
    return words
