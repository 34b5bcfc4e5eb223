"""Asks the archive for every link that is not alive: redirects get a snapshot they do not need."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def link_report(urls: Iterable[str], api_base: str, timeout: float = 5) -> list[dict]:
    rows: list[dict] = []
    seen: set[str] = set()
    for entry in urls:
        url = entry.strip()
        if not url or url in seen:
            continue
        seen.add(url)
        result = check_link(url, timeout=timeout)
        snapshot = None
        if result.status != "alive":
            found = find_snapshot(url, api_base, timeout=timeout)
            snapshot = found.url if found is not None else None
        rows.append({"url": url, "status": result.status, "code": result.code,
                     "final_url": result.final_url, "snapshot": snapshot})
    return rows
