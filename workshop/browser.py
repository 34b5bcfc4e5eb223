"""The kernel side in a browser tab (JupyterLite's Pyodide kernel): what differs there.

Python in a browser has no sockets: an HTTP request goes through the browser, here with a
synchronous ``XMLHttpRequest`` (the kernel runs in a web worker, where that is allowed), so it
obeys the page's rules. A page served over HTTPS may not call an ``http://`` address (mixed
content), so in the browser the room board is reached through the site's own address:
``workshop lite --serve --board URL`` passes ``/board/api/…`` on to the board (docs/lite.md).
"""

from __future__ import annotations

import sys

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


def post_json(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int, bytes]:
    """POST ``body`` from the browser; (HTTP status, answer). Raises OSError when nothing answered."""
    from js import XMLHttpRequest
    from pyodide.ffi import JsException

    request = XMLHttpRequest.new()
    try:
        request.open("POST", url, False)
        request.timeout = max(1, int(timeout * 1000))
        for name, value in headers.items():
            if name.lower() != "user-agent":  # the browser sets that one itself
                request.setRequestHeader(name, value)
        request.send(body.decode("utf-8"))
    except JsException as error:
        raise OSError(str(error)) from None
    if request.status == 0:
        raise OSError("no answer")
    return int(request.status), str(request.responseText or "").encode("utf-8")
