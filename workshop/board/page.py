"""The board page and the small join/welcome pages: self-contained HTML, CSS and JavaScript.

The page's files are ``workshop/ui/templates/board.html`` and ``board-simple.html`` (filled in with
``str.format``) and ``workshop/ui/static/board.css``, ``board.js`` and ``board-simple.css``, put inline
into each page: nothing is loaded from elsewhere (venues have no internet). The page's words come from
:func:`workshop.util.i18n._` as a JSON block; every name and message is put on the page with
``textContent``, never as markup. Status words, icons and the "passed" colour come from the theme
(:mod:`workshop.core.status`); help is Okabe–Ito yellow; always with an icon and a word, so nothing
depends on telling colours apart.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from workshop.util.i18n import _, display_language
from workshop.core.status import Standing, Status, look

_PACKAGE = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    """A file of the page from ``workshop/ui/static`` or ``workshop/ui/templates``."""
    return (_PACKAGE / name).read_text(encoding="utf-8")


def _css() -> str:
    # The theme's colour first, then the stylesheet (one text: the CSP hashes it).
    return f":root {{ --done: {look(Standing.PASSED).colour}; }}\n" + _asset("static/board.css")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def page_strings() -> dict[str, str]:
    """The words the page's script uses, translated."""
    standings = {kind: look(kind) for kind in Standing}
    strings = {
        "title": _("Room board"),
        "live": _("live"),
        "reconnecting": _("reconnecting…"),
        "no_access": _("no access"),
        "summary": _("{n} joined · {h} hands up"),
        "queue_title": _("Help queue ({n})"),
        "queue_empty": _("No hands up."),
        "helped": _("Helped ✓"),
        "helped_title": _("Lower this hand: you have helped them."),
        "waiting": _("waiting for {time}"),
        "on": _("last check: {exercise}"),
        "done": standings[Standing.PASSED].label,
        "working": standings[Standing.WORKING].label,
        "working_short": _("…"),
        "not_started": standings[Standing.NOT_STARTED].label,
        "icon_passed": standings[Standing.PASSED].icon,
        "icon_working": standings[Standing.WORKING].icon,
        "icon_not_started": standings[Standing.NOT_STARTED].icon,
        "points": _("{points} points"),
        "checks": _("{n} checks"),
        "counts": _("{passed} done, {working} working, {none} not started"),
        "col_number": "#",
        "col_name": _("Name"),
        "col_help": _("Help"),
    }
    strings.update({f"status_{status.value}": look(status).label for status in Status})
    return strings


@dataclass(frozen=True)
class Page:
    """A rendered page and the Content-Security-Policy that lets exactly its own script and style run."""

    html: str
    csp: str


def _csp(script: str | None, style: str) -> str:
    script_src = _hash(script) if script else "'none'"
    return ("default-src 'none'; "
            f"script-src {script_src}; style-src {_hash(style)}; connect-src 'self'; img-src 'self' data:; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def board_page() -> Page:
    strings = json.dumps(page_strings(), ensure_ascii=False).replace("</", "<\\/")
    esc = html.escape
    css, js = _css(), _asset("static/board.js")
    standings = {kind: look(kind) for kind in Standing}
    text = _asset("templates/board.html").format(
        lang=esc(display_language()), title=esc(_("Room board")), css=css, js=js, strings=strings,
        connecting=esc(_("connecting…")), legend_label=esc(_("Legend")),
        done=esc(standings[Standing.PASSED].label), working=esc(standings[Standing.WORKING].label),
        not_started=esc(standings[Standing.NOT_STARTED].label), icon_passed=standings[Standing.PASSED].icon,
        icon_working=standings[Standing.WORKING].icon, icon_not_started=standings[Standing.NOT_STARTED].icon,
        needs_help=esc(_("needs help")), find=esc(_("Find")), sort=esc(_("Sort")),
        sort_help=esc(_("hands first")), sort_name=esc(_("by name")), sort_joined=esc(_("by joining order")),
        sort_progress=esc(_("most done first")), queue=esc(_("Help queue")),
        join_title=esc(_("Join this board")),
        join_qr_alt=esc(_("QR code of the join link: scan it with a phone on the venue's network")),
        empty=esc(_("Nobody has joined yet. Participants run the join command shown when the board started.")),
        key_error=esc(_("This board link is missing its key, or the key is not right. Open the facilitator link "
                        "that workshop board printed (it ends with #key=…).")),
    )
    return Page(text, _csp(js, css))


def simple_page(title: str, paragraphs: list[tuple[str, str]]) -> Page:
    """A small page of (kind, text) paragraphs; kind is "p", "code" or "note". Text is escaped."""
    body = []
    for kind, text in paragraphs:
        if kind == "code":
            body.append(f"<code>{html.escape(text)}</code>")
        elif kind == "note":
            body.append(f'<p class="note">{html.escape(text)}</p>')
        else:
            body.append(f"<p>{html.escape(text)}</p>")
    css = _asset("static/board-simple.css")
    page = _asset("templates/board-simple.html").format(lang=html.escape(display_language()), title=html.escape(title),
                                                        css=css, body="\n".join(body))
    return Page(page, _csp(None, css))
