"""Annotating twice adds a second note: it does not look for a note already written after the word."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def annotate(text: str, glossary: dict[str, Entry]) -> str:
    text = unicodedata.normalize("NFC", text)
    entries = {unicodedata.normalize("NFC", word): entry for word, entry in glossary.items() if word}
    if not entries:
        return text
    words = sorted(entries, key=len, reverse=True)
    pattern = re.compile(r"\[[^\[\]\n]*\]|" + "|".join(re.escape(word) for word in words))

    def replace(match: re.Match) -> str:
        found = match.group(0)
        if found not in entries:  # a bracketed note: never annotated
            return found
        note = note_for(entries[found])
        return found + note

    return pattern.sub(replace, text)
