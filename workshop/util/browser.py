"""The kernel side in a browser tab (JupyterLite's Pyodide kernel): what differs there, in one place
(the room board's client and the AI tutor both send their requests through :func:`post`).

Python in a browser has no sockets: an HTTP request goes through the browser, here with a
synchronous ``XMLHttpRequest`` (the kernel runs in a web worker, where that is allowed), so it
obeys the page's rules. A page served over HTTPS may not call an ``http://`` address (mixed
content), so in the browser the room board is reached through the site's own address:
``workshop lite --serve --board URL`` passes ``/board/api/…`` on to the board (docs/lite.md).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

#: Where the site's server passes requests on to the room board (workshop.lite.serve).
BOARD_PATH = "/board"


def in_browser() -> bool:
    """True in a Pyodide kernel (JupyterLite)."""
    return sys.platform == "emscripten"


def site_origin() -> str:
    """The address the page was loaded from (``https://10.0.0.5:8765``)."""
    from js import location  # Pyodide's bridge to the browser: only in a browser

    return str(location.origin)


def board_base() -> str:
    """The room board's API as this site's server passes it on (same origin: no mixed content)."""
    return site_origin() + BOARD_PATH


@dataclass
class BrowserReply:
    """What came back to a request sent through the browser."""

    status: int
    content_type: str
    body: bytes
    retry_after: str | None


#: Headers a browser sets itself (and refuses from a page).
_BROWSER_OWNED = {"user-agent", "content-length", "connection", "host", "accept-encoding"}


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> BrowserReply:
    """POST ``body`` from the browser with a synchronous ``XMLHttpRequest`` (the kernel runs in a web
    worker, where that is allowed). Raises :class:`TimeoutError` when the time ran out and
    :class:`OSError` when nothing answered (refused, blocked as mixed content, no such host)."""
    from js import XMLHttpRequest  # Pyodide's bridge to the browser: only in a browser
    from pyodide.ffi import JsException

    request = XMLHttpRequest.new()
    try:
        request.open("POST", url, False)
        request.timeout = max(1, int(timeout * 1000))
        for name, value in headers.items():
            if name.lower() not in _BROWSER_OWNED:
                request.setRequestHeader(name, value)
        request.send(body.decode("utf-8"))
    except JsException as error:
        if "timeout" in str(error).lower():
            raise TimeoutError(str(error)) from None
        raise OSError(str(error)) from None
    if request.status == 0:
        raise OSError("no answer")
    return BrowserReply(int(request.status), str(request.getResponseHeader("Content-Type") or ""),
                        str(request.responseText or "").encode("utf-8"), request.getResponseHeader("Retry-After"))


def post_json(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int, bytes]:
    """POST ``body`` from the browser; (HTTP status, answer). Raises OSError when nothing answered."""
    reply = post(url, body, headers, timeout)
    return reply.status, reply.body
