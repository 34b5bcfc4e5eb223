"""The session deck: title, agenda with clock times, opening decks, one or two slides per exercise
(from its metadata), breaks, the key points of the session's exercises, closing decks.

A slide of an opening deck marked ``<!-- .slide: data-workshop="agenda" -->`` is replaced by the
generated agenda (in a deck shown on its own, it keeps its own, general text); without such a
slide the agenda follows the title slide. Likewise ``data-workshop="key-points"`` in a closing
deck is replaced by the exercises' key points, which otherwise come just before the closing decks.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from workshop.core.exercise import Exercise
from workshop.util.i18n import _
from workshop.slides import SlidesError
from workshop.slides.render import markdown_html
from workshop.core.session import (
    Item,
    Schedule,
    Session,
    clock,
    load_session,
    schedule,
)
from workshop.slides.source import Cell, Deck, deck_paths, load_deck

AGENDA_ROWS_PER_SLIDE = 8
KEY_POINTS_EXERCISES_PER_SLIDE = 3
_MARKER = re.compile(r"""<!--\s*\.slide:[^>]*data-workshop\s*=\s*["']?([\w-]+)""")


def _inline(text: str) -> str:
    """Metadata text (Markdown, no raw HTML) as inline HTML."""
    return markdown_html(text, {}, inline=True, allow_html=False)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def long_date(day: dt.date) -> str:
    """``Wednesday 22 October 2025``, or ``2025년 10월 22일 (수)`` in Korean."""
    from workshop.util.i18n import format_date

    return format_date(day)


def _slide(html_text: str, notes: str = "") -> list[Cell]:
    cells = [Cell("html", html_text, "slide")]
    if notes:
        cells.append(Cell("markdown", notes, "notes"))
    return cells


def slide_groups(cells: list[Cell]) -> list[list[Cell]]:
    """Cells split into top-level slides (each group starts with a ``slide`` cell, or is the first)."""
    groups: list[list[Cell]] = []
    for cell in cells:
        if not groups or cell.slide_type == "slide":
            groups.append([])
        groups[-1].append(cell)
    return groups


def _marker(group: list[Cell]) -> str | None:
    for cell in group:
        match = _MARKER.search(cell.source) if cell.kind in ("markdown", "html") else None
        if match:
            return match.group(1)
    return None


def deck_cells(deck: Deck) -> list[Cell]:
    """A deck's cells, made to start on a slide of their own."""
    cells = [Cell(cell.kind, cell.source, cell.slide_type, cell.outputs, cell.language, cell.attachments)
             for cell in deck.cells]
    for cell in cells:
        if cell.slide_type in ("skip", "notes"):
            continue
        if cell.slide_type != "slide":
            cell.slide_type = "slide"
        break
    return cells


# ----------------------------------------------------------------------------- generated slides


def title_slide(plan: Schedule) -> list[Cell]:
    session = plan.session
    when = []
    if session.date:
        when.append(long_date(session.date))
    if plan.items:
        when.append(f"{clock(plan.items[0].start)}–{clock(plan.end)}")
    if session.venue:
        when.append(session.venue)
    parts = ['<!-- .slide: class="ws-title" data-workshop="title" -->']
    if session.event:
        parts.append(f'<p class="ws-kicker">{_esc(session.event)}</p>')
    from workshop.util.i18n import current_language

    korean = current_language() == "ko" and bool(session.title_ko)
    title, subtitle = (session.title_ko, session.subtitle_ko) if korean else (session.title, session.subtitle)
    other_title, other_lang = (session.title, "en") if korean else (session.title_ko, "ko")
    parts.append(f"<h1>{_inline(title)}</h1>")
    if subtitle:
        parts.append(f'<p class="ws-subtitle">{_inline(subtitle)}</p>')
    if other_title:  # the bilingual title slide: the other language's title under the first
        parts.append(f'<p class="ws-alt-title" lang="{other_lang}">{_inline(other_title)}</p>')
    if when:
        parts.append(f'<p class="ws-meta">{" · ".join(_esc(part) for part in when)}</p>')
    if session.facilitators:
        people = "".join(f"<li>{_esc(person)}</li>" for person in session.facilitators)
        parts.append(f'<ul class="ws-people">{people}</ul>')
    notes = _(
        "Before people arrive: open this file from the USB stick (it needs no internet), press F for full "
        "screen and S for this speaker view, and test the clicker. Put the Wi-Fi details (if any) and the "
        "folder of the participant pack on the board.\n\n"
        "Start on time at {start}; latecomers can catch up from the printed handout."
    ).format(start=clock(plan.items[0].start) if plan.items else "")
    return _slide("\n".join(parts), notes)


def _item_label(item: Item) -> str:
    if item.kind == "exercise" and item.exercise is not None:
        return f'<span class="ws-number">{item.exercise.number:02d}</span> {_inline(item.title)}'
    return _esc(item.title)


def agenda_slides(plan: Schedule) -> list[Cell]:
    rows = [
        f'<tr class="ws-row-{item.kind}"><td class="ws-time">{clock(item.start)}</td>'
        f"<td>{_item_label(item)}</td>"
        f'<td class="ws-minutes">{_("{n} min").format(n=item.minutes)}</td></tr>'
        for item in plan.items
    ]
    rows.append(f'<tr class="ws-row-end"><td class="ws-time">{clock(plan.end)}</td>'
                f'<td>{_esc(_("End"))}</td><td></td></tr>')
    chunks = [rows[i:i + AGENDA_ROWS_PER_SLIDE] for i in range(0, len(rows), AGENDA_ROWS_PER_SLIDE)]
    breaks = [item for item in plan.items if item.kind == "break"]
    notes = _("Read the agenda aloud. {total} minutes in all, ending at {end}.").format(
        total=plan.minutes, end=clock(plan.end))
    if breaks:
        notes += " " + _("Point out the break at {time}.").format(time=clock(breaks[0].start))
    notes += " " + _("Say clearly that nobody is expected to finish every exercise: the rest can be done at home, "
                     "offline, with the same notebooks.")
    cells = []
    for index, chunk in enumerate(chunks, start=1):
        heading = _("Agenda") if len(chunks) == 1 else _("Agenda ({i}/{n})").format(i=index, n=len(chunks))
        body = (f'<!-- .slide: class="ws-agenda" -->\n<h2>{_esc(heading)}</h2>\n'
                f'<table class="ws-agenda-table"><tbody>\n' + "\n".join(chunk) + "\n</tbody></table>")
        cells += _slide(body, notes if index == 1 else "")
    return cells


def exercise_slides(item: Item) -> list[Cell]:
    """Two slides introducing an exercise: its story in brief, then what you will do."""
    exercise: Exercise = item.exercise  # type: ignore[assignment]
    number = f"{exercise.number:02d}"
    kicker = _("Exercise {number} · {minutes} minutes · {start}–{end}").format(
        number=number, minutes=exercise.minutes, start=clock(item.start), end=clock(item.end))
    first = [f'<!-- .slide: class="ws-exercise" data-exercise="{_esc(exercise.name)}" -->',
             f'<p class="ws-kicker">{_esc(kicker)}</p>',
             f"<h2>{_inline(exercise.title)}</h2>"]
    if exercise.summary:
        first.append(f'<p class="ws-story">{_inline(" ".join(exercise.summary.split()))}</p>')
    notebook = f"exercises/{exercise.name}/{exercise.notebook_name}"
    first.append('<p class="ws-start">' + _("Open {notebook}").format(notebook=f"<code>{_esc(notebook)}</code>")
                 + "</p>")
    half = item.start + dt.timedelta(minutes=exercise.minutes // 2)
    warn = item.end - dt.timedelta(minutes=5)
    notes = [_("**{start}–{end}** ({minutes} min). Tell the story in one minute, then let people start.").format(
        start=clock(item.start), end=clock(item.end), minutes=exercise.minutes)]
    notes.append(_("Check in with the room at {time}: hands up who has task 1 passing? Send helpers to "
                   "raised hands first.").format(time=clock(half)))
    if exercise.minutes >= 15:
        notes.append(_("Five-minute warning at {time}.").format(time=clock(warn)))
    if exercise.ai.pitfall:
        notes.append(_("Typical AI mistake to watch for: {pitfall}").format(pitfall=" ".join(exercise.ai.pitfall.split())))
    cells = _slide("\n".join(first), "\n\n".join(notes))

    second = [f'<!-- .slide: class="ws-exercise ws-exercise-plan" data-exercise="{_esc(exercise.name)}" -->',
              f'<p class="ws-kicker">{_esc(_("Exercise {number} · {title}").format(number=number, title=exercise.title))}</p>',
              f"<h2>{_esc(_('You will'))}</h2>"]
    if exercise.objectives:
        second.append("<ul class=\"ws-objectives\">" + "".join(
            f"<li>{_inline(objective)}</li>" for objective in exercise.objectives) + "</ul>")
    if exercise.tasks:
        tasks = " ".join(
            f'<span class="ws-task"><span class="ws-number">{task.number}</span> {_inline(task.title)}</span>'
            for task in exercise.tasks)
        second.append(f'<p class="ws-tasks">{_esc(_("Tasks:"))} {tasks}</p>')
    second.append('<p class="ws-start">' + _("Check: {check} in the notebook or {command} · stuck? {hint}").format(
        check="<code>check()</code>", command=f"<code>workshop check {number}</code>",
        hint=f"<code>workshop hint {number}</code>") + "</p>")
    points = "\n".join(f"- {' '.join(point.split())}" for point in exercise.key_points)
    notes2 = _("Key points to bring out in the debrief:") + "\n\n" + points if points else ""
    return cells + _slide("\n".join(second), notes2)


def break_slide(item: Item) -> list[Cell]:
    body = "\n".join([
        '<!-- .slide: class="ws-break" -->',
        f'<p class="ws-kicker">{_esc(_("{n} minutes").format(n=item.minutes))}</p>',
        f"<h2>{_esc(item.title)}</h2>",
        f'<p class="ws-meta">{_esc(_("Back at {time}").format(time=clock(item.end)))}</p>',
        f'<p class="ws-small">{_esc(_("Save your notebook. Lock your screen if you leave your laptop."))}</p>',
    ])
    notes = _("Start a visible timer. Helpers: walk the room for anyone who is stuck and would not ask. "
              "Restart at {time} even if people are still chatting.").format(time=clock(item.end))
    return _slide(body, notes)


def key_points_slides(plan: Schedule) -> list[Cell]:
    exercises = [exercise for exercise in plan.exercises if exercise.key_points]
    if not exercises:
        return []
    chunks = [exercises[i:i + KEY_POINTS_EXERCISES_PER_SLIDE]
              for i in range(0, len(exercises), KEY_POINTS_EXERCISES_PER_SLIDE)]
    cells = []
    for index, chunk in enumerate(chunks, start=1):
        heading = _("Key points") if len(chunks) == 1 else _("Key points ({i}/{n})").format(i=index, n=len(chunks))
        blocks = []
        for exercise in chunk:
            points = "".join(f"<li>{_inline(point)}</li>" for point in exercise.key_points[:3])
            blocks.append(f'<div class="ws-points"><h3><span class="ws-number">{exercise.number:02d}</span> '
                          f"{_inline(exercise.title)}</h3><ul>{points}</ul></div>")
        body = f'<!-- .slide: class="ws-key-points" -->\n<h2>{_esc(heading)}</h2>\n' \
               f'<div class="ws-points-grid">{"".join(blocks)}</div>'
        notes = _("Ask each table which key point surprised them most, and take two or three answers.") \
            if index == 1 else ""
        cells += _slide(body, notes)
    return cells


# ----------------------------------------------------------------------------- the session deck


def _replace_marked(cells: list[Cell], marker: str, replacement: list[Cell]) -> tuple[list[Cell], bool]:
    out: list[Cell] = []
    replaced = False
    for group in slide_groups(cells):
        if _marker(group) == marker and not replaced:
            out += replacement
            replaced = True
        else:
            out += group
    return out, replaced


def session_deck(plan: Schedule, decks: dict[str, Deck], folder: Path | None = None) -> Deck:
    """The session deck, from the schedule and the opening/closing decks (by name)."""
    session = plan.session
    opening = [cell for name in session.opening.decks for cell in deck_cells(decks[name])]
    closing = [cell for name in session.closing.decks for cell in deck_cells(decks[name])]
    opening, agenda_placed = _replace_marked(opening, "agenda", agenda_slides(plan))
    closing, points_placed = _replace_marked(closing, "key-points", key_points_slides(plan))
    cells = title_slide(plan)
    if not agenda_placed:
        cells += agenda_slides(plan)
    cells += opening
    for item in plan.items:
        if item.kind == "exercise":
            cells += exercise_slides(item)
        elif item.kind == "break":
            cells += break_slide(item)
    if not points_placed:
        cells += key_points_slides(plan)
    cells += closing
    from workshop.util.i18n import current_language

    deck_title = session.title_ko if current_language() == "ko" and session.title_ko else session.title
    return Deck(name=session.name, title=deck_title, cells=cells, folder=folder or session.decks_folder(),
                path=session.path, language=current_language())


def load_decks(folder: Path) -> dict[str, Deck]:
    """Every deck in ``folder`` by name."""
    return {name: load_deck(path) for name, path in deck_paths(folder).items()}


def build_session_deck(session: Session | Path | str, exercises: list[Exercise],
                       decks: dict[str, Deck] | None = None, workspace_root: Path | None = None
                       ) -> tuple[Deck, Schedule]:
    """Read the session (file), check its decks and exercises, and assemble its deck."""
    if not isinstance(session, Session):
        session = load_session(session)
    folder = session.decks_folder(workspace_root)
    if decks is None:
        decks = load_decks(folder)
    wanted = [*session.opening.decks, *session.closing.decks]
    missing = [name for name in wanted if name not in decks]
    if missing:
        raise SlidesError(_("{path}: the deck(s) {missing} are not in {folder} (there: {there}).").format(
            path=session.path, missing=", ".join(missing), folder=folder,
            there=", ".join(sorted(decks)) or _("no decks")))
    plan = schedule(session, exercises, {name: deck.title for name, deck in decks.items()})
    return session_deck(plan, decks, folder), plan
