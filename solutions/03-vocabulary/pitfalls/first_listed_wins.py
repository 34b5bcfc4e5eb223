"""Tries the glossary words in file order, not longest first: a short word hides a longer one that starts the same."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def find_terms(text: str, glossary: dict[str, Entry]) -> list[str]:
    words = list(dict.fromkeys(unicodedata.normalize("NFC", word) for word in glossary if word))
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(word) for word in words))
    return pattern.findall(unicodedata.normalize("NFC", text))
