"""Serve a built site: on localhost for one person, or on the venue's network over HTTPS.

A browser gives a page's Python kernel its file system (where the exercise's tests and data
are) only in a *secure context*: ``https://``, or ``http://localhost``/``127.0.0.1``. Over plain
HTTP on a LAN address, ``check()`` could not find the exercise, so the LAN server uses HTTPS
with a certificate made here; browsers warn about it once, and the message says what to do.

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
#: Make the page *cross-origin isolated*: the kernel then reaches the notebook's files (``/drive``)
#: through shared memory instead of a service worker. Browsers refuse a service worker on a site
#: whose certificate they do not trust (the room's own, over HTTPS on a LAN), so without these
#: headers ``check()`` there could not find the exercise. Every file of the site is same-origin.
#: Only sent over HTTPS: with them the kernel was seen to stay "busy" after some cells (docs/lite.md),
#: and on localhost the service worker works.
ISOLATION_HEADERS = {"Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp"}
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
        return super().do_GET()

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
    #: Send :data:`ISOLATION_HEADERS` (over HTTPS with the room's own certificate, where no service worker runs).
    isolate: bool = False

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
        if self.isolate:
            for name, value in ISOLATION_HEADERS.items():
                self.send_header(name, value)
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


def make_server(site: Path, host: str = "127.0.0.1", port: int = 0, certificate: tuple[Path, Path] | None = None,
                room_url: str | None = None, board: str | None = None) -> http.server.ThreadingHTTPServer:
    """A server for ``site`` (not yet started); HTTPS when ``certificate`` (cert, key) is given.

    ``room_url``: the room's AI server to relay (default: the one the site names, if on a private network).
    With ``board`` (the room board's address), ``/board/api/…`` is passed on to it, so that checks
    in the browser report to the board from the site's own origin."""
    from workshop.ai.config import is_room_url
    from workshop.lite.site import site_room_url

    room = site_room_url(site) if room_url is None else room_url if room_url and is_room_url(room_url) else ""
    handler_class = type("SiteHandler", (_SiteHandler,), {"room_url": room,
                                                          "board": board.rstrip("/") if board else None,
                                                          "isolate": certificate is not None})
    handler = functools.partial(handler_class, directory=str(site))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.room_url = room  # what /room-ai/ relays ("" : nothing)
    if certificate is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(certificate[0]), str(certificate[1]))
        server.socket = context.wrap_socket(server.socket, server_side=True)
    return server


def serve_in_thread(server: http.server.ThreadingHTTPServer) -> threading.Thread:
    """Start ``server`` in a daemon thread (tests and ``--serve``)."""
    thread = threading.Thread(target=server.serve_forever, name="workshop-lite-server", daemon=True)
    thread.start()
    return thread


def self_signed_certificate(folder: Path, hosts: list[str]) -> tuple[Path, Path]:
    """A certificate and key for ``hosts`` (names or IP addresses), valid 30 days, kept in ``folder``."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    names = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "workshop (this room only)")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "site-cert.pem", folder / "site-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path
