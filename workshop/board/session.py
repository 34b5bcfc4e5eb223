"""The board's columns: the session's exercises.

From a session file when one is given (read by :func:`workshop.core.session.load_session`, the
one grammar of ``session.toml``; its ``exercises`` as numbers ``[1, 2]``, number strings ``["01"]``
or names ``["passphrase"]``), else every exercise in the workspace. When neither says anything, columns appear as checks arrive.
A column's key is the exercise number (``"03"``): a report for ``03-anything`` lands in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from workshop.core.exercise import ExerciseError
from workshop.util.i18n import _

_NUMBER = re.compile(r"^(\d{1,3})")


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    title: str = ""

    def to_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "title": self.title}


@dataclass
class Session:
    """What the board shows: a title and its columns; ``dynamic`` when columns come from reports."""

    title: str = ""
    columns: list[Column] = field(default_factory=list)
    dynamic: bool = False
    warnings: list[str] = field(default_factory=list)
    #: The room's AI server from the session file's ``[ai]`` table (room_url, model), passed on at join.
    ai: dict = field(default_factory=dict)


def column_key(exercise: str) -> str | None:
    """The column an exercise name belongs in: its number, two digits (``"3-x"`` → ``"03"``)."""
    match = _NUMBER.match(exercise)
    return f"{int(match.group(1)):02d}" if match else None


def _workspace_exercises(workspace, warnings: list[str]) -> list:
    if workspace is None:
        return []
    try:
        return workspace.exercises()
    except ExerciseError as error:
        warnings.append(_("Could not read the workspace's exercises ({error}).").format(error=error))
        return []


def load_session(workspace=None, session_file: Path | None = None) -> Session:
    """The session for the board; raises :class:`ExerciseError` for a session file that cannot be read."""
    warnings: list[str] = []
    known = _workspace_exercises(workspace, warnings)
    by_number = {exercise.number: exercise for exercise in known}
    title = ""
    wanted = None
    if session_file is not None:
        from workshop.slides import SlidesError
        from workshop.core.session import load_session as read_session_file

        try:
            written = read_session_file(session_file)
        except (SlidesError, OSError) as error:
            raise ExerciseError(str(error)) from None
        title, wanted = written.title, list(written.exercises)
    if wanted is None:
        if not known:
            return Session(title, [], dynamic=True, warnings=warnings)
        columns = [Column(f"{e.number:02d}", e.name, e.title) for e in known]
        return Session(title, columns, warnings=warnings)
    columns: list[Column] = []
    for entry in wanted:
        column = _resolve(entry, known, by_number)
        if column is None:
            warnings.append(_("The session file names {entry!r}, which is not an exercise here; left out.").format(
                entry=entry))
        elif column.key not in {existing.key for existing in columns}:
            columns.append(column)
    if not columns:
        return Session(title, [], dynamic=True, warnings=warnings)
    return Session(title, columns, warnings=warnings)


def _resolve(entry, known: list, by_number: dict) -> Column | None:
    number = None
    if isinstance(entry, int) and not isinstance(entry, bool):
        number = entry
    elif isinstance(entry, str) and entry.strip():
        text = entry.strip()
        if text.isdigit():
            number = int(text)
        else:
            from workshop.core.exercise import find

            if known:
                try:
                    number = find(known, text).number
                except ExerciseError:
                    number = None
            key = column_key(text)
            if number is None and key is not None:
                number = int(key)
    if number is None or not 0 <= number <= 999:
        return None
    exercise = by_number.get(number)
    if exercise is not None:
        return Column(f"{number:02d}", exercise.name, exercise.title)
    # Not in this workspace (yet): the session file is the facilitator's word, so keep the column.
    return Column(f"{number:02d}", f"{number:02d}", "")


def room_ai(session_file: Path | None) -> dict:
    """The session file's ``[ai]`` room_url and model (empty when it declares none or cannot be read)."""
    if session_file is None:
        return {}
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    try:
        raw = tomllib.loads(Path(session_file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    table = raw.get("ai") if isinstance(raw.get("ai"), dict) else {}
    return {key: table[key] for key in ("room_url", "model") if isinstance(table.get(key), str)}
