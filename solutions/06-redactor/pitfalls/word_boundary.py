"""The typical AI mistake: \\bname\\b. Hangul letters are word characters, so there is no word
boundary between 김철수 and the particle 는, and the name before a particle leaks."""
import re
import unicodedata


def find_names(text, names):
    if isinstance(names, str):
        names = [names]
    spans = []
    for index, entry in enumerate(names):
        aliases = [entry] if isinstance(entry, str) else list(entry)
        for alias in sorted(aliases, key=len, reverse=True):
            alias = unicodedata.normalize("NFC", alias).strip()
            if not alias:
                continue
            for match in re.finditer(r"\b" + re.escape(alias) + r"\b", text, re.IGNORECASE):
                spans.append((match.start(), match.end(), index))
    spans.sort(key=lambda span: (span[0], -span[1]))
    result = []
    for span in spans:
        if not result or span[0] >= result[-1][1]:
            result.append(span)
    return result
