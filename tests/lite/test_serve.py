"""The site's server passes the room board's participant API on (``workshop lite --serve --board``).

A real board process and the real site server; no browser (tests/lite/test_browser.py has one).
"""

from __future__ import annotations


from tests.board.conftest import http
from workshop.lite.serve import make_server, serve_in_thread


def _serving(site, board=None):
    server = make_server(site, board=board)
    serve_in_thread(server)
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_join_and_report_reach_the_board_through_the_site(site, board):
    server, base = _serving(site, board.base)
    try:
        joined = http("POST", base + "/board/api/join", {"token": board.join_token, "name": "Via Site"})
        assert joined.status == 200, joined
        token = joined.data["token"]
        check = {"exercise": "02-thread-splitter", "status": "failed", "earned": 1, "possible": 4, "duration": 0.5, "ago": 0}
        reported = http("POST", base + "/board/api/report", {"checks": [check]}, {"Authorization": f"Bearer {token}"})
        assert reported.status == 200, reported
        person = board.person(joined.data["participant"])
        assert person["name"] == "Via Site" and person["cells"]["02"][0] == "working"
        # The board's own refusals come back as they are (a wrong token: 401 with its message).
        refused = http("POST", base + "/board/api/report", {"checks": [check]}, {"Authorization": "Bearer nope-nope-nope"})
        assert refused.status == 401 and "unknown token" in refused.data["error"]
        # Only the participant API is passed on: never the facilitator's state or page.
        assert http("POST", base + "/board/api/lower", {"participant": 1}).status == 404
        assert http("GET", base + "/board/api/state", headers={"X-Board-Key": board.key}).status == 404
        assert http("GET", base + "/index.html").status == 200
    finally:
        server.shutdown()
        server.server_close()


def test_without_a_board_the_site_says_so(site):
    server, base = _serving(site)
    try:
        reply = http("POST", base + "/board/api/join", {"token": "x" * 12, "name": "Sam"})
        assert reply.status == 404 and "--board" in reply.data["error"]
    finally:
        server.shutdown()
        server.server_close()


def test_a_board_that_does_not_answer_is_a_502_and_a_huge_body_is_refused(site):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server, base = _serving(site, f"http://127.0.0.1:{port}")
    try:
        assert http("POST", base + "/board/api/report", {"checks": []}).status == 502
        huge = http("POST", base + "/board/api/report", b"x" * (70 * 1024), {"Content-Type": "application/json"})
        assert huge.status == 413
    finally:
        server.shutdown()
        server.server_close()


def test_the_board_address_is_taken_from_a_join_link():
    from workshop.cli.lite import board_address

    assert board_address("http://10.0.0.5:8766/join/AbCdEf123456") == "http://10.0.0.5:8766"
    assert board_address("10.0.0.5:8766") == "http://10.0.0.5:8766"
    assert board_address("ftp://10.0.0.5") is None
