"""Matches names with their exact letter case: 'KIM CHUL-SU' or 'kim chul-su' slips through."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def find_names(text: str, names: str | Iterable[Name]) -> list[tuple[int, int, int]]:
    spans = []
    for index, aliases in enumerate(_people(names)):
        for alias in aliases:
            for match in re.finditer(_name_regex(alias).replace("(?i:", "(?:"), text):
                if match.end() > match.start():
                    spans.append((match.start(), match.end(), index))
    return _merge(spans)
