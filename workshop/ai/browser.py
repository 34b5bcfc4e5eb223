"""The tutor's request from a browser tab (JupyterLite's Pyodide kernel), where ``requests`` cannot run.

The kernel runs in a Web Worker, where a synchronous ``XMLHttpRequest`` is allowed: the request is
sent and the whole reply read at once (no streaming, so no place in the room's queue is shown).

Where it goes: the room's AI server is asked through the site's own server first
(``/room-ai/v1/…``, relayed by ``workshop lite --serve``), because a page served over HTTPS may not
call an ``http://`` address (mixed content). When the site's server relays nothing there (a static
host answers 404, 405 or 501), the room's server is called directly, which works from a page on
``http://127.0.0.1`` and needs the room server's CORS answer (``workshop ai-room`` gives it). Any
other server is called directly.
"""

from __future__ import annotations

from workshop.ai.errors import ServerTimeout, ServerUnreachable
from workshop.util.browser import BrowserReply, site_origin
from workshop.util.browser import post as browser_post
from workshop.util.i18n import _

#: The site server's relay to the room's AI server (see workshop/lite/serve.py).
RELAY_PATH = "/room-ai/v1/chat/completions"
#: What a static web server answers a POST it has nowhere to send (python -m http.server: 501).
NO_RELAY = (403, 404, 405, 501)


def _post(url: str, body: bytes, headers: dict, timeout: float) -> BrowserReply:
    try:
        return browser_post(url, body, headers, timeout)
    except TimeoutError:
        raise ServerTimeout(_("The AI server at {url} took longer than {seconds:g} seconds to answer.").format(
            url=url, seconds=timeout)) from None
    except OSError:
        raise ServerUnreachable(_("The AI server at {url} cannot be reached from this browser tab. A page served "
                                  "over https:// may not call an http:// server: open the site that "
                                  "`workshop lite --serve` serves (it relays the room's AI server), or ask the "
                                  "facilitator.").format(url=url)) from None


def post(chat_url: str, is_room: bool, body: bytes, headers: dict, timeout: float) -> BrowserReply:
    """POST ``body`` to the chat endpoint from the browser: through the site's relay for the room's server."""
    if is_room:
        relayed = _post(site_origin() + RELAY_PATH, body, headers, timeout)
        if relayed.status not in NO_RELAY:
            return relayed
    return _post(chat_url, body, headers, timeout)
