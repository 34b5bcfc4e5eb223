"""Compares the addresses after decoding them (unquote): a bare host that gained a '/' still counts as moved, and history is never read."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)
from urllib.parse import unquote


def check_link(url: str, timeout: float = 5) -> LinkCheck:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not a web address starting with http:// or https://: {url!r}")
    try:
        response = requests.head(url, allow_redirects=True, timeout=timeout)
        if response.status_code in HEAD_REFUSED:
            response = requests.get(url, allow_redirects=True, timeout=timeout, stream=True)
    except requests.Timeout:
        return LinkCheck("timeout", url, None)
    except (requests.ConnectionError, requests.TooManyRedirects):
        return LinkCheck("dead", url, None)
    if not 200 <= response.status_code < 300:
        return LinkCheck("dead", response.url, response.status_code)
    if unquote(response.url) != unquote(url):
        return LinkCheck("redirect", response.url, response.status_code)
    return LinkCheck("alive", url, response.status_code)
