"""requests.head without allow_redirects=True: HEAD does not follow redirects, so a moved page
looks 'alive' at its old address (and a redirect to a missing page is not noticed)."""
import requests


def check_link(url, timeout=5):
    if not url.startswith(("http://", "https://")):
        raise ValueError(url)
    try:
        response = requests.head(url, timeout=timeout)
        if response.status_code in (405, 501):
            response = requests.get(url, timeout=timeout)
    except requests.Timeout:
        return LinkCheck("timeout", url, None)
    except requests.ConnectionError:
        return LinkCheck("dead", url, None)
    if response.status_code < 400:
        return LinkCheck("alive", url, response.status_code)
    return LinkCheck("dead", url, response.status_code)
