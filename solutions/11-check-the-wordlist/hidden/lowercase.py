"""Changes every word to lower case.

ko: 모든 단어를 소문자로 바꿉니다.
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
        word = " ".join(parts).lower()
        if word in seen:
            raise ValueError(f"the word {word!r} appears twice in the list")
        seen.add(word)
        words.append(word)
    if not words:
        raise ValueError("the word list is empty")
    return words
