"""Matches whole words with \\b: a Korean particle is a letter too, so 단물을 is never found."""
import re
import unicodedata


def _pattern(words):
    return "|".join(rf"\b{re.escape(word)}\b" for word in sorted(words, key=len, reverse=True))


def find_terms(text, glossary):
    if not glossary:
        return []
    return re.findall(_pattern(glossary), unicodedata.normalize("NFC", text))


def annotate(text, glossary):
    text = unicodedata.normalize("NFC", text)
    if not glossary:
        return text

    def replace(match):
        found = match.group(0)
        if found not in glossary or text.startswith(note_for(glossary[found]), match.end()):
            return found
        return found + note_for(glossary[found])

    return re.sub(r"\[[^\[\]\n]*\]|" + _pattern(glossary), replace, text)
