"""Messages over the socket of a split check: length-prefixed JSON, and blobs of raw bytes after it.

A frame is the JSON's size and the number of blobs (``!II``), the JSON, each blob's size, then the
blobs as they are. Sizes are checked before anything is read: a side that claims more than
:data:`MAX_MESSAGE` in all, or more than :data:`MAX_BLOBS` blobs, is refused, not waited on.
:mod:`workshop.engine.wire` says what the JSON means.
"""

from __future__ import annotations

import json
import socket
import struct

from workshop.util.i18n import _

#: The most one message may carry (a learner returning a huge value gets an error, not the grader's memory).
MAX_MESSAGE = 16 * 1024 * 1024
#: The most blobs one message may carry.
MAX_BLOBS = 10_000


class WireError(Exception):
    """The other side broke the protocol, ended, or sent something that is not plain data."""


#: One encoder for every message (``json.dumps`` with options builds a new one each time: ~3 µs a message).
write_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
#: A frame: the JSON's size and the number of blobs; then the JSON, each blob's size, and the blobs.
_HEADER = struct.Struct("!II")


def _too_large() -> WireError:
    return WireError(_("The value is larger than {mb} MB: the checker cannot pass it between your code and "
                       "the tests.").format(mb=MAX_MESSAGE // (1024 * 1024)))


def send(sock: socket.socket, message: dict, blobs: list = ()) -> None:
    """Send ``message`` and the ``blobs`` its ``{"B": index}`` references stand for."""
    data = write_json(message).encode("utf-8")
    if not blobs:
        if len(data) > MAX_MESSAGE:
            raise _too_large()
        sock.sendall(_HEADER.pack(len(data), 0) + data)
        return
    sizes = [len(blob) if not isinstance(blob, memoryview) else blob.nbytes for blob in blobs]
    if len(data) + sum(sizes) > MAX_MESSAGE or len(blobs) > MAX_BLOBS:
        raise _too_large()
    sock.sendall(b"".join([_HEADER.pack(len(data), len(blobs)), data, struct.pack(f"!{len(sizes)}I", *sizes)]))
    for blob in blobs:
        sock.sendall(blob)  # as it is: no copy, no base64


class _Reader:
    """Reads whole messages from a socket with as few system calls as it can (one per message, mostly)."""

    #: From this much still to read on, straight into the result (large blobs: no copy through the buffer).
    DIRECT = 1 << 16

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buffer = bytearray()

    def exactly(self, size: int) -> bytes | bytearray:
        if size - len(self.buffer) >= self.DIRECT:
            return self._direct(size)
        while len(self.buffer) < size:
            chunk = self.sock.recv(max(1 << 16, min(size - len(self.buffer), 1 << 22)))
            if not chunk:
                raise WireError("the other side ended")
            self.buffer += chunk
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def _direct(self, size: int) -> bytearray:
        out = bytearray(size)
        got = len(self.buffer)
        out[:got] = self.buffer
        self.buffer.clear()
        view = memoryview(out)
        while got < size:
            count = self.sock.recv_into(view[got:], size - got)
            if not count:
                raise WireError("the other side ended")
            got += count
        return out


_READERS: dict[int, _Reader] = {}


def receive_frame(sock: socket.socket) -> tuple[dict, list]:
    """The next message from ``sock`` and its blobs."""
    reader = _READERS.get(id(sock))
    if reader is None or reader.sock is not sock:
        reader = _READERS[id(sock)] = _Reader(sock)
    size, count = _HEADER.unpack(reader.exactly(_HEADER.size))
    if size > MAX_MESSAGE or count > MAX_BLOBS:
        raise WireError("message too large")
    try:
        message = json.loads(reader.exactly(size).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise WireError("not JSON") from error
    if not isinstance(message, dict):
        raise WireError("not a message")
    if not count:
        return message, []
    sizes = struct.unpack(f"!{count}I", reader.exactly(4 * count))
    if size + sum(sizes) > MAX_MESSAGE:
        raise WireError("message too large")
    return message, [reader.exactly(blob_size) for blob_size in sizes]


def receive(sock: socket.socket) -> dict:
    """The next message from ``sock``, which must carry no blobs."""
    message, blobs = receive_frame(sock)
    if blobs:
        raise WireError("unexpected blobs")
    return message


class Endpoint:
    """One side of the socket: :meth:`request` sends a request and serves the other side's nested
    requests (callbacks) until its own answer arrives; ``handler(message)`` answers a request with a
    dict (``{"ok": value}`` or ``{"err": exception}``)."""

    def __init__(self, sock: socket.socket, handler, codec=None):
        self.sock = sock
        self.handler = handler
        self.codec = codec

    def send(self, message: dict) -> None:
        """Send ``message`` with the blobs the codec gathered while it was encoded."""
        if self.codec is None:
            send(self.sock, message)
            return
        try:
            send(self.sock, message, self.codec.blobs_out)
        except WireError:
            self.codec.discard()
            raise
        self.codec.sent()

    def receive(self) -> dict:
        """The next message; its blobs become the codec's to decode it with."""
        message, blobs = receive_frame(self.sock)
        if self.codec is not None:
            self.codec.blobs_in = blobs
        elif blobs:
            raise WireError("unexpected blobs")
        return message

    def request(self, message: dict) -> dict:
        self.send(message)
        return self.answer()

    def answer(self) -> dict:
        """The answer to the request sent last, serving the other side's nested requests meanwhile."""
        while True:
            incoming = self.receive()
            if "ok" in incoming or "err" in incoming:
                return incoming
            self._answer(incoming)

    def serve_one(self) -> bool:
        """Answer one request of the other side; False when it has ended."""
        try:
            incoming = self.receive()
        except (WireError, OSError):
            return False
        self._answer(incoming)
        return True

    def _answer(self, incoming: dict) -> None:
        try:
            self.send(self.handler(incoming))
        except WireError as error:  # an answer too large: the caller gets it as a ValueError
            text = str(error)
            send(self.sock, {"err": {"x": ["ValueError", "Exception", "BaseException", "object"], "xm": "builtins",
                                     "xa": [text], "xs": text}})


__all__ = ["MAX_BLOBS", "MAX_MESSAGE", "Endpoint", "WireError", "receive", "receive_frame", "send", "write_json"]
