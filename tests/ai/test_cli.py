"""`workshop prompt`, `workshop tutor` and `workshop hint --ai` as real subprocesses."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.ai.conftest import (
    HINT,
    TASK2,
    TASK3_STUB,
    WRONG_TASK1,
    assert_no_secrets,
    learner_notebook,
    write_ai_config,
)
from tests.conftest import run_cli

LEARNER_CODE = WRONG_TASK1 + TASK2 + TASK3_STUB
FIRST_HINT = "Go through the text line by line with text.splitlines(), and skip what is not a word."


def _out(completed) -> str:
    return completed.stdout + completed.stderr


def _no_traceback(completed) -> None:
    assert "Traceback" not in _out(completed), _out(completed)


def _flat(text: str) -> str:
    """Rich wraps lines in panels: compare text with the borders and line breaks removed."""
    return " ".join(text.replace("│", " ").replace("╭", " ").replace("╰", " ").split())


# -- workshop tutor ---------------------------------------------------------------------------------------------


def test_tutor_shows_the_static_hint_first_then_the_reply(workspace, use_model):
    learner_notebook(workspace)
    completed = run_cli("tutor", "01", cwd=workspace)
    _no_traceback(completed)
    assert completed.returncode == 0, _out(completed)
    text = _flat(completed.stdout)
    assert FIRST_HINT in text and HINT in text
    assert text.index(FIRST_HINT) < text.index(HINT)
    assert "on this computer" in text and "An AI can be wrong" in text
    assert len(use_model.requests) == 1
    assert FIRST_HINT in use_model.sent_text()  # the tutor knows which hint was shown
    assert_no_secrets(use_model.sent_text() + use_model.requests[0]["raw"].decode(), learner_code=LEARNER_CODE)


def test_hint_with_ai_gives_the_static_hint_then_the_tutor(workspace, use_model):
    learner_notebook(workspace)
    completed = run_cli("hint", "01", "--ai", cwd=workspace)
    _no_traceback(completed)
    assert completed.returncode == 0, _out(completed)
    text = _flat(completed.stdout)
    assert "Hint 1 of 3" in text and text.index(FIRST_HINT) < text.index(HINT)
    assert len(use_model.requests) == 1


def test_hint_without_ai_never_calls_the_server(workspace, use_model):
    learner_notebook(workspace)
    completed = run_cli("hint", "01", cwd=workspace)
    assert completed.returncode == 0 and use_model.requests == []


def test_code_in_the_reply_is_cut_and_the_learner_told_why(workspace, use_model):
    learner_notebook(workspace)
    use_model.reply = ("Use this:\n\n```python\ndef load_wordlist(text):\n    words = []\n"
                       "    for line in text.splitlines():\n        words.append(line.split()[-1])\n"
                       "    return words\n```")
    completed = run_cli("tutor", "01", cwd=workspace)
    assert completed.returncode == 0
    text = _flat(completed.stdout)
    assert "words.append" not in text and "[code removed by the workshop tutor]" in text
    assert "the point is that you write it" in text


@pytest.mark.parametrize("setup, words", [
    ("down", "No AI server is running at"),
    ("wrong model", "has no model called 'no-such-model'"),
    ("timeout", "took longer than 0.5 seconds"),
    ("not json", "is not JSON"),
    ("429", "HTTP 429"),
    ("500", "HTTP 500"),
])
def test_tutor_failures_give_a_clear_message_and_the_static_hint(workspace, use_model, ai_env, free_port, setup,
                                                                  words):
    learner_notebook(workspace)
    env = {}
    if setup == "down":
        env["WORKSHOP_AI_BASE_URL"] = f"http://127.0.0.1:{free_port}/v1"
    elif setup == "wrong model":
        env["WORKSHOP_AI_MODEL"] = "no-such-model"
    elif setup == "timeout":
        use_model.delay = 1.5
        env["WORKSHOP_AI_TIMEOUT"] = "0.5"
    elif setup == "not json":
        use_model.raw = b"<html>It works!</html>"
    else:
        use_model.status = int(setup)
        use_model.raw = b'{"error": "overloaded"}'
    completed = run_cli("tutor", "01", cwd=workspace, env=env)
    _no_traceback(completed)
    assert completed.returncode == 3, _out(completed)
    text = _flat(completed.stdout)
    assert "The AI tutor could not answer." in text and words in text
    assert FIRST_HINT in text  # the static hint, so the learner is not left empty-handed


def test_rate_limit_is_shared_by_separate_commands(workspace, use_model):
    learner_notebook(workspace)
    write_ai_config(workspace, "rate_limit = 1\nrate_window_minutes = 5\n")
    first = run_cli("tutor", "01", cwd=workspace)
    second = run_cli("hint", "01", "--ai", cwd=workspace)
    assert first.returncode == 0 and second.returncode == 3
    _no_traceback(second)
    text = _flat(second.stdout)
    assert "asked the tutor 1 time in the last 5 minutes" in text and "Hint 2 of 3" in text
    assert len(use_model.requests) == 1


def test_remote_without_opt_in_sends_nothing(workspace, use_model):
    learner_notebook(workspace)
    env = {"WORKSHOP_AI_BASE_URL": "http://tutor.example.org/v1", "HTTP_PROXY": f"http://127.0.0.1:{use_model.port}"}
    completed = run_cli("tutor", "01", cwd=workspace, env=env)
    assert completed.returncode == 3
    text = _flat(completed.stdout)
    assert "is not on this computer" in text and "WORKSHOP_AI_ALLOW_REMOTE=1" in text and FIRST_HINT in text
    assert use_model.requests == []


def test_remote_with_opt_in_says_the_code_leaves_the_computer(workspace, use_model):
    learner_notebook(workspace)
    env = {"WORKSHOP_AI_BASE_URL": "http://tutor.example.org/v1", "HTTP_PROXY": f"http://127.0.0.1:{use_model.port}",
           "WORKSHOP_AI_ALLOW_REMOTE": "1"}
    completed = run_cli("tutor", "01", cwd=workspace, env=env)
    assert completed.returncode == 0, _out(completed)
    text = _flat(completed.stdout)
    assert "being sent to tutor.example.org: they leave this computer" in text
    assert text.index("leave this computer") < text.index(HINT)
    assert "not this computer" in text  # the reply panel says where it came from


def test_bad_config_file_is_a_message_and_a_hint(workspace, use_model):
    learner_notebook(workspace)
    write_ai_config(workspace, "timeout = [")
    completed = run_cli("tutor", "01", cwd=workspace)
    _no_traceback(completed)
    assert completed.returncode == 3 and "not valid TOML" in _flat(completed.stdout)
    assert use_model.requests == []


def test_all_passing_needs_no_tutor(workspace, use_model, repo):
    from tests.conftest import solution_code

    passing = "\n".join(line for line in solution_code(repo, "01-passphrase").splitlines() if "SOLUTION" not in line)
    learner_notebook(workspace, [passing])
    completed = run_cli("tutor", "01", cwd=workspace)
    assert completed.returncode == 0 and "Every test passes" in completed.stdout
    assert use_model.requests == []


def test_show_config_masks_the_key(workspace, ai_env):
    completed = run_cli("tutor", "--show-config", cwd=workspace, env={"WORKSHOP_AI_API_KEY": "sk-very-secret"})
    assert completed.returncode == 0, _out(completed)
    assert "sk-very-secret" not in completed.stdout and "WORKSHOP_AI_API_KEY" in completed.stdout
    assert "http://localhost:11434/v1" in completed.stdout


def test_show_config_names_the_rooms_own_server_as_such(workspace, ai_env):
    """The room's server (here as a JupyterHub passes it on) is not shown as a refused remote server."""
    completed = run_cli("tutor", "--show-config", cwd=workspace,
                        env={"WORKSHOP_AI_ROOM_URL": "http://192.168.1.20:8081/v1", "COLUMNS": "200"})
    text = " ".join(completed.stdout.split())
    assert completed.returncode == 0, _out(completed)
    assert "the room's own server at 192.168.1.20" in text and "without an opt-in" in text
    assert "will not send anything there" not in text


# -- workshop prompt --------------------------------------------------------------------------------------------


def test_prompt_has_the_task_signatures_tests_and_rules(workspace, ai_env):
    completed = run_cli("prompt", "01", cwd=workspace)
    assert completed.returncode == 0, _out(completed)
    text = completed.stdout
    assert "def load_wordlist(text):" in text and "Return the words of a word list" in text
    assert "raise NotImplementedError" not in text  # signatures and docstrings, not bodies
    assert "def test_drops_dice_numbers" in text and "def test_uses_secrets_not_random_by_default" in text
    assert "standard library" in text and "made-up example data" in text
    assert "Explain your code so I can check it" in text
    assert_no_secrets(text)


def test_prompt_for_one_task(workspace, ai_env):
    completed = run_cli("prompt", "01", "--task", "2", cwd=workspace)
    text = completed.stdout
    assert "def entropy_bits(n_words, list_size=7776):" in text and "def test_six_words_of_7776" in text
    assert "def test_drops_dice_numbers" not in text and "def load_wordlist" not in text


def test_prompt_takes_signatures_from_the_learner_notebook(workspace, ai_env):
    learner_notebook(workspace, [('def load_wordlist(text, strict=False):\n    """LEARNER-DOC-4411."""\n'
                                  '    return secret_body_4411\n')])
    text = run_cli("prompt", "01", "--task", "1", cwd=workspace).stdout
    assert "def load_wordlist(text, strict=False):" in text and "LEARNER-DOC-4411" in text
    assert "secret_body_4411" not in text


def test_prompt_refuses_a_solution_notebook(workspace, ai_env):
    completed = run_cli("prompt", "--notebook", str(workspace / "solutions" / "01-passphrase" / "passphrase.ipynb"),
                        "01", cwd=workspace)
    assert completed.returncode == 2 and "never sent" in completed.stderr and completed.stdout == ""


@pytest.mark.skipif(sys.platform == "win32", reason="fake clipboard tool is a POSIX script")
def test_copy_uses_the_platform_tool(workspace, ai_env, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    clipboard = tmp_path / "clipboard.txt"
    for name in ("xclip", "pbcopy"):
        tool = bin_dir / name
        tool.write_text(f"#!{sys.executable}\nimport sys, pathlib\n"
                        f"pathlib.Path({str(clipboard)!r}).write_bytes(sys.stdin.buffer.read())\n", encoding="utf-8")
        tool.chmod(0o755)
    env = {"PATH": str(bin_dir), "DISPLAY": ":0", "WAYLAND_DISPLAY": ""}
    completed = run_cli("prompt", "01", "--copy", cwd=workspace, env=env)
    assert completed.returncode == 0, _out(completed)
    assert "on your clipboard" in completed.stderr and completed.stdout == ""
    expected = run_cli("prompt", "01", cwd=workspace).stdout
    assert clipboard.read_text(encoding="utf-8") == expected


def test_copy_without_a_clipboard_says_where_the_prompt_is(workspace, ai_env, tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    env = {"PATH": str(empty), "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    completed = run_cli("prompt", "01", "--task", "1", "--copy", cwd=workspace, env=env)
    assert completed.returncode == 0, _out(completed)
    saved = workspace / ".workshop" / "prompt-01-passphrase-task1.md"
    assert "Could not copy to the clipboard" in completed.stderr and str(saved) in completed.stderr
    assert saved.read_text(encoding="utf-8") == completed.stdout
    assert "def load_wordlist" in completed.stdout


def test_help_lists_the_commands_without_importing_them(workspace):
    completed = run_cli("--help", cwd=workspace)
    assert "prompt" in completed.stdout and "tutor" in completed.stdout
    code = ("import sys; from workshop.cli import main; sys.argv=['workshop','--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED', 'workshop.cli.ai' in sys.modules, 'requests' in sys.modules)")
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workspace,
                         env={**os.environ, "PYTHONUTF8": "1"}, check=False).stdout
    assert "LOADED False False" in out
    assert "requests" not in Path(__file__).parent.joinpath("..", "..", "workshop", "cli", "ai.py").read_text(
        encoding="utf-8").split("def ")[0]
