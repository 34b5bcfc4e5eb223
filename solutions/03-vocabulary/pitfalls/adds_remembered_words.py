"""Adds pairs an AI 'remembers' to the glossary it was given: unsourced, unchecked, maybe outdated."""
import re
import unicodedata

REMEMBERED = {
    "손전화": Entry("손전화", "휴대폰", "mobile phone", ""),
    "얼음보숭이": Entry("얼음보숭이", "아이스크림", "ice cream", ""),
}


def annotate(text, glossary):
    text = unicodedata.normalize("NFC", text)
    entries = {**REMEMBERED, **glossary}
    words = sorted(entries, key=len, reverse=True)
    pattern = re.compile(r"\[[^\[\]\n]*\]|" + "|".join(re.escape(word) for word in words))

    def replace(match):
        found = match.group(0)
        if found not in entries or text.startswith(note_for(entries[found]), match.end()):
            return found
        return found + note_for(entries[found])

    return pattern.sub(replace, text)
