"""Cuts digits off the start of every word, so a word such as 1st loses them.

ko: 모든 단어의 앞에 있는 숫자를 잘라 내므로, 1st 같은 단어는 숫자를 잃습니다.
task: 1
"""


def load_wordlist(text):
    import re

    words = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        word = re.sub(r"^\d+\s*", "", line)
        if word in words:
            raise ValueError(f"the word {word!r} appears twice in the list")
        words.append(word)
    if not words:
        raise ValueError("the word list is empty")
    return words
