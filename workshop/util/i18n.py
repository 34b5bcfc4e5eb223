"""The message layer: every learner-facing string goes through :func:`_`, and one function decides the language.

Catalogs are standard gettext ``.mo`` files under ``workshop/locale/<lang>/LC_MESSAGES/workshop.mo``
(or a folder named by ``WORKSHOP_LOCALEDIR``), read with the standard library's :mod:`gettext`
(Babel is only the authors' tool that extracts, updates and compiles them: see docs/i18n.md).

:func:`current_language` is the one place that decides the language, in this order:

1. an explicit choice in this process: ``--lang`` on any command, ``check(lang=...)`` (:func:`set_language`);
2. ``WORKSHOP_LANG``;
3. the workspace's remembered choice (``workshop init DIR --lang ko`` writes ``.workshop/language``);
4. ``language = "..."`` in the workspace's ``session.toml`` (the facilitator's choice for the room);
5. the system locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; on Windows the user's UI locale).

The learner's own remembered choice comes before the room's, so a participant who asked for English
in a Korean room keeps it. Anything but a supported language falls back to English.
"""

from __future__ import annotations

import gettext
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

DOMAIN = "workshop"
LOCALEDIR = Path(__file__).resolve().parents[1] / "locale"
LANGUAGES = ("en", "ko")
DEFAULT = "en"
LANGUAGE_FILE = "language"  # inside the workspace's .workshop/ folder

_chosen: str | None = None
_deciding = False  # True while current_language() reads the workspace: messages stay English meanwhile


def normalize(value: str | None) -> str | None:
    """``"ko_KR.UTF-8"`` → ``"ko"``; None for anything that is not a supported language."""
    if not value:
        return None
    for part in str(value).split(":"):
        code = part.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return None


def set_language(value: str | None) -> None:
    """Choose the language for this process (``--lang``, ``check(lang=...)``); None forgets the choice."""
    global _chosen
    code = normalize(value)
    if value and code is None:
        raise ValueError(f"unknown language {value!r}; choose one of: {', '.join(LANGUAGES)}")
    _chosen = code
    reset()


@contextmanager
def using_language(value: str):
    """Messages in ``value`` ("ko", "en") inside the ``with`` block (a page or notebook made in a
    given language), then the language chosen before."""
    global _chosen
    saved = _chosen
    set_language(value)
    try:
        yield
    finally:
        _chosen = saved
        reset()


def _workspace_root() -> Path | None:
    """The workspace's folder (the one rule, in :mod:`workshop.core.location`), if it is one."""
    from workshop.core.location import has_exercises, locate_root

    root = locate_root()
    return root if root is not None and has_exercises(root) else None


def remembered_language(root: Path) -> str | None:
    """The language stored in ``root/.workshop/language`` by ``workshop init --lang``."""
    try:
        from workshop.core.location import STATE_DIR

        return normalize((Path(root) / STATE_DIR / LANGUAGE_FILE).read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        return None


def remember_language(root: Path, value: str) -> None:
    """Store the learner's choice in the workspace (read back by :func:`current_language`)."""
    from workshop.util.atomic import write_text_atomic

    code = normalize(value)
    if code is None:
        raise ValueError(f"unknown language {value!r}; choose one of: {', '.join(LANGUAGES)}")
    from workshop.core.location import STATE_DIR

    folder = Path(root) / STATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / LANGUAGE_FILE, code + "\n")


def session_language(root: Path) -> str | None:
    """``language`` of ``root/session.toml`` read through the session reader (None when absent or broken)."""
    path = Path(root) / "session.toml"
    if not path.is_file():
        return None
    try:
        from workshop.core.session import load_session

        return normalize(load_session(path).language_choice)
    except Exception:  # a broken session file is reported by `workshop slides`, not by every command
        return None


def system_language() -> str | None:
    """The language of the system locale."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value and value not in ("C", "POSIX"):
            return normalize(value)
    if os.name == "nt":  # pragma: no cover - Windows only
        try:
            import ctypes
            import locale

            return normalize(locale.windows_locale.get(ctypes.windll.kernel32.GetUserDefaultUILanguage()))
        except Exception:
            return None
    return None


@lru_cache(maxsize=1)
def current_language() -> str:
    """The language everything is shown in: ``"ko"`` or ``"en"`` (see the module's docstring for the order)."""
    global _deciding
    if _chosen:
        return _chosen
    from_env = normalize(os.environ.get("WORKSHOP_LANG"))
    if from_env:
        return from_env
    # Reading session.toml may format a message (an error about the file): while the language is being
    # decided, :func:`_` gives the English and nothing is cached, so the decision cannot recurse into itself.
    _deciding = True
    try:
        root = _workspace_root()
        found = (remembered_language(root) or session_language(root)) if root is not None else None
    finally:
        _deciding = False
    return found or system_language() or DEFAULT


@lru_cache(maxsize=1)
def _translation() -> gettext.NullTranslations:
    lang = current_language()
    if lang == "en":
        return gettext.NullTranslations()
    localedir = os.environ.get("WORKSHOP_LOCALEDIR") or str(LOCALEDIR)
    return gettext.translation(DOMAIN, localedir, languages=[lang], fallback=True)


def languages() -> list[str]:
    """The learner's languages, most wanted first: the one decision of :func:`current_language`
    (messages, pages' ``lang`` and the AI tutor's reply language all follow it)."""
    return [current_language()]


def display_language() -> str:
    """The language to show, as a tag for HTML's ``lang`` (``ko``, ``en``)."""
    return current_language()


def _(message: str) -> str:
    """Translate ``message`` into the learner's language (identity when no catalog)."""
    if _deciding:
        return message
    return _translation().gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction only; translate it later with :func:`_` (help texts read at import)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    if _deciding:
        return singular if n == 1 else plural
    return _translation().ngettext(singular, plural, n)


def reset() -> None:
    """Forget the decided language and loaded catalog (after changing the language in a running process)."""
    current_language.cache_clear()
    _translation.cache_clear()


_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
_KO_DAYS = ("월", "화", "수", "목", "금", "토", "일")


def format_date(day, weekday: bool = True) -> str:
    """A date as people write it: ``Wednesday 22 October 2025`` / ``2025년 10월 22일 (수)``."""
    if current_language() == "ko":
        text = f"{day.year}년 {day.month}월 {day.day}일"
        return f"{text} ({_KO_DAYS[day.weekday()]})" if weekday else text
    text = f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return f"{_EN_DAYS[day.weekday()]} {text}" if weekday else text


def format_datetime(moment) -> str:
    """A date and clock time: ``22 October 2025 14:05`` / ``2025년 10월 22일 14:05``."""
    return f"{format_date(moment, weekday=False)} {moment.hour:02d}:{moment.minute:02d}"


def format_number(value: float, digits: int = 0) -> str:
    """A number with thousands grouped (``12,345``, the same in Korean) and ``digits`` decimals."""
    return f"{value:,.{digits}f}"
