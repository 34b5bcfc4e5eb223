"""Finds a romanized name only as it is listed: 'Kim Chul-su' is found, but not 'Chul-su Kim',
'Gim Cheol-su' or 'Ri Young-hee', which the same testimony may use a page later."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def find_names(text: str, names: str | Iterable[Name]) -> list[tuple[int, int, int]]:
    spans = []
    for index, aliases in enumerate(_people(names)):
        for alias in aliases:
            for match in re.finditer(_name_regex(alias), text):
                if match.end() > match.start():
                    spans.append((match.start(), match.end(), index))
    return _merge(spans)
