"""A server that refuses HEAD (405 or 501) is taken at its word: the page is called dead."""
import requests


def check_link(url, timeout=5):
    if not url.startswith(("http://", "https://")):
        raise ValueError(url)
    try:
        response = requests.head(url, allow_redirects=True, timeout=timeout)
    except requests.Timeout:
        return LinkCheck("timeout", url, None)
    except (requests.ConnectionError, requests.TooManyRedirects):
        return LinkCheck("dead", url, None)
    if response.status_code >= 400:
        return LinkCheck("dead", response.url, response.status_code)
    if response.history:
        return LinkCheck("redirect", response.url, response.status_code)
    return LinkCheck("alive", url, response.status_code)
