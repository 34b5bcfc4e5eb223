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
        showJoinCard();
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

  function showJoinCard() {
    if (!$("join-card").hidden) return;
    fetch("/api/join-card", { headers: { "X-Board-Key": key }, cache: "no-store" })
      .then((r) => (r.ok ? r.json() : null))
      .then((card) => {
        if (!card) return;
        $("join-qr").src = card.qr;
        $("join-code").textContent = card.code;
        $("join-url").textContent = card.url;
        $("join-card").hidden = false;
      })
      .catch(() => {});
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
    if (!cell) return { cls: "c c-none", text: T.icon_not_started, title: c.name + ": " + T.not_started };
    const [kind, last, earned, possible, checks] = cell;
    const pts = possible > 0 ? num(earned) + "/" + num(possible) : "";
    const detail = c.name + ": " + (kind === "passed" ? T.done : T.working) + " · " + (T["status_" + last] || last)
      + (pts ? " · " + fmt(T.points, { points: pts }) : "") + " · " + fmt(T.checks, { n: checks });
    if (kind === "passed") return { cls: "c c-pass", text: T.icon_passed + " " + T.done, title: detail };
    return { cls: "c c-work", text: T.icon_working + " " + (pts || T.working_short), title: detail };
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
      th.querySelector(".n").textContent = T.icon_passed + n.passed + " " + T.icon_working + n.working;
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
