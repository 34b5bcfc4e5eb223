"""Normalises with NFKC but keeps invisible characters: a zero-width space inside a name hides it."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def normalize(text: str) -> str:
    kept = []
    for ch in unicodedata.normalize("NFC", text):
        if "\u3130" <= ch <= "\u318f" or "\uffa0" <= ch <= "\uffdc":
            kept.append(ch)  # NFKC would make ㅋ a conjoining letter that glues onto a vowel
        else:
            kept.append(unicodedata.normalize("NFKC", ch))
    return unicodedata.normalize("NFC", "".join(kept))
