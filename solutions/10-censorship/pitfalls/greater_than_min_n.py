"""Needs more than min_n confirmed measurements (> instead of >=)."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def blocked(summary: dict[str, dict[str, dict[str, int]]], min_n: int = 3) -> list[tuple[str, str]]:
    if min_n < 1:
        raise ValueError(f"min_n must be at least 1, not {min_n}")
    return sorted(
        (country, url)
        for country, sites in summary.items()
        for url, counts in sites.items()
        if counts.get("confirmed", 0) > min_n
    )
