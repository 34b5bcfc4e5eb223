"""Fixtures for the slides tests: a workspace with the repository's decks and a session file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workshop.core.workspace import Workspace


def write_session(root: Path, exercises: list, extra: str = "", name: str = "session.toml") -> Path:
    """A session file in ``root`` for these exercises, with a break after the first one."""
    listed = ", ".join(repr(item) if isinstance(item, str) else str(item) for item in exercises)
    text = (
        'title = "Test session"\n'
        'subtitle = "For the slides tests"\n'
        'event = "Test forum"\n'
        "date = 2025-10-22\n"
        'start = "14:00"\n'
        'venue = "Seoul"\n'
        'facilitators = ["Lead facilitator", "Helper"]\n'
        f"exercises = [{listed}]\n"
        f"{extra}"
        "[[breaks]]\n"
        f"after = {exercises[0]!r}\n".replace("'", '"')
        + "minutes = 10\n"
    )
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def slides_workspace(workspace, repo) -> Path:
    """The ``workspace`` copy plus the repository's slides/ and a session file for up to two exercises."""
    shutil.copytree(repo / "slides", workspace / "slides")
    numbers = [exercise.number for exercise in Workspace(workspace).exercises()][:2]
    write_session(workspace, numbers)
    return workspace
