"""After the session: the board's timeline as CSV, and a self-contained HTML summary.

Both are made from the store's event log alone (the board need not be running; it may be). The
CSV has one row per event. The summary shows, per exercise, how many started and passed and how
long passing took; a chart of passes over time; every help wait; and each participant's passes.
Help messages are left out of both: they are the participants' own words, said for the moment.
"""

from __future__ import annotations

import csv
import html
import io
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from workshop.util.atomic import write_text_atomic
from workshop.board.session import column_key
from workshop.board.state import CHECK, HELP, HELP_DONE, JOIN, RENAME, Event
from workshop.board.store import Store
from workshop.util.csvcell import safe_cell
from workshop.util.i18n import _

CSV_NAME = "board-timeline.csv"
HTML_NAME = "board-summary.html"
CSV_FIELDS = ["time", "minute", "participant", "name", "event", "exercise", "status", "earned", "possible",
              "duration_s", "help_wait_s", "lowered_by"]
# Okabe–Ito: distinguishable with every common colour-vision deficiency (and each line is labelled too).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442", "#999999",
           "#7F3C8D"]


@dataclass
class HelpWait:
    participant: int
    raised: float
    lowered: float | None = None
    lowered_by: str = ""
    exercise: str | None = None

    def seconds(self, end: float) -> float:
        return (self.lowered if self.lowered is not None else end) - self.raised


@dataclass
class Summary:
    """Everything the export needs, from one pass over the log."""

    title: str
    start: float
    end: float
    columns: list[dict]
    names: dict[int, str] = field(default_factory=dict)
    first_check: dict[tuple[int, str], float] = field(default_factory=dict)
    passed: dict[tuple[int, str], float] = field(default_factory=dict)
    checks: int = 0
    waits: list[HelpWait] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


def _safe_cell(value):
    """Text that a spreadsheet will not run as a formula, whatever separator it splits on."""
    return safe_cell(value)


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(t))


def _long_clock(t: float) -> str:
    import datetime as dt

    from workshop.util.i18n import format_datetime

    return format_datetime(dt.datetime.fromtimestamp(t))


def _clock(t: float) -> str:
    return time.strftime("%H:%M", time.localtime(t))


def _minutes(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def summarise(store: Store) -> Summary:
    events: list[Event] = list(store.events())
    created = float(store.get_meta("created") or (events[0].t if events else time.time()))
    try:
        columns = json.loads(store.get_meta("columns") or "[]")
    except ValueError:
        columns = []
    start = min([created] + [event.t for event in events])
    end = max([start] + [event.t for event in events])
    summary = Summary(store.get_meta("title") or "", start, end, columns)
    open_waits: dict[int, HelpWait] = {}
    current: dict[int, str] = {}
    for event in events:
        row = {"time": _iso(event.t), "minute": round((event.t - start) / 60, 2), "participant": event.participant,
               "event": event.kind, "exercise": event.exercise or "", "status": event.status or "",
               "earned": "" if event.earned is None else event.earned,
               "possible": "" if event.possible is None else event.possible,
               "duration_s": "" if event.duration is None else event.duration, "help_wait_s": "", "lowered_by": ""}
        if event.kind in (JOIN, RENAME):
            summary.names[event.participant] = event.text or "?"
        elif event.kind == CHECK and event.exercise:
            key = column_key(event.exercise) or event.exercise
            summary.checks += 1
            current[event.participant] = key
            spot = (event.participant, key)
            summary.first_check[spot] = min(summary.first_check.get(spot, event.t), event.t)
            if event.status == "passed" and (spot not in summary.passed or event.t < summary.passed[spot]):
                summary.passed[spot] = event.t
        elif event.kind == HELP and event.participant not in open_waits:
            wait = HelpWait(event.participant, event.t, exercise=current.get(event.participant))
            open_waits[event.participant] = wait
            summary.waits.append(wait)
        elif event.kind == HELP_DONE and event.participant in open_waits:
            wait = open_waits.pop(event.participant)
            wait.lowered, wait.lowered_by = event.t, event.text or ""
            row["help_wait_s"], row["lowered_by"] = round(wait.seconds(end), 1), wait.lowered_by
        summary.rows.append(row)
    for row in summary.rows:
        row["name"] = summary.names.get(row["participant"], "?")
    known = {column.get("key") for column in summary.columns}
    for key in sorted({key for _p, key in summary.first_check} - known):
        summary.columns.append({"key": key, "name": key, "title": ""})
    return summary


def timeline_csv(summary: Summary) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in summary.rows:
        writer.writerow({key: _safe_cell(row.get(key, "")) for key in CSV_FIELDS})
    return buffer.getvalue()


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _chart(summary: Summary) -> str:
    """Cumulative passes per exercise over the session, as an inline SVG with labelled lines."""
    width, height, left, bottom, top, right = 760, 300, 44, 28, 12, 64
    span = max(60.0, summary.end - summary.start)
    people = max(1, len(summary.names))
    x = lambda t: left + (t - summary.start) / span * (width - left - right)
    y = lambda n: top + (1 - n / people) * (height - top - bottom)
    parts = [(f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(_("Passes over time"))}" '
              f'xmlns="http://www.w3.org/2000/svg">')]
    for n in sorted({0, people // 2, people}):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(n):.1f}" y2="{y(n):.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 6}" y="{y(n) + 4:.1f}" text-anchor="end" font-size="11">{n}</text>')
    for index in range(5):
        t = summary.start + span * index / 4
        parts.append(f'<text x="{x(t):.1f}" y="{height - 8}" text-anchor="middle" font-size="11">{_clock(t)}</text>')
    for index, column in enumerate(summary.columns):
        key = column.get("key")
        times = sorted(t for (_p, k), t in summary.passed.items() if k == key)
        if not times:
            continue
        colour = PALETTE[index % len(PALETTE)]
        points = [f"{x(summary.start):.1f},{y(0):.1f}"]
        for count, t in enumerate(times, start=1):
            points.append(f"{x(t):.1f},{y(count - 1):.1f}")
            points.append(f"{x(t):.1f},{y(count):.1f}")
        points.append(f"{x(summary.end):.1f},{y(len(times)):.1f}")
        dash = ' stroke-dasharray="6 3"' if index % 2 else ""
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{" ".join(points)}"/>'
                     f'<text x="{width - right + 4}" y="{y(len(times)) + 4:.1f}" font-size="12" fill="{colour}">'
                     f'{html.escape(str(key))} ({len(times)})</text>')
    parts.append("</svg>")
    return "".join(parts)


def summary_html(summary: Summary) -> str:
    esc = html.escape
    people = len(summary.names)
    title = summary.title or _("Room board")
    out = [(f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(title)} · {esc(_('Session summary'))}"
           "</title><style>body{font:15px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans KR',"
           "sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}"
           "table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;"
           "text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#5f6368}"
           "svg{max-width:100%;height:auto;border:1px solid #eee}</style></head><body>")]
    out.append(f"<h1>{esc(title)}</h1>")
    out.append("<p class='muted'>" + esc(_("{start} to {end} · {people} participants · {checks} checks · "
                                           "{hands} hands raised").format(
        start=_long_clock(summary.start), end=_clock(summary.end),
        people=people, checks=summary.checks, hands=len(summary.waits))) + "</p>")

    out.append(f"<h2>{esc(_('Exercises'))}</h2><table><tr><th>{esc(_('Exercise'))}</th><th>{esc(_('Started'))}</th>"
               f"<th>{esc(_('Passed'))}</th><th>{esc(_('First pass'))}</th><th>{esc(_('Half passed by'))}</th>"
               f"<th>{esc(_('Median time to pass'))}</th></tr>")
    for column in summary.columns:
        key = column.get("key")
        started = [p for (p, k) in summary.first_check if k == key]
        passes = sorted(t for (_p, k), t in summary.passed.items() if k == key)
        durations = [t - summary.first_check[(p, k)] for (p, k), t in summary.passed.items() if k == key]
        half = passes[(people + 1) // 2 - 1] if people and len(passes) >= (people + 1) // 2 else None
        label = f"{key} {column.get('title') or column.get('name') or ''}".strip()
        share = f" ({100 * len(passes) / people:.0f}%)" if people else ""
        median = _median(durations)
        out.append(f"<tr><td>{esc(label)}</td><td class='n'>{len(started)}</td><td class='n'>{len(passes)}{share}</td>"
                   f"<td>{_clock(passes[0]) if passes else '–'}</td><td>{_clock(half) if half else '–'}</td>"
                   f"<td class='n'>{_minutes(median) if median is not None else '–'}</td></tr>")
    out.append("</table><p class='muted'>" + esc(_("Time to pass: from a participant's first check of the exercise "
                                                    "to their first passing check (minutes:seconds).")) + "</p>")
    out.append(f"<h2>{esc(_('Passes over time'))}</h2>{_chart(summary)}")

    waits = [wait.seconds(summary.end) for wait in summary.waits]
    out.append(f"<h2>{esc(_('Help'))}</h2>")
    if summary.waits:
        out.append("<p>" + esc(_("{n} hands raised. Waits: median {median}, 90% within {p90}, longest {longest} "
                                 "(minutes:seconds).").format(n=len(waits), median=_minutes(_median(waits)),
                                                             p90=_minutes(_percentile(waits, 0.9)),
                                                             longest=_minutes(max(waits)))) + "</p>")
        how = {"passed": _("their check passed"), "self": _("they lowered it"),
               "facilitator": _("a facilitator helped"), "": _("still up at the end")}
        out.append(f"<table><tr><th>{esc(_('Raised'))}</th><th>{esc(_('Participant'))}</th>"
                   f"<th>{esc(_('On exercise'))}</th><th>{esc(_('Waited'))}</th><th>{esc(_('Lowered because'))}</th></tr>")
        for wait in summary.waits:
            out.append(f"<tr><td>{_clock(wait.raised)}</td><td>{esc(summary.names.get(wait.participant, '?'))}</td>"
                       f"<td>{esc(wait.exercise or '–')}</td><td class='n'>{_minutes(wait.seconds(summary.end))}</td>"
                       f"<td>{esc(how.get(wait.lowered_by, wait.lowered_by))}</td></tr>")
        out.append("</table>")
    else:
        out.append("<p>" + esc(_("No hands were raised on the board.")) + "</p>")

    out.append(f"<h2>{esc(_('Participants'))}</h2><table><tr><th>#</th><th>{esc(_('Name'))}</th>")
    out.extend(f"<th>{esc(str(column.get('key')))}</th>" for column in summary.columns)
    out.append(f"<th>{esc(_('Hands'))}</th></tr>")
    hands: dict[int, int] = {}
    for wait in summary.waits:
        hands[wait.participant] = hands.get(wait.participant, 0) + 1
    for participant, name in sorted(summary.names.items()):
        cells = []
        for column in summary.columns:
            spot = (participant, column.get("key"))
            if spot in summary.passed:
                cells.append(f"<td>✔ {_clock(summary.passed[spot])}</td>")
            elif spot in summary.first_check:
                cells.append(f"<td>✎ {esc(_('working'))}</td>")
            else:
                cells.append("<td class='muted'>–</td>")
        out.append(f"<tr><td class='n'>{participant}</td><td>{esc(name)}</td>{''.join(cells)}"
                   f"<td class='n'>{hands.get(participant, 0)}</td></tr>")
    out.append("</table><p class='muted'>" + esc(_("✔ time of the first passing check · ✎ checked, not passed · "
                                                    "– not checked. Help messages are not part of this summary."))
               + "</p></body></html>\n")
    return "".join(out)


def export_session(store_path: Path, out_dir: Path) -> list[Path]:
    """Write the timeline CSV and the HTML summary of the store's session into ``out_dir``."""
    store = Store(store_path, read_only=True)
    try:
        summary = summarise(store)
    finally:
        store.close()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, html_path = out_dir / CSV_NAME, out_dir / HTML_NAME
    write_text_atomic(csv_path, timeline_csv(summary))
    write_text_atomic(html_path, summary_html(summary))
    return [csv_path, html_path]
