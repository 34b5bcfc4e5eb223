"""Removes only the format characters (category Cf), as most answers do: a variation selector
(a mark), a Hangul filler (a letter) or an invisible tag character inside a name stays, and
김\ufe0f철수 no longer compares equal to 김철수."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def normalize(text: str) -> str:
    kept = []
    for ch in unicodedata.normalize("NFC", text):
        if unicodedata.category(ch) == "Cf":
            continue
        if "\u3130" <= ch <= "\u318f" or "\uffa0" <= ch <= "\uffdc":
            kept.append(ch)
        else:
            kept.append(unicodedata.normalize("NFKC", ch))
    return unicodedata.normalize("NFC", "".join(kept))
