"""Keeps comment lines (starting with #) as if they were words.

ko: 주석 줄(#으로 시작하는 줄)을 단어처럼 남겨 둡니다.
task: 2
"""


def load_wordlist(text):
    words = []
    seen = set()
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
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
