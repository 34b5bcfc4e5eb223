"""The classic error: adds every row to the base, so 1998 (already inside the 947) is counted twice."""


def cumulative(rows, base=947, base_year=1998, through=None):
    if through is None:
        through = max((row["year"] for row in rows), default=base_year)
    return base + sum(row["total"] for row in rows if row["year"] <= through)
