"""``workshop doctor``: is this laptop ready for the session? One row per check, with a one-line fix.

States: ``ok``; ``warning`` (works, but something optional is missing or low); ``problem``
(the session will not work until fixed). Only problems make the exit code non-zero.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from workshop.util.i18n import _

OK, WARNING, PROBLEM = "ok", "warning", "problem"

#: Distribution name → oldest version known to work.
REQUIRED_PACKAGES = {
    "jupyterlab": "4.0", "nbconvert": "7.10", "nbformat": "5.9", "nbclient": "0.10", "ipykernel": "6.25",
    "pytest": "8.0", "rich": "13.7", "requests": "2.31", "click": "8.1",
}
MIN_FREE_BYTES = 1_000_000_000
LOW_FREE_BYTES = 200_000_000


@dataclass
class Row:
    """One check's outcome: what, state, what was found, and the fix in one line."""

    check: str
    state: str
    detail: str
    fix: str = ""


def _version_tuple(text: str) -> tuple:
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def check_python() -> Row:
    version = platform.python_version()
    if sys.version_info >= (3, 10):
        return Row(_("Python"), OK, version)
    return Row(_("Python"), PROBLEM, version, _("Install Python 3.10 or newer from python.org."))


def check_packages() -> list[Row]:
    rows = []
    for name, minimum in REQUIRED_PACKAGES.items():
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            rows.append(Row(name, PROBLEM, _("not installed"), _("python -m pip install {name}").format(name=name)))
            continue
        if _version_tuple(version) < _version_tuple(minimum):
            rows.append(Row(name, WARNING, version, _("python -m pip install --upgrade {name}  (needs {minimum} or newer)")
                            .format(name=name, minimum=minimum)))
        else:
            rows.append(Row(name, OK, version))
    return rows


def check_kernel(kernel_name: str = "python3", timeout: float = 60.0) -> Row:
    """Start a real Jupyter kernel, run 1 + 1 in it, and shut it down."""
    label = _("Jupyter kernel")
    try:
        from jupyter_client.manager import start_new_kernel
    except ImportError:
        return Row(label, PROBLEM, _("jupyter_client is not installed"), _("python -m pip install jupyterlab"))
    started = time.perf_counter()
    try:
        import subprocess

        manager, client = start_new_kernel(kernel_name=kernel_name, startup_timeout=timeout,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except Exception as error:  # noqa: BLE001 - any failure to start is the finding
        return Row(label, PROBLEM, _("kernel {name!r} did not start: {error}").format(
            name=kernel_name, error=str(error).splitlines()[0][:120] if str(error) else type(error).__name__),
            _("python -m ipykernel install --user"))
    try:
        reply = client.execute_interactive("1 + 1", timeout=timeout, output_hook=lambda message: None)
        ok = reply["content"]["status"] == "ok"
    except Exception:  # noqa: BLE001
        ok = False
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    seconds = time.perf_counter() - started
    if ok:
        return Row(label, OK, _("{name} starts and runs code ({seconds:.1f} s)").format(name=kernel_name, seconds=seconds))
    return Row(label, PROBLEM, _("kernel {name!r} started but could not run code").format(name=kernel_name),
               _("python -m ipykernel install --user"))


def check_workspace_writable(root: Path) -> Row:
    label = _("Workspace is writable")
    try:
        state = root / ".workshop"
        state.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=state, prefix=".doctor-", delete=True) as handle:
            handle.write(b"ok")
    except OSError as error:
        return Row(label, PROBLEM, _("cannot write in {path}: {error}").format(path=root, error=error.strerror or error),
                   _("Copy the exercises to a folder you own: workshop init ~/my-workshop"))
    return Row(label, OK, str(root))


def check_disk(root: Path) -> Row:
    label = _("Free disk space")
    try:
        free = shutil.disk_usage(root).free
    except OSError as error:
        return Row(label, WARNING, str(error))
    text = _("{gb:.1f} GB free").format(gb=free / 1e9)
    if free < LOW_FREE_BYTES:
        return Row(label, PROBLEM, text, _("Free at least 1 GB: delete or move some files."))
    if free < MIN_FREE_BYTES:
        return Row(label, WARNING, text, _("1 GB or more is safer for a session."))
    return Row(label, OK, text)


def check_exercises(workspace) -> Row:
    label = _("Exercises")
    from workshop.core.exercise import ExerciseError

    try:
        exercises = workspace.exercises()
    except ExerciseError as error:
        return Row(label, PROBLEM, str(error), _("Restore the exercise folder from the workshop pack."))
    if not exercises:
        return Row(label, PROBLEM, _("none found in {path}").format(path=workspace.exercises_dir),
                   _("Unzip the workshop pack, or run: workshop init DIR"))
    return Row(label, OK, _("{n} found ({first} … {last})").format(
        n=len(exercises), first=exercises[0].name, last=exercises[-1].name))


def check_checker(workspace) -> Row:
    """Run a real check of the first exercise's learner notebook: it must fail cleanly, not crash."""
    label = _("Checker works")
    from workshop.engine.pipeline import check_notebook
    from workshop.engine.result import Status

    exercises = workspace.exercises()
    if not exercises:
        return Row(label, WARNING, _("no exercise to try it on"))
    exercise = exercises[0]
    result = check_notebook(exercise, exercise.notebook)
    if result.status in (Status.PASSED, Status.FAILED):
        return Row(label, OK, _("checked {name} in {seconds:.2f} s").format(name=exercise.name, seconds=result.duration))
    return Row(label, PROBLEM, f"{result.status.value}: {result.message}"[:160],
               _("Reinstall the toolkit: python -m pip install --force-reinstall workshop"))


def check_isolation() -> Row:
    """How strongly checks are walled off from this computer (tried for real where it can be)."""
    from workshop.engine import isolation

    label = _("Isolation of checks")
    found = isolation.probe()
    layers = found["layers"]
    if sys.platform.startswith("linux"):
        if set(layers) >= set(isolation.LAYERS):
            return Row(label, OK, _("Linux kernel: user and network namespaces, Landlock ABI {abi}, seccomp").format(
                abi=found["landlock_abi"]))
        missing = ", ".join(layer for layer in isolation.LAYERS if layer not in layers)
        return Row(label, WARNING, _("partial: {layers}; missing: {missing}").format(
            layers=", ".join(layers) or _("audit hooks only"), missing=missing),
            _("Use Linux 6.7+ with unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, "
              "kernel.apparmor_restrict_unprivileged_userns=0), or grade inside a container."))
    if sys.platform == "darwin":
        if layers:
            return Row(label, OK, _("macOS Seatbelt profile (files, network, processes)"))
        return Row(label, WARNING, _("audit hooks and resource limits only: Seatbelt is not available"),
                   _("Grade untrusted notebooks on Linux or in a Linux container."))
    return Row(label, WARNING, _("Windows: audit hooks and a time limit only, not a security boundary"),
               _("Grade untrusted notebooks in WSL 2 or a Linux container (docs/grading.md)."))


def check_ai(workspace) -> Row:
    label = _("AI server (optional)")
    try:
        from workshop.ai.config import load_config
    except ImportError:
        return Row(label, OK, _("not available in this version"))
    try:
        config = load_config(workspace.state_dir)
    except Exception as error:  # noqa: BLE001 - a broken config file is the finding
        return Row(label, WARNING, str(error)[:160], _("Fix or delete .workshop/ai.toml"))
    configured = bool(config.sources)
    import urllib.error
    import urllib.request

    url = config.base_url.rstrip("/") + "/models"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {config.api_key}"} if config.api_key else {})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - a configured http(s) URL
            reachable = 200 <= response.status < 500
    except urllib.error.HTTPError as error:
        reachable = error.code < 500
    except (urllib.error.URLError, OSError, ValueError):
        reachable = False
    where = config.base_url + ("" if config.is_local else "  " + _("(leaves this computer)"))
    if reachable:
        return Row(label, OK, _("reachable at {where}").format(where=where))
    if not configured:
        return Row(label, OK, _("none running at {where}; hints work without it").format(where=where),
                   _("Optional: install Ollama and run `ollama serve` for AI hints (docs/ai.md)."))
    return Row(label, WARNING, _("not reachable at {where}").format(where=where),
               _("Start the AI server, or fix WORKSHOP_AI_BASE_URL / .workshop/ai.toml (docs/ai.md)."))


def check_room_ai(workspace) -> Row | None:
    """The room's AI server declared in session.toml (or passed on at join): reachable, private, its queue."""
    try:
        from workshop.ai.config import is_room_url, load_config

        config = load_config(workspace.state_dir)
    except Exception:  # noqa: BLE001 - check_ai reports a broken config
        return None
    if not config.room_url:
        return None
    import json
    import urllib.error
    import urllib.request

    label = _("The room's AI server")
    if not is_room_url(config.room_url):
        return Row(label, PROBLEM, _("{url} is not on a private network: tutors treat it as remote").format(
            url=config.room_url), _("Use the laptop's address on the venue network (192.168.…, 10.…) in session.toml."))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the room is never reached via a proxy
    root = config.room_url.rstrip("/")
    try:
        with opener.open(root + "/models", timeout=3) as response:
            models = json.loads(response.read(200_000) or b"{}")
    except (urllib.error.URLError, OSError, ValueError):
        return Row(label, WARNING, _("not reachable at {url}").format(url=config.room_url),
                   _("Are you on the venue's network? Is `workshop ai-room` running on the facilitator's laptop?"))
    names = [str(item.get("id")) for item in models.get("data", []) if isinstance(item, dict)]
    detail = _("reachable at {url}; models: {names}").format(url=config.room_url, names=", ".join(names) or "?")
    try:
        with opener.open(root.rsplit("/v1", 1)[0] + "/queue", timeout=3) as response:
            queue = json.loads(response.read(10_000))
        detail += " · " + _("{waiting} waiting, {served} served").format(waiting=queue.get("waiting"),
                                                                          served=queue.get("served"))
    except (urllib.error.URLError, OSError, ValueError, AttributeError):
        pass
    return Row(label, OK, detail)


def check_chromium() -> Row:
    from workshop.slides.pdf import find_chromium  # the same search `workshop slides --pdf` uses

    label = _("Chromium for PDF handouts (optional)")
    found = find_chromium()
    if found:
        return Row(label, OK, str(found))
    return Row(label, WARNING, _("not found; slides still work, only --pdf needs it"),
               _("Install Chromium or Google Chrome (Debian/Ubuntu: sudo apt install chromium)."))


def run_doctor(workspace=None, kernel_name: str = "python3") -> list[Row]:
    """Every check, in the order a person would fix them."""
    rows = [check_python(), *check_packages(), check_kernel(kernel_name)]
    if workspace is None:
        rows.append(Row(_("Exercises"), PROBLEM, _("no workshop folder found here"),
                        _("cd into the workshop folder, or run: workshop init DIR")))
    else:
        rows += [check_workspace_writable(workspace.root), check_disk(workspace.root), check_exercises(workspace),
                 check_checker(workspace), check_ai(workspace)]
        room = check_room_ai(workspace)
        if room is not None:
            rows.append(room)
    rows.append(check_isolation())
    rows.append(check_chromium())
    return rows


def exit_code(rows: list[Row]) -> int:
    return 1 if any(row.state == PROBLEM for row in rows) else 0


def system_summary() -> dict:
    return {"os": f"{platform.system()} {platform.release()} ({platform.machine()})",
            "python": f"{platform.python_version()} at {sys.executable}",
            "workshop": importlib.metadata.version("workshop") if _has("workshop") else "source",
            "encoding": f"{sys.getfilesystemencoding()} / {sys.stdout.encoding if sys.stdout else '?'}",
            "cwd": os.getcwd()}


def _has(name: str) -> bool:
    try:
        importlib.metadata.version(name)
        return True
    except importlib.metadata.PackageNotFoundError:
        return False


def plain_report(rows: list[Row]) -> str:
    """A paste-able text report for asking for help (no colours, no box drawing)."""
    lines = ["workshop doctor report", "=" * 22]
    lines += [f"{key}: {value}" for key, value in system_summary().items()]
    lines.append("")
    for row in rows:
        lines.append(f"[{row.state.upper():7}] {row.check}: {row.detail}")
        if row.fix and row.state != OK:
            lines.append(f"          fix: {row.fix}")
    return "\n".join(lines)


def to_json(rows: list[Row]) -> dict:
    return {"system": system_summary(), "checks": [asdict(row) for row in rows], "ok": exit_code(rows) == 0}
