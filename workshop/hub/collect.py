"""``workshop collect``: every learner's notebooks from a JupyterHub, one folder per user, for ``grade``.

For each user of the hub whose server is running, the notebooks under their workspace
(``workshop/`` in their home, as the start hook made it) are fetched through the server's contents
API and written into ``OUT/<user>/``. A user's folder appears whole or not at all: it is written
beside, under a temporary name, and renamed into place when every file arrived. A folder that is
there is complete, so running ``collect`` again after an interruption fetches only the users still
missing (``refresh=True`` fetches everyone again). Users whose server is not running, or does not
answer, are reported; what their server sends is never trusted further than a notebook's size,
a file count and a plain file name.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from workshop.util.atomic import write_bytes_atomic, write_text_atomic
from workshop.hub.api import Hub, HubError, HubUser
from workshop.util.i18n import _
from workshop.util.names import unique_safe_name
from workshop.core.notebook import MAX_NOTEBOOK_BYTES

#: Where collect keeps which folder is which hub user (for ``--return-feedback``).
USERS_FILE = ".hub-users.json"
MARK = ".collected.json"
MAX_FILES = 200
MAX_DEPTH = 4
SKIP = frozenset({".ipynb_checkpoints", "__pycache__", "node_modules", ".workshop"})
#: The feedback page's name in the learner's workspace.
FEEDBACK_NAME = "feedback.html"


@dataclass
class CollectReport:
    """What a collect run did, user by user."""

    collected: dict[str, int] = field(default_factory=dict)  # user → notebooks written
    already: list[str] = field(default_factory=list)
    not_running: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # user → why
    notes: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"collected": self.collected, "already": self.already, "not_running": self.not_running,
                "failed": self.failed, "notes": self.notes, "seconds": self.seconds}


def folder_name(user: str, taken: set[str]) -> str:
    """A safe, unique folder name for a hub user (letters of any script kept; never hidden, never '..')."""
    return unique_safe_name(user, taken, unsafe=r"[^\w.@+-]+", strip=". ", fallback="user", limit=100)


def _safe_part(name: object) -> bool:
    return (isinstance(name, str) and name not in ("", ".", "..") and not any(ch in name for ch in "/\\\0:")
            and len(name) <= 255)


def _notebooks(hub: Hub, user: HubUser, root: str, report_notes: list[str]) -> list[str]:
    """Paths of the notebooks under ``root`` on the user's server (breadth first, capped)."""
    found: list[str] = []
    folders = [(root.strip("/"), 0)]
    while folders:
        folder, depth = folders.pop(0)
        try:
            model = hub.contents(user, folder, "directory")
        except FileNotFoundError:
            if folder == root.strip("/"):
                report_notes.append(_("no {folder}/ folder on the server").format(folder=folder or "."))
            continue
        children = model.get("content")
        if not isinstance(children, list):
            continue
        for child in sorted((c for c in children if isinstance(c, dict)), key=lambda c: str(c.get("name"))):
            name, kind = child.get("name"), child.get("type")
            if not _safe_part(name) or name.startswith(".") or name in SKIP:
                continue
            path = f"{folder}/{name}" if folder else name
            if kind == "directory" and depth + 1 < MAX_DEPTH:
                folders.append((path, depth + 1))
            elif kind in ("notebook", "file") and name.lower().endswith(".ipynb"):
                size = child.get("size")
                if isinstance(size, int) and size > MAX_NOTEBOOK_BYTES:
                    report_notes.append(_("{path}: more than {mb} MB, not collected").format(
                        path=path, mb=MAX_NOTEBOOK_BYTES // (1024 * 1024)))
                    continue
                found.append(path)
                if len(found) >= MAX_FILES:
                    report_notes.append(_("more than {n} notebooks: the rest were not collected").format(n=MAX_FILES))
                    return found
    return found


def _fetch_user(hub: Hub, user: HubUser, root: str, final: Path, out: Path) -> tuple[int, list[str]]:
    """Fetch one user's notebooks into ``final``, whole or not at all. Returns (count, notes)."""
    notes: list[str] = []
    paths = _notebooks(hub, user, root, notes)
    staging = Path(tempfile.mkdtemp(prefix=f".partial-{final.name}-", dir=out))
    try:
        written = 0
        for path in paths:
            try:
                model = hub.contents(user, path, "file", limit=4 * MAX_NOTEBOOK_BYTES)
            except FileNotFoundError:
                continue  # deleted while we were collecting
            content = model.get("content")
            if not isinstance(content, str):
                notes.append(_("{path}: the server sent no text").format(path=path))
                continue
            data = content.encode("utf-8", "surrogatepass")
            if len(data) > MAX_NOTEBOOK_BYTES:
                notes.append(_("{path}: more than {mb} MB, not collected").format(
                    path=path, mb=MAX_NOTEBOOK_BYTES // (1024 * 1024)))
                continue
            relative = path[len(root.strip("/")):].strip("/") if root.strip("/") else path
            target = staging.joinpath(*relative.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(target, data)
            written += 1
        write_text_atomic(staging / MARK, json.dumps({
            "user": user.name, "server": user.server_url, "notebooks": written, "notes": notes,
            "collected": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, ensure_ascii=False, indent=2) + "\n")
        if final.exists():  # --refresh: the old folder goes only once the new one is complete
            old = Path(tempfile.mkdtemp(prefix=f".old-{final.name}-", dir=out))
            os.replace(final, old / "x")
            os.replace(staging, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, final)
        return written, notes
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _clean_partials(out: Path) -> None:
    for entry in out.iterdir():
        if entry.is_dir() and not entry.is_symlink() and entry.name.startswith((".partial-", ".old-")):
            shutil.rmtree(entry, ignore_errors=True)


def collect(hub: Hub, out: Path, root: str = "workshop", refresh: bool = False, workers: int = 8,
            progress=None) -> CollectReport:
    """Collect every running user's notebooks under ``root`` (relative to their home) into ``out``.

    Raises :class:`HubError` when the hub cannot be used at all (unreachable, wrong token).
    """
    started = time.perf_counter()
    report = CollectReport()
    users = hub.users()  # first: a wrong token or address fails before anything is written
    out.mkdir(parents=True, exist_ok=True)
    _clean_partials(out)
    mapping_file = out / USERS_FILE
    mapping: dict[str, str] = {}
    if mapping_file.is_file():
        try:
            mapping = {str(k): str(v) for k, v in json.loads(mapping_file.read_text(encoding="utf-8")).items()}
        except (ValueError, AttributeError, OSError):
            mapping = {}
    folder_of = {user: folder for folder, user in mapping.items()}
    taken = {folder.lower() for folder in mapping}
    todo: list[tuple[HubUser, Path]] = []
    for user in sorted(users, key=lambda u: u.name):
        folder = folder_of.get(user.name) or folder_name(user.name, taken)
        mapping[folder] = user.name
        final = out / folder
        if not refresh and (final / MARK).is_file():
            report.already.append(user.name)
            continue
        if user.state != "running":
            report.not_running.append(user.name)
            continue
        todo.append((user, final))
    write_text_atomic(mapping_file, json.dumps(mapping, ensure_ascii=False, indent=2, sort_keys=True) + "\n")

    def one(job: tuple[HubUser, Path]) -> None:
        user, final = job
        try:
            count, notes = _fetch_user(hub, user, root, final, out)
        except HubError as error:
            report.failed[user.name] = str(error)
        except OSError as error:
            report.failed[user.name] = _("cannot write {path}: {error}").format(path=final, error=error)
        else:
            report.collected[user.name] = count
            if notes:
                report.notes[user.name] = notes
        if progress is not None:
            progress(user.name)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(one, todo))
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def return_feedback(hub: Hub, submissions: Path, grades: Path, root: str = "workshop") -> CollectReport:
    """Put each learner's feedback page from ``grades`` (a ``grade`` run on ``submissions``) into
    their workspace on the hub as ``feedback.html``. ``collected`` counts pages delivered."""
    from workshop.services.grade.outputs import file_name

    report = CollectReport()
    started = time.perf_counter()
    try:
        mapping = json.loads((submissions / USERS_FILE).read_text(encoding="utf-8"))
        book = json.loads((grades / "gradebook.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise HubError(_("Feedback can be returned only for a folder made by collect and graded: {error}").format(
            error=error)) from None
    running = {user.name: user for user in hub.users()}
    taken = {"index"}
    for learner in (entry.get("learner") for entry in book.get("learners", [])):
        page = grades / "feedback" / file_name(str(learner), taken)
        user_name = mapping.get(learner)
        if user_name is None:
            continue
        user = running.get(user_name)
        if user is None or user.state != "running":
            report.not_running.append(user_name)
            continue
        try:
            hub.put_text(user, f"{root.strip('/')}/{FEEDBACK_NAME}", page.read_text(encoding="utf-8"))
        except (HubError, OSError) as error:
            report.failed[user_name] = str(error)
        else:
            report.collected[user_name] = 1
    report.seconds = round(time.perf_counter() - started, 3)
    return report
