"""Find the learners in a submissions folder and match their notebooks to the exercises.

A submissions folder holds one entry per learner: a folder (a JupyterHub home copy, an unzipped
LMS download) or a ``.zip`` of one. Zips are never extracted: notebooks are read from them in
memory, each at most :data:`~workshop.core.notebook.MAX_NOTEBOOK_BYTES` *as actually read* (a zip's
own size claims are not trusted), so zip-slip names, zip bombs and huge archives cost nothing
and write nothing. Each learner's entry is opened once (a zip's directory parsed once), a notebook
that cannot be read is tried once, and all that is read of one learner has a budget
(:data:`MAX_LEARNER_BYTES`): hundreds of huge members cost seconds, not minutes. Symbolic links
are not followed; only regular files are read (a FIFO or a device named ``*.ipynb`` is never
opened, so it cannot make grading wait).

Matching is forgiving and honest: the exact notebook name wins; then a copied or renamed
notebook ("passphrase (1).ipynb", "Copy of passphrase.ipynb", "kim_passphrase_final.ipynb"), a
notebook in the exercise's folder ("01-passphrase/Untitled.ipynb"), a near spelling, and last a
notebook that defines the exercise's functions. Two different notebooks that match equally well
are reported as ambiguous, never picked silently.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from workshop.core.exercise import Exercise
from workshop.util.i18n import _
from workshop.core.notebook import MAX_NOTEBOOK_BYTES, NotebookError

MAX_ZIP_BYTES = 512 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000
MAX_FILES_SCANNED = 20_000
MAX_DEPTH = 8
#: The most bytes read from one learner's entry in all (every notebook, zip members as decompressed).
MAX_LEARNER_BYTES = 256 * 1024 * 1024
#: Of that, the most read to guess by content which notebook is which exercise (names did not tell):
#: junk cannot use up the budget of the notebooks that are named right.
MAX_GUESS_BYTES = 64 * 1024 * 1024
SKIP_DIRS = frozenset({".ipynb_checkpoints", "__MACOSX", ".git", "__pycache__", "node_modules", ".venv", "venv",
                       ".local", ".cache", ".workshop", "site-packages"})

#: How sure a match is; a higher number wins.
EXACT, SAME_MODULE, IN_FOLDER, CONTAINS, SIMILAR, DEFINES_ALL, DEFINES_SOME = 100, 90, 80, 70, 60, 50, 40
_NAME_SURE = SIMILAR


class _Entry:
    """A learner's folder or zip, opened once for all its notebooks, with a budget on what is read."""

    def __init__(self, source: Path, is_zip: bool, budget: int = MAX_LEARNER_BYTES):
        self.source = source
        self.is_zip = is_zip
        self.left = budget
        self.guess_left = MAX_GUESS_BYTES
        self._zip: zipfile.ZipFile | None = None

    def read(self, path: Path, member: str | None, limit: int) -> bytes:
        """At most ``limit + 1`` bytes of a file or member (fewer when the budget is nearly spent)."""
        if self.left <= 0:
            raise NotebookError(_("Not read: this learner's hand-in holds more than {n} MB of notebooks in all."
                                  ).format(n=MAX_LEARNER_BYTES // (1024 * 1024)))
        want = min(limit + 1, self.left)
        if member is None:
            data = _read_regular(path, want)
        else:
            if self._zip is None:
                self._zip = zipfile.ZipFile(self.source)
            with self._zip.open(member) as handle:
                data = handle.read(want)
        self.left -= len(data)
        if len(data) == want and want <= limit:
            raise NotebookError(_("Not read: this learner's hand-in holds more than {n} MB of notebooks in all."
                                  ).format(n=MAX_LEARNER_BYTES // (1024 * 1024)))
        return data

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None


def _read_regular(path: Path, size: int) -> bytes:
    """Up to ``size`` bytes of ``path`` if it is a regular file: never waits on a FIFO or a device."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotebookError(_("Not read: {name} is not a regular file (a pipe, a device or a socket)."
                                  ).format(name=path.name))
        chunks, left = [], size
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


@dataclass
class Candidate:
    """A notebook a learner handed in: where it is and how to read it (capped)."""

    path: str  # inside the learner's entry, with "/" separators: for people to read
    size: int
    source: Path  # the file, or the zip it is in
    member: str | None = None
    entry: _Entry | None = field(default=None, repr=False)
    _data: bytes | None = field(default=None, repr=False)
    _sha: str | None = field(default=None, repr=False)
    _error: NotebookError | None = field(default=None, repr=False)

    def read(self) -> bytes:
        """The notebook's bytes; :class:`NotebookError` when it is too big or cannot be read (tried once)."""
        if self._data is not None:
            return self._data
        if self._error is not None:
            raise self._error
        limit = MAX_NOTEBOOK_BYTES
        too_big = NotebookError(_("The notebook is more than {limit} MB, too big to be a notebook.").format(
            limit=limit // (1024 * 1024)))
        if self.size > limit:  # what the folder or the zip says; when it says less, the read is capped
            self._error = too_big
            raise too_big
        entry = self.entry or _Entry(self.source, self.member is not None)
        try:
            data = entry.read(self.source, self.member, limit)
        except NotebookError as error:
            self._error = error
            raise
        except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, ValueError) as error:
            self._error = NotebookError(_("The notebook cannot be read: {error}").format(error=error))
            raise self._error from None
        finally:
            if self.entry is None:
                entry.close()
        if len(data) > limit:
            self._error = too_big
            raise too_big
        self._data = data
        return data

    def sha256(self) -> str:
        """The hash of the notebook's bytes ("" when it cannot be read)."""
        if self._sha is None:
            try:
                self._sha = hashlib.sha256(self.read()).hexdigest()
            except NotebookError:
                self._sha = ""
        return self._sha

    def forget(self) -> None:
        """Drop the bytes held in memory (the hash stays)."""
        self._data = None


@dataclass
class Learner:
    """One learner's entry in the submissions folder."""

    name: str
    source: Path
    candidates: list[Candidate] = field(default_factory=list)
    #: Why nothing of this learner could be read, for the gradebook (e.g. a damaged zip).
    problem: str = ""
    notes: list[str] = field(default_factory=list)
    entry: _Entry | None = field(default=None, repr=False)

    def close(self) -> None:
        """Close what reading this learner's notebooks opened (a zip)."""
        if self.entry is not None:
            self.entry.close()


@dataclass
class Match:
    """Which of a learner's notebooks is their work on an exercise."""

    candidate: Candidate | None
    score: int = 0
    #: When several notebooks match equally well: their paths (then ``candidate`` is None).
    ambiguous: list[str] = field(default_factory=list)
    how: str = ""


def learner_name(entry: Path) -> str:
    """The learner's name from their entry: the folder name, or the zip's name without ``.zip``."""
    name = entry.name[:-4] if entry.name.lower().endswith(".zip") else entry.name
    return unicodedata.normalize("NFC", name)


def discover(folder: Path) -> tuple[list[Learner], list[str]]:
    """The learners in ``folder``, sorted by name, and notes about entries that were left out."""
    learners: list[Learner] = []
    ignored: list[str] = []
    for entry in sorted(folder.iterdir(), key=lambda path: path.name):
        if entry.name.startswith(".") or entry.name in SKIP_DIRS:
            continue
        if entry.is_symlink():
            ignored.append(_("{name}: a link, not followed").format(name=entry.name))
        elif entry.is_dir():
            learners.append(_scan_folder(entry))
        elif entry.is_file() and entry.name.lower().endswith(".zip"):
            learners.append(_scan_zip(entry))
        else:
            ignored.append(_("{name}: not a folder or a .zip, left out").format(name=entry.name))
    return learners, ignored


def _scan_folder(entry: Path) -> Learner:
    learner = Learner(learner_name(entry), entry, entry=_Entry(entry, False))
    checkpoints: list[Candidate] = []
    seen = 0
    root_depth = len(entry.parts)
    for here, dirs, files in os.walk(entry, followlinks=False):
        depth = len(Path(here).parts) - root_depth
        in_checkpoints = Path(here).name == ".ipynb_checkpoints"
        dirs[:] = sorted(name for name in dirs if (name not in SKIP_DIRS or name == ".ipynb_checkpoints")
                         and not (name.startswith(".") and name != ".ipynb_checkpoints") and depth < MAX_DEPTH)
        for name in sorted(files):
            seen += 1
            if seen > MAX_FILES_SCANNED:
                learner.notes.append(_("more than {n} files: the rest were not looked at").format(
                    n=MAX_FILES_SCANNED))
                return learner
            if not name.lower().endswith(".ipynb"):
                continue
            path = Path(here) / name
            relative = path.relative_to(entry).as_posix()
            try:
                status = path.lstat()
            except OSError:
                continue
            if stat.S_ISLNK(status.st_mode):
                learner.notes.append(_("{path}: a link, not followed").format(path=relative))
                continue
            if not stat.S_ISREG(status.st_mode):
                learner.notes.append(_("{path}: not a regular file (a pipe, a device or a socket), left out").format(
                    path=relative))
                continue
            candidate = Candidate(unicodedata.normalize("NFC", relative), status.st_size, path, entry=learner.entry)
            (checkpoints if in_checkpoints else learner.candidates).append(candidate)
    if not learner.candidates:
        learner.candidates = checkpoints  # autosaved copies only: better than nothing
    return learner


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return not (path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]))


def _scan_zip(entry: Path) -> Learner:
    learner = Learner(learner_name(entry), entry, entry=_Entry(entry, True))
    try:
        if entry.stat().st_size > MAX_ZIP_BYTES:
            learner.problem = _("The zip file is bigger than {n} MB; unzip it and hand in the notebooks.").format(
                n=MAX_ZIP_BYTES // (1024 * 1024))
            return learner
        with zipfile.ZipFile(entry) as archive:
            infos = archive.infolist()  # closed again: hundreds of learners must not hold hundreds of files open
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        learner.problem = _("The zip file cannot be read ({error}).").format(error=error)
        return learner
    if len(infos) > MAX_ZIP_MEMBERS:
        learner.notes.append(_("the zip holds {n} files: only the first {m} were looked at").format(
            n=len(infos), m=MAX_ZIP_MEMBERS))
        infos = infos[:MAX_ZIP_MEMBERS]
    checkpoints: list[Candidate] = []
    for info in infos:
        if info.is_dir() or not info.filename.lower().endswith(".ipynb"):
            continue
        name = info.filename
        if not _safe_member(name):
            learner.notes.append(_("{path}: an unsafe name in the zip, left out").format(path=name))
            continue
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if any(part in ("__MACOSX",) or (part.startswith(".") and part != ".ipynb_checkpoints")
               for part in parts[:-1]):
            continue
        candidate = Candidate(unicodedata.normalize("NFC", "/".join(parts)), info.file_size, entry, member=name,
                              entry=learner.entry)
        (checkpoints if ".ipynb_checkpoints" in parts else learner.candidates).append(candidate)
    if not learner.candidates:
        learner.candidates = checkpoints
    return learner


# -- matching -------------------------------------------------------------------------------------

_COPY_MARKS = re.compile(
    r"(^copy[\s_-]*of[\s_-]+)|([\s_-]*copy\d*$)|(\s*\(\d+\)$)|([\s_-]*checkpoint$)|([\s_-]*v\d+$)|"
    r"([\s_-]*(final|done|solved|finished|submission|submit|new|old|backup|bak)$)|([\s_-]*\d+$)",
    re.IGNORECASE)


def normalize(stem: str) -> str:
    """A notebook name without case, accents of the copy, and copy/version decorations."""
    text = unicodedata.normalize("NFKC", stem).lower().strip()
    for _round in range(4):
        stripped = _COPY_MARKS.sub("", text).strip(" _-.")
        if stripped == text or not stripped:
            break
        text = stripped
    return re.sub(r"[^\w]+", "_", text).strip("_")


def _name_score(candidate: Candidate, exercise: Exercise) -> tuple[int, str]:
    score = _path_score(candidate.path, exercise.name, exercise.notebook_name, exercise.module, exercise.slug,
                        exercise.number)
    if score == EXACT:
        return score, _("its name")
    if score == SAME_MODULE:
        return score, _("its name, as a copy or renamed")
    if score == IN_FOLDER:
        return score, _("the exercise's folder")
    if score == CONTAINS:
        return score, _("its name contains {module}").format(module=exercise.module)
    if score == SIMILAR:
        return score, _("a name close to {module}").format(module=exercise.module)
    return 0, ""


@functools.lru_cache(maxsize=4096)  # a class hands in the same few names over and over
def _path_score(path: str, name: str, notebook_name: str, module_name: str, slug: str, number: int) -> int:
    parts = path.split("/")
    filename, folders = parts[-1], [part.lower() for part in parts[:-1]]
    stem = filename[:-6] if filename.lower().endswith(".ipynb") else filename
    module = module_name.lower()
    if filename == notebook_name:
        return EXACT
    simple = normalize(stem)
    if simple == module or simple == slug.replace("-", "_"):
        return SAME_MODULE
    prefix = f"{number:02d}"
    if any(folder == name or folder.startswith(prefix + "-") or folder.startswith(prefix + "_")
           or normalize(folder) in (module, slug.replace("-", "_")) for folder in folders):
        return IN_FOLDER
    if len(module) >= 4 and module in simple:
        return CONTAINS
    similar = difflib.SequenceMatcher(None, simple, module) if simple else None
    if similar is not None and similar.real_quick_ratio() >= 0.8 and similar.quick_ratio() >= 0.8 \
            and similar.ratio() >= 0.8:
        return SIMILAR
    return 0


def _functions(exercise: Exercise) -> list[str]:
    return [name for task in exercise.tasks for name in task.functions]


def _content_score(candidate: Candidate, exercise: Exercise) -> tuple[int, str]:
    names = _functions(exercise)
    if not names:
        return 0, ""
    entry = candidate.entry
    fresh = candidate._data is None and candidate._error is None and candidate.size <= MAX_NOTEBOOK_BYTES
    if fresh and entry is not None:
        if entry.guess_left < candidate.size:
            return 0, ""  # the budget for guessing is spent: not read
        entry.guess_left -= candidate.size
    try:
        text = candidate.read().decode("utf-8", "replace")
    except NotebookError:
        return 0, ""
    defined = [name for name in names if re.search(r"def\s+" + re.escape(name) + r"\s*\(", text)]
    if not defined:
        candidate.sha256()  # kept for telling copies apart; the bytes are not
        candidate.forget()
    if len(defined) == len(names):
        return DEFINES_ALL, _("it defines {names}").format(names=", ".join(names))
    if defined:
        return DEFINES_SOME, _("it defines {names}").format(names=", ".join(defined))
    return 0, ""


def _best(scored: list[tuple[int, str, Candidate]]) -> Match:
    top = max(score for score, _how, _c in scored)
    if top <= 0:
        return Match(None)
    tied = [(how, candidate) for score, how, candidate in scored if score == top]
    distinct: dict[str, tuple[str, Candidate]] = {}
    for how, candidate in sorted(tied, key=lambda item: (item[1].path.count("/"), len(item[1].path), item[1].path)):
        key = candidate.sha256() if len(tied) > 1 else "one"
        distinct.setdefault(key, (how, candidate))
    if len(distinct) > 1:
        return Match(None, top, ambiguous=[candidate.path for _how, candidate in distinct.values()])
    how, candidate = next(iter(distinct.values()))
    return Match(candidate, top, how=how)


def match(learner: Learner, exercises: list[Exercise]) -> dict[str, Match]:
    """For each exercise (by name), the learner's notebook for it, if one can be told apart."""
    found: dict[str, Match] = {}
    by_name: set[int] = set()
    for exercise in exercises:
        scored = [(*_name_score(candidate, exercise), candidate) for candidate in learner.candidates]
        result = _best(scored) if scored else Match(None)
        if result.candidate is not None or result.ambiguous:
            if result.score >= _NAME_SURE:
                found[exercise.name] = result
                if result.candidate is not None:
                    by_name.add(id(result.candidate))
                continue
        found[exercise.name] = result
    for exercise in exercises:
        current = found[exercise.name]
        if current.score >= _NAME_SURE:
            continue
        rest = [candidate for candidate in learner.candidates if id(candidate) not in by_name]
        scored = [(*_content_score(candidate, exercise), candidate) for candidate in rest]
        if scored:
            by_content = _best(scored)
            if by_content.score > current.score:
                found[exercise.name] = by_content
    return found
