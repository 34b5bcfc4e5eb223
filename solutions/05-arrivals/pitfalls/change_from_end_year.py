"""Percent change divided by the later year instead of the earlier one (2019 → 2020 gives −357%)."""


def pct_change(rows, start, end):
    totals = {row["year"]: row["total"] for row in rows}
    if totals.get(end) == 0:
        raise ValueError("no arrivals")
    return (totals[end] - totals[start]) / totals[end] * 100
