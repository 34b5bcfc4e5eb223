"""Version A, as the AI wrote it.

ko: AI가 쓴 버전 A입니다.
task: 1
"""


def load_wordlist(text):
    words = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line in words:
            raise ValueError(f"the word {line!r} appears twice")
        words.append(line)
    if not words:
        raise ValueError("the word list is empty")
    return words
