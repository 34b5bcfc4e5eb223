"""The board's library without a server: validation, rate limits, the state fold, the store, the session."""

from __future__ import annotations

import asyncio
import json

import pytest

from workshop.board import validation
from workshop.board.export import export_session, summarise, timeline_csv
from workshop.board.ratelimit import RateLimiter
from workshop.board.service import Board, Limits, RequestError
from workshop.board.session import load_session
from workshop.board.state import CHECK, HELP, JOIN, BoardState, Event
from workshop.board.store import Store, StoreError
from workshop.core.exercise import ExerciseError
from workshop.core.workspace import Workspace

from .conftest import check


def run(coroutine):
    """The board's actions are coroutines; without a server they commit in place."""
    return asyncio.run(coroutine)


# -- validation --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Sam", "  Min-jun  ", "김민준", "<b>Sam</b>", "a" * validation.NAME_MAX])
def test_good_names_are_kept_as_text(name):
    assert validation.clean_name(name) == " ".join(name.split())


@pytest.mark.parametrize("name", ["", "   ", "a" * (validation.NAME_MAX + 1), "Sam\x00", "Sam\x1b[31m",
                                  "evil\u202eoG", 42, None, ["Sam"]])
def test_bad_names_are_refused(name):
    with pytest.raises(validation.Invalid):
        validation.clean_name(name)


def test_newlines_in_a_message_become_spaces_and_length_is_capped():
    assert validation.clean_message("my loop\nnever ends") == "my loop never ends"
    with pytest.raises(validation.Invalid):
        validation.clean_message("x" * (validation.MESSAGE_MAX + 1))


@pytest.mark.parametrize("bad", [
    {"exercise": "../etc", "status": "passed"},
    {"exercise": "01-passphrase", "status": "great"},
    {"exercise": "01-passphrase", "status": "passed", "earned": 5, "possible": 4},
    {"exercise": "01-passphrase", "status": "passed", "earned": float("nan")},
    {"exercise": "01-passphrase", "status": "passed", "earned": True},
    {"exercise": "01-passphrase", "status": "passed", "duration": 1e9},
    {"exercise": "01-passphrase", "status": "passed", "code": "print('hi')"},
    {"exercise": "01-passphrase", "status": "passed", "participant": 2},
    "01-passphrase",
])
def test_bad_checks_are_refused(bad):
    with pytest.raises(validation.Invalid):
        validation.clean_check(bad)


def test_a_report_carries_a_bounded_number_of_checks():
    with pytest.raises(validation.Invalid):
        validation.clean_checks([])
    with pytest.raises(validation.Invalid):
        validation.clean_checks([check()] * (validation.MAX_CHECKS_PER_REPORT + 1))
    assert len(validation.clean_checks([check()] * 3)) == 3


def test_json_body_is_size_limited_and_strict():
    with pytest.raises(validation.Invalid):
        validation.parse_json_object(b"{" + b" " * validation.MAX_BODY_BYTES + b"}", {"a"})
    with pytest.raises(validation.Invalid):
        validation.parse_json_object(b"[1]", {"a"})
    with pytest.raises(validation.Invalid):
        validation.parse_json_object(b'{"b": 1}', {"a"})
    assert validation.parse_json_object(b'{"a": 1}', {"a"}) == {"a": 1}


def test_rate_limiter_refills_per_key():
    now = [0.0]
    limiter = RateLimiter(rate=1, burst=2, clock=lambda: now[0])
    assert limiter.allow("a") and limiter.allow("a")
    assert not limiter.allow("a")
    assert limiter.allow("b")  # another key has its own bucket
    now[0] += 1.0
    assert limiter.allow("a")
    assert limiter.retry_after("a") >= 1


def test_rate_limiter_memory_is_bounded():
    limiter = RateLimiter(rate=1, burst=1, max_keys=100)
    for key in range(1000):
        limiter.allow(key)
    assert len(limiter._buckets) == 100


# -- the state fold ----------------------------------------------------------------------------------


def _check_event(participant, t, status="failed", exercise="01-passphrase"):
    return Event(CHECK, participant, t, exercise=exercise, status=status, earned=1, possible=2, duration=0.1)


def test_a_pass_stays_and_a_late_old_check_does_not_undo_a_newer_one():
    state = BoardState(load_session(None, None))
    state.apply(Event(JOIN, 1, 0.0, text="Sam"))
    state.apply(_check_event(1, 10, "passed"))
    state.apply(_check_event(1, 20, "failed"))
    state.apply(_check_event(1, 5, "error"))  # kept offline, arrives last
    cell = state.participants[1].cells["01"]
    assert cell.passed and cell.passed_t == 10 and cell.last_status == "failed" and cell.checks == 3
    assert [column.key for column in state.columns] == ["01"]  # dynamic columns when nothing says otherwise


def test_counts_and_help_queue_order():
    state = BoardState(load_session(None, None))
    for participant, name in ((1, "A"), (2, "B"), (3, "C")):
        state.apply(Event(JOIN, participant, 0.0, text=name))
    state.apply(_check_event(1, 1, "passed"))
    state.apply(_check_event(2, 2))
    state.apply(Event(HELP, 3, 5.0, text="stuck"))
    state.apply(Event(HELP, 2, 3.0))
    assert state.counts()["01"] == {"passed": 1, "working": 1, "not_started": 1}
    assert [person.id for person in state.help_queue()] == [2, 3]
    snapshot = json.loads(state.snapshot_json())
    assert snapshot["queue"] == [2, 3] and snapshot["participants"][2]["help"]["message"] == "stuck"


# -- store and service -------------------------------------------------------------------------------


def test_store_replays_to_the_same_state_and_keeps_its_secrets(tmp_path):
    path = tmp_path / "board.sqlite3"
    board = Board(Store(path), load_session(None, None))
    secrets = (board.join_token, board.facilitator_key, board.session_id)
    joined = run(board.join(board.join_token, "Sam"))
    run(board.report(joined["participant"], [validation.clean_check(check(status="failed"))]))
    run(board.help(joined["participant"], True, "stuck"))
    assert run(board.report(joined["participant"], [validation.clean_check(check(status="passed"))]))["hand_lowered"]
    before = board.state.snapshot()
    board.close()
    again = Board(Store(path), load_session(None, None))
    assert (again.join_token, again.facilitator_key, again.session_id) == secrets
    assert again.state.snapshot() == before
    assert again.participant_for(joined["token"]) == joined["participant"]
    assert again.replayed == 5  # join, 2 checks, help, help-done
    again.close()


def test_concurrent_reports_are_group_committed_in_order(tmp_path):
    path = tmp_path / "board.sqlite3"
    board = Board(Store(path), load_session(None, None))

    async def many():
        board.start_writer(asyncio.get_running_loop().call_soon_threadsafe)
        people = await asyncio.gather(*(board.join(board.join_token, f"P{n}") for n in range(30)))
        await asyncio.gather(*(board.report(person["participant"], [validation.clean_check(check(earned=n % 4))])
                               for n, person in enumerate(people * 3)))

    asyncio.run(many())
    batches = board._writer.batches
    live = board.state.snapshot()
    board.close()
    assert batches < 30 + 90  # requests that came together were committed together
    again = Board(Store(path), load_session(None, None))
    assert again.state.snapshot() == live and again.replayed == 30 + 90
    again.close()


def test_participant_tokens_are_stored_only_as_hashes(tmp_path):
    path = tmp_path / "board.sqlite3"
    board = Board(Store(path), load_session(None, None))
    token = run(board.join(board.join_token, "Sam"))["token"]
    board.close()
    assert token.encode() not in path.read_bytes()
    assert token.encode() not in (tmp_path / "board.sqlite3-wal").read_bytes() if (
        tmp_path / "board.sqlite3-wal").exists() else True


def test_joining_again_with_ones_token_keeps_the_row(tmp_path):
    board = Board(Store(tmp_path / "b.sqlite3"), load_session(None, None))
    first = run(board.join(board.join_token, "Sam"))
    again = run(board.join(board.join_token, "Samuel", first["token"]))
    assert again["participant"] == first["participant"] and again["name"] == "Samuel"
    assert len(board.state.participants) == 1
    with pytest.raises(RequestError) as refused:
        run(board.join("wrong-token-123", "Eve"))
    assert refused.value.status == 403
    board.close()


def test_the_board_has_a_size_limit(tmp_path):
    board = Board(Store(tmp_path / "b.sqlite3"), load_session(None, None), limits=Limits(max_participants=2))
    run(board.join(board.join_token, "A"))
    run(board.join(board.join_token, "B"))
    with pytest.raises(RequestError):
        run(board.join(board.join_token, "C"))
    board.close()


def test_a_damaged_store_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "board.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="--new"):
        Store(path)


# -- session file ------------------------------------------------------------------------------------


def test_session_file_is_read_with_the_slides_grammar(tmp_path, repo):
    workspace = Workspace(repo)
    session = tmp_path / "session.toml"
    session.write_text('title = "Day 1"\nexercises = ["passphrase", 2, "07"]\n', encoding="utf-8")
    loaded = load_session(workspace, session)
    assert loaded.title == "Day 1"
    assert [column.key for column in loaded.columns] == ["01", "02", "07"]
    assert loaded.columns[0].name == "01-passphrase"
    session.write_text('title = "Day 2"\nexercises = ["no-such-thing", 1]\n', encoding="utf-8")
    loaded = load_session(workspace, session)
    assert [column.key for column in loaded.columns] == ["01"] and loaded.warnings
    with pytest.raises(ExerciseError):
        load_session(workspace, tmp_path / "missing.toml")
    for broken in ("exercises = [1, \n", '[session]\ntitle = "Day 1"\nexercises = [1]\n', 'exercises = [1]\n'):
        session.write_text(broken, encoding="utf-8")  # bad TOML; a grammar the slides refuse; no title
        with pytest.raises(ExerciseError):
            load_session(workspace, session)


def test_without_a_session_file_every_workspace_exercise_is_a_column(repo):
    loaded = load_session(Workspace(repo), None)
    assert loaded.columns and loaded.columns[0].key == "01" and not loaded.dynamic


# -- export ------------------------------------------------------------------------------------------


def test_export_writes_a_timeline_and_a_self_contained_summary(tmp_path):
    now = [1_000_000.0]
    path = tmp_path / "board.sqlite3"
    board = Board(Store(path), load_session(None, None), clock=lambda: now[0])
    sam = run(board.join(board.join_token, "<script>alert(1)</script>"))["participant"]
    formula = run(board.join(board.join_token, "=HYPERLINK(\"x\")"))["participant"]
    now[0] += 60
    run(board.report(sam, [validation.clean_check(check(status="failed"))]))
    run(board.help(sam, True, "secret words"))
    now[0] += 90
    run(board.report(sam, [validation.clean_check(check(status="passed", earned=4))]))
    run(board.report(formula, [validation.clean_check(check(exercise="02-thread-splitter"))]))
    board.close()
    csv_path, html_path = export_session(path, tmp_path / "out")
    text = csv_path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "help-done" in text and ",passed," in text
    summary = html_path.read_text(encoding="utf-8")
    assert "<script>" not in summary and "&lt;script&gt;" in summary
    assert "secret words" not in summary and "secret words" not in text
    assert "http://" not in summary.replace("http://www.w3.org/2000/svg", "")  # nothing loaded from elsewhere
    assert "1:30" in summary  # the help wait and the time to pass
    assert len(timeline_csv(summarise(Store(path, read_only=True))).splitlines()) == 1 + 7
