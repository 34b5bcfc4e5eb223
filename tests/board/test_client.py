"""The participant side: a check is never broken or slowed by the board, and says "down" only once."""

from __future__ import annotations

import json
import socket
import time

from workshop.board import client as board_client
from workshop.board.client import BoardConfig, save_config
from workshop.engine.result import CheckResult, Status

from ..conftest import run_cli
from .conftest import participant_workspace


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _joined_to_nothing(workspace) -> str:
    url = f"http://127.0.0.1:{_free_port()}"
    save_config(workspace, BoardConfig(url=url, participant=1, token="t" * 32, name="Sam", session="s"))
    return url


RESULT = CheckResult("01-passphrase", "passphrase.ipynb", Status.FAILED, duration=0.2)


def test_not_joined_costs_nothing(tmp_path, monkeypatch):
    workspace = participant_workspace(tmp_path / "laptop")
    monkeypatch.setattr(board_client, "_post", lambda *a, **k: (_ for _ in ()).throw(AssertionError("no network")))
    started = time.perf_counter()
    board_client.report_check(workspace, RESULT)
    assert time.perf_counter() - started < 0.05
    assert not (workspace.state_dir / board_client.OUTBOX_NAME).exists()


def test_only_exercise_status_points_and_time_are_sent(tmp_path, monkeypatch):
    workspace = participant_workspace(tmp_path / "laptop")
    _joined_to_nothing(workspace)
    sent = []
    monkeypatch.setattr(board_client, "_post", lambda base, path, payload, **k: sent.append(payload) or {"ok": True})
    result = CheckResult("01-passphrase", "/home/sam/secret.ipynb", Status.ERROR, message="Traceback: my code",
                         detail="print(password)", duration=1.5)
    board_client.report_check(workspace, result)
    (check,) = sent[0]["checks"]
    assert set(check) == {"exercise", "status", "earned", "possible", "duration", "ago"}
    assert "secret" not in json.dumps(sent) and "password" not in json.dumps(sent)


def test_board_down_is_said_once_and_checks_are_kept_then_sent(tmp_path, capsys, board_server):
    workspace = participant_workspace(tmp_path / "laptop")
    _joined_to_nothing(workspace)
    started = time.perf_counter()
    board_client.report_check(workspace, RESULT)
    assert time.perf_counter() - started < 1.5
    first = capsys.readouterr().err
    assert "not answering" in first
    board_client.report_check(workspace, RESULT)
    assert capsys.readouterr().err == ""  # said once
    kept = json.loads((workspace.state_dir / board_client.OUTBOX_NAME).read_text())
    assert len(kept) == 2
    # The board is back (here: the participant joins a running one): kept checks arrive with the next.
    config = board_client.join(workspace, board_server.join_url, "Offline for a while")
    outbox = workspace.state_dir / board_client.OUTBOX_NAME
    outbox.write_text(json.dumps(kept))
    board_client.report_check(workspace, CheckResult("01-passphrase", "nb", Status.PASSED))
    assert not outbox.exists() and not (workspace.state_dir / board_client.NOTICE_NAME).exists()
    assert board_server.person(config.participant)["cells"]["01"][4] == 3


def test_a_board_that_accepts_but_never_answers_costs_at_most_about_a_second(tmp_path, capsys):
    workspace = participant_workspace(tmp_path / "laptop")
    with socket.socket() as silent:  # listens (the handshake completes) but never reads or answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        save_config(workspace, BoardConfig(url=f"http://127.0.0.1:{silent.getsockname()[1]}", participant=1,
                                           token="t" * 32, name="Sam"))
        started = time.perf_counter()
        board_client.report_check(workspace, RESULT)
        assert time.perf_counter() - started < 1.2
    assert "not answering" in capsys.readouterr().err


def test_a_damaged_config_never_breaks_a_check(tmp_path):
    workspace = participant_workspace(tmp_path / "laptop")
    workspace.state_dir.mkdir(parents=True, exist_ok=True)
    (workspace.state_dir / board_client.CONFIG_NAME).write_text("{not json")
    board_client.report_check(workspace, RESULT)
    (workspace.state_dir / board_client.CONFIG_NAME).write_text('{"url": 5, "participant": "x"}')
    board_client.report_check(workspace, RESULT)


def test_join_url_forms():
    assert board_client.parse_join_url("http://10.0.0.5:8765/join/AbCdEfGh1234") == (
        "http://10.0.0.5:8765", "AbCdEfGh1234")
    assert board_client.parse_join_url("10.0.0.5:8765/join/AbCdEfGh1234/") == ("http://10.0.0.5:8765", "AbCdEfGh1234")
    for bad in ("http://10.0.0.5:8765/", "ftp://x/join/AbCdEfGh1234", "not a url"):
        try:
            board_client.parse_join_url(bad)
        except board_client.BoardError:
            continue
        raise AssertionError(bad)


def test_cli_check_works_as_before_when_the_board_is_down(workspace):
    from workshop.core.workspace import Workspace

    _joined_to_nothing(Workspace(workspace))
    first = run_cli("check", "01", "--json", cwd=workspace)
    assert first.returncode == 1  # the stub fails, as without a board
    assert json.loads(first.stdout)["status"] == "failed"  # stdout is still pure JSON
    assert "not answering" in first.stderr
    second = run_cli("check", "01", cwd=workspace)
    assert second.returncode == 1 and "not answering" not in second.stderr + second.stdout


def test_cli_join_help_me_and_leave(workspace, board_server):
    joined = run_cli("join", board_server.join_url, "--name", "Min-seo", cwd=workspace)
    assert joined.returncode == 0, joined.stderr
    assert "Min-seo" in joined.stdout
    participant = json.loads((workspace / ".workshop" / "board.json").read_text())["participant"]
    checked = run_cli("check", "01", cwd=workspace)
    assert checked.returncode == 1 and "not answering" not in checked.stderr
    assert board_server.person(participant)["cells"]["01"][0] == "working"
    raised = run_cli("help-me", "the", "word", "list", "is", "empty", cwd=workspace)
    assert raised.returncode == 0 and "queue" in raised.stdout
    assert board_server.person(participant)["help"]["message"] == "the word list is empty"
    assert run_cli("help-me", "--done", cwd=workspace).returncode == 0
    assert board_server.person(participant)["help"] is None
    bad = run_cli("join", board_server.join_url, "--name", "x" * 100, cwd=workspace)
    assert bad.returncode == 2 and "too long" in bad.stderr
    assert run_cli("join", "--leave", cwd=workspace).returncode == 0
    assert not (workspace / ".workshop" / "board.json").exists()
    assert run_cli("help-me", cwd=workspace).returncode == 2


def test_in_notebook_check_reports_too(workspace, board_server):
    from workshop.core.exercise import load_exercise
    from workshop.engine.inkernel import _remember
    from workshop.core.workspace import Workspace

    config = board_client.join(Workspace(workspace), board_server.join_url, "Notebook user")
    exercise = load_exercise(workspace / "exercises" / "01-passphrase")
    _remember(exercise, CheckResult(exercise.name, str(exercise.notebook), Status.PASSED, duration=0.1))
    assert board_server.person(config.participant)["cells"]["01"][0] == "passed"
