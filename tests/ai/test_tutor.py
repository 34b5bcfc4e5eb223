"""The tutor against a fake model on 127.0.0.1: what is sent, what never is, the rules, every failure."""

from __future__ import annotations

import json

import pytest

from tests.ai.conftest import (
    HINT,
    MODEL,
    TASK2,
    TASK3_STUB,
    WRONG_TASK1,
    assert_no_secrets,
    learner_notebook,
    write_ai_config,
)
from workshop.ai import errors
from workshop.ai.config import load_config
from workshop.ai.tutor import ask, prepare
from workshop.core.workspace import Workspace

LEARNER_CODE = WRONG_TASK1 + TASK2 + TASK3_STUB


def _ask(workspace, task=None, question="", announce=None, notebook=None, result=None):
    ws = Workspace(workspace)
    exercise = ws.exercise("01")
    prepared = prepare(exercise, notebook or exercise.notebook, ws.state_dir, task, question, result)
    config = load_config(ws.state_dir)
    return ask(config, prepared.given, ws.state_dir, announce=announce or (lambda text: None))


def _everything_sent(model) -> str:
    """The decoded messages and the raw body of every request, for searching."""
    parts = []
    for index, request in enumerate(model.requests):
        parts.append(model.sent_text(index))
        parts.append(request["raw"].decode("utf-8"))
    return "\n".join(parts)


def test_sends_brief_code_and_failures_but_no_hidden_tests_or_solution(workspace, use_model):
    learner_notebook(workspace)

    reply = _ask(workspace)

    assert reply.text == HINT and not reply.cut
    assert len(use_model.requests) == 1
    request = use_model.requests[0]
    assert request["path"] == "/v1/chat/completions"
    body = request["json"]
    assert body["model"] == MODEL and body["stream"] is True and body["max_tokens"] > 0
    system, user = body["messages"]
    assert system["role"] == "system" and "Never write the solution" in system["content"]
    assert "guiding questions" in system["content"]
    content = user["content"]
    # The brief: exercise, task, the task in plain words.
    assert "Passphrase maker" in content and "Task 1: Read a word list" in content and "One word per line." in content
    # The learner's code for the failing task (only that task's function and what it uses).
    assert "LEARNER-MARK-7731" in content and "def load_wordlist(text):" in content
    assert "def make_passphrase" not in content
    # The trimmed failing-test output: test name, what it checks, the assertion message.
    assert "test_drops_dice_numbers" in content and "AssertionError" in content
    assert "A diceware line '11111<TAB>baba' gives the word 'baba'." in content
    assert "Use -v to get more diff" not in content
    assert "Authorization" not in request["headers"]  # no key configured, none sent
    assert_no_secrets(_everything_sent(use_model), learner_code=LEARNER_CODE)


def test_fresh_notebook_every_task_sends_nothing_secret(workspace, use_model):
    """The untouched learner notebook, asking about each task in turn (hints seen included)."""
    ws = Workspace(workspace)
    for task in (1, 2, 3):
        from workshop.services.learner import next_hint

        for _ in range(3):
            next_hint(ws, ws.exercise("01"), ws.exercise("01").notebook, task)  # the learner saw every hint
        _ask(workspace, task=task, question="Why does it fail?")
    assert len(use_model.requests) == 3
    assert "NotImplementedError: Write the body of entropy_bits()" in use_model.sent_text(1)
    assert "Where: cell" in use_model.sent_text(1)  # the line of the learner's code that raised
    assert "My question: Why does it fail?" in use_model.sent_text(2)
    assert_no_secrets(_everything_sent(use_model))


def test_a_syntax_error_is_sent_with_its_cell(workspace, use_model):
    learner_notebook(workspace, [WRONG_TASK1, "def entropy_bits(n_words, list_size=7776)\n    return 1\n", TASK3_STUB])
    _ask(workspace)
    content = use_model.sent_text()
    assert "Task 2" in content and "def entropy_bits(n_words, list_size=7776)" in content
    assert "Python cannot read your code" in content


def test_solution_notebooks_are_refused_and_nothing_is_sent(workspace, use_model):
    ws = Workspace(workspace)
    solution = ws.solution_for(ws.exercise("01"))
    from workshop.ai.source import learner_side

    with pytest.raises(errors.NotSendable):
        learner_side(solution, solution.notebook, ws.solutions_dir)
    with pytest.raises(errors.NotSendable):
        learner_side(ws.exercise("01"), solution.notebook, ws.solutions_dir)
    # Known by its place even without the workspace's solutions folder (as in a notebook).
    with pytest.raises(errors.NotSendable):
        learner_side(solution)
    with pytest.raises(errors.NotSendable):
        learner_side(ws.exercise("01"), solution.notebook)
    assert learner_side(ws.exercise("01"), ws.exercise("01").notebook) is not None
    # A learner notebook with solution markers pasted in is refused too.
    learner_notebook(workspace, ["def load_wordlist(text):\n    ### BEGIN SOLUTION\n    return []\n    ### END SOLUTION\n"])
    with pytest.raises(errors.NotSendable):
        _ask(workspace)
    assert use_model.requests == []


def test_a_reply_full_of_code_is_cut(workspace, use_model):
    learner_notebook(workspace)
    use_model.reply = ("Here you go:\n\n```python\ndef load_wordlist(text):\n    words = []\n"
                       "    for line in text.splitlines():\n        words.append(line.split()[-1])\n"
                       "    return words\n```\n\nThat is it.")
    reply = _ask(workspace)
    assert reply.cut and "words.append" not in reply.text and "Here you go" in reply.text
    assert "you write it" in reply.note


def test_api_key_is_sent_as_a_bearer_token(workspace, use_model, ai_env):
    ai_env.setenv("WORKSHOP_AI_API_KEY", "sk-room-123")
    learner_notebook(workspace)
    _ask(workspace)
    assert use_model.requests[0]["headers"]["Authorization"] == "Bearer sk-room-123"


def test_rate_limit_counts_questions_across_calls(workspace, use_model, free_port, ai_env):
    learner_notebook(workspace)
    write_ai_config(workspace, "rate_limit = 2\nrate_window_minutes = 30\n")
    _ask(workspace)
    _ask(workspace)
    with pytest.raises(errors.RateLimited) as caught:
        _ask(workspace)
    assert "2 times in the last 30 minutes" in str(caught.value) and caught.value.retry_after > 0
    assert len(use_model.requests) == 2


def test_a_server_that_is_down_does_not_use_up_questions(workspace, use_model, free_port, ai_env):
    learner_notebook(workspace)
    write_ai_config(workspace, "rate_limit = 1\n")
    ai_env.setenv("WORKSHOP_AI_BASE_URL", f"http://127.0.0.1:{free_port}/v1")
    with pytest.raises(errors.ServerUnreachable):
        _ask(workspace)
    ai_env.setenv("WORKSHOP_AI_BASE_URL", use_model.base_url)
    _ask(workspace)  # still allowed: nothing reached a server the first time
    with pytest.raises(errors.RateLimited):
        _ask(workspace)


def _remote(ai_env, fake_model, allow: bool):
    """A remote endpoint, reached through the fake model acting as an HTTP proxy."""
    ai_env.setenv("WORKSHOP_AI_BASE_URL", "http://tutor.example.org/v1")
    ai_env.setenv("HTTP_PROXY", f"http://127.0.0.1:{fake_model.port}")
    ai_env.setenv("WORKSHOP_AI_ALLOW_REMOTE", "1" if allow else "0")


def test_remote_endpoint_without_opt_in_sends_nothing(workspace, use_model, ai_env):
    learner_notebook(workspace)
    _remote(ai_env, use_model, allow=False)
    with pytest.raises(errors.RemoteNotAllowed, match="tutor.example.org"):
        _ask(workspace)
    assert use_model.requests == []


def test_remote_endpoint_with_opt_in_says_so_every_time(workspace, use_model, ai_env):
    learner_notebook(workspace)
    _remote(ai_env, use_model, allow=True)
    notices: list[str] = []
    _ask(workspace, announce=notices.append)
    _ask(workspace, announce=notices.append)
    assert len(notices) == 2
    assert all("tutor.example.org" in notice and "leave this computer" in notice for notice in notices)
    assert "not encrypted" in notices[0]
    # It really went to the remote address (through the proxy).
    assert use_model.requests[0]["path"] == "http://tutor.example.org/v1/chat/completions"


def test_local_endpoint_ignores_proxy_settings(workspace, use_model, ai_env, free_port):
    learner_notebook(workspace)
    ai_env.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port}")  # would fail if used
    notices: list[str] = []
    _ask(workspace, announce=notices.append)
    assert notices == [] and use_model.requests[0]["path"] == "/v1/chat/completions"


def test_nothing_is_logged_unless_asked(workspace, use_model, ai_env):
    learner_notebook(workspace)
    _ask(workspace)
    assert not (workspace / ".workshop" / "ai-log.jsonl").exists()
    write_ai_config(workspace, "log = true\n")
    _ask(workspace)
    records = [json.loads(line) for line in
               (workspace / ".workshop" / "ai-log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1 and records[0]["reply"] == HINT and records[0]["model"] == MODEL


@pytest.fixture(scope="module")
def wrong_try_result(tmp_path_factory):
    """One real check of the wrong first try, shared by the failure-mode tests (they vary the server only)."""
    from workshop.engine.pipeline import check_notebook

    root = tmp_path_factory.mktemp("check")
    (root / "exercises").mkdir()
    import shutil

    from tests.conftest import REPO

    shutil.copytree(REPO / "exercises" / "01-passphrase", root / "exercises" / "01-passphrase")
    learner_notebook(root)
    exercise = Workspace(root).exercise("01")
    return check_notebook(exercise, exercise.notebook)


@pytest.mark.parametrize("setup, error, words", [
    ("down", errors.ServerUnreachable, "ollama serve"),
    ("wrong model", errors.ModelNotFound, "ollama pull no-such-model"),
    ("timeout", errors.ServerTimeout, "longer than 0.5 seconds"),
    ("not json", errors.BadReply, "not JSON"),
    ("no choices", errors.BadReply, "not a chat completion"),
    ("empty reply", errors.BadReply, "empty"),
    ("429", errors.ServerBusy, "Try again in 30 seconds"),
    ("500", errors.ServerError, "HTTP 500"),
    ("401", errors.AuthError, "API key"),
    ("redirect", errors.ServerError, "redirect"),
    ("no endpoint", errors.ServerError, "ends in /v1"),
])
def test_failure_modes_are_clear_errors(workspace, use_model, ai_env, free_port, wrong_try_result, setup, error,
                                        words):
    learner_notebook(workspace)
    if setup == "down":
        ai_env.setenv("WORKSHOP_AI_BASE_URL", f"http://127.0.0.1:{free_port}/v1")
    elif setup == "wrong model":
        ai_env.setenv("WORKSHOP_AI_MODEL", "no-such-model")
    elif setup == "timeout":
        use_model.delay = 1.5
        ai_env.setenv("WORKSHOP_AI_TIMEOUT", "0.5")
    elif setup == "not json":
        use_model.raw = b"<html><body>Welcome to nginx</body></html>"
    elif setup == "no choices":
        use_model.raw = b'{"object": "list", "data": []}'
    elif setup == "empty reply":
        use_model.reply = "   "
    elif setup in ("429", "500", "401"):
        use_model.status = int(setup)
        use_model.raw = b'{"error": {"message": "nope"}}'
        use_model.headers = {"Retry-After": "30"}
    elif setup == "redirect":
        use_model.status = 307
        use_model.raw = b""
        use_model.headers = {"Location": f"http://127.0.0.1:{free_port}/elsewhere"}
    elif setup == "no endpoint":
        use_model.status = 404
        use_model.raw = b"404 page not found"
    with pytest.raises(error, match=words):
        _ask(workspace, result=wrong_try_result)
    if setup == "redirect":
        assert len(use_model.requests) == 1  # not followed


def test_a_key_that_cannot_be_sent_is_a_config_error(workspace, use_model, ai_env):
    learner_notebook(workspace)
    ai_env.setenv("WORKSHOP_AI_API_KEY", "sk-키")
    with pytest.raises(errors.ConfigError, match="cannot be sent"):
        _ask(workspace)


def test_an_unknown_task_is_a_clear_error(workspace, use_model):
    from workshop.core.exercise import ExerciseError

    with pytest.raises(ExerciseError, match="has no task 9"):
        _ask(workspace, task=9)
    assert use_model.requests == []


# -- issue 21 and 14 §4: hidden tests never leave, even from a facilitator's workspace ------------------


def test_hidden_test_text_never_leaves_a_facilitators_workspace(workspace, use_model):
    """The attack: hidden-test lines pasted into the learner's code and question, and the visible test
    file replaced by the hidden one, in a workspace that has solutions/ with hidden/."""
    hidden_file = workspace / "solutions" / "01-passphrase" / "hidden" / "test_passphrase_hidden.py"
    hidden = hidden_file.read_text(encoding="utf-8")
    lines = [line.strip() for line in hidden.splitlines() if len(line.strip()) >= 20 and "assert" in line][:4]
    assert lines
    planted = WRONG_TASK1.replace("    return result\n", "".join(f"    # {line}\n" for line in lines)
                                  + "    return result\n")
    learner_notebook(workspace, [planted, TASK2, TASK3_STUB])
    _ask(workspace, question="Is this the check? " + lines[0])
    text = _everything_sent(use_model)
    assert not [line for line in lines if line in text]
    assert "[removed: text of a hidden test]" in text and "LEARNER-MARK-7731" in text


def test_a_korean_session_asks_the_model_for_korean(workspace, use_model, ai_env):
    learner_notebook(workspace)
    (workspace / "session.toml").write_text('title = "세션"\nlanguage = "ko"\nexercises = [1]\n', encoding="utf-8")
    _ask(workspace)
    system = use_model.requests[-1]["json"]["messages"][0]["content"]
    assert "Always answer in Korean (한국어)" in system
    ai_env.setenv("WORKSHOP_LANG", "en")
    _ask(workspace)
    assert "Korean" not in use_model.requests[-1]["json"]["messages"][0]["content"]


def test_the_question_is_trimmed_to_the_context_and_the_learner_told(workspace, use_model, ai_env):
    learner_notebook(workspace)
    write_ai_config(workspace, "context_size = 900\nmax_tokens = 200\n")
    reply = _ask(workspace)
    sent = use_model.requests[-1]["json"]["messages"]
    from workshop.ai.tutor import estimate_tokens

    assert estimate_tokens(sent) <= 900 - 200
    assert "test_drops_dice_numbers" in sent[1]["content"] and "LEARNER-MARK-7731" in sent[1]["content"]
    assert reply.left_out and "the failing tests' source code" in reply.note


def test_a_context_error_is_not_called_a_missing_model(workspace, use_model):
    learner_notebook(workspace)
    use_model.status = 400
    use_model.raw = json.dumps({"error": {"message": "This model's maximum context length is 2048 tokens. However, "
                                          "you requested 2448 tokens", "type": "invalid_request_error"}}).encode()
    with pytest.raises(errors.ContextTooLong, match="longer than this model can read") as caught:
        _ask(workspace)
    assert "no model called" not in str(caught.value) and "2048 tokens" in str(caught.value)


def test_a_visible_test_file_that_links_to_the_hidden_one_is_not_read(workspace, use_model):
    import os

    learner_notebook(workspace)
    visible = workspace / "exercises" / "01-passphrase" / "test_passphrase.py"
    hidden_file = workspace / "solutions" / "01-passphrase" / "hidden" / "test_passphrase_hidden.py"
    visible.unlink()
    try:
        os.symlink(hidden_file, visible)
    except OSError:
        pytest.skip("symbolic links are not allowed here")
    from workshop.ai.tutor import TutorInput, build_messages
    from workshop.ai.guard import strip_hidden_text
    from workshop.ai.source import visible_tests
    from workshop.core.workspace import Workspace

    exercise = Workspace(workspace).exercise("01")
    assert visible_tests(exercise) == ""
    given = strip_hidden_text(TutorInput(exercise, 1, "x = 1", hidden_file.read_text(encoding="utf-8")))
    text = "\n".join(m["content"] for m in build_messages(given))
    lines = [line.strip() for line in hidden_file.read_text().splitlines() if len(line.strip()) >= 20]
    assert lines and not [line for line in lines if line in text]


def test_the_reply_streams_in_pieces_and_the_preview_holds_code_back(workspace, use_model):
    from workshop.ai.config import AIConfig
    from workshop.ai.client import chat
    from workshop.ai.tutor import stream_preview

    use_model.reply = "Look at the loop.\n```python\ndef load_wordlist(text):\n    return text.split()\n```\nWhy?"
    pieces: list[str] = []
    reply = chat(AIConfig(base_url=use_model.base_url, model=MODEL, timeout=10), [{"role": "user", "content": "q"}],
                 on_text=pieces.append)
    assert len(pieces) > 5 and "".join(pieces) == reply.text and reply.first_token is not None
    shown = [stream_preview("".join(pieces[:end])) for end in range(1, len(pieces) + 1)]
    assert not any("return text.split()" in text or "def load_wordlist" in text for text in shown)
    assert "Look at the loop." in shown[-1] and "Why?" in shown[-1]


def test_a_reply_stopped_at_max_tokens_says_so(workspace, use_model):
    learner_notebook(workspace)
    use_model.reply = "Look at what split gives for the"
    use_model.finish_reason = "length"
    reply = _ask(workspace)
    assert reply.cut_off and "cut off" in reply.note and "max_tokens" in reply.note
