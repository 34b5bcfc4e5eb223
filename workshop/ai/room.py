"""The room's AI server: a small proxy in front of one local model that serves everyone fairly.

``workshop ai-room --upstream http://127.0.0.1:8080/v1`` runs on the facilitator's laptop, in
front of llama.cpp's server or Ollama. Participants' tutors send their questions to it (the room
server declared in ``session.toml``). It passes ``slots`` requests at a time to the model (one by
default: a laptop's model is fastest one at a time) and serves the waiting ones round-robin, one
per participant in turn, so that one participant asking again and again cannot starve the others.

A participant is known by the random id the tutor sends (``X-Workshop-Participant``), else by their
address. While a streamed request waits, the proxy sends ``: queue N`` comments (server-sent-event
comments, ignored by other clients) so the tutor can show the learner their place. When a learner
gives up (timeout, Ctrl-C), their connection closes; a waiting request leaves the queue and a
running one is cut upstream, so the model stops generating it.

``GET /queue`` says how many wait and run, how many were served, and the mean service time.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from workshop.util.i18n import _

PARTICIPANT_HEADER = "X-Workshop-Participant"
MAX_BODY = 1_000_000
#: A streamed request that waits longer than this gets its first ``: queue N`` comment (headers sent).
COMMIT_AFTER = 0.5
TICK = 1.0
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class QueueFull(Exception):
    """This participant already has as many questions waiting as the room allows."""


@dataclass(eq=False)
class Ticket:
    who: str
    granted: bool = False
    left: bool = False
    queued_at: float = field(default_factory=time.monotonic)


class FairQueue:
    """``slots`` requests running at once; the next one is the first waiting question of the participant
    served longest ago (never served counts as longest): round-robin, so a participant who asks again
    and again waits behind everyone who has waited since."""

    def __init__(self, slots: int = 1, per_participant: int = 2):
        self.slots, self.per_participant = slots, per_participant
        self.cond = threading.Condition()
        self.waiting: dict[str, deque[Ticket]] = {}
        self.last_served: dict[str, float] = {}
        self.running = 0
        self.served = 0
        self.busy_seconds = 0.0
        self._clock = 0

    def enter(self, who: str) -> Ticket:
        with self.cond:
            mine = self.waiting.setdefault(who, deque())
            if len(mine) >= self.per_participant:
                raise QueueFull
            ticket = Ticket(who)
            mine.append(ticket)
            self._dispatch()
            return ticket

    @staticmethod
    def _next(waiting: dict[str, deque[Ticket]], last: dict[str, float]) -> str:
        return min((who for who, mine in waiting.items() if mine),
                   key=lambda who: (last.get(who, -1.0), waiting[who][0].queued_at))

    def _dispatch(self) -> None:
        while self.running < self.slots and any(self.waiting.values()):
            who = self._next(self.waiting, self.last_served)
            ticket = self.waiting[who].popleft()
            if not self.waiting[who]:
                del self.waiting[who]
            self._clock += 1
            self.last_served[who] = self._clock
            ticket.granted = True
            self.running += 1
        self.cond.notify_all()

    def position(self, ticket: Ticket) -> int:
        """1 when it runs next; else how many would be served before it, plus one (0 when granted)."""
        with self.cond:
            if ticket.granted or ticket not in self.waiting.get(ticket.who, ()):
                return 0
            waiting = {who: deque(mine) for who, mine in self.waiting.items()}
            last = dict(self.last_served)
            clock = self._clock
            place = 1
            while True:
                who = self._next(waiting, last)
                if waiting[who][0] is ticket:
                    return place
                waiting[who].popleft()
                if not waiting[who]:
                    del waiting[who]
                clock += 1
                last[who] = clock
                place += 1

    def wait(self, ticket: Ticket, seconds: float) -> bool:
        with self.cond:
            self.cond.wait_for(lambda: ticket.granted, timeout=seconds)
            return ticket.granted

    def leave(self, ticket: Ticket, busy: float = 0.0) -> None:
        """The request is done (granted) or abandoned (still waiting)."""
        with self.cond:
            if ticket.left:
                return
            ticket.left = True
            if ticket.granted:
                self.running -= 1
                self.served += 1
                self.busy_seconds += busy
            else:
                mine = self.waiting.get(ticket.who)
                if mine and ticket in mine:
                    mine.remove(ticket)
            self._dispatch()

    def stats(self) -> dict:
        with self.cond:
            return {"waiting": sum(len(q) for q in self.waiting.values()), "running": self.running,
                    "served": self.served, "participants_waiting": len(self.waiting),
                    "mean_service_seconds": round(self.busy_seconds / self.served, 2) if self.served else None}


def _handler(upstream: str, queue: FairQueue, max_wait: float, timeout: float):
    import requests

    upstream = upstream.rstrip("/")
    root = re.sub(r"^(https?://[^/]+).*$", r"\1", upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # no questions in logs
            pass

        def _send(self, status: int, body: bytes, kind: str = "application/json", extra: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def _error(self, status: int, message: str, extra: dict | None = None):
            self._send(status, json.dumps({"error": {"message": message, "type": "room_queue"}}).encode(), extra=extra)

        def do_GET(self):
            if self.path == "/queue":
                return self._send(200, json.dumps(queue.stats()).encode())
            target = root + self.path if self.path.startswith(("/props", "/health")) else \
                upstream + self.path[len("/v1"):] if self.path.startswith("/v1/") else None
            if target is None:
                return self._error(404, "not found")
            try:
                reply = requests.get(target, timeout=5, allow_redirects=False)
            except requests.RequestException:
                return self._error(502, _("The room's model server does not answer."))
            self._send(reply.status_code, reply.content[:MAX_BODY], reply.headers.get("Content-Type", "application/json"))

        def do_POST(self):
            if not self.path.endswith("/chat/completions"):
                return self._error(404, "not found")
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._error(413, "too large")
            raw = self.rfile.read(length)
            try:
                stream = bool(json.loads(raw).get("stream"))
            except (ValueError, AttributeError):
                return self._error(400, "not JSON")
            who = self.headers.get(PARTICIPANT_HEADER, "")
            who = who if _ID.match(who) else self.client_address[0]
            try:
                ticket = queue.enter(who)
            except QueueFull:
                return self._error(429, _("You already have a question waiting in the room's queue."),
                                   {"Retry-After": "30"})
            committed = False
            try:
                started = time.monotonic()
                granted = queue.wait(ticket, COMMIT_AFTER)
                while not granted:
                    if time.monotonic() - started > max_wait:
                        message = _("The room's AI queue is too long right now; try again in a few minutes.")
                        if committed:
                            self._event({"error": {"message": message}})
                            return
                        return self._error(503, message, {"Retry-After": "60"})
                    place = queue.position(ticket)
                    if stream:
                        if not committed:
                            self._start_stream()
                            committed = True
                        self.wfile.write(f": queue {place}\n\n".encode())
                        self.wfile.flush()  # a learner who left makes this fail: they leave the queue
                    granted = queue.wait(ticket, TICK)
                self._forward(raw, stream, committed, ticket)
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass
            finally:
                queue.leave(ticket, time.monotonic() - getattr(ticket, "started", time.monotonic()))

        def _start_stream(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True

        def _event(self, data: dict):
            self.wfile.write(b"data: " + json.dumps(data).encode() + b"\n\n")
            self.wfile.flush()

        def _forward(self, raw: bytes, stream: bool, committed: bool, ticket: Ticket):
            ticket.started = time.monotonic()
            headers = {"Content-Type": "application/json"}
            try:
                reply = requests.post(upstream + "/chat/completions", data=raw, headers=headers, stream=True,
                                      timeout=(5, timeout), allow_redirects=False)
            except requests.RequestException:
                message = _("The room's model server does not answer; tell the facilitator.")
                return self._event({"error": {"message": message}}) if committed else self._error(502, message)
            with reply:
                if committed and reply.status_code != 200:
                    return self._event(json.loads(reply.content or b"{}") or {"error": {"message": "error"}})
                if not committed:
                    self.send_response(reply.status_code)
                    self.send_header("Content-Type", reply.headers.get("Content-Type", "application/json"))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                # Chunks pass through as they come; a learner who leaves makes the write fail, and closing
                # the upstream response (the 'with') makes the model stop generating.
                for chunk in reply.iter_content(chunk_size=None):
                    self.wfile.write(chunk)
                    self.wfile.flush()

    return Handler


class RoomServer:
    """The room proxy on ``host:port`` (port 0: any free one), started in a thread or served forever."""

    def __init__(self, upstream: str, host: str = "127.0.0.1", port: int = 8081, slots: int = 1,
                 per_participant: int = 2, max_wait: float = 600.0, timeout: float = 120.0):
        self.queue = FairQueue(slots, per_participant)
        self.httpd = ThreadingHTTPServer((host, port), _handler(upstream, self.queue, max_wait, timeout))
        self.httpd.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def start(self) -> RoomServer:
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
