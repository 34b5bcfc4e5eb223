"""Finished results, remembered by what produced them: re-grading unchanged work costs nothing.

The cache is an append-only journal of JSON lines, one per finished check, written with a
single ``write()`` each as soon as the check ends. A run killed at any moment, even with SIGKILL,
loses only the checks still running: everything that finished is on disk (the operating system
keeps what was written when the process dies). A half-written last line (power loss) is skipped
when reading. The key of a result is the SHA-256 of the notebook's bytes, of every file the
check used (exercise metadata, visible and hidden tests, data), of the checker's own code and
version and of the limits: change any of them and the check runs again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import workshop
from workshop.atomic import write_bytes_atomic

JOURNAL = "results.jsonl"
FORMAT = 1
#: The checker's own files: a change in them may change verdicts.
_CHECKER_FILES = ("runner/pipeline.py", "runner/plugin.py", "runner/child.py", "runner/policy.py",
                  "runner/integrity.py", "runner/result.py", "runner/zygote.py", "notebook.py")


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


def checker_fingerprint() -> str:
    """What identifies the checker: the toolkit's version and the code that decides verdicts."""
    package = Path(workshop.__file__).parent
    return hashlib.sha256(
        f"{FORMAT}:{workshop.__version__}:".encode() + _digest([package / name for name in _CHECKER_FILES]).encode()
    ).hexdigest()


def exercise_fingerprint(exercise, hidden: list[Path]) -> str:
    """What identifies an exercise's tests: its metadata, test files and data files."""
    from workshop.exercise import METADATA_FILE

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
