"""The session file (``session.toml``): what a session is, and its schedule in clock times.

::

    title = "Small tools that keep people safe"
    subtitle = "…"                       # optional
    event = "…"                          # optional
    date = 2025-10-22                    # a TOML date, or "2025-10-22"
    start = "14:00"                      # when the first item starts
    venue = "Seoul"
    facilitators = ["Lead facilitator", "Co-facilitator (Korean ⇄ English)"]
    language = "en"                      # optional, the deck's language (default "en")
    exercises = [1, 2, 6]                # by number, slug or title, in the order of the session
    # [ai] room_url = "http://192.168.1.20:8081/v1"  (optional: the room's AI server, docs/ai.md)

    [opening]                            # optional; these are the defaults
    decks = ["welcome", "loop"]          # decks from slides/, shown before the exercises
    minutes = 20
    [closing]
    decks = ["wrap-up"]
    minutes = 15

    [[breaks]]                           # as many as you like
    after = 2                            # after this exercise of the session
    minutes = 15
    title = "Break"                      # optional

The exercises' minutes come from their ``exercise.toml``; the schedule adds them up from ``start``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from workshop.core.exercise import Exercise, ExerciseError, find
from workshop.util.i18n import _
from workshop.slides import SlidesError

DEFAULT_FILE = "session.toml"
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_KNOWN = {"title", "subtitle", "title_ko", "subtitle_ko", "event", "date", "start", "venue", "facilitators",
          "language", "exercises", "opening", "closing", "breaks", "slides", "ai"}


@dataclass(frozen=True)
class Part:
    """Decks shown together (the opening or the closing) and the minutes they take."""

    decks: tuple[str, ...]
    minutes: int


@dataclass(frozen=True)
class Break:
    after: str
    minutes: int
    title: str


@dataclass(frozen=True)
class Session:
    """A session as written in its file (exercises still as written, not yet found)."""

    path: Path
    title: str
    date: dt.date | None
    start: dt.time
    venue: str
    facilitators: tuple[str, ...]
    exercises: tuple[str, ...]
    subtitle: str = ""
    event: str = ""
    language: str = "en"
    opening: Part = Part(("welcome", "loop"), 20)
    closing: Part = Part(("wrap-up",), 15)
    breaks: tuple[Break, ...] = ()
    slides_dir: Path | None = None  # the ``slides`` key, when given
    language_choice: str = ""  # ``language`` as written ("" when the file does not say)
    title_ko: str = ""  # the Korean title and subtitle, for the bilingual title slide
    subtitle_ko: str = ""

    @property
    def name(self) -> str:
        """The session deck's file name without extension (the session file's stem)."""
        return self.path.stem

    def decks_folder(self, workspace_root: Path | None = None) -> Path:
        """Where the decks are: the ``slides`` key; else ``slides/`` beside the session file; else the workspace's."""
        if self.slides_dir is not None:
            return self.slides_dir
        beside = self.path.parent / "slides"
        if beside.is_dir() or workspace_root is None:
            return beside
        return Path(workspace_root) / "slides"


@dataclass(frozen=True)
class Item:
    """One row of the schedule: what, when, for how long."""

    kind: str  # "opening", "exercise", "break", "closing"
    title: str
    start: dt.datetime
    minutes: int
    exercise: Exercise | None = None

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.minutes)


@dataclass
class Schedule:
    session: Session
    exercises: list[Exercise]
    items: list[Item] = field(default_factory=list)

    @property
    def end(self) -> dt.datetime:
        return self.items[-1].end

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)


def clock(moment: dt.datetime | dt.time) -> str:
    """``14:05``."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _error(path: Path, message: str) -> SlidesError:
    return SlidesError(f"{path}: {message}")


def _text(raw: dict, key: str, path: Path, required: bool = False) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise _error(path, _("{key} must be text in quotes").format(key=key))
    if required and not value.strip():
        raise _error(path, _("{key} is missing (for example: {key} = \"…\")").format(key=key))
    return value.strip()


def _minutes(value, path: Path, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 24 * 60:
        raise _error(path, _("{where} must be a whole number of minutes").format(where=where))
    return value


def _part(raw: dict, key: str, default: Part, path: Path) -> Part:
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, dict):
        raise _error(path, _("[{key}] must be a table with decks = [...] and minutes = N").format(key=key))
    decks = value.get("decks", list(default.decks))
    if not isinstance(decks, list) or not all(isinstance(deck, str) and deck for deck in decks):
        raise _error(path, _("{key}.decks must be a list of deck names, like [\"welcome\", \"loop\"]").format(key=key))
    return Part(tuple(decks), _minutes(value.get("minutes", default.minutes), path, f"{key}.minutes"))


def _start(value, path: Path) -> dt.time:
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str) and _CLOCK.match(value.strip()):
        hours, minutes = _CLOCK.match(value.strip()).groups()
        return dt.time(int(hours), int(minutes))
    raise _error(path, _("start must be a clock time like \"14:00\""))


def _date(value, path: Path) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _error(path, _("date must be a date like 2025-10-22"))


def parse_session(raw: dict, path: Path) -> Session:
    """A :class:`Session` from the TOML table ``raw`` read from ``path``."""
    unknown = sorted(set(raw) - _KNOWN)
    if unknown:
        raise _error(path, _("unknown keys {keys}; the keys are: {known}").format(
            keys=", ".join(unknown), known=", ".join(sorted(_KNOWN))))
    exercises = raw.get("exercises")
    if not isinstance(exercises, list) or not exercises:
        raise _error(path, _("exercises must list this session's exercises in order, like exercises = [1, 2, 6]"))
    if not all(isinstance(item, (int, str)) and not isinstance(item, bool) for item in exercises):
        raise _error(path, _("exercises must be numbers or names, like exercises = [1, \"redactor\"]"))
    facilitators = raw.get("facilitators", [])
    if isinstance(facilitators, str):
        facilitators = [facilitators]
    if not isinstance(facilitators, list) or not all(isinstance(item, str) for item in facilitators):
        raise _error(path, _("facilitators must be a list of names or roles"))
    breaks = []
    raw_breaks = raw.get("breaks", [])
    if not isinstance(raw_breaks, list):
        raise _error(path, _("breaks must be written as [[breaks]] tables"))
    for index, item in enumerate(raw_breaks, start=1):
        if not isinstance(item, dict) or "after" not in item:
            raise _error(path, _("break {n} needs after = <an exercise of this session>").format(n=index))
        if not isinstance(item["after"], (int, str)) or isinstance(item["after"], bool):
            raise _error(path, _("break {n}: after must be an exercise number or name").format(n=index))
        title = item.get("title", _("Break"))
        breaks.append(Break(str(item["after"]), _minutes(item.get("minutes", 15), path, f"breaks[{index}].minutes"),
                            _(str(title))))
    slides = raw.get("slides")
    if slides is not None and not isinstance(slides, str):
        raise _error(path, _("slides must be the path of the decks folder, like slides = \"slides\""))
    return Session(
        path=path,
        title=_text(raw, "title", path, required=True),
        subtitle=_text(raw, "subtitle", path),
        event=_text(raw, "event", path),
        date=_date(raw.get("date"), path),
        start=_start(raw.get("start", "09:00"), path),
        venue=_text(raw, "venue", path),
        facilitators=tuple(item.strip() for item in facilitators if item.strip()),
        language=_text(raw, "language", path) or "en",
        language_choice=_text(raw, "language", path),
        title_ko=_text(raw, "title_ko", path),
        subtitle_ko=_text(raw, "subtitle_ko", path),
        exercises=tuple(str(item) for item in exercises),
        opening=_part(raw, "opening", Session.opening, path),
        closing=_part(raw, "closing", Session.closing, path),
        breaks=tuple(breaks),
        slides_dir=(path.parent / slides).resolve() if slides else None,
    )


def load_session(path: Path | str) -> Session:
    """Read and check a session file (its exercises are found later, by :func:`schedule`)."""
    path = Path(path).absolute()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SlidesError(_("The session file {path} does not exist.").format(path=path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SlidesError(_("{path} is not valid TOML: {error}").format(path=path, error=error)) from None
    return parse_session(raw, path)


def schedule(session: Session, available: list[Exercise], deck_titles: dict[str, str] | None = None) -> Schedule:
    """The session's exercises found among ``available``, and every item with its clock time.

    Raises :class:`SlidesError` naming the exercises that are not in the workspace.
    """
    found: list[Exercise] = []
    problems = []
    for query in session.exercises:
        try:
            found.append(find(available, query))
        except ExerciseError as error:
            problems.append(str(error))
    if problems:
        raise _error(session.path, " ".join(problems))
    names = [exercise.name for exercise in found]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise _error(session.path, _("an exercise is listed twice: {names}").format(names=", ".join(repeated)))
    breaks_after: dict[str, list[Break]] = {}
    for item in session.breaks:
        try:
            exercise = find(found, item.after)
        except ExerciseError:
            raise _error(session.path, _("the break after {after!r} does not follow an exercise of this session "
                                         "({names})").format(after=item.after, names=", ".join(names))) from None
        breaks_after.setdefault(exercise.name, []).append(item)

    titles = deck_titles or {}
    day = session.date or dt.date(2000, 1, 1)
    now = dt.datetime.combine(day, session.start)
    result = Schedule(session, found)

    def add(kind: str, title: str, minutes: int, exercise: Exercise | None = None) -> None:
        nonlocal now
        result.items.append(Item(kind, title, now, minutes, exercise))
        now += dt.timedelta(minutes=minutes)

    if session.opening.decks or session.opening.minutes:
        add("opening", " · ".join(titles.get(deck, deck) for deck in session.opening.decks) or _("Welcome"),
            session.opening.minutes)
    for exercise in found:
        add("exercise", exercise.title, exercise.minutes, exercise)
        for item in breaks_after.get(exercise.name, []):
            add("break", item.title, item.minutes)
    if session.closing.decks or session.closing.minutes:
        add("closing", " · ".join(titles.get(deck, deck) for deck in session.closing.decks) or _("Wrap-up"),
            session.closing.minutes)
    return result
