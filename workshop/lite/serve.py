"""Serve a built site: on localhost for one person, or on the venue's network over HTTPS.

A browser gives a page's Python kernel its file system (where the exercise's tests and data
are) only in a *secure context*: ``https://``, or ``http://localhost``/``127.0.0.1``. Over plain
HTTP on a LAN address, ``check()`` could not find the exercise, so the LAN server uses HTTPS
with a certificate signed by the room's own CA (:mod:`workshop.lite.certificate`), which it also
serves for participants to install: the kernel's service worker needs a *trusted* certificate.

When the site names the room's AI server (its ``session.toml``, from the session's ``[ai]``), the
server also relays ``/room-ai/v1/…`` to it: an HTTPS page may not call an ``http://`` server
(mixed content), but it may call its own origin. Only the declared room server, only when it is on
a private network, never through a proxy, never following a redirect.

With a room board (``--board``), the server also passes the board's participant API on
(``/board/api/join|report|help``): an HTTPS page may not call the HTTP board itself (mixed
content), but it may call its own origin. The board is told who asked (``X-Forwarded-For``).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import ssl
import threading
from pathlib import Path

from workshop.lite.certificate import CA_PATH, RoomCertificate
from workshop.util.i18n import _

#: File types the site serves that older Pythons do not know (a wrong type stops the kernel).
CONTENT_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".ipynb": "application/json",
    ".jsonl": "text/plain",
}


#: Where the page reaches the room's AI server through this server (same origin).
RELAY_PREFIX = "/room-ai/"
#: The relay passes on chat requests and the model list; nothing else.
_RELAYED = ("v1/chat/completions", "v1/models")
MAX_BODY = 1_000_000
#: The board's participant API, the only part passed on (never the facilitator's page or its state).
BOARD_API = re.compile(r"^/board(/api/(?:join|report|help))$")
#: The largest request passed on to the board (its own limit is lower).
BOARD_MAX_BODY = 64 * 1024
BOARD_TIMEOUT = 5.0


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}
    #: The room's AI server ("" : no relay).
    room_url = ""

    def do_GET(self) -> None:
        if self.path.startswith(RELAY_PREFIX):
            return self._relay("GET")
        if self.ca_file is not None and self.path.split("?", 1)[0] == CA_PATH:
            return self._send_ca()
        return super().do_GET()

    def _send_ca(self) -> None:
        """The room CA's certificate, typed so that phones offer to install it."""
        body = self.ca_file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-x509-ca-cert")
        self.send_header("Content-Disposition", 'attachment; filename="room-ca.crt"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 - the base class's naming
        """The room's AI server (``/room-ai/…``) or the room board's participant API (``/board/api/…``)."""
        if self.path.startswith(RELAY_PREFIX):
            return self._relay("POST")
        return self._board_post()

    def _relay(self, method: str) -> None:
        """Pass one request on to the room's AI server and its reply back, as it comes (streamed)."""
        import requests

        from workshop.ai.room import PARTICIPANT_HEADER

        rest = self.path[len(RELAY_PREFIX):].split("?", 1)[0]
        if not self.room_url or rest not in _RELAYED or (method == "POST") != rest.endswith("chat/completions"):
            return self.send_error(404, "This site relays no AI server here.")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self.send_error(400)
        if not 0 <= length <= MAX_BODY:
            return self.send_error(413)
        body = self.rfile.read(length) if method == "POST" else None
        headers = {"Content-Type": "application/json"}
        who = self.headers.get(PARTICIPANT_HEADER)
        if who:
            headers[PARTICIPANT_HEADER] = who  # the room's queue keeps one turn per participant
        target = self.room_url.rstrip("/") + "/" + rest.removeprefix("v1/")
        try:
            with requests.Session() as session:
                session.trust_env = False  # the room is never reached through a proxy
                with session.request(method, target, data=body, headers=headers, stream=True, timeout=(5, 600),
                                     allow_redirects=False) as reply:
                    self.send_response(reply.status_code)
                    self.send_header("Content-Type", reply.headers.get("Content-Type", "application/json"))
                    self.end_headers()
                    # A learner who gives up closes the page's request: the write fails, the 'with' closes the
                    # room's request, and the room server stops the model.
                    for chunk in reply.iter_content(chunk_size=None):
                        self.wfile.write(chunk)
                        self.wfile.flush()
        except requests.RequestException:
            self.send_error(502, "The room's AI server does not answer.")
        except OSError:
            pass

    #: The room board's address (``http://127.0.0.1:8766``), when checks in the browser report to one.
    board: str | None = None
    #: The room CA's certificate, served at :data:`~workshop.lite.certificate.CA_PATH` for participants to install.
    ca_file: Path | None = None

    def _board_post(self) -> None:
        """Pass a participant's request on to the room board: the page and the board then share one
        origin (HTTPS), where a direct call from the HTTPS page to the HTTP board would be blocked."""
        match = BOARD_API.match(self.path)
        if match is None:
            self._send_json(404, {"error": _("Not found.")})
            return
        if self.board is None:
            self._send_json(404, {"error": _("This site does not report to a room board: it was served without "
                                             "--board.")})
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 <= length <= BOARD_MAX_BODY:
            self._send_json(413, {"error": _("The request is too large.")})
            return
        body = self.rfile.read(length)
        status, answer, kind = forward(self.board + match.group(1), body, {
            "Content-Type": self.headers.get("Content-Type", ""),
            "Authorization": self.headers.get("Authorization", ""),
            "X-Forwarded-For": self.client_address[0],
        })
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def _send_json(self, status: int, data: dict) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


def forward(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes, str]:
    """POST ``body`` to the board at ``url``; (status, answer, content type), 502 when it did not answer."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body, method="POST", headers={k: v for k, v in headers.items() if v})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the board is in the room
    try:
        with opener.open(request, timeout=BOARD_TIMEOUT) as response:
            return response.status, response.read(BOARD_MAX_BODY), response.headers.get("Content-Type", "application/json")
    except urllib.error.HTTPError as error:
        return error.code, error.read(BOARD_MAX_BODY), error.headers.get("Content-Type", "application/json")
    except (urllib.error.URLError, OSError, ValueError):
        return 502, b"", "application/json"


def make_server(site: Path, host: str = "127.0.0.1", port: int = 0, certificate: RoomCertificate | None = None,
                room_url: str | None = None, board: str | None = None) -> http.server.ThreadingHTTPServer:
    """A server for ``site`` (not yet started); HTTPS with the room's ``certificate`` when given, which
    also serves the room CA's certificate at :data:`~workshop.lite.certificate.CA_PATH`.

    ``room_url``: the room's AI server to relay (default: the one the site names, if on a private network).
    With ``board`` (the room board's address), ``/board/api/…`` is passed on to it, so that checks
    in the browser report to the board from the site's own origin."""
    from workshop.ai.config import is_room_url
    from workshop.lite.site import site_room_url

    room = site_room_url(site) if room_url is None else room_url if room_url and is_room_url(room_url) else ""
    handler_class = type("SiteHandler", (_SiteHandler,), {"room_url": room,
                                                          "board": board.rstrip("/") if board else None,
                                                          "ca_file": certificate.ca if certificate else None})
    handler = functools.partial(handler_class, directory=str(site))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.room_url = room  # what /room-ai/ relays ("" : nothing)
    if certificate is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(certificate.cert), str(certificate.key))
        server.socket = context.wrap_socket(server.socket, server_side=True)
    return server


def serve_in_thread(server: http.server.ThreadingHTTPServer) -> threading.Thread:
    """Start ``server`` in a daemon thread (tests and ``--serve``)."""
    thread = threading.Thread(target=server.serve_forever, name="workshop-lite-server", daemon=True)
    thread.start()
    return thread
