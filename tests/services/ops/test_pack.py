"""`workshop pack`: what goes in, what never does, and an offline install from the wheels."""

from __future__ import annotations

import json
import zipfile


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
    from workshop.services.authoring.build import BEGIN, END

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


def test_pack_is_pristine_whatever_the_working_folder_holds(workspace, repo, tmp_path):
    """A facilitator's working folder: solved notebook, checkpoint, symlink to a hidden test, dot folders."""
    from workshop.services.authoring.build import planned_files
    from workshop.core.exercise import load_exercise

    folder = workspace / "exercises" / "01-passphrase"
    solved = (workspace / "solutions" / "01-passphrase" / "passphrase.ipynb").read_bytes()
    (folder / "passphrase.ipynb").write_bytes(solved)
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "passphrase-checkpoint.ipynb").write_bytes(solved)
    hidden = next((workspace / "solutions" / "01-passphrase" / "hidden").glob("*.py"))
    (folder / "test_extra.py").symlink_to(hidden)
    (folder / "peek").symlink_to(hidden.parent, target_is_directory=True)
    (folder / ".secrets").mkdir()
    (folder / ".secrets" / "token.txt").write_text("s3cret", encoding="utf-8")
    (folder / "notes" / ".git").mkdir(parents=True)
    (folder / "notes" / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "passphrase.cpython-311.pyc").write_bytes(b"\0")
    (folder / "my_scratch.py").write_text("print('mine')\n", encoding="utf-8")

    out = tmp_path / "pack.zip"
    done = run_cli("pack", "--out", str(out), "--no-slides", cwd=workspace, timeout=300)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        packed_notebook = archive.read("exercises/01-passphrase/passphrase.ipynb")
        packed = set()
        for name in names:
            if not name.endswith(".whl"):
                packed |= text_lines(name, archive.read(name))
        archive.extractall(tmp_path / "stick")
    ours = sorted(name for name in names if name.startswith("exercises/01-passphrase/"))
    expected = planned_files(load_exercise(workspace / "solutions" / "01-passphrase"))
    assert ours == sorted(f"exercises/01-passphrase/{name}" for name in expected)
    assert packed_notebook == expected["passphrase.ipynb"]  # the generated stub, not the solved copy
    assert not sorted(solution_lines(repo) & packed)[:3]
    for left in ("test_extra.py", "peek", ".ipynb_checkpoints", ".secrets", "notes/.git", "__pycache__", "my_scratch.py"):
        assert f"left out exercises/01-passphrase/{left}" in done.stdout, (left, done.stdout)
    assert "regenerated exercises/01-passphrase/passphrase.ipynb" in done.stdout
    checked = run_cli("check", "01", "--json", cwd=tmp_path / "stick")
    assert json.loads(checked.stdout)["status"] == "failed", checked.stdout + checked.stderr


def test_pack_without_solutions_refuses_the_same_things(workspace, tmp_path):
    """No solutions/ to regenerate from: the allow-list still keeps out links, dot files and caches."""
    import shutil

    shutil.rmtree(workspace / "solutions")
    folder = workspace / "exercises" / "02-thread-splitter"
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    (folder / "linked.ipynb").symlink_to(folder / "thread_splitter.ipynb")
    from workshop.services.ops.pristine import collect_root

    collected = collect_root(workspace)
    refused = dict(collected.refused)
    assert "exercises/02-thread-splitter/linked.ipynb" in refused
    assert "exercises/02-thread-splitter/.ipynb_checkpoints/x-checkpoint.ipynb" in refused
    assert "exercises/02-thread-splitter/thread_splitter.ipynb" in collected.files
    assert "exercises/01-passphrase/wordlist.txt" in collected.files  # declared data ships
