"""Every appearance of a measurement counts, so a measurement downloaded twice is evidence twice."""


def summarize(measurements):
    summary = {}
    for measurement in measurements:
        url = measurement.get("input")
        if not url:
            continue
        country = (measurement.get("probe_cc") or "").upper()
        if not country:
            raise ValueError("no country")
        if measurement.get("confirmed"):
            verdict = "confirmed"
        elif measurement.get("failure"):
            verdict = "failure"
        elif measurement.get("anomaly"):
            verdict = "anomaly"
        else:
            verdict = "ok"
        counts = summary.setdefault(country, {}).setdefault(
            url, {"total": 0, "ok": 0, "anomaly": 0, "confirmed": 0, "failure": 0})
        counts["total"] += 1
        counts[verdict] += 1
    return summary
