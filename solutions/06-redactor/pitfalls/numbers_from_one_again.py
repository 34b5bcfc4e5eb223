"""Ignores tags already in the text: a second pass numbers from 1 again and reuses [PERSON-1]."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def redact(text: str, names: str | Iterable[Name] = (), places: str | Iterable[Name] = (),
           patterns: Mapping[str, str | re.Pattern[str]] | None = None) -> tuple[str, dict[str, str]]:
    def same_value(kind: str, value: str) -> str:
        """One key for the spellings of one value: spaces, case and separators do not count."""
        compact = "".join(value.casefold().split())
        return compact if kind == "EMAIL" else re.sub(r"[^\w+@]", "", compact)

    clean = normalize(text)
    patterns = default_patterns() if patterns is None else patterns
    found = []  # (start, end, priority, kind, entity, value)
    for priority, (kind, listed) in enumerate((("PERSON", names), ("PLACE", places))):
        listed = listed if isinstance(listed, str) else list(listed)  # a generator runs once
        people = _people(listed)
        for start, end, index in find_names(clean, listed):
            found.append((start, end, priority, kind, (kind, index), people[index][0]))
    for priority, (kind, regex) in enumerate(patterns.items(), start=2):
        for match in re.compile(regex).finditer(clean):
            if match.end() > match.start():
                value = match.group()
                found.append((match.start(), match.end(), priority, kind, (kind, same_value(kind, value)), value))
    counts: dict[str, int] = {}
    for tag in TAG.finditer(clean):  # tags from an earlier pass: keep them, number after them
        found.append((tag.start(), tag.end(), -1, None, None, tag.group()))
        pass

    pieces, key, tags, position = [], {}, {}, 0
    for start, end, _priority, kind, entity, value in _merge(found):
        if kind is None:
            tag = value
        else:
            if entity not in tags:
                counts[kind] = counts.get(kind, 0) + 1
                tags[entity] = f"[{kind}-{counts[kind]}]"
                key[tags[entity]] = value
            tag = tags[entity]
        pieces += [clean[position:start], tag]
        position = end
    pieces.append(clean[position:])
    return "".join(pieces), key
