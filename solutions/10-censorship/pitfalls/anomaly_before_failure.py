"""Orders the verdicts wrongly: a failed measurement with an anomaly flag counts as an anomaly."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def summarize(measurements: Iterable[dict[str, Any]]) -> dict[str, dict[str, dict[str, int]]]:
    summary: dict[str, dict[str, dict[str, int]]] = {}
    seen: set[str] = set()
    for measurement in measurements:
        url = measurement.get("input")
        if not url:
            continue
        uid = measurement.get("measurement_uid")
        if uid:
            if uid in seen:
                continue
            seen.add(uid)
        country = str(measurement.get("probe_cc") or "").strip().upper()
        if not country:
            raise ValueError(f"measurement {uid or url!r} has no country (probe_cc)")
        if measurement.get("confirmed"):
            verdict = "confirmed"
        elif measurement.get("anomaly"):
            verdict = "anomaly"
        elif measurement.get("failure"):
            verdict = "failure"
        else:
            verdict = "ok"
        counts = summary.setdefault(country, {}).setdefault(url, dict.fromkeys(("total", *VERDICTS), 0))
        counts["total"] += 1
        counts[verdict] += 1
    return summary
