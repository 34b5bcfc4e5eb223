"""``workshop slides`` as a person runs it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli


def test_help_lists_the_command_and_its_options(slides_workspace):
    assert "slides" in run_cli("--help", cwd=slides_workspace).stdout
    done = run_cli("slides", "--help", cwd=slides_workspace)
    for option in ("--session", "--out", "--pdf", "--theme"):
        assert option in done.stdout


def test_builds_the_session_deck_and_every_deck(slides_workspace, tmp_path):
    out = tmp_path / "usb"
    done = run_cli("slides", "--out", str(out), "--theme", "white-contrast", cwd=slides_workspace)
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in out.glob("*.html")) == ["loop.html", "session.html", "welcome.html",
                                                                "wrap-up.html"]
    assert "session.html" in done.stdout and "Session: " in done.stdout
    assert "speaker view" in done.stdout


def test_default_output_folder_and_explicit_session(slides_workspace, tmp_path):
    other = slides_workspace / "other.toml"
    other.write_text((slides_workspace / "session.toml").read_text(encoding="utf-8"), encoding="utf-8")
    done = run_cli("slides", "--session", str(other), cwd=slides_workspace / "exercises")
    assert done.returncode == 0, done.stderr
    assert (slides_workspace / "out" / "slides" / "other.html").is_file()


def test_session_mistakes_exit_2_with_the_reason(slides_workspace):
    (slides_workspace / "session.toml").write_text('title = "x"\nexercises = ["pasphrase"]\n', encoding="utf-8")
    done = run_cli("slides", cwd=slides_workspace)
    assert done.returncode == 2
    assert "Did you mean 01-passphrase" in done.stderr and "Traceback" not in done.stderr
    done = run_cli("slides", "--session", "nowhere.toml", cwd=slides_workspace)
    assert done.returncode == 2 and "does not exist" in done.stderr
    done = run_cli("slides", "--theme", "neon", cwd=slides_workspace)
    assert done.returncode == 2 and "no theme 'neon'" in done.stderr


def test_pdf_without_a_browser_says_how_to_get_one(slides_workspace, tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    env = {"PATH": str(empty), "WORKSHOP_CHROMIUM": "", "PLAYWRIGHT_BROWSERS_PATH": str(empty),
           "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
    done = run_cli("slides", "--pdf", "--out", str(tmp_path / "out"), cwd=slides_workspace, env=env)
    assert done.returncode == 1
    assert "No Chromium" in done.stderr or "Playwright" in done.stderr
    assert "apt-get install chromium" in done.stderr or "playwright install chromium" in done.stderr
    assert (tmp_path / "out" / "session.html").is_file()  # the HTML decks are there anyway
    assert not list(Path(tmp_path / "out").glob("*.pdf"))


def test_pdf_names_what_is_missing_playwright_or_a_browser(slides_workspace, tmp_path):
    """Three laptops: no Playwright but a browser, no Playwright and no browser, Playwright but no browser."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    hide = tmp_path / "no-playwright"
    (hide / "playwright").mkdir(parents=True)
    (hide / "playwright" / "__init__.py").write_text("raise ImportError('not installed here')\n", encoding="utf-8")
    browser = tmp_path / "chromium"
    browser.write_text("", encoding="utf-8")
    path = os.pathsep.join(part for part in sys.path if part)
    without = {"PATH": str(empty), "PLAYWRIGHT_BROWSERS_PATH": str(empty), "PYTHONPATH": f"{hide}{os.pathsep}{path}"}

    done = run_cli("slides", "--pdf", "--out", str(tmp_path / "a"), cwd=slides_workspace,
                   env={**without, "WORKSHOP_CHROMIUM": str(browser)})
    assert done.returncode == 1 and "Playwright package" in done.stderr and "nothing else is missing" in done.stderr
    assert "apt-get" not in done.stderr

    done = run_cli("slides", "--pdf", "--out", str(tmp_path / "b"), cwd=slides_workspace,
                   env={**without, "WORKSHOP_CHROMIUM": ""})
    assert done.returncode == 1 and "both are missing" in done.stderr and "chromium" in done.stderr.lower()

    pytest.importorskip("playwright")
    done = run_cli("slides", "--pdf", "--out", str(tmp_path / "c"), cwd=slides_workspace,
                   env={"PATH": str(empty), "PLAYWRIGHT_BROWSERS_PATH": str(empty), "WORKSHOP_CHROMIUM": "",
                        "PYTHONPATH": path})
    assert done.returncode == 1 and "The Playwright package is installed, but no browser" in done.stderr
