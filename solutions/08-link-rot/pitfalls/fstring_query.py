"""The question to the archive is glued with an f-string: an address with its own '&' is cut there."""
import requests


def find_snapshot(url, api_base, timestamp=None, timeout=5):
    question = f"{api_base}?url={url}"
    if timestamp:
        question += f"&timestamp={timestamp}"
    response = requests.get(question, timeout=timeout)
    response.raise_for_status()
    closest = response.json().get("archived_snapshots", {}).get("closest")
    if not closest or not closest.get("available"):
        return None
    return Snapshot(closest["url"], closest["timestamp"])
