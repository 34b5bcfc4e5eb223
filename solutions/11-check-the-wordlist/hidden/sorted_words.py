"""Gives the words in alphabetical order, not in the list's order.

ko: 단어를 목록의 순서가 아니라 알파벳 순서로 돌려줍니다.
task: 1
"""


def load_wordlist(text):
    words = []
    seen = set()
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
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
    return sorted(words)
