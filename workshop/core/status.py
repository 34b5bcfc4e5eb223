"""Every status the toolkit shows, and how each looks: one vocabulary, one theme.

Three kinds of status share one set of words (their values never collide):

- :class:`Status`: how one check ended (the checker's verdict);
- :class:`Standing`: where a learner stands on an exercise (progress file, ``workshop list``, room board);
- :class:`Submission`: a gradebook entry that was never checked (no notebook, or several).

:func:`look` gives each a :class:`Look` — label (a literal in the message catalog), colour and icon —
used alike by the terminal, the notebook's HTML, the feedback pages, the class report and the board.
Colours are Okabe–Ito based (told apart with every common colour-vision deficiency), dark enough for
white text on them, and never alone: a status is always shown with its icon and its label.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from workshop.util.i18n import _


class Status(str, Enum):
    """How a check ended, from the learner's point of view."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"
    RESOURCE_LIMIT = "resource-limit"
    INVALID_NOTEBOOK = "invalid-notebook"


class Standing(str, Enum):
    """Where a learner stands on an exercise."""

    NOT_STARTED = "not started"
    WORKING = "working"
    PASSED = "passed"
    #: Passed once; the last check did not pass.
    PASSED_BEFORE = "passed before"


class Submission(str, Enum):
    """Why a gradebook entry has no check."""

    MISSING = "missing"
    AMBIGUOUS = "ambiguous"


#: Every status a gradebook entry can have, in the order summaries list them.
GRADE_STATUSES: tuple[str, ...] = (*(status.value for status in Status), *(kind.value for kind in Submission))


@dataclass(frozen=True)
class Look:
    """How a status is shown: a word, a colour for pages (``#rrggbb``), one for terminals, and an icon."""

    label: str
    colour: str
    #: The terminal's own named colour (follows the terminal's light or dark scheme).
    terminal: str
    icon: str

    @property
    def style(self) -> str:
        """The Rich style of the status word in a terminal."""
        return f"bold {self.terminal}"


_BLUE, _YELLOW, _VERMILLION, _PURPLE, _WINE, _BROWN, _GREY, _GREEN = (
    "#0072b2", "#8a6d00", "#c44e00", "#a0527f", "#882255", "#5d4037", "#6b6b6b", "#117a5e")
PASS_ICON, FAIL_ICON = "✔", "✘"

_THEME: dict[str, tuple[str, str, str]] = {
    "passed": (_BLUE, "blue", PASS_ICON), "passed before": (_BLUE, "blue", PASS_ICON),
    "failed": (_YELLOW, "yellow", FAIL_ICON), "working": (_YELLOW, "yellow", "✎"),
    "error": (_VERMILLION, "magenta", FAIL_ICON), "timeout": (_PURPLE, "magenta", FAIL_ICON),
    "resource-limit": (_WINE, "magenta", FAIL_ICON), "invalid-notebook": (_BROWN, "magenta", FAIL_ICON),
    "missing": (_GREY, "dim", "–"), "not started": (_GREY, "dim", "–"), "ambiguous": (_GREEN, "cyan", "?"),
}


def label(status: str | Enum) -> str:
    """The status in words, in the learner's language."""
    value = status.value if isinstance(status, Enum) else status
    labels = {
        "passed": _("passed"), "failed": _("not yet"), "error": _("error"), "timeout": _("timed out"),
        "resource-limit": _("over a limit"), "invalid-notebook": _("notebook unreadable"),
        "missing": _("missing"), "ambiguous": _("ambiguous"),
        "not started": _("not started"), "working": _("working"), "passed before": _("passed before"),
    }
    return labels.get(value, value)


def look(status: str | Enum) -> Look:
    """Label, colour and icon of any status (an unknown one: its own name, in grey)."""
    value = status.value if isinstance(status, Enum) else status
    colour, terminal, icon = _THEME.get(value, (_GREY, "dim", "•"))
    return Look(label(value), colour, terminal, icon)


def theme() -> dict[str, Look]:
    """Every status's look, keyed by its value (for pages that colour statuses in a script or a chart)."""
    return {value: look(value) for value in _THEME}
