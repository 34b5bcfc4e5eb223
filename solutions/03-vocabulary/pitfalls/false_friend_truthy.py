"""Reads the false_friend column as true whenever it is not empty: 'no' becomes a false friend."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def load_glossary(csv_text: str) -> dict[str, Entry]:
    text = unicodedata.normalize("NFC", csv_text.lstrip("\ufeff"))
    reader = csv.DictReader(io.StringIO(text))
    columns = {name.strip() for name in reader.fieldnames or [] if name}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ValueError(f"the glossary has no column {', '.join(missing)}")
    glossary: dict[str, Entry] = {}
    for row in reader:
        cells = {key.strip(): (value or "").strip() for key, value in row.items() if isinstance(key, str)}
        if not any(cells.values()):
            continue
        line = reader.line_num
        north, south, source = cells["north"], cells["south"], cells["source"]
        if not north or not south:
            raise ValueError(f"line {line}: a row needs both a northern and a southern word")
        if not source:
            raise ValueError(f"line {line}: {north} has no source")
        if north in glossary:
            raise ValueError(f"line {line}: {north} appears twice")
        glossary[north] = Entry(
            north=north,
            south=south,
            english=cells.get("english", ""),
            source=source,
            false_friend=bool(cells.get("false_friend", "")),
        )
    return glossary
