"""Finished results, remembered by what produced them: re-grading unchanged work costs nothing.

The cache is an append-only journal of JSON lines, one per finished check, written with a
single ``write()`` each as soon as the check ends. A run killed at any moment, even with SIGKILL,
loses only the checks still running: everything that finished is on disk (the operating system
keeps what was written when the process dies). A half-written last line (power loss) is skipped
when reading. The key of a result is the SHA-256 of the notebook's bytes, of every file the
check used (exercise metadata, visible and hidden tests, data), of the checker's own code (every
module on the check path), of the Python and pytest versions and of the limits: change any of them and the check runs again.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import json
import os
import sys
from pathlib import Path

import workshop
from workshop.util.atomic import write_bytes_atomic
from workshop.util import pyast

JOURNAL = "results.jsonl"
#: Beside the journal: the checker's fingerprint for the toolkit's files as they were last time.
CHECKER_MEMO = "checker.json"
FORMAT = 1
#: Where the check path starts: every module of these packages (and files), and all they import.
CHECK_ROOTS = ("engine",)
#: The distributions whose version may change a verdict, besides Python itself.
CHECK_DISTRIBUTIONS = ("pytest", "pluggy")


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode("utf-8") + b"\0")
        try:
            if path.is_dir():
                for inner in sorted(path.rglob("*")):
                    if inner.is_file():
                        digest.update(inner.relative_to(path).as_posix().encode() + b"\0" + inner.read_bytes())
            else:
                digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


def _module_file(package: Path, dotted: str) -> Path | None:
    parts = dotted.split(".")[1:]
    if not parts:
        return package / "__init__.py"
    for candidate in (package.joinpath(*parts).with_suffix(".py"), package.joinpath(*parts, "__init__.py")):
        if candidate.is_file():
            return candidate
    return None


def _statements(body: list[ast.stmt], functions: bool):
    # Statements only (an import is one): walking every expression node too costs ten times as much.
    for node in body:
        if not functions and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        yield node
        for name in ("body", "orelse", "finalbody", "handlers"):
            yield from _statements(getattr(node, name, []), functions)


def _imports(path: Path, package: Path) -> set[Path]:
    """The files of the workshop package that ``path`` imports, at any depth of its code."""
    try:
        tree = pyast.parse(path.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return set()
    here = path.relative_to(package).with_suffix("").parts
    names: list[str] = []
    # A package's __init__ runs its top-level imports only (its lazy ``__getattr__`` imports load on use);
    # a module on the path may import inside its functions too.
    for node in _statements(tree.body, functions=path.name != "__init__.py"):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package this file is in
                anchor = here[: len(here) - node.level] if path.name != "__init__.py" else here[: len(here) - node.level + 1]
                base = ".".join(["workshop", *anchor, *([base] if base else [])])
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names]  # ``from pkg import module``
    found: set[Path] = set()
    for name in names:
        if name == "workshop" or name.startswith("workshop."):
            parts = name.split(".")
            for depth in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__ too
                file = _module_file(package, ".".join(parts[:depth]))
                if file is not None:
                    found.add(file)
    return found


def check_path_files(package: Path | None = None) -> list[Path]:
    """Every file of the workshop package on the check path: the modules under :data:`CHECK_ROOTS`
    and, transitively, every workshop module they import. Computed, never listed by hand."""
    package = package or Path(workshop.__file__).parent
    todo: list[Path] = []
    for root in CHECK_ROOTS:
        path = package / root
        todo += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        todo += _imports(path, package) - seen
    return sorted(seen)


def _versions() -> str:
    found = [f"python {sys.implementation.name} {sys.version}"]
    for name in CHECK_DISTRIBUTIONS:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return "\n".join(found)


def checker_fingerprint(memo: Path | None = None) -> str:
    """What identifies the checker: the toolkit's version, the content of every module on the check
    path (:func:`check_path_files`), and the Python, pytest and pluggy versions. (The limits are part of
    each result's key: :func:`result_key`.)

    ``memo``: a file remembering the fingerprint for the package's files as they are (names, sizes,
    modification times): when none of them changed, they are not read and parsed again."""
    package = Path(workshop.__file__).parent
    head = f"{FORMAT}:{workshop.__version__}\n{_versions()}\n"
    signature = ""
    if memo is not None:
        stats = []
        for path in sorted(package.rglob("*.py")):
            try:
                stat = path.stat()
            except OSError:
                continue
            stats.append((path.relative_to(package).as_posix(), stat.st_mtime_ns, stat.st_size))
        signature = hashlib.sha256(json.dumps([head, str(package), stats]).encode("utf-8")).hexdigest()
        try:
            remembered = json.loads(memo.read_text(encoding="utf-8"))
            if remembered.get("signature") == signature:
                return str(remembered["fingerprint"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
    digest = hashlib.sha256(head.encode())
    for path in check_path_files(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    fingerprint = digest.hexdigest()
    if memo is not None:
        try:
            memo.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(memo, json.dumps({"signature": signature, "fingerprint": fingerprint}).encode())
        except OSError:
            pass  # only a shortcut
    return fingerprint


def exercise_fingerprint(exercise, hidden: list[Path]) -> str:
    """What identifies an exercise's tests: its metadata, test files and data files."""
    from workshop.core.exercise import METADATA_FILE

    return _digest([exercise.folder / METADATA_FILE, exercise.visible_tests, *hidden, *exercise.data_paths])


def result_key(notebook_sha: str, exercise_print: str, checker_print: str, limits) -> str:
    """The key a result is remembered by."""
    text = json.dumps([notebook_sha, exercise_print, checker_print, repr(limits)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ResultCache:
    """The journal of finished results in ``folder``; a dict from key to a result's dict."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / JOURNAL
        self.results: dict[str, dict] = {}
        self.lines = 0
        self.damaged = 0
        self._fd: int | None = None
        self._load()

    def _load(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        for line in data.split(b"\n"):
            if not line.strip():
                continue
            self.lines += 1
            try:
                record = json.loads(line)
                self.results[record["key"]] = record["result"]
            except (ValueError, KeyError, TypeError):
                self.damaged += 1  # e.g. the last line of a run cut off by a power loss

    def get(self, key: str) -> dict | None:
        return self.results.get(key)

    def put(self, key: str, result: dict) -> None:
        """Remember a result on disk at once: one line, one write."""
        if self._fd is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            if self.damaged and os.fstat(self._fd).st_size and not self.path.read_bytes().endswith(b"\n"):
                os.write(self._fd, b"\n")  # end a cut-off line so the next one stands alone
        line = (json.dumps({"key": key, "result": result}, ensure_ascii=False) + "\n").encode("utf-8")
        view = memoryview(line)
        while view:
            view = view[os.write(self._fd, view):]
        self.results[key] = result
        self.lines += 1

    def compact(self, keep: set[str]) -> None:
        """Rewrite the journal with only the results in ``keep`` when it holds many others."""
        if self.lines <= max(2 * len(keep), 100) and not self.damaged:
            return
        self.close()
        lines = [json.dumps({"key": key, "result": self.results[key]}, ensure_ascii=False)
                 for key in sorted(keep) if key in self.results]
        write_bytes_atomic(self.path, ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8"))
        self.lines = len(lines)
        self.damaged = 0

    def close(self) -> None:
        if self._fd is not None:
            try:
                os.fsync(self._fd)
            except OSError:
                pass
            os.close(self._fd)
            self._fd = None
