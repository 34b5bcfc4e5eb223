"""Shared fixtures: the repository, a throw-away copy of the workspace, notebooks made in tests."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root (holds exercises/, solutions/, slides/)."""
    return REPO


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A copy of the repository's exercises and solutions in a temporary folder, as the current folder.

    Tests that write progress files or change notebooks use this, never the repository itself.
    """
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copytree(REPO / "exercises", root / "exercises")
    shutil.copytree(REPO / "solutions", root / "solutions")
    monkeypatch.chdir(root)
    monkeypatch.delenv("WORKSHOP_ROOT", raising=False)
    return root


def make_notebook(cells: list[str | tuple[str, str]], nbformat_minor: int = 5) -> dict:
    """A minimal valid nbformat-4 notebook; a cell is code text, or ("markdown", text)."""
    built = []
    for index, cell in enumerate(cells):
        kind, source = cell if isinstance(cell, tuple) else ("code", cell)
        entry = {"cell_type": kind, "id": f"c{index}", "metadata": {}, "source": source}
        if kind == "code":
            entry.update(execution_count=None, outputs=[])
        built.append(entry)
    return {"cells": built, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                          "language": "python"}},
            "nbformat": 4, "nbformat_minor": nbformat_minor}


def write_notebook(path: Path, cells: list[str | tuple[str, str]]) -> Path:
    """Write a notebook made by :func:`make_notebook` to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(make_notebook(cells), ensure_ascii=False), encoding="utf-8")
    return path


def solution_code(repo_root: Path, exercise: str) -> str:
    """The module source of an exercise's solution notebook (for building test notebooks)."""
    from workshop.core.exercise import load_exercise
    from workshop.core.notebook import notebook_module

    return notebook_module(load_exercise(repo_root / "solutions" / exercise).notebook).source


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 120):
    """Run ``python -m workshop ARGS`` as a real subprocess; return the CompletedProcess."""
    import os
    import subprocess

    full_env = dict(os.environ)
    full_env.update({"PYTHONUTF8": "1", "COLUMNS": "100", "NO_COLOR": "1"})
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "workshop", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


@pytest.fixture(autouse=True)
def _language_is_decided_afresh_in_every_test():
    """A test that chooses a language (``--lang`` run in-process, ``check(lang=…)``) must not leave it
    chosen for the next test: the choice is process-wide by design."""
    yield
    from workshop.util import i18n

    i18n.set_language(None)


def processes_with(token: str, where: str = "cmdline") -> list[int]:
    """The pids of this machine's processes whose /proc/<pid>/<where> (``cmdline`` or ``environ``)
    holds ``token`` (Linux), this one left out: to find what a command left running."""
    import os

    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and entry.name != str(os.getpid()):
            try:
                if token.encode() in (entry / where).read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found
