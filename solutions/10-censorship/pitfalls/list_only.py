"""Reads a JSON list or JSON Lines but not one object alone: a single measurement raises."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def read_measurements(text: str) -> list[dict[str, Any]]:
    text = text.lstrip("\ufeff")
    if not text.strip():
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None  # not one JSON document: read it as JSON Lines
    if data is None:
        measurements = []
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"line {number} is not JSON: {error.msg}") from None
            if not isinstance(item, dict):
                raise ValueError(f"line {number} is not a measurement object")
            measurements.append(item)
        return measurements
    if isinstance(data, dict):
        data = data["results"]
    if not isinstance(data, list):
        raise ValueError("expected measurements: JSON objects, a list of them, or a page with 'results'")
    for position, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ValueError(f"item {position} is not a measurement object")
    return list(data)
