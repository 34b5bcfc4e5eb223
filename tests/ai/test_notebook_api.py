"""`from workshop import prompt, tutor` in a notebook: the kernel's code, HTML output, no tracebacks."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from tests.ai.conftest import HINT, TASK2, TASK3_STUB, assert_no_secrets

KERNEL_TASK1 = '''import math
import secrets
import unicodedata


def load_wordlist(text):
    """What the learner ran in the kernel (not yet saved)."""
    return [line for line in text.splitlines() if line]  # KERNEL-MARK-5520
'''


@pytest.fixture
def kernel(workspace, tmp_path, monkeypatch):
    """A learner's kernel namespace whose functions have source (as IPython keeps for cells)."""
    source = tmp_path / "kernel_cells.py"
    source.write_text(KERNEL_TASK1 + TASK2 + TASK3_STUB, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("kernel_cells", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    namespace = {key: value for key, value in vars(module).items() if not key.startswith("__")}
    monkeypatch.setattr("workshop.engine.inkernel._user_namespace", lambda: namespace)
    monkeypatch.chdir(workspace / "exercises" / "01-passphrase")
    return namespace


def test_import_workshop_stays_cheap():
    code = ("import sys, workshop; workshop.prompt; workshop.tutor; "
            "print('requests' in sys.modules, 'rich' in sys.modules, 'pytest' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONUTF8": "1"}, check=False).stdout
    assert out.split() == ["False", "False", "False"]


def test_prompt_in_the_notebook(kernel, ai_env):
    from workshop import prompt

    shown = prompt(task=1)
    assert "def load_wordlist(text):" in str(shown) and "def test_drops_dice_numbers" in str(shown)
    html = shown._repr_html_()
    assert "<pre" in html and "&quot;" in html  # escaped
    assert_no_secrets(str(shown))


def test_tutor_in_the_notebook_uses_what_the_kernel_ran(kernel, use_model, capsys):
    from workshop import tutor

    view = tutor()
    assert view.error is None and view.reply.text == HINT
    content = use_model.sent_text()
    assert "KERNEL-MARK-5520" in content and "test_drops_dice_numbers" in content
    assert_no_secrets(content + use_model.requests[0]["raw"].decode(), learner_code=KERNEL_TASK1 + TASK2 + TASK3_STUB)
    html = view._repr_html_()
    assert "AI tutor · Task 1" in html and "line.split()" in html
    assert "Go through the text line by line" in html  # the static hint came first
    assert "<script" not in html


def test_tutor_in_the_notebook_without_a_server(kernel, use_model, ai_env, free_port):
    from workshop import tutor

    ai_env.setenv("WORKSHOP_AI_BASE_URL", f"http://127.0.0.1:{free_port}/v1")
    view = tutor()
    assert view.reply is None and "No AI server is running" in str(view.error)
    assert "Go through the text line by line" in repr(view)


def test_reply_html_is_escaped(kernel, use_model):
    from workshop import tutor

    use_model.reply = "<script>alert(1)</script> What does isdigit() say?"
    html = tutor()._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
