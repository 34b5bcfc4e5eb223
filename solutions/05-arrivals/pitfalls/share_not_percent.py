"""Returns the share as a fraction (0.72) instead of a percentage (72.0)."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def female_share(row: dict) -> float | None:
    female, total = row.get("female"), row.get("total")
    if female is None or not total:
        return None
    if not 0 <= female <= total:
        raise ValueError(f"{row.get('year')}: {female} women out of {total} arrivals is impossible")
    return female / total
