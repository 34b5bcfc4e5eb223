"""`workshop pack`: what goes in, what never does, and an offline install from the wheels."""

from __future__ import annotations

import json
import os
import subprocess
import venv
import zipfile

import pytest

from tests.conftest import run_cli


def text_lines(name: str, data: bytes) -> set[str]:
    """The stripped lines of a file as a person reads it (a notebook's cell sources, not its JSON)."""
    text = data.decode("utf-8", "replace")
    if name.endswith(".ipynb"):
        cells = json.loads(text)["cells"]
        text = "\n".join("".join(cell["source"]) for cell in cells)
    return {line.strip() for line in text.splitlines()}


def solution_lines(repo) -> set[str]:
    """Lines of the solutions, hidden tests and pitfalls that learners never get: none may be in a pack."""
    from workshop.build import BEGIN, END

    secret: set[str] = set()
    for folder in sorted((repo / "solutions").iterdir()):
        for path in folder.rglob("*.py"):
            if "hidden" in path.parts or "pitfalls" in path.parts:
                secret |= {line for line in text_lines(path.name, path.read_bytes()) if len(line) > 30}
        for notebook in folder.glob("*.ipynb"):
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
            inside = False
            for line in "\n".join("".join(cell["source"]) for cell in cells).splitlines():
                if BEGIN.match(line):
                    inside = True
                elif END.match(line):
                    inside = False
                elif inside and len(line.strip()) > 30:
                    secret.add(line.strip())
    public: set[str] = set()
    for path in (repo / "exercises").rglob("*"):
        if path.is_file():
            public |= text_lines(path.name, path.read_bytes())
    return secret - public


def test_pack_has_the_learner_side_and_nothing_secret(workspace, repo, tmp_path):
    out = tmp_path / "pack.zip"
    done = run_cli("pack", "--out", str(out), "--no-slides", cwd=workspace, timeout=300)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        packed: set[str] = set()
        for name in names:
            if not name.endswith(".whl"):
                packed |= text_lines(name, archive.read(name))
    assert "README.txt" in names
    assert "exercises/01-passphrase/passphrase.ipynb" in names
    assert "exercises/01-passphrase/test_passphrase.py" in names
    assert any(name.startswith("wheels/workshop-") for name in names)
    assert not [name for name in names if "solutions" in name or "hidden" in name or "pitfalls" in name]
    secret = solution_lines(repo)
    assert len(secret) > 100  # the detector itself finds the solutions
    leaked = sorted(secret & packed)
    assert not leaked, leaked[:3]
    assert not list(tmp_path.glob(".pack.zip.*"))  # no half-written file left


def test_session_file_chooses_the_exercises(workspace, tmp_path):
    session = tmp_path / "session.toml"
    session.write_text('title = "Short session"\nexercises = [1]\n[ai]\nroom_url = "http://192.168.1.20:8081/v1"\n',
                       encoding="utf-8")
    out = tmp_path / "pack.zip"
    done = run_cli("pack", "--session", str(session), "--out", str(out), "--no-slides", cwd=workspace, timeout=300)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as archive:
        folders = {name.split("/")[1] for name in archive.namelist() if name.startswith("exercises/")}
        room = archive.read(".workshop/room-ai.toml").decode()  # the room's AI server, for every tutor
    assert folders == {"01-passphrase"}
    assert room == 'room_url = "http://192.168.1.20:8081/v1"\n'


def test_unknown_exercise_in_session_is_a_clear_error(workspace, tmp_path):
    session = tmp_path / "session.toml"
    session.write_text('title = "Typo"\nexercises = ["passphrse"]\n', encoding="utf-8")
    done = run_cli("pack", "--session", str(session), "--out", str(tmp_path / "p.zip"), "--no-slides", cwd=workspace)
    assert done.returncode == 2 and "Did you mean" in done.stderr
    assert not (tmp_path / "p.zip").exists()


@pytest.mark.slow
def test_offline_install_from_a_pack_with_wheels(repo, tmp_path):
    """Install the toolkit from the pack's wheels into a fresh virtual environment with --no-index."""
    out = tmp_path / "pack.zip"
    done = run_cli("pack", "--out", str(out), "--no-slides", "--with-wheels", cwd=repo, timeout=1200)
    if done.returncode != 0 and "internet" in done.stderr:
        pytest.skip("the package index is not reachable to collect wheels")
    assert done.returncode == 0, done.stderr
    unpacked = tmp_path / "pack"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(unpacked)
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--find-links",
                              str(unpacked / "wheels"), "workshop"], capture_output=True, text=True, timeout=1200)
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    checked = subprocess.run([str(python), "-m", "workshop", "check", "01", "--json"], cwd=unpacked,
                             capture_output=True, text=True, timeout=120, env=env)
    assert '"status": "failed"' in checked.stdout, checked.stdout + checked.stderr
