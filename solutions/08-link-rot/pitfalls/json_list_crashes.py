"""Trusts the archive's answer to be an object: a JSON list crashes with AttributeError instead of a ValueError."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def find_snapshot(url: str, api_base: str, timestamp: str | None = None, timeout: float = 5) -> Snapshot | None:
    params = {"url": url}
    if timestamp is not None:
        params["timestamp"] = timestamp
    response = requests.get(api_base, params=params, timeout=timeout)
    response.raise_for_status()
    closest = response.json().get("archived_snapshots", {}).get("closest")
    if not closest or closest.get("available") is not True:
        return None
    return Snapshot(closest["url"], closest["timestamp"])
