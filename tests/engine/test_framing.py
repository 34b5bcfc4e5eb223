"""Frames of a split check's socket: whole messages with their blobs, and claims too large refused."""

from __future__ import annotations

import random
import socket
import threading

import pytest

from workshop.engine import framing, wire


def test_a_frame_with_blobs_crosses_a_real_socket_whole():
    ours, theirs = socket.socketpair()
    data = random.Random(5).randbytes(3 * 1024 * 1024 + 5)
    sender = framing.Endpoint(ours, None, wire.Codec(None))
    receiver = framing.Endpoint(theirs, None, wire.Codec(None))
    thread = threading.Thread(target=lambda: sender.send({"ok": sender.codec.encode([data, data[:2000]])}))
    thread.start()
    message = receiver.receive()
    thread.join()
    assert receiver.codec.decode(message["ok"]) == [data, data[:2000]]
    ours.close(), theirs.close()


@pytest.mark.parametrize("frame", [
    framing._HEADER.pack(2, 1) + b"{}" + (framing.MAX_MESSAGE).to_bytes(4, "big"),  # a blob larger than allowed
    framing._HEADER.pack(2, framing.MAX_BLOBS + 1) + b"{}",  # more blobs than allowed
    framing._HEADER.pack(framing.MAX_MESSAGE + 1, 0),  # a message larger than allowed
])
def test_a_frame_that_claims_too_much_is_refused_before_it_is_read(frame):
    ours, theirs = socket.socketpair()
    ours.sendall(frame)
    with pytest.raises(framing.WireError):
        framing.receive_frame(theirs)
    ours.close(), theirs.close()
