"""A real board server on 127.0.0.1: tokens, validation, limits, hands, restart with nothing lost."""

from __future__ import annotations

import json

from workshop.board import client as board_client
from workshop.board.validation import MAX_BODY_BYTES, NAME_MAX
from workshop.engine.result import CheckResult, Status

from .conftest import check, http, participant_workspace


def test_join_report_and_see_it_on_the_board(board_server):
    joined = board_server.join("Ayesha")
    assert joined.status == 200 and joined.data["participant"] > 0
    assert [e["key"] for e in joined.data["exercises"]] == ["01", "02", "03"]
    assert board_server.report(joined.data["token"], [check(status="passed", earned=4, possible=4)]).status == 200
    person = board_server.person(joined.data["participant"])
    assert person["cells"]["01"][:4] == ["passed", "passed", 4, 4]
    state = board_server.state()
    assert state["title"] == "Test session" and state["counts"]["01"]["passed"] >= 1


def test_tokens(board_server):
    base = board_server.base
    assert board_server.report("not-a-real-token-at-all", [check()]).status == 401
    assert http("POST", base + "/api/report", {"checks": [check()]}).status == 401  # no token at all
    wrong_join = http("POST", base + "/api/join", {"token": "wrongwrongwrong", "name": "Eve"})
    assert wrong_join.status == 403 and "join link" in wrong_join.data["error"]
    assert http("GET", base + "/api/state").status == 403
    assert http("GET", base + "/api/state", headers={"X-Board-Key": "x" * 32}).status == 403
    assert http("GET", base + "/api/events?key=nope").status == 403
    participant_token = board_server.join("Bo").data["token"]
    # A participant token is not a facilitator key, and the join token is not a participant token.
    assert http("GET", base + "/api/state", headers={"X-Board-Key": participant_token}).status == 403
    assert board_server.report(board_server.join_token, [check()]).status == 401
    # The join page shows how to join only for the right token.
    assert http("GET", base + "/join/" + board_server.join_token).status == 200
    assert http("GET", base + "/join/wrongwrongwrong").status == 404


def test_a_participant_can_only_report_their_own_state(board_server):
    mine = board_server.join("Mine").data
    theirs = board_server.join("Theirs").data
    # There is no way to name another participant: the id comes from the token alone.
    reply = board_server.report(mine["token"], {"checks": [check()], "participant": theirs["participant"]})
    assert reply.status == 400
    reply = board_server.report(mine["token"], [dict(check(), participant=theirs["participant"])])
    assert reply.status == 400
    assert board_server.person(theirs["participant"])["cells"] == {}
    lower = http("POST", board_server.base + "/api/lower", {"participant": theirs["participant"]},
                 {"X-Board-Key": mine["token"]})
    assert lower.status == 403


def test_validation(board_server):
    base = board_server.base
    long_name = board_server.join("x" * (NAME_MAX + 1))
    assert long_name.status == 400 and str(NAME_MAX) in long_name.data["error"]
    assert board_server.join("").status == 400
    assert board_server.join("tab\x07bell").status == 400
    html_name = board_server.join("<img src=x onerror=alert(1)>")
    assert html_name.status == 200 and html_name.data["name"] == "<img src=x onerror=alert(1)>"
    huge = http("POST", base + "/api/join", json.dumps({"token": board_server.join_token,
                                                        "name": "x" * (MAX_BODY_BYTES + 10)}).encode(),
                {"Content-Type": "application/json"})
    assert huge.status in (400, 413)
    assert http("POST", base + "/api/join", b"not json", {"Content-Type": "application/json"}).status == 400
    assert http("POST", base + "/api/join", b"{}", {"Content-Type": "text/plain"}).status == 415
    token = board_server.join("Valid").data["token"]
    for bad in ([check(status="hacked")], [check(earned=9, possible=1)], [], [check()] * 21,
                [dict(check(), output="secret")]):
        assert board_server.report(token, bad).status == 400, bad
    assert board_server.report(token, {"checks": [check()], "code": "x"}).status == 400


def test_security_headers(board_server):
    page = http("GET", board_server.base + "/board")
    assert page.status == 200
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "Server" not in page.headers


def test_per_participant_rate_limit(board_server):
    token = board_server.join("Hasty").data["token"]
    replies = [board_server.report(token, [check()]) for _ in range(25)]
    statuses = [reply.status for reply in replies]
    assert statuses[0] == 200 and 429 in statuses
    refused = replies[statuses.index(429)]
    assert int(refused.headers["Retry-After"]) >= 1 and "wait" in refused.data["error"]
    # Someone else is not held up by it.
    other = board_server.join("Patient").data["token"]
    assert board_server.report(other, [check()]).status == 200


def test_client_join_check_help_and_a_pass_lowers_the_hand(board_server, tmp_path, capsys):
    workspace = participant_workspace(tmp_path / "laptop")
    config = board_client.join(workspace, board_server.join_url, "Jae-won")
    assert config.participant > 0
    assert (workspace.state_dir / "board.json").stat().st_mode & 0o077 == 0  # only its owner can read it
    failed = CheckResult("02-thread-splitter", "nb.ipynb", Status.FAILED, duration=0.5)
    board_client.report_check(workspace, failed)
    assert board_server.person(config.participant)["cells"]["02"][0] == "working"
    reply = board_client.help_me(workspace, "my loop never stops")
    assert reply["hand"] == "up" and reply["position"] >= 1
    person = board_server.person(config.participant)
    assert person["help"]["message"] == "my loop never stops" and person["on"] == "02"
    assert config.participant in board_server.state()["queue"]
    board_client.report_check(workspace, CheckResult("02-thread-splitter", "nb.ipynb", Status.PASSED))
    assert board_server.person(config.participant)["help"] is None
    assert "hand" in capsys.readouterr().err
    board_client.help_me(workspace, "again")
    assert board_client.help_me(workspace, done=True)["was_up"] is True
    assert board_server.person(config.participant)["help"] is None
    # Joining the same board again keeps the same row.
    assert board_client.join(workspace, board_server.join_url, "Jae").participant == config.participant


def test_facilitator_lowers_a_hand(board_server):
    joined = board_server.join("Waiting").data
    http("POST", board_server.base + "/api/help", {"raise": True}, {"Authorization": f"Bearer {joined['token']}"})
    assert board_server.person(joined["participant"])["help"] is not None
    reply = http("POST", board_server.base + "/api/lower", {"participant": joined["participant"]},
                 {"X-Board-Key": board_server.key})
    assert reply.status == 200 and reply.data["lowered"] is True
    assert board_server.person(joined["participant"])["help"] is None


def test_events_stream_sends_the_board(board_server):
    import urllib.request

    request = urllib.request.Request(board_server.base + "/api/events?key=" + board_server.key)
    with urllib.request.urlopen(request, timeout=5) as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        seen = b""
        while b"event: state" not in seen or not seen.endswith(b"\n\n"):
            seen += stream.read1(65536)
    data = json.loads(seen.split(b"data: ", 1)[1].split(b"\n", 1)[0])
    assert "participants" in data["state"] and data["now"] > 0


def test_restart_and_crash_lose_nothing(fresh_board, tmp_path):
    workspace = participant_workspace(tmp_path / "laptop")
    config = board_client.join(workspace, fresh_board.join_url, "Persistent")
    board_client.report_check(workspace, CheckResult("01-passphrase", "nb", Status.PASSED, duration=1.0))
    board_client.help_me(workspace, "question")
    before = fresh_board.state()
    fresh_board.restart(kill=True)  # SIGKILL: no chance to clean up
    assert fresh_board.state()["participants"] == before["participants"]
    fresh_board.restart()  # SIGTERM: a clean stop
    after = fresh_board.state()
    assert after["participants"] == before["participants"] and after["queue"] == [config.participant]
    # The same links and tokens still work after the restart.
    board_client.report_check(workspace, CheckResult("03-x", "nb", Status.FAILED))
    assert "03" in fresh_board.person(config.participant)["cells"]


def test_new_session_sets_the_old_one_aside(fresh_board):
    old_token = fresh_board.join_token
    fresh_board.stop()
    fresh_board.start(extra=("--new",))
    assert fresh_board.join_token != old_token and fresh_board.state()["participants"] == []
    assert "previous session was kept" in "".join(fresh_board.output)
    assert len(list(fresh_board.store.parent.glob("board-*.sqlite3"))) == 1


def test_a_second_board_on_the_same_store_is_refused(fresh_board):
    from ..conftest import run_cli

    second = run_cli("board", "--port", "0", "--root", str(fresh_board.root), "--store", str(fresh_board.store),
                     "--new", timeout=30)
    assert second.returncode == 2 and "already running" in second.stderr
    assert fresh_board.state()["title"] == "Test session"  # the first one is untouched
    assert not list(fresh_board.store.parent.glob("board-*.sqlite3"))  # --new moved nothing
