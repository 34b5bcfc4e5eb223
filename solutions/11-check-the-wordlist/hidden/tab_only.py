"""Drops a dice roll only when a tab follows it, not spaces.

ko: 주사위 숫자 뒤에 탭이 올 때만 버리고, 공백이 올 때는 버리지 않습니다.
task: 1
"""


def load_wordlist(text):
    words = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        word = line.split("\t")[-1].strip()
        if word in words:
            raise ValueError(f"the word {word!r} appears twice in the list")
        words.append(word)
    if not words:
        raise ValueError("the word list is empty")
    return words
