"""Shared by the lite tests: a real room board (the board tests' own fixture) and a one-page site."""

from __future__ import annotations

import pytest

from tests.board.conftest import board_server  # noqa: F401 - the fixture, shared


@pytest.fixture(scope="module")
def board(board_server):  # noqa: F811 - the board tests' fixture under the name these tests use
    """A real room board (``workshop board`` in its own process), one per test module."""
    return board_server


@pytest.fixture
def site(tmp_path):
    """A one-page site to serve (test_browser.py builds a real JupyterLite site under the same name)."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text("<p>site</p>", encoding="utf-8")
    return folder
