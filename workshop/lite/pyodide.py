"""The Pyodide runtime for an offline site: fetched once from its npm package, then cached.

The npm package holds the core runtime and a lock file (``pyodide-lock.json``) that names about
350 packages whose files live on a CDN. The site keeps only the lock entries whose wheels it
bundles, with the sha256 of the bundled file: Pyodide checks it, and a lock entry pointing at a
file that is not there would make the browser reach out to the internet.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from workshop.util.i18n import _

#: The Pyodide release that the installed jupyterlite-pyodide-kernel was made for.
DEFAULT_VERSION = "314.0.6"
LOCK_NAME = "pyodide-lock.json"
#: Files of the npm package the site needs (the rest are type stubs, source maps, demo pages).
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide.js", LOCK_NAME)


class LiteBuildError(Exception):
    """The site cannot be built; the message says why and what to do."""


def kernel_pyodide_version() -> str:
    """The Pyodide version jupyterlite-pyodide-kernel expects (falls back to the tested one)."""
    try:
        from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION
    except ImportError:
        return DEFAULT_VERSION
    return PYODIDE_VERSION


def fetch_runtime(version: str, cache: Path, tarball: Path | None = None) -> Path:
    """A folder with the Pyodide runtime files of ``version``, from ``tarball`` or ``npm pack``.

    The unpacked runtime is kept in ``cache`` so later builds need no network.
    """
    target = cache / f"pyodide-{version}"
    if all((target / name).is_file() for name in RUNTIME_FILES):
        return target
    if tarball is None:
        tarball = _npm_pack(f"pyodide@{version}", cache)
    try:
        with tarfile.open(tarball, "r:gz") as archive:
            members = {Path(m.name).name: m for m in archive.getmembers() if m.isfile()}
            missing = [name for name in RUNTIME_FILES if name not in members]
            if missing:
                raise LiteBuildError(_("{file} is not a Pyodide package: it lacks {names}.").format(
                    file=tarball, names=", ".join(missing)))
            partial = cache / f"pyodide-{version}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            for name in RUNTIME_FILES:
                source = archive.extractfile(members[name])
                (partial / name).write_bytes(source.read())
    except (tarfile.TarError, OSError) as error:
        raise LiteBuildError(_("Could not read the Pyodide package {file}: {error}").format(file=tarball, error=error)) from None
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target


def _npm_pack(spec: str, cache: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise LiteBuildError(_("Building the offline site needs the Pyodide runtime, which comes from npm, and "
                               "npm was not found. Install Node.js (it brings npm), or download the package "
                               "once elsewhere and pass it with --pyodide-tarball FILE."))
    cache.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([npm, "pack", spec, "--silent"], cwd=cache, capture_output=True, text=True)
    name = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode != 0 or not (cache / name).is_file():
        raise LiteBuildError(_("npm could not fetch {spec} (is there a connection to the package registry?): "
                               "{error}").format(spec=spec, error=(done.stderr or done.stdout).strip()[-400:]))
    return cache / name


def normalise(name: str) -> str:
    """A package name as the lock file keys it (PEP 503, lower case, runs of -_. as -)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def rewrite_lock(lock: dict, wheels: dict[str, Path], depends: dict[str, list[str]]) -> dict:
    """The lock with only the bundled packages, each pointing at its file, with its real sha256.

    ``wheels`` maps a normalised name to the bundled wheel, ``depends`` to what it requires.
    Entries the upstream lock lacks (the toolkit itself, packages Pyodide does not ship) are made.
    """
    upstream = {normalise(key): entry for key, entry in lock["packages"].items()}
    packages = {}
    for name, path in sorted(wheels.items()):
        entry = dict(upstream.get(name) or _new_entry(name, path))
        entry.update(file_name=path.name, sha256=sha256(path), install_dir="site",
                     depends=sorted(depends.get(name, [])), unvendored_tests=False)
        packages[name] = entry
    return {**lock, "packages": packages}


def _new_entry(name: str, wheel: Path) -> dict:
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        tops = sorted({n.split("/")[0] for n in archive.namelist() if "/" in n and ".dist-info" not in n.split("/")[0]})
    return {"name": name, "version": wheel.name.split("-")[1], "package_type": "package",
            "imports": [top for top in tops if top.isidentifier()] or [name.replace("-", "_")], "shared_library": False}


def sha256(path: Path) -> str:
    """The hex sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_lock(runtime: Path) -> dict:
    """The upstream lock of the runtime folder."""
    return json.loads((runtime / LOCK_NAME).read_text(encoding="utf-8"))


def dumps_lock(lock: dict) -> str:
    """The lock as JSON text (stable order, so that two builds give the same bytes)."""
    buffer = io.StringIO()
    json.dump(lock, buffer, indent=1, sort_keys=True)
    return buffer.getvalue() + "\n"
