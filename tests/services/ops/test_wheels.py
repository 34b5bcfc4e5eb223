"""The package and its wheels: exercises inside, nothing secret, an offline install on every Python."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.services.ops.test_pack import solution_lines, text_lines
from workshop.services.ops.wheels import PYTHONS, TARGETS, pins_for, read_lock

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_the_lock_pins_every_dependency_of_pyproject(repo):
    """pack-lock.txt is made from pyproject.toml: a dependency changed without relocking fails here."""
    from packaging.requirements import Requirement

    pins = read_lock(repo / "pack-lock.txt")
    for requirement in tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]:
        wanted = Requirement(requirement)
        for target in TARGETS.values():
            for python in PYTHONS:
                from workshop.services.ops.wheels import environment

                if wanted.marker and not wanted.marker.evaluate(environment(target, python)):
                    continue
                chosen = [pin.split("==")[1] for pin in pins_for(pins, target, python)
                          if pin.split("==")[0].lower().replace("_", "-") == wanted.name.lower().replace("_", "-")]
                assert chosen and wanted.specifier.contains(chosen[0], prereleases=True), (requirement, target.name, python)


def test_each_laptop_gets_the_pins_its_markers_choose(repo):
    pins = read_lock(repo / "pack-lock.txt")
    names = {(target, python): {pin.split("==")[0] for pin in pins_for(pins, TARGETS[target], python)}
             for target in TARGETS for python in PYTHONS}
    assert "pywinpty" in names["windows", "3.12"] and "pywinpty" not in names["linux-x86_64", "3.12"]
    assert "appnope" in names["macos-arm64", "3.11"] and "appnope" not in names["windows", "3.11"]
    assert "tomli" in names["linux-x86_64", "3.10"] and "tomli" not in names["linux-x86_64", "3.13"]
    assert "jupyterlab" in names["macos-x86_64", "3.13"]
    assert "sphinx" not in names["linux-x86_64", "3.12"]  # slides tools are an extra, not the participant's install


@pytest.mark.slow
def test_wheel_and_sdist_carry_the_learner_exercises_and_nothing_secret(repo, tmp_path):
    """Built as a package index would (sdist, then the wheel from the sdist): open both and look.
    (The build tools come with the test extra: no isolated environment to download.)"""
    from workshop.services.authoring.build import planned_files
    from workshop.core.exercise import discover

    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path), str(repo)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    wheel = zipfile.ZipFile(next(tmp_path.glob("*.whl")))
    sdist = tarfile.open(next(tmp_path.glob("*.tar.gz")))
    wheel_names = wheel.namelist()
    sdist_names = [name.split("/", 1)[1] for name in sdist.getnames() if "/" in name]
    for names in (wheel_names, sdist_names):
        assert not [name for name in names if {"solutions", "hidden", "pitfalls"} & set(name.split("/"))]
        assert not [name for name in names if any(part.startswith(".") for part in name.split("/"))]
    secret = solution_lines(repo)
    packed = set()
    for solution in discover(repo / "solutions"):
        for name, content in planned_files(solution).items():
            inside = f"workshop/_bundle/exercises/{solution.name}/{name}"
            assert wheel.read(inside) == content, inside  # exactly what build generates
            assert f"exercises/{solution.name}/{name}" in sdist_names
            packed |= text_lines(name, wheel.read(inside))
    assert not sorted(secret & packed)[:3]


@pytest.mark.slow
def test_stale_build_output_never_reaches_the_wheel(repo, tmp_path):
    """A source folder with files left in build/lib by an earlier build (a solved notebook, an old module)."""
    import shutil

    source = tmp_path / "src"
    shutil.copytree(repo, source, ignore=shutil.ignore_patterns(".git", "build", "*.egg-info", "__pycache__", ".*"))
    stale = source / "build" / "lib" / "workshop"
    (stale / "_bundle" / "exercises" / "01-passphrase").mkdir(parents=True)
    shutil.copy(repo / "solutions" / "01-passphrase" / "passphrase.ipynb", stale / "_bundle/exercises/01-passphrase/")
    (stale / "old_module.py").write_text("SECRET = 1\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir",
                           str(tmp_path / "w"), str(source)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    wheel = zipfile.ZipFile(next((tmp_path / "w").glob("*.whl")))
    assert "workshop/old_module.py" not in wheel.namelist()
    notebook = wheel.read("workshop/_bundle/exercises/01-passphrase/passphrase.ipynb")
    assert notebook != (repo / "solutions" / "01-passphrase" / "passphrase.ipynb").read_bytes()
    assert notebook == (repo / "exercises" / "01-passphrase" / "passphrase.ipynb").read_bytes()


def pythons_here() -> dict[str, Path]:
    """Every CPython 3.10-3.13 this machine has (pyenv's, and the one running the tests), by version."""
    found = {f"{sys.version_info.major}.{sys.version_info.minor}": Path(sys.executable)}
    for version in PYTHONS:
        for candidate in sorted(Path.home().glob(f".pyenv/versions/{version}.*/bin/python{version}")):
            found.setdefault(version, candidate)
    return {version: found[version] for version in PYTHONS if version in found}


@pytest.mark.slow
def test_offline_install_from_the_pack_on_every_python(repo, tmp_path):
    """The pack's wheels (Linux subset, to keep CI short) install with --no-index on every Python here;
    then, outside any workshop folder, `workshop init` gives the stubs and `workshop check 01` fails on them."""
    interpreters = pythons_here()
    out = tmp_path / "pack.zip"
    arguments = ["pack", "--out", str(out), "--no-slides", "--with-wheels", "--platform", "linux-x86_64"]
    for version in PYTHONS:
        arguments += ["--python", version]
    done = run_cli(*arguments, cwd=repo, timeout=1800)
    if done.returncode != 0 and "internet" in done.stderr:
        pytest.skip("the package index is not reachable to collect wheels")
    assert done.returncode == 0, done.stderr
    unpacked = tmp_path / "stick"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(unpacked)
    readme = (unpacked / "README.txt").read_text(encoding="utf-8")
    assert "Python 3.10, 3.11, 3.12, 3.13" in readme and "--no-index --find-links wheels workshop" in readme
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    clean["PIP_CONFIG_FILE"] = os.devnull  # only the stick's wheels: no configured index or wheel folder
    timings = {}
    for version, interpreter in interpreters.items():
        environment = tmp_path / f"venv{version}"
        subprocess.run([str(interpreter), "-m", "venv", str(environment)], check=True, env=clean, timeout=300)
        python = environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        started = time.perf_counter()
        install = subprocess.run([str(python), "-m", "pip", "install", "--isolated", "--no-index", "--find-links",
                                  str(unpacked / "wheels"), "workshop"], capture_output=True, text=True,
                                 timeout=1200, env=clean)
        timings[version] = round(time.perf_counter() - started, 1)
        assert install.returncode == 0, (version, install.stdout[-2000:] + install.stderr[-2000:])
        home = tmp_path / f"home{version}"
        home.mkdir()
        init = subprocess.run([str(python), "-m", "workshop", "init", "mine"], cwd=home, capture_output=True,
                              text=True, timeout=120, env=clean)
        assert init.returncode == 0, (version, init.stdout + init.stderr)
        assert not list((home / "mine").rglob("hidden")) and (home / "mine/exercises/10-censorship").is_dir()
        checked = subprocess.run([str(python), "-m", "workshop", "check", "01", "--json"], cwd=home / "mine",
                                 capture_output=True, text=True, timeout=120, env=clean)
        assert json.loads(checked.stdout)["status"] == "failed", (version, checked.stdout + checked.stderr)
    print("offline install seconds per Python:", timings)
    assert len(timings) >= 1
