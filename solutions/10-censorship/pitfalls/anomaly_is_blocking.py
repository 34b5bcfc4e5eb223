"""The typical AI mistake: an anomaly is taken for censorship, so anomalies and confirmations are
added up, and a flaky network becomes a claim of blocking."""


def blocked(summary, min_n=3):
    if min_n < 1:
        raise ValueError("min_n")
    return sorted(
        (country, url)
        for country, sites in summary.items()
        for url, counts in sites.items()
        if counts["anomaly"] + counts["confirmed"] >= min_n
    )
