"""Each flag is counted on its own: a confirmed measurement (whose anomaly flag is also true) counts
as an anomaly too, and the verdicts no longer add up to the total."""


def summarize(measurements):
    summary = {}
    seen = set()
    for measurement in measurements:
        url = measurement.get("input")
        uid = measurement.get("measurement_uid")
        if not url or (uid and uid in seen):
            continue
        seen.add(uid)
        country = (measurement.get("probe_cc") or "").upper()
        if not country:
            raise ValueError("no country")
        counts = summary.setdefault(country, {}).setdefault(
            url, {"total": 0, "ok": 0, "anomaly": 0, "confirmed": 0, "failure": 0})
        counts["total"] += 1
        flags = [flag for flag in ("anomaly", "confirmed", "failure") if measurement.get(flag)]
        for flag in flags:
            counts[flag] += 1
        if not flags:
            counts["ok"] += 1
    return summary
