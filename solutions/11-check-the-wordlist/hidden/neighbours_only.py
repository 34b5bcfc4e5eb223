"""Notices a repeated word only when the two copies are on neighbouring lines.

ko: 같은 단어가 바로 이웃한 줄에 있을 때만 반복을 알아챕니다.
task: 3
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
        if words and words[-1] == word:
            raise ValueError(f"the word {word!r} appears twice in the list")
        seen.add(word)
        words.append(word)
    if not words:
        raise ValueError("the word list is empty")
    return words
