"""Gives an empty list, instead of an error, for a list with no words.

ko: 단어가 하나도 없는 목록에 오류 대신 빈 리스트를 돌려줍니다.
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
        if word in seen:
            raise ValueError(f"the word {word!r} appears twice in the list")
        seen.add(word)
        words.append(word)
    return words
