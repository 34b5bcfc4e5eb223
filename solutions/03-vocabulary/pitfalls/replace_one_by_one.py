"""Replaces each glossary word in turn with str.replace: short words break long ones, and a second run adds notes again."""
import unicodedata


def annotate(text, glossary):
    text = unicodedata.normalize("NFC", text)
    for word, entry in glossary.items():
        text = text.replace(word, word + note_for(entry))
    return text
