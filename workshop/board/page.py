"""The board page and the small join/welcome pages: self-contained HTML, CSS and JavaScript.

Nothing is loaded from elsewhere (venues have no internet). The page's words come from
:func:`workshop.i18n._` as a JSON block; every name and message is put on the page with
``textContent``, never as markup. Colours are the Okabe–Ito blue (done) and yellow (help), always
with an icon and a word, so nothing depends on telling colours apart.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import dataclass

from workshop.i18n import _

CSS = """
:root { --done: #0072B2; --help: #F0E442; --help-soft: #FFF8C4; --work: #EEF1F4; --ink: #1B1B1B; --muted: #5F6368; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans KR", "Apple SD Gothic Neo", sans-serif; }
header { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: baseline; padding: .6rem 1rem;
  border-bottom: 1px solid #D0D4D9; }
h1 { font-size: 1.3rem; margin: 0; }
#summary { font-weight: 600; }
.live { font-size: .9rem; padding: 0 .45em; border-radius: 3px; }
.live.ok { color: var(--done); }
.live.down { background: var(--help); color: #000; }
.legend { font-size: .9rem; color: var(--muted); display: flex; gap: .9em; flex-wrap: wrap; }
.legend .chip { display: inline-block; min-width: 1.6em; text-align: center; border-radius: 3px; padding: 0 .3em; }
.controls { margin-left: auto; display: flex; gap: .6rem; font-size: .9rem; }
.controls input, .controls select { font: inherit; padding: .15rem .3rem; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 22rem; align-items: start; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } aside { order: -1; position: static !important; max-height: none !important; } }
aside { position: sticky; top: 0; max-height: 100vh; overflow: auto; background: var(--help-soft);
  border-left: 1px solid #E3D36A; padding: .6rem .9rem; }
aside h2 { font-size: 1.1rem; margin: .1rem 0 .4rem; }
#queue { margin: 0; padding-left: 1.6rem; }
#queue li { margin: .35rem 0; }
#queue .empty { list-style: none; margin-left: -1.6rem; color: var(--muted); }
.q-wait { display: inline-block; background: var(--help); color: #000; font-weight: 700; padding: 0 .4em;
  border-radius: 3px; font-variant-numeric: tabular-nums; }
.q-wait.long { outline: 2px solid #000; }
.q-name { font-weight: 600; }
.q-meta { color: var(--muted); font-size: .9rem; }
.q-msg { display: block; font-style: italic; overflow-wrap: anywhere; }
.q button { font: inherit; font-size: .85rem; margin-left: .3rem; cursor: pointer; }
main { padding: .4rem 1rem 2rem; overflow-x: auto; }
#empty { color: var(--muted); }
table { border-collapse: separate; border-spacing: 2px; }
thead th { position: sticky; top: 0; background: #fff; z-index: 1; font-size: .85rem; vertical-align: bottom; }
th.ex { width: 4.8em; text-align: center; }
th.ex .k { display: block; font-size: .95rem; }
th.ex .n { display: block; font-weight: 400; color: var(--muted); white-space: nowrap; }
td { padding: .1rem .35rem; white-space: nowrap; }
td.num { color: var(--muted); text-align: right; font-variant-numeric: tabular-nums; }
td.name { max-width: 14rem; overflow: hidden; text-overflow: ellipsis; }
td.c { text-align: center; border-radius: 3px; font-variant-numeric: tabular-nums; font-size: .9rem; }
.c-pass { background: var(--done); color: #fff; font-weight: 600; }
.c-work { background: var(--work); color: #222; box-shadow: inset 0 0 0 1px #8A9099; }
.c-none { color: #9AA0A6; }
td.help { min-width: 5.5em; }
.h-up { background: var(--help); color: #000; font-weight: 700; border-radius: 3px; font-variant-numeric: tabular-nums; }
tr.raised td.name { box-shadow: inset 5px 0 0 #A08A00; font-weight: 600; }
.error { margin: 2rem; padding: 1rem; background: var(--help-soft); border: 2px solid #A08A00; max-width: 40rem; }
.sr { position: absolute; left: -9999px; }
"""

JS = r"""
(() => {
  "use strict";
  const T = JSON.parse(document.getElementById("board-strings").textContent);
  const key = new URLSearchParams(location.hash.slice(1)).get("key")
    || new URLSearchParams(location.search).get("key") || "";
  const $ = (id) => document.getElementById(id);
  let offset = 0, state = null, columnsSig = null, source = null, order = "";
  const rows = new Map();

  const fmt = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => (k in v ? String(v[k]) : m));
  const num = (x) => (Math.round(x * 100) / 100).toString();
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  const now = () => Date.now() / 1000 + offset;
  function clock(seconds) {
    const s = Math.max(0, Math.floor(seconds)), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    const ss = String(s % 60).padStart(2, "0");
    return h ? h + ":" + String(m).padStart(2, "0") + ":" + ss : m + ":" + ss;
  }
  function setLive(kind, text) { const s = $("live"); s.className = "live " + kind; s.textContent = text; }

  function showKeyError() {
    document.querySelector(".layout").hidden = true;
    $("key-error").hidden = false;
    setLive("down", T.no_access);
  }

  function connect() {
    if (source) { source.close(); source = null; }
    fetch("/api/state", { headers: { "X-Board-Key": key }, cache: "no-store" })
      .then((r) => {
        if (r.status === 401 || r.status === 403) { showKeyError(); return null; }
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      })
      .then((data) => {
        if (!data) return;
        receive(data);
        source = new EventSource("/api/events?key=" + encodeURIComponent(key));
        source.addEventListener("state", (e) => receive(JSON.parse(e.data)));
        source.onopen = () => setLive("ok", T.live);
        source.onerror = () => {
          setLive("down", T.reconnecting);
          if (source && source.readyState === EventSource.CLOSED) { source = null; setTimeout(connect, 2000); }
        };
        setLive("ok", T.live);
      })
      .catch(() => { setLive("down", T.reconnecting); setTimeout(connect, 2000); });
  }

  function receive(data) {
    offset = data.now - Date.now() / 1000;
    state = data.state;
    render();
  }

  function buildHeader() {
    const head = $("head");
    head.textContent = "";
    const tr = el("tr");
    tr.append(el("th", "num", T.col_number), el("th", "name", T.col_name), el("th", "help", T.col_help));
    for (const c of state.columns) {
      const th = el("th", "ex");
      th.title = c.title ? c.name + " — " + c.title : c.name;
      th.append(el("span", "k", c.key), el("span", "n"));
      th.dataset.key = c.key;
      tr.append(th);
    }
    head.append(tr);
    for (const r of rows.values()) r.tr.remove();
    rows.clear();
    order = "";
  }

  function makeRow(p) {
    const tr = el("tr");
    const r = { tr, num: el("td", "num", "#" + p.id), name: el("td", "name"), help: el("td", "help"), cells: new Map(), sig: {} };
    tr.append(r.num, r.name, r.help);
    for (const c of state.columns) { const td = el("td", "c"); r.cells.set(c.key, td); tr.append(td); }
    rows.set(p.id, r);
    return r;
  }

  function cellView(c, cell) {
    if (!cell) return { cls: "c c-none", text: "–", title: c.name + ": " + T.not_started };
    const [kind, last, earned, possible, checks] = cell;
    const pts = possible > 0 ? num(earned) + "/" + num(possible) : "";
    const detail = c.name + ": " + (kind === "passed" ? T.done : T.working) + " · " + (T["status_" + last] || last)
      + (pts ? " · " + fmt(T.points, { points: pts }) : "") + " · " + fmt(T.checks, { n: checks });
    if (kind === "passed") return { cls: "c c-pass", text: "✔ " + T.done_short, title: detail };
    return { cls: "c c-work", text: "✎ " + (pts || T.working_short), title: detail };
  }

  function updateRow(r, p) {
    if (r.sig.name !== p.name) { r.name.textContent = p.name; r.name.title = p.name; r.sig.name = p.name; }
    r.tr.classList.toggle("raised", !!p.help);
    r.help.className = p.help ? "help h-up" : "help";
    r.help.dataset.since = p.help ? p.help.since : "";
    if (!p.help) r.help.textContent = "";
    for (const c of state.columns) {
      const v = cellView(c, p.cells[c.key]);
      const td = r.cells.get(c.key);
      const sig = v.cls + v.text + v.title;
      if (td.dataset.sig !== sig) { td.className = v.cls; td.textContent = v.text; td.title = v.title; td.dataset.sig = sig; }
    }
  }

  function sorted(list) {
    const how = $("sort").value;
    const done = (p) => Object.values(p.cells).filter((c) => c[0] === "passed").length;
    const copy = list.slice();
    if (how === "name") copy.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
    else if (how === "joined") copy.sort((a, b) => a.id - b.id);
    else if (how === "progress") copy.sort((a, b) => done(b) - done(a) || a.id - b.id);
    else copy.sort((a, b) => (a.help ? a.help.since : Infinity) - (b.help ? b.help.since : Infinity) || a.id - b.id);
    return copy;
  }

  function render() {
    if (!state) return;
    document.title = (state.title ? state.title + " · " : "") + T.title;
    $("title").textContent = state.title ? T.title + " · " + state.title : T.title;
    const sig = state.columns.map((c) => c.key + "\u0000" + c.name).join("\u0001");
    if (sig !== columnsSig) { columnsSig = sig; buildHeader(); }
    const people = state.participants;
    $("summary").textContent = fmt(T.summary, { n: people.length, h: state.queue.length });
    $("empty").hidden = people.length > 0;
    for (const th of $("head").querySelectorAll("th.ex")) {
      const n = state.counts[th.dataset.key] || { passed: 0, working: 0, not_started: 0 };
      th.querySelector(".n").textContent = "✔" + n.passed + " ✎" + n.working;
      th.title = th.title.split("\n")[0] + "\n" + fmt(T.counts, { passed: n.passed, working: n.working, none: n.not_started });
    }
    const body = $("rows");
    const filter = $("filter").value.trim().toLowerCase();
    const ordered = sorted(people);
    for (const p of ordered) {
      const r = rows.get(p.id) || makeRow(p);
      updateRow(r, p);
      r.tr.hidden = !!filter && !p.name.toLowerCase().includes(filter) && ("#" + p.id) !== filter;
    }
    const newOrder = ordered.map((p) => p.id).join(",");
    if (newOrder !== order) { order = newOrder; for (const p of ordered) body.append(rows.get(p.id).tr); }
    renderQueue();
    tick();
  }

  const queueItems = new Map();

  function queueItem(p) {
    const li = el("li", "q");
    const wait = el("span", "q-wait");
    const name = el("span", "q-name");
    const meta = el("span", "q-meta");
    const button = el("button", "", T.helped);
    const msg = el("span", "q-msg");
    button.type = "button";
    button.title = T.helped_title;
    button.addEventListener("click", () => lower(p.id, button));
    li.append(wait, " ", name, meta, button, msg);
    return { li, wait, name, meta, msg };
  }

  function renderQueue() {
    // Items are kept and updated in place, so a button is never replaced under a facilitator's click.
    const list = $("queue");
    const byId = new Map(state.participants.map((p) => [p.id, p]));
    $("queue-title").textContent = fmt(T.queue_title, { n: state.queue.length });
    const wanted = state.queue.filter((id) => byId.has(id) && byId.get(id).help);
    for (const [id, item] of queueItems) {
      if (!wanted.includes(id)) { item.li.remove(); queueItems.delete(id); }
    }
    let empty = list.querySelector("li.empty");
    if (!wanted.length && !empty) { empty = el("li", "empty", T.queue_empty); list.append(empty); }
    if (wanted.length && empty) empty.remove();
    let previous = null;
    for (const id of wanted) {
      const p = byId.get(id);
      let item = queueItems.get(id);
      if (!item) { item = queueItem(p); queueItems.set(id, item); }
      item.wait.dataset.since = p.help.since;
      if (item.name.textContent !== p.name) item.name.textContent = p.name;
      const meta = " #" + p.id + (p.on ? " · " + fmt(T.on, { exercise: p.on }) : "");
      if (item.meta.textContent !== meta) item.meta.textContent = meta;
      const msg = p.help.message ? "“" + p.help.message + "”" : "";
      if (item.msg.textContent !== msg) item.msg.textContent = msg;
      item.msg.hidden = !msg;
      const after = previous ? previous.nextSibling : list.firstChild;
      if (after !== item.li) list.insertBefore(item.li, after);
      previous = item.li;
    }
  }

  function lower(id, button) {
    button.disabled = true;
    fetch("/api/lower", { method: "POST", headers: { "X-Board-Key": key, "Content-Type": "application/json" },
      body: JSON.stringify({ participant: id }) }).finally(() => { button.disabled = false; });
  }

  function tick() {
    const t = now();
    for (const e of document.querySelectorAll("[data-since]")) {
      if (!e.dataset.since) continue;
      const waited = t - Number(e.dataset.since);
      const text = "⚑ " + clock(waited);
      if (e.textContent !== text) e.textContent = text;
      e.classList.toggle("long", waited >= 600);
      e.title = fmt(T.waiting, { time: clock(waited) });
    }
  }

  $("sort").addEventListener("change", () => { order = ""; render(); });
  $("filter").addEventListener("input", render);
  setInterval(tick, 1000);
  if (!key) showKeyError(); else connect();
})();
"""

BOARD_HTML = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
  <h1 id="title">{title}</h1>
  <span id="summary"></span>
  <span id="live" class="live down">{connecting}</span>
  <span class="legend" aria-label="{legend_label}">
    <span><span class="chip c-pass">✔</span> {done}</span>
    <span><span class="chip c-work">✎</span> {working}</span>
    <span><span class="chip c-none">–</span> {not_started}</span>
    <span><span class="chip h-up">⚑</span> {needs_help}</span>
  </span>
  <span class="controls">
    <label>{find} <input id="filter" type="search" autocomplete="off"></label>
    <label>{sort} <select id="sort">
      <option value="help">{sort_help}</option>
      <option value="name">{sort_name}</option>
      <option value="joined">{sort_joined}</option>
      <option value="progress">{sort_progress}</option>
    </select></label>
  </span>
</header>
<div class="layout">
  <main>
    <p id="empty" hidden>{empty}</p>
    <table>
      <thead id="head"></thead>
      <tbody id="rows"></tbody>
    </table>
  </main>
  <aside aria-live="polite">
    <h2 id="queue-title">{queue}</h2>
    <ol id="queue"></ol>
  </aside>
</div>
<div id="key-error" class="error" hidden>{key_error}</div>
<script type="application/json" id="board-strings">{strings}</script>
<script>{js}</script>
</body>
</html>
"""

SIMPLE_CSS = """
body { font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans KR", sans-serif;
  max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #1B1B1B; }
code { display: block; background: #EEF1F4; padding: .7rem 1rem; border-radius: 4px; overflow-wrap: anywhere;
  font-size: 1rem; }
.note { color: #5F6368; }
"""

SIMPLE_HTML = """<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">
<title>{title}</title><style>{css}</style></head>
<body>
<h1>{title}</h1>
{body}
</body>
</html>
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _lang() -> str:
    from workshop.i18n import current_language

    return current_language()


def page_strings() -> dict[str, str]:
    """The words the page's script uses, translated."""
    statuses = {
        "passed": _("passed"), "failed": _("failed"), "error": _("error"), "timeout": _("timed out"),
        "resource-limit": _("hit a limit"), "invalid-notebook": _("notebook unreadable"),
    }
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
        "done": _("done"),
        "done_short": _("done"),
        "working": _("working"),
        "working_short": _("…"),
        "not_started": _("not started"),
        "points": _("{points} points"),
        "checks": _("{n} checks"),
        "counts": _("{passed} done, {working} working, {none} not started"),
        "col_number": "#",
        "col_name": _("Name"),
        "col_help": _("Help"),
    }
    strings.update({f"status_{key}": value for key, value in statuses.items()})
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
    text = BOARD_HTML.format(
        lang=esc(_lang()), title=esc(_("Room board")), css=CSS, js=JS, strings=strings,
        connecting=esc(_("connecting…")), legend_label=esc(_("Legend")),
        done=esc(_("done")), working=esc(_("working")), not_started=esc(_("not started")),
        needs_help=esc(_("needs help")), find=esc(_("Find")), sort=esc(_("Sort")),
        sort_help=esc(_("hands first")), sort_name=esc(_("by name")), sort_joined=esc(_("by joining order")),
        sort_progress=esc(_("most done first")), queue=esc(_("Help queue")),
        empty=esc(_("Nobody has joined yet. Participants run the join command shown when the board started.")),
        key_error=esc(_("This board link is missing its key, or the key is not right. Open the facilitator link "
                        "that workshop board printed (it ends with #key=…).")),
    )
    return Page(text, _csp(JS, CSS))


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
    page = SIMPLE_HTML.format(lang=html.escape(_lang()), title=html.escape(title), css=SIMPLE_CSS,
                              body="\n".join(body))
    return Page(page, _csp(None, SIMPLE_CSS))
