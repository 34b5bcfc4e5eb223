"""The site's parts that need no browser: the lock rewrite and the toolkit's browser wheel."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from workshop.lite import pyodide, wheels


def _wheel(folder: Path, name: str, version: str, requires: list[str] = (), top: str | None = None) -> Path:
    path = folder / f"{name}-{version}-py3-none-any.whl"
    top = top or name.replace("-", "_")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{top}/__init__.py", "")
        metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        metadata += "".join(f"Requires-Dist: {line}\n" for line in requires)
        archive.writestr(f"{name.replace('-', '_')}-{version}.dist-info/METADATA", metadata)
    return path


def test_the_lock_keeps_only_bundled_wheels_with_their_real_hashes(tmp_path):
    lock = {"info": {"python": "3.14"}, "packages": {
        "pytest": {"name": "pytest", "version": "9.0.2", "file_name": "pytest-9.0.2-py3-none-any.whl", "sha256": "upstream",
                   "depends": ["pluggy", "atomicwrites"], "imports": ["pytest"], "package_type": "package"},
        "numpy": {"name": "numpy", "version": "2", "file_name": "numpy.whl", "sha256": "x", "depends": []},
    }}
    bundled = {"pytest": _wheel(tmp_path, "pytest", "9.0.2"), "comm": _wheel(tmp_path, "comm", "0.2.3")}
    rewritten = pyodide.rewrite_lock(lock, bundled, {"pytest": ["pluggy"], "comm": []})
    assert set(rewritten["packages"]) == {"pytest", "comm"}  # numpy's file is not bundled: no entry
    entry = rewritten["packages"]["pytest"]
    assert entry["sha256"] == hashlib.sha256(bundled["pytest"].read_bytes()).hexdigest()
    assert entry["depends"] == ["pluggy"] and entry["file_name"] == bundled["pytest"].name
    assert rewritten["packages"]["comm"]["imports"] == ["comm"]
    json.loads(pyodide.dumps_lock(rewritten))


def test_browser_requirements_follow_markers(tmp_path):
    wheel = _wheel(tmp_path, "ipython", "9.0", ["pexpect>4.3; sys_platform != 'win32' and sys_platform != 'emscripten'",
                                                 "colorama; sys_platform == 'win32'", "traitlets>=5",
                                                 "pytest; extra == 'test'", "typing_extensions; python_version < '3.12'"])
    assert wheels.requirements_of(wheel) == {"traitlets"}


def test_the_toolkit_wheel_holds_the_kernel_side_only(tmp_path):
    wheel = wheels.toolkit_wheel(tmp_path, "0.1.0")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        record = archive.read("workshop-0.1.0.dist-info/RECORD").decode()
    assert "workshop/engine/inkernel.py" in names and "workshop/engine/plugin.py" in names
    assert "workshop/board/client.py" in names  # join() and each check's report to the room board
    assert not [n for n in names if n.startswith(("workshop/board/", "workshop/services/grade/", "workshop/cli/"))
                and n not in ("workshop/board/__init__.py", "workshop/board/client.py")]
    assert not [n for n in names if "solutions" in n or "hidden" in n or n.endswith(".pyc")]
    assert all(line.split(",")[0] in names for line in record.splitlines() if line)
    assert wheels.toolkit_wheel(tmp_path / "again", "0.1.0").read_bytes() == wheel.read_bytes()  # reproducible


def test_check_the_ai_in_the_browser_ships_the_shown_versions_and_says_why_check_cannot_run(workspace):
    """Exercise 11 has no visible test file: the site gets its notebook and the versions it shows (never the
    hidden ones), and its note says check() needs a full Python (the check runs separate processes)."""
    import shutil

    from workshop.lite.site import learner_files, needs_full_python
    from workshop.core.workspace import Workspace

    shutil.rmtree(workspace / "solutions")  # packaged files only, as in a learner's copy
    exercise = Workspace(workspace).exercise("11")
    files = learner_files(Workspace(workspace), exercise)
    assert {"check_wordlist.ipynb", "exercise.toml", "candidates/a.py", "candidates/b.py", "candidates/c.py"} <= set(files)
    assert not [name for name in files if "hidden" in name or name.startswith("test_")]
    assert "separate checker processes" in needs_full_python(exercise)

def test_in_the_browser_the_toolkit_requires_only_its_kernel_side(tmp_path, repo):
    """pyproject.toml's requirements, under the browser's markers (Pyodide: sys_platform "emscripten"),
    are pytest alone: `%pip install workshop` in JupyterLite must not pull in the servers and the CLI."""
    import sys

    from packaging.requirements import Requirement

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    declared = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    in_browser = {Requirement(line).name for line in declared
                  if Requirement(line).marker is None or Requirement(line).marker.evaluate(wheels.BROWSER_ENVIRONMENT)}
    assert in_browser == {"pytest"}
    on_a_laptop = {Requirement(line).name for line in declared if Requirement(line).marker is None
                   or Requirement(line).marker.evaluate({**wheels.BROWSER_ENVIRONMENT, "sys_platform": "linux",
                                                         "platform_system": "Linux"})}
    assert {"click", "jupyterlab", "nbclient", "pytest"} <= on_a_laptop
    # The site's wheel of the toolkit declares the same, so micropip installs it with pytest only.
    assert wheels.requirements_of(wheels.toolkit_wheel(tmp_path, "0.1.0")) == {"pytest"}
