"""The typical AI mistake: the real archive's address is hard-coded and api_base is ignored.

Such code cannot be tested against a stand-in, nor pointed at another archive or a local copy.
"""
import requests


def find_snapshot(url, api_base, timestamp=None, timeout=5):
    params = {"url": url}
    if timestamp:
        params["timestamp"] = timestamp
    response = requests.get("https://archive.org/wayback/available", params=params, timeout=timeout)
    response.raise_for_status()
    closest = response.json().get("archived_snapshots", {}).get("closest")
    if not closest or not closest.get("available"):
        return None
    return Snapshot(closest["url"], closest["timestamp"])
