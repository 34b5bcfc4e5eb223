"""The room's AI server: fair turns, the learner's place in the queue, the room's own server in the settings."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from tests.ai.conftest import MODEL
from workshop.ai.config import AIConfig, is_room_url, load_config
from workshop.ai.errors import RemoteNotAllowed
from workshop.ai.room import FairQueue, QueueFull, RoomServer


def test_round_robin_a_participant_asking_again_waits_behind_the_others():
    queue = FairQueue(slots=1, per_participant=1)
    first = queue.enter("amy")
    assert first.granted
    again = queue.enter("amy")
    bo, cy = queue.enter("bo"), queue.enter("cy")
    assert [queue.position(t) for t in (bo, cy, again)] == [1, 2, 3]
    with pytest.raises(QueueFull):
        queue.enter("amy")  # a second question while one waits: refused, not queued
    queue.leave(first, 1.0)
    assert bo.granted and not again.granted
    queue.leave(bo, 1.0)
    assert cy.granted
    queue.leave(cy, 1.0)
    assert again.granted
    queue.leave(again, 1.0)
    assert queue.stats()["served"] == 4 and queue.stats()["mean_service_seconds"] == 1.0


def test_a_learner_who_gives_up_leaves_the_queue():
    queue = FairQueue(slots=1)
    busy = queue.enter("amy")
    gone, bo = queue.enter("zed"), queue.enter("bo")
    queue.leave(gone)  # timed out while waiting
    assert queue.position(bo) == 1
    queue.leave(busy)
    assert bo.granted


def test_the_proxy_serves_in_turns_and_tells_each_learner_their_place(use_model):
    use_model.delay = 1.2
    room = RoomServer(use_model.base_url, port=0).start()
    url = f"http://127.0.0.1:{room.port}/v1/chat/completions"
    seen: dict[str, list] = {}

    def ask(who: str) -> None:
        body = {"model": MODEL, "stream": True, "messages": [{"role": "user", "content": who}]}
        with requests.post(url, json=body, headers={"X-Workshop-Participant": who}, stream=True, timeout=20) as r:
            seen[who] = [line for line in r.iter_lines() if line]

    try:
        threads = []
        for who in ("amy1", "bo", "cy"):
            threads.append(threading.Thread(target=ask, args=(who,)))
            threads[-1].start()
            time.sleep(0.15)
        for thread in threads:
            thread.join(30)
        order = [request["json"]["messages"][0]["content"] for request in use_model.requests]
        assert order == ["amy1", "bo", "cy"]
        assert not any(line.startswith(b": queue") for line in seen["amy1"])
        assert b": queue 1" in seen["bo"] and b": queue 2" in seen["cy"]
        assert seen["cy"][-1] == b"data: [DONE]"
        stats = requests.get(f"http://127.0.0.1:{room.port}/queue", timeout=5).json()
        assert stats["served"] == 3 and stats["waiting"] == 0
    finally:
        room.stop()


def test_the_tutor_shows_the_queue_place_it_is_sent(use_model, ai_env, workspace):
    """The client reads ': queue N' comments and passes them on; the room server needs no opt-in."""
    from workshop.ai.client import chat

    use_model.delay = 1.5
    room = RoomServer(use_model.base_url, port=0).start()
    config = AIConfig(base_url=f"http://127.0.0.1:{room.port}/v1", room_url=f"http://127.0.0.1:{room.port}/v1",
                      model=MODEL, timeout=10)
    places: list[int] = []
    try:
        blocker = threading.Thread(target=chat, args=(config, [{"role": "user", "content": "first"}]),
                                   kwargs={"participant": "someone"})
        blocker.start()
        time.sleep(0.2)
        reply = chat(config, [{"role": "user", "content": "second"}], on_queue=places.append, participant="me")
        blocker.join(10)
    finally:
        room.stop()
    assert places and places[0] == 1 and reply.text
    assert use_model.requests[-1]["json"]["messages"][0]["content"] == "second"


@pytest.mark.parametrize("url, room", [
    ("http://192.168.1.20:8081/v1", True), ("http://10.0.0.5:8081/v1", True), ("http://172.20.1.1/v1", True),
    ("http://tutor.local:8081/v1", True), ("http://127.0.0.1:8081/v1", True),
    ("https://api.openai.com/v1", False), ("http://8.8.8.8:8081/v1", False), ("http://0.0.0.0:8081/v1", False),
    ("http://room.example.org/v1", False), ("http://100.64.0.1/v1", False),
])
def test_only_a_private_network_address_can_be_the_rooms_server(url, room):
    assert is_room_url(url) is room


def test_session_toml_declares_the_rooms_server_and_needs_no_opt_in(ai_env, tmp_path):
    (tmp_path / "session.toml").write_text('title = "x"\n[ai]\nroom_url = "http://192.168.1.20:8081/v1"\n'
                                           'model = "smollm2"\n', encoding="utf-8")
    config = load_config(tmp_path / ".workshop")
    assert config.base_url == "http://192.168.1.20:8081/v1" and config.model == "smollm2"
    assert config.is_room and not config.is_local
    config.require_allowed()  # the room's own server: no opt-in


def test_nothing_beyond_the_declared_room_server_without_opt_in(ai_env, tmp_path):
    (tmp_path / "session.toml").write_text('[ai]\nroom_url = "http://192.168.1.20:8081/v1"\n', encoding="utf-8")
    ai_env.setenv("WORKSHOP_AI_BASE_URL", "http://192.168.1.21:8081/v1")  # another machine on the same network
    config = load_config(tmp_path / ".workshop")
    assert not config.is_room
    with pytest.raises(RemoteNotAllowed):
        config.require_allowed()
    (tmp_path / "session.toml").write_text('[ai]\nroom_url = "https://api.openai.com/v1"\n', encoding="utf-8")
    ai_env.delenv("WORKSHOP_AI_BASE_URL")
    config = load_config(tmp_path / ".workshop")  # a session file cannot declare a cloud "room" server
    assert not config.is_room and any("not on a private network" in w for w in config.warnings)
    with pytest.raises(RemoteNotAllowed):
        config.require_allowed()


def test_doctor_checks_the_rooms_server(use_model, ai_env, workspace, free_port):
    from workshop.services.ops.doctor import OK, WARNING, check_room_ai
    from workshop.core.workspace import Workspace

    room = RoomServer(use_model.base_url, port=0).start()
    try:
        (workspace / "session.toml").write_text(f'[ai]\nroom_url = "http://127.0.0.1:{room.port}/v1"\n',
                                                encoding="utf-8")
        row = check_room_ai(Workspace(workspace))
        assert row.state == OK and "waiting" in row.detail and "served" in row.detail
    finally:
        room.stop()
    (workspace / "session.toml").write_text(f'[ai]\nroom_url = "http://127.0.0.1:{free_port}/v1"\n', encoding="utf-8")
    row = check_room_ai(Workspace(workspace))
    assert row.state == WARNING and "not reachable" in row.detail


@pytest.mark.slow
def test_join_passes_the_rooms_ai_server_on(tmp_path, ai_env):
    """The facilitator's session.toml declares the room's AI; `workshop join` hands it to the tutor."""
    from tests.board.conftest import BoardServer, make_board_root, participant_workspace
    from tests.conftest import run_cli

    root, session = make_board_root(tmp_path / "facilitator")
    session.write_text(session.read_text() + '[ai]\nroom_url = "http://192.168.1.20:8081/v1"\nmodel = "smollm2"\n',
                       encoding="utf-8")
    board = BoardServer(root, root / ".workshop" / "board.sqlite3", session).start()
    try:
        laptop = participant_workspace(tmp_path / "laptop")
        done = run_cli("join", board.join_url, "--name", "Sam", cwd=laptop.root)
        assert done.returncode == 0, done.stdout + done.stderr
    finally:
        board.stop()
    config = load_config(laptop.state_dir)
    assert config.base_url == "http://192.168.1.20:8081/v1" and config.model == "smollm2" and config.is_room
    config.require_allowed()
