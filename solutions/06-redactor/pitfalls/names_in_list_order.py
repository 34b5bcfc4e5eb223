"""One regex of all names in the order given: the first alternative wins, not the longest, so
with 김철 listed before 김철수 the text 김철수 becomes 김철 + 수, and the 수 stays visible."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)
import re


def find_names(text, names):
    if isinstance(names, str):
        names = [names]
    alternatives, owner = [], {}
    for index, entry in enumerate(names):
        for alias in [entry] if isinstance(entry, str) else entry:
            alias = normalize(alias).strip()
            if alias:
                group = f"n{len(alternatives)}"
                owner[group] = index
                letter = f"[^\\W\\d_{UNSPACED}]"
                alternatives.append(f"(?P<{group}>(?<!{letter}){re.escape(alias)}(?!{letter}))")
    if not alternatives:
        return []
    regex = re.compile("|".join(alternatives), re.IGNORECASE)
    return [(match.start(), match.end(), owner[match.lastgroup]) for match in regex.finditer(text)]
