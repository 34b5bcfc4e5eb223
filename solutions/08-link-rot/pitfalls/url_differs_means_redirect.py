"""Calls a link a redirect when response.url differs from url: 'https://host' and 'https://host/' count as moved."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def check_link(url: str, timeout: float = 5) -> LinkCheck:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not a web address starting with http:// or https://: {url!r}")
    try:
        response = requests.head(url, allow_redirects=True, timeout=timeout)
        response.close()
        if response.status_code in HEAD_REFUSED:
            # stream=True reads the answer's headers but leaves the page itself unread.
            response = requests.get(url, allow_redirects=True, timeout=timeout, stream=True)
            response.close()
    except requests.Timeout:
        return LinkCheck("timeout", url, None)
    except (requests.ConnectionError, requests.TooManyRedirects):
        return LinkCheck("dead", url, None)
    if not 200 <= response.status_code < 300:
        return LinkCheck("dead", response.url, response.status_code)
    if response.url != url:
        return LinkCheck("redirect", response.url, response.status_code)
    return LinkCheck("alive", url, response.status_code)
