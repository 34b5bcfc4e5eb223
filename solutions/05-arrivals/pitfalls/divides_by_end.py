"""Divides the change by the end year's figure instead of the start year's."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def pct_change(rows: list[dict], start: int, end: int) -> float:
    totals = {row["year"]: row["total"] for row in rows}
    for year in (start, end):
        if year not in totals:
            raise KeyError(f"no figure for {year}")
    if totals[start] == 0:
        raise ValueError(f"no arrivals in {start}: a change from zero has no percentage")
    return (totals[end] - totals[start]) / totals[end] * 100
