"""Wheels for the browser kernel: pure-Python wheels from PyPI, and the toolkit's own.

Pyodide can only install pure-Python wheels that are bundled with the site (compiled packages
would need Pyodide's own builds, which only its CDN serves). pip downloads each at the version
Pyodide's lock names; the lock is then rewritten with the sha256 of the file we really bundle.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

from workshop.util.i18n import _
from workshop.lite.pyodide import LiteBuildError, normalise

#: Where the kernel starts: Pyodide's package installer, the kernel's own needs, and the tests.
KERNEL_ROOTS = ["micropip", "packaging", "ipython", "comm", "pytest", "pyodide-unix-timezones"]
#: Versions of packages the kernel needs that Pyodide's lock does not list.
EXTRA_VERSIONS = {"comm": "0.2.3", "ipython-pygments-lexers": "1.1.1", "jedi": "0.19.2", "parso": "0.8.4"}
#: The browser's environment, for the markers of each wheel's requirements.
BROWSER_ENVIRONMENT = {"python_version": "3.14", "python_full_version": "3.14.2", "sys_platform": "emscripten",
                       "platform_system": "Emscripten", "os_name": "posix", "platform_machine": "wasm32",
                       "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}
#: Parts of the toolkit the browser never uses (servers, grading, slides): left out of its wheel.
#: Folders of the package the kernel never needs (paths inside ``workshop/``) ...
TOOLKIT_LEFT_OUT = ("board", "services/grade", "slides", "cli", "services/ops", "lite", "ui/static", "ui/templates")
#: ... except these files: the participant side of the room board (``join()`` and each check's report).
TOOLKIT_KEPT = ("board/__init__.py", "board/client.py")


def resolve(roots: list[str], versions: dict[str, str], dest: Path, cache: Path) -> tuple[dict[str, Path], dict[str, list[str]]]:
    """Download ``roots`` and what their wheels require in the browser, at the given versions.

    Returns name → wheel file and name → the names it depends on (from each wheel's metadata,
    which is more accurate than Pyodide's lock for wheels we take from PyPI).
    """
    found: dict[str, Path] = {}
    depends: dict[str, list[str]] = {}
    level = sorted({normalise(root) for root in roots})
    while level:
        missing = [name for name in level if name not in versions]
        if missing:
            raise LiteBuildError(_("The browser kernel needs {names}, which Pyodide does not list; add a version "
                                   "to workshop.lite.wheels.EXTRA_VERSIONS.").format(names=", ".join(missing)))
        found.update(download({name: versions[name] for name in level}, dest, cache))
        following = set()
        for name in level:
            depends[name] = sorted(requirements_of(found[name]))
            following.update(depends[name])
        level = sorted(following - set(found))
    return found, depends


def requirements_of(wheel: Path) -> set[str]:
    """The normalised names a wheel requires in the browser (markers evaluated, extras ignored)."""
    from packaging.requirements import Requirement

    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode("utf-8")
    names = set()
    for line in metadata.splitlines():
        if not line.startswith("Requires-Dist:"):
            continue
        requirement = Requirement(line.split(":", 1)[1].strip())
        if requirement.marker is None or requirement.marker.evaluate(BROWSER_ENVIRONMENT):
            names.add(normalise(requirement.name))
    return names


def download(requirements: dict[str, str], dest: Path, cache: Path) -> dict[str, Path]:
    """Download ``{name: version}`` as pure-Python wheels into ``dest``; return name → wheel file.

    Wheels already in ``cache`` are reused, so a second build needs no network.
    """
    cache.mkdir(parents=True, exist_ok=True)
    dest.mkdir(parents=True, exist_ok=True)
    found: dict[str, Path] = {}
    wanted = []
    for name, version in requirements.items():
        wheel = _cached(cache, name, version)
        if wheel is None:
            wanted.append(f"{name}=={version}")
    if wanted:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                   "--python-version", "3.14", "--implementation", "py", "--platform", "any",
                   "--dest", str(cache), *wanted]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise LiteBuildError(_("pip could not download the wheels the browser kernel needs (is there a "
                                   "connection to the package index?): {error}").format(error=done.stderr.strip()[-600:]))
    for name, version in requirements.items():
        wheel = _cached(cache, name, version)
        if wheel is None:
            raise LiteBuildError(_("No pure-Python wheel of {name} {version} was found; the browser kernel "
                                   "cannot use it.").format(name=name, version=version))
        target = dest / wheel.name
        target.write_bytes(wheel.read_bytes())
        found[name] = target
    return found


def _cached(cache: Path, name: str, version: str) -> Path | None:
    for wheel in cache.glob("*.whl"):
        parts = wheel.name.split("-")
        if len(parts) >= 5 and normalise(parts[0]) == normalise(name) and parts[1] == version and wheel.name.endswith("-none-any.whl"):
            return wheel
    return None


def toolkit_wheel(dest: Path, version: str) -> Path:
    """A pure-Python wheel of the kernel side of this toolkit, made from the installed package.

    It declares the package's own requirements (pyproject.toml): under the browser's markers they
    are the kernel side's alone (``sys_platform != "emscripten"`` keeps the CLI's and the servers'
    out), so ``%pip install workshop`` in the browser installs it from the site's own files.
    """
    import workshop

    package = Path(workshop.__file__).parent
    name = f"workshop-{version}-py3-none-any.whl"
    dist_info = f"workshop-{version}.dist-info"
    records = []
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(package.rglob("*")):
            relative = file.relative_to(package)
            if not file.is_file() or "__pycache__" in relative.parts or file.suffix in {".pyc", ".po", ".pot"}:
                continue
            if relative.as_posix() not in TOOLKIT_KEPT and any(
                    relative.as_posix().startswith(folder + "/") for folder in TOOLKIT_LEFT_OUT):
                continue
            arcname = f"workshop/{relative.as_posix()}"
            data = file.read_bytes()
            _add(archive, arcname, data, records)
        metadata = f"Metadata-Version: 2.1\nName: workshop\nVersion: {version}\nSummary: workshop kernel side (browser)\n"
        metadata += "".join(f"Requires-Dist: {line}\n" for line in package_requirements())
        _add(archive, f"{dist_info}/METADATA", metadata.encode(), records)
        wheel = "Wheel-Version: 1.0\nGenerator: workshop lite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        _add(archive, f"{dist_info}/WHEEL", wheel.encode(), records)
        records.append(f"{dist_info}/RECORD,,")
        archive.writestr(_info(f"{dist_info}/RECORD"), "\n".join(records) + "\n")
    return path


def package_requirements() -> list[str]:
    """The toolkit's requirements as installed (pyproject.toml's ``dependencies``, extras left out)."""
    from importlib.metadata import PackageNotFoundError, requires

    try:
        found = requires("workshop") or []
    except PackageNotFoundError:
        found = []
    return [line for line in found if "extra ==" not in line.replace("'", '"').replace("extra==", "extra ==")]


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # same bytes on every build
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _add(archive: zipfile.ZipFile, name: str, data: bytes, records: list[str]) -> None:
    archive.writestr(_info(name), data)
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    records.append(f"{name},sha256={digest},{len(data)}")
