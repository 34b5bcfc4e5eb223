"""Build the offline JupyterLite site: stage pristine content, bundle the runtime, run the build."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from workshop.core.exercise import Exercise
from workshop.util.i18n import _
from workshop.lite import pyodide, wheels
from workshop.lite.pyodide import LiteBuildError

KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: Addresses that would mean the site reaches the internet at run time (a test greps for them).
REMOTE_URL = re.compile(r"https?://(?:cdn\.jsdelivr\.net|unpkg\.com|pypi\.org|files\.pythonhosted\.org)[^\s\"'`)]*")


@dataclass
class SiteReport:
    """What ``build_site`` made."""

    out: Path
    exercises: list[str]
    left_out: dict[str, str] = field(default_factory=dict)
    size_bytes: int = 0
    seconds: float = 0.0
    wheels: int = 0
    warnings: list[str] = field(default_factory=list)
    #: The room's AI server the site passes on to the in-browser tutor ("" when none).
    room_url: str = ""


def needs_full_python(exercise: Exercise) -> str | None:
    """Why ``exercise`` cannot be checked in a browser tab, or None when it can."""
    if exercise.network:
        return _("its tests start a web server and make real network requests, which a browser tab cannot do")
    if exercise.checks_tests:
        return _("its check runs your tests against the AI's versions in separate checker processes, which a "
                 "browser tab cannot start")
    return None


def default_cache() -> Path:
    """Where downloaded runtimes and wheels are kept between builds."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("workshop")) / "lite"


def learner_files(workspace, exercise: Exercise) -> dict[str, bytes]:
    """The pristine learner files of ``exercise``: regenerated from its solution when the workspace
    has one (so a notebook solved while trying the exercise never ships), else as packaged."""
    from workshop.services.authoring.build import planned_files

    solution = workspace.solution_for(exercise)
    if solution is not None:
        return planned_files(solution)
    tests = ([f"{path.parent.name}/{path.name}" for path in exercise.candidates] if exercise.checks_tests
             else [exercise.visible_tests_name])
    names = [exercise.notebook_name, "exercise.toml", *tests, *exercise.data_files]
    return {name: (exercise.folder / name).read_bytes() for name in names}


#: The site's own session file: the room's AI server for the in-browser tutor (read as any workshop
#: folder's session.toml; ``workshop lite --serve`` relays the room's server from it).
SITE_SESSION = "session.toml"


def room_ai_text(room: dict | None) -> str:
    """The site's ``session.toml`` naming the room's AI server ("" when the session declares none)."""
    if not room or not room.get("room_url"):
        return ""
    lines = ["# The room's AI server, for the tutor in this browser site (written by workshop lite).", "[ai]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in room.items() if key in ("room_url", "model")]
    return "\n".join(lines) + "\n"


def site_room_url(site: Path) -> str:
    """The room's AI server a built site names ("" when none, or when it is not on a private network)."""
    from workshop.ai.config import is_room_url
    from workshop.ai.errors import ConfigError

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        table = tomllib.loads((Path(site) / "files" / SITE_SESSION).read_text(encoding="utf-8")).get("ai")
        url = table.get("room_url") if isinstance(table, dict) else ""
        return url if isinstance(url, str) and url and is_room_url(url) else ""
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ConfigError):
        return ""


def build_site(workspace, out: Path, exercises: list[Exercise], *, cache: Path | None = None,
               pyodide_tarball: Path | None = None, room_ai: dict | None = None) -> SiteReport:
    """Build the site for ``exercises`` into ``out`` (replaced only once the build has succeeded).

    ``room_ai`` (the session file's ``[ai]`` room_url and model) goes on the site as its own
    ``session.toml``, so the tutor in the browser uses the room's AI server (docs/lite.md)."""
    started = time.perf_counter()
    cache = cache or default_cache()
    report = SiteReport(out=out, exercises=[])
    with tempfile.TemporaryDirectory(prefix="workshop-lite-") as scratch:
        scratch_path = Path(scratch)
        contents = scratch_path / "contents"
        for exercise in exercises:
            why = needs_full_python(exercise)
            files = learner_files(workspace, exercise)
            folder = contents / "exercises" / exercise.name
            folder.mkdir(parents=True)
            for name, data in files.items():  # names may have a folder (11's candidates/a.py)
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(data)
            if why:
                report.left_out[exercise.name] = why
                for notebook in sorted(folder.glob("*.ipynb")):  # the English and the Korean notebook
                    _mark_needs_full_python(notebook, exercise)
            report.exercises.append(exercise.name)
        room = room_ai_text(room_ai)
        if room:
            contents.mkdir(parents=True, exist_ok=True)
            (contents / SITE_SESSION).write_text(room, encoding="utf-8")
            report.room_url = room_ai["room_url"]
        lite_dir = scratch_path / "lite"
        runtime_dir = lite_dir / "static" / "pyodide"
        report.wheels = _bundle_runtime(runtime_dir, cache, pyodide_tarball)
        _write_config(lite_dir)
        staged = scratch_path / "site"
        _run_jupyterlite(lite_dir, contents, staged)
        _drop_remote_defaults(staged)
        if not _read_jsonl_as_text(staged):
            report.warnings.append(_("Could not teach this JupyterLite version to read .jsonl files as text: "
                                     "exercises with .jsonl data may not find their data in the browser."))
        partial = out.with_name(out.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(staged, partial)
    if out.exists():
        shutil.rmtree(out)
    partial.rename(out)
    report.size_bytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    report.seconds = round(time.perf_counter() - started, 1)
    return report


def _mark_needs_full_python(notebook: Path, exercise: Exercise) -> None:
    """Put the note first in ``notebook``, in the notebook's own language."""
    from workshop.util.i18n import using_language

    data = json.loads(notebook.read_text(encoding="utf-8"))
    with using_language("ko" if notebook.name.endswith(".ko.ipynb") else "en"):
        note = _("**This exercise needs a full Python on a computer:** {why}. In the browser you can read it "
                 "and write your code, but `check()` cannot run its tests here. Use `workshop check` on a laptop, "
                 "or the room's JupyterHub.").format(why=needs_full_python(exercise))
    data["cells"].insert(0, {"cell_type": "markdown", "id": "needs-full-python", "metadata": {}, "source": note})
    notebook.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _bundle_runtime(runtime_dir: Path, cache: Path, tarball: Path | None) -> int:
    import workshop

    version = pyodide.kernel_pyodide_version()
    runtime = pyodide.fetch_runtime(version, cache, tarball)
    runtime_dir.mkdir(parents=True)
    for name in pyodide.RUNTIME_FILES:
        if name != pyodide.LOCK_NAME:
            shutil.copy2(runtime / name, runtime_dir / name)
    lock = pyodide.load_lock(runtime)
    versions = {pyodide.normalise(key): entry["version"] for key, entry in lock["packages"].items()}
    versions.update(wheels.EXTRA_VERSIONS)
    toolkit = wheels.toolkit_wheel(runtime_dir, workshop.__version__)
    toolkit_depends = sorted(wheels.requirements_of(toolkit))
    downloaded, depends = wheels.resolve(wheels.KERNEL_ROOTS + toolkit_depends, versions, runtime_dir, cache / "wheels")
    downloaded["workshop"], depends["workshop"] = toolkit, toolkit_depends
    rewritten = pyodide.rewrite_lock(lock, downloaded, depends)
    (runtime_dir / pyodide.LOCK_NAME).write_text(pyodide.dumps_lock(rewritten), encoding="utf-8")
    return len(downloaded)


def _write_config(lite_dir: Path) -> None:
    settings = {
        "disablePyPIFallback": True,
        "loadPyodideOptions": {"packages": ["workshop"]},
    }
    config: dict = {
        "appName": "workshop",
        "litePluginSettings": {KERNEL_PLUGIN: settings},
        # JupyterLite reads any extension with "json" in it as JSON: .jsonl data is text.
        "fileTypes": {
            "jsonl": {"name": "jsonl", "extensions": [".jsonl"], "mimeTypes": ["text/plain"], "fileFormat": "text"},
        },
    }
    data = {"jupyter-lite-schema-version": 0, "jupyter-config-data": config}
    lite_dir.mkdir(parents=True, exist_ok=True)
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    (lite_dir / "jupyter_lite_config.json").write_text(json.dumps({"LiteBuildConfig": {"no_sourcemaps": True}}), encoding="utf-8")


def _run_jupyterlite(lite_dir: Path, contents: Path, out: Path) -> None:
    try:
        import jupyterlite_core  # noqa: F401
        import jupyterlite_pyodide_kernel  # noqa: F401
    except ImportError:
        raise LiteBuildError(_("Building the browser site needs JupyterLite: python -m pip install \"workshop[lite]\"")) from None
    command = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir),
               "--contents", str(contents), "--output-dir", str(out), "--no-sourcemaps",
               "--no-unused-shared-packages"]
    done = subprocess.run(command, cwd=lite_dir, capture_output=True, text=True)
    if done.returncode != 0 or not (out / "index.html").is_file():
        raise LiteBuildError(_("The JupyterLite build failed: {error}").format(error=(done.stderr or done.stdout).strip()[-1200:]))


def _drop_remote_defaults(site: Path) -> None:
    """Replace the CDN addresses the bundled JavaScript keeps as unused defaults with local ones.

    The configuration already points the kernel at the bundled runtime; rewriting the defaults
    makes sure that no code path can fall back to the internet."""
    for path in site.rglob("*"):
        if path.suffix not in {".js", ".json", ".html", ".mjs"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        if REMOTE_URL.search(text) is None:
            continue
        path.write_text(REMOTE_URL.sub("./static/pyodide/", text), encoding="utf-8", errors="surrogateescape")


#: JupyterLite's contents service parses every file with "json" anywhere in its extension as JSON,
#: so a JSON Lines file (one JSON value per line) fails to load. Only .json and .ipynb are JSON.
_JSON_PATH_RULE = "match(/\\.(ipynb|[^/]*json[^/]*)$/)"
_JSON_PATH_FIXED = "match(/\\.(ipynb|json)$/)"


def _read_jsonl_as_text(site: Path) -> bool:
    """Narrow the contents service's "is it JSON?" rule to .json/.ipynb; False when the rule was not found."""
    patched = False
    for path in (site / "build").glob("*.js"):
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        if _JSON_PATH_RULE in text:
            path.write_text(text.replace(_JSON_PATH_RULE, _JSON_PATH_FIXED), encoding="utf-8", errors="surrogateescape")
            patched = True
    return patched


def remote_urls(site: Path) -> list[str]:
    """Every internet address of a package host left in the site's files (should be none)."""
    found = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".js", ".json", ".html", ".mjs", ".css", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(site)}: {match}" for match in REMOTE_URL.findall(text)]
    return found
