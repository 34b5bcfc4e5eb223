"""The board's web server: tornado (it comes with JupyterLab), a small JSON API and the live page.

| method and path | who | what |
|---|---|---|
| ``GET /`` | anyone | a one-paragraph page: what this is |
| ``GET /join/<join token>`` | a participant's browser | how to join, with the exact command |
| ``POST /api/join`` | ``workshop join`` | ``{"token": join token, "name": …[, "participant_token": …]}`` → participant id and token |
| ``POST /api/report`` | ``workshop check`` | bearer participant token; ``{"checks": [{exercise, status, earned, possible, duration, ago}]}`` |
| ``POST /api/help`` | ``workshop help-me`` | bearer participant token; ``{"raise": true/false, "message": …}`` |
| ``GET /board#key=…`` | the facilitator's browser | the live page |
| ``GET /api/state`` | the page | header ``X-Board-Key``; the whole board as JSON |
| ``GET /api/events?key=…`` | the page | server-sent events: the whole board whenever it changed (at most 4 a second) |
| ``POST /api/lower`` | the page | header ``X-Board-Key``; ``{"participant": id}``: the facilitator lowers a hand |

Bodies are capped by the HTTP server itself (:data:`validation.MAX_BODY_BYTES`); every field is
checked by :mod:`workshop.board.validation`; requests are rate-limited per participant and per
address. The page's updates are pushed by a periodic tick that sends the board to each open page
whose last copy is out of date, so a slow page never holds up the others.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from dataclasses import dataclass, field

import tornado.httpserver
import tornado.ioloop
import tornado.iostream
import tornado.netutil
import tornado.web

from workshop.board import validation
from workshop.board.page import Page, board_page, simple_page
from workshop.board.ratelimit import RateLimiter
from workshop.board.service import Board, RequestError
from workshop.util.hosts import is_loopback_host
from workshop.util.i18n import _

log = logging.getLogger("workshop.board")

#: How often open pages are brought up to date (seconds), and how often an idle stream is pinged.
PUSH_INTERVAL = 0.25
PING_INTERVAL = 15.0


@dataclass
class Limiters:
    report: RateLimiter
    join: RateLimiter
    address: RateLimiter
    failure: RateLimiter

    @classmethod
    def from_board(cls, board: Board) -> Limiters:
        limits = board.limits
        return cls(report=RateLimiter(limits.report_rate, limits.report_burst),
                   join=RateLimiter(limits.join_rate, limits.join_burst),
                   address=RateLimiter(limits.address_rate, limits.address_burst),
                   failure=RateLimiter(limits.failure_rate, limits.failure_burst))


@dataclass
class Hub:
    """The open event streams (board pages)."""

    streams: set = field(default_factory=set)

    def push(self, board: Board) -> None:
        version = board.state.version
        payload = None
        for stream in list(self.streams):
            if stream.sent_version != version and stream.ready():
                payload = payload or board.state_json()
                stream.send(payload, version)

    def ping(self) -> None:
        for stream in list(self.streams):
            if stream.ready() and time.monotonic() - stream.last_write >= PING_INTERVAL:
                stream.send_raw(": ping\n\n")


class Refused(tornado.web.HTTPError):
    """A refused request, with the message the client is shown."""

    def __init__(self, status: int, message: str, retry_after: int | None = None):
        super().__init__(status)
        self.message = message
        self.retry_after = retry_after


class BaseHandler(tornado.web.RequestHandler):
    """Security headers, rate limit per address, JSON errors."""

    @property
    def board(self) -> Board:
        return self.application.settings["board"]

    @property
    def limiters(self) -> Limiters:
        return self.application.settings["limiters"]

    def set_default_headers(self) -> None:
        self.clear_header("Server")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")

    @property
    def address(self) -> str:
        """Who asks, for the rate limits: the participant's address, also behind the browser site's
        server on this computer (``workshop lite --serve --board``), which names it in X-Forwarded-For.
        Only a request from this computer may name another address."""
        remote = self.request.remote_ip or "?"
        forwarded = self.request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
        if forwarded and is_loopback_host(remote) and len(forwarded) <= 64:
            return forwarded
        return remote

    def prepare(self) -> None:
        if not self.limiters.address.allow(self.address):
            self.refuse(429, _("Too many requests; wait a moment."), self.limiters.address.retry_after(self.address))

    def refuse(self, status: int, message: str, retry_after: int | None = None) -> None:
        raise Refused(status, message, retry_after)

    def write_error(self, status_code: int, **kwargs) -> None:
        message = ""
        exc_info = kwargs.get("exc_info")
        if exc_info:
            error = exc_info[1]
            if isinstance(error, (Refused, RequestError)):
                message = error.message
            if getattr(error, "retry_after", None):
                self.set_header("Retry-After", str(error.retry_after))
        if not message:
            message = {400: _("Bad request."), 404: _("Not found."), 405: _("Method not allowed."),
                       413: _("The request is too large.")}.get(status_code, _("The board had a problem."))
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"error": message}, ensure_ascii=False))

    def json_body(self, allowed: set[str]) -> dict:
        if not self.request.headers.get("Content-Type", "").startswith("application/json"):
            self.refuse(415, _("Send JSON (Content-Type: application/json)."))
        try:
            return validation.parse_json_object(self.request.body, allowed)
        except validation.Invalid as error:
            self.refuse(400, str(error))

    def send_json(self, data: dict | str) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False))

    def send_page(self, page: Page, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Content-Security-Policy", page.csp)
        self.finish(page.html)

    # -- who is asking -------------------------------------------------------------------------------

    def _failed_auth(self, status: int, message: str) -> None:
        if not self.limiters.failure.allow(self.address):
            self.refuse(429, _("Too many wrong tokens; wait a moment."), self.limiters.failure.retry_after(self.address))
        self.refuse(status, message)

    def participant(self) -> int:
        header = self.request.headers.get("Authorization", "")
        token = header[7:].strip() if header[:7].lower() == "bearer " else None
        participant = self.board.participant_for(token)
        if participant is None:
            self._failed_auth(401, _("This laptop is not on this board (unknown token). Join again with: "
                                     "workshop join URL --name NAME"))
        if not self.limiters.report.allow(participant):
            self.refuse(429, _("Too many reports; wait a moment."), self.limiters.report.retry_after(participant))
        return participant

    def require_facilitator(self) -> None:
        key = self.request.headers.get("X-Board-Key") or self.get_query_argument("key", None)
        if not self.board.is_facilitator(key):
            self._failed_auth(403, _("The facilitator key is missing or wrong."))

    async def call(self, function, *args):
        try:
            return await function(*args)
        except RequestError as error:
            self.refuse(error.status, error.message)


class RootHandler(BaseHandler):
    def get(self) -> None:
        self.send_page(simple_page(_("Room board"), [
            ("p", _("This is a workshop room board.")),
            ("p", _("Participants: use the join link your facilitator shows you.")),
            ("note", _("Facilitators: open the board link that workshop board printed.")),
        ]))


class JoinPageHandler(BaseHandler):
    def get(self, token: str) -> None:
        if not self.board.join_token or not _same(token, self.board.join_token):
            self._failed_auth_page()
            return
        token = self.board.join_token
        url = f"{self.request.protocol}://{self.request.host}/join/{token}"
        title = self.board.state.session.title
        self.send_page(simple_page(_("Join the room board") + (f" · {title}" if title else ""), [
            ("p", _("In a terminal in your workshop folder, type this, with your name or a nickname:")),
            ("code", f'workshop join {url} --name "…"'),
            ("p", _("From then on, each check you run tells the facilitator which exercise you are on and "
                    "whether it passes: the exercise, the result, the points and the time. Never your code, "
                    "never its output.")),
            ("p", _("Stuck? Type: workshop help-me \"what you are stuck on\" — and someone will come.")),
        ]))

    def _failed_auth_page(self) -> None:
        if not self.limiters.failure.allow(self.address):
            self.refuse(429, _("Too many wrong tokens; wait a moment."))
        self.send_page(simple_page(_("Room board"), [
            ("p", _("This join link is not for this board session. Ask the facilitator for the current link.")),
        ]), status=404)


def _same(given: str, join_token: str) -> bool:
    from workshop.board.tokens import same_join_code

    return same_join_code(given, join_token)


class JoinHandler(BaseHandler):
    async def post(self) -> None:
        data = self.json_body({"token", "name", "participant_token"})
        if not self.limiters.join.allow(self.address):
            self.refuse(429, _("Too many joins from here; wait a moment."), self.limiters.join.retry_after(self.address))
        token = data.get("token")
        if not isinstance(token, str) or not _same(token, self.board.join_token):
            self._failed_auth(403, _("This join link is not for this board session. Ask the facilitator for the "
                                     "current link."))
        try:
            name = validation.clean_name(data.get("name"))
        except validation.Invalid as error:
            self.refuse(400, str(error))
        previous = data.get("participant_token")
        previous = previous if isinstance(previous, str) else None
        self.send_json(await self.call(self.board.join, token, name, previous, self.address))


class ReportHandler(BaseHandler):
    async def post(self) -> None:
        participant = self.participant()
        data = self.json_body({"checks"})
        try:
            checks = validation.clean_checks(data.get("checks"))
        except validation.Invalid as error:
            self.refuse(400, str(error))
        self.send_json(await self.call(self.board.report, participant, checks))


class HelpHandler(BaseHandler):
    async def post(self) -> None:
        participant = self.participant()
        data = self.json_body({"raise", "message"})
        raise_hand = data.get("raise", True)
        if not isinstance(raise_hand, bool):
            self.refuse(400, _("raise must be true or false."))
        try:
            message = validation.clean_message(data.get("message"))
        except validation.Invalid as error:
            self.refuse(400, str(error))
        self.send_json(await self.call(self.board.help, participant, raise_hand, message))


class BoardPageHandler(BaseHandler):
    def get(self) -> None:
        self.send_page(self.application.settings["board_page"])


class StateHandler(BaseHandler):
    def get(self) -> None:
        self.require_facilitator()
        self.send_json(self.board.state_json())


class JoinCardHandler(BaseHandler):
    """The join link, its code and a QR code of it, for the facilitator's page (phones on the venue Wi-Fi)."""

    def get(self) -> None:
        self.require_facilitator()
        import segno

        bases = self.application.settings.get("join_bases") or [f"{self.request.protocol}://{self.request.host}"]
        url = f"{bases[0]}/join/{self.board.join_token}"
        qr = segno.make(url, error="m")
        self.send_json({"url": url, "code": self.board.join_token, "qr": qr.svg_data_uri(scale=5, border=2)})


class LowerHandler(BaseHandler):
    async def post(self) -> None:
        self.require_facilitator()
        data = self.json_body({"participant"})
        participant = data.get("participant")
        if isinstance(participant, bool) or not isinstance(participant, int):
            self.refuse(400, _("participant must be a number."))
        self.send_json({"ok": True, "lowered": await self.call(self.board.lower_hand, participant)})


class EventsHandler(BaseHandler):
    """Server-sent events: ``event: state`` with the whole board, whenever it changed."""

    def initialize(self) -> None:
        self.sent_version = -1
        self.last_write = time.monotonic()
        self._closed = asyncio.Event()
        self._flushing = None

    async def get(self) -> None:
        self.require_facilitator()
        hub: Hub = self.application.settings["hub"]
        if len(hub.streams) >= self.board.limits.max_streams:
            self.refuse(503, _("Too many board pages are open."))
        self.set_header("Content-Type", "text/event-stream; charset=utf-8")
        self.set_header("X-Accel-Buffering", "no")
        self.send_raw("retry: 1000\n\n")
        hub.streams.add(self)
        try:
            hub.push(self.board)
            await self._closed.wait()
        finally:
            hub.streams.discard(self)

    def on_connection_close(self) -> None:
        self._closed.set()

    def ready(self) -> bool:
        return not self._closed.is_set() and (self._flushing is None or self._flushing.done())

    def send(self, payload: str, version: int) -> None:
        self.sent_version = version
        self.send_raw(f"event: state\ndata: {payload}\n\n")

    def send_raw(self, text: str) -> None:
        try:
            self.write(text)
            self._flushing = self.flush()
        except tornado.iostream.StreamClosedError:
            self._closed.set()
            return
        self.last_write = time.monotonic()
        self._flushing.add_done_callback(self._flushed)

    def _flushed(self, future) -> None:
        if future.exception() is not None:
            self._closed.set()


def make_app(board: Board) -> tornado.web.Application:
    """The tornado application for ``board``."""
    return tornado.web.Application(
        [
            (r"/", RootHandler),
            (r"/join/([A-Za-z0-9_-]{1,64})", JoinPageHandler),
            (r"/board", BoardPageHandler),
            (r"/api/join", JoinHandler),
            (r"/api/report", ReportHandler),
            (r"/api/help", HelpHandler),
            (r"/api/state", StateHandler),
            (r"/api/events", EventsHandler),
            (r"/api/lower", LowerHandler),
            (r"/api/join-card", JoinCardHandler),
        ],
        board=board,
        limiters=Limiters.from_board(board),
        hub=Hub(),
        board_page=board_page(),
        compress_response=True,
        log_function=_log_request,
    )


def _log_request(handler: tornado.web.RequestHandler) -> None:
    # Never log query strings (the page's event stream carries the facilitator key there).
    status = handler.get_status()
    if status >= 500:
        log.warning("%s %s → %s", handler.request.method, handler.request.path, status)


@dataclass
class Running:
    """A started server: where it listens and how to stop it."""

    board: Board
    server: tornado.httpserver.HTTPServer
    host: str
    port: int
    callbacks: list

    def base_urls(self) -> list[str]:
        """The addresses to give out: the LAN address(es) when listening on all interfaces."""
        if self.host in ("0.0.0.0", "", "::"):
            hosts = lan_addresses() or ["127.0.0.1"]
        else:
            hosts = [self.host]
        return [f"http://{_bracket(host)}:{self.port}" for host in hosts]

    def join_url(self, base: str) -> str:
        return f"{base}/join/{self.board.join_token}"

    def board_url(self, base: str) -> str:
        return f"{base}/board#key={self.board.facilitator_key}"

    def stop(self) -> None:
        for callback in self.callbacks:
            callback.stop()
        self.server.stop()
        self.board.close()


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def start(board: Board, host: str = "127.0.0.1", port: int = 0) -> Running:
    """Listen on ``host``:``port`` (0: any free port) in the running event loop; return at once."""
    sockets = tornado.netutil.bind_sockets(port, address=host or None, family=socket.AF_UNSPEC)
    server = tornado.httpserver.HTTPServer(
        make_app(board), max_body_size=validation.MAX_BODY_BYTES, max_buffer_size=validation.MAX_BODY_BYTES * 4,
        idle_connection_timeout=60, body_timeout=10, max_header_size=16 * 1024)
    server.add_sockets(sockets)
    board.start_writer(asyncio.get_running_loop().call_soon_threadsafe)
    app_hub: Hub = server.request_callback.settings["hub"]
    push = tornado.ioloop.PeriodicCallback(lambda: app_hub.push(board), PUSH_INTERVAL * 1000)
    ping = tornado.ioloop.PeriodicCallback(app_hub.ping, 5000)
    push.start()
    ping.start()
    bound_port = sockets[0].getsockname()[1]
    running = Running(board, server, host, bound_port, [push, ping])
    server.request_callback.settings["join_bases"] = running.base_urls()
    return running


def lan_addresses() -> list[str]:
    """This computer's addresses on the local network (best effort, no packet is sent)."""
    found: list[str] = []
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # a UDP "connect" only picks the outgoing interface
        found.append(probe.getsockname()[0])
    except OSError:
        pass
    finally:
        probe.close()
    try:
        for address in socket.gethostbyname_ex(socket.gethostname())[2]:
            if address not in found:
                found.append(address)
    except OSError:
        pass
    return [address for address in found if not address.startswith("127.") and address != "0.0.0.0"]


def serve(board: Board, host: str, port: int, on_ready, on_status=None, status_every: float = 60.0) -> None:
    """Run the board until Ctrl+C (or SIGTERM): ``on_ready(running)`` once listening, ``on_status(board)``
    every ``status_every`` seconds when something changed. Raises OSError when the port cannot be used."""

    async def main() -> None:
        running = start(board, host, port)
        stopped = asyncio.Event()
        loop = asyncio.get_running_loop()
        import signal

        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, stopped.set)
            except (NotImplementedError, RuntimeError, ValueError):  # Windows: Ctrl+C raises KeyboardInterrupt
                pass
        status = None
        if on_status is not None:
            seen = {"version": board.state.version}

            def report() -> None:
                if board.state.version != seen["version"]:
                    seen["version"] = board.state.version
                    on_status(board)

            status = tornado.ioloop.PeriodicCallback(report, status_every * 1000)
            status.start()
        on_ready(running)
        try:
            await stopped.wait()
        finally:
            if status is not None:
                status.stop()
            running.stop()

    asyncio.run(main())
