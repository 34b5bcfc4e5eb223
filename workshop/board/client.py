"""The participant's side of the room board: join, report each check, raise and lower a hand.

``workshop join URL --name NAME`` keeps the board's address, the participant token the board
issued and the name in ``.workshop/board.json`` (written atomically, readable only by its owner).
From then on :func:`report_check` — called by ``workshop check`` and by ``check()`` in a notebook —
sends the board the exercise, the status, the points and how long the check took. Never code,
never output, never test names or messages.

A check must never be broken or slowed down by the board: when the board is not joined this costs
one file lookup; when it is, the report has a 0.5 s timeout, runs after the result is shown, and
any failure is swallowed. When the board cannot be reached, that is said once, quietly (we remember
in ``.workshop/`` that we said it), and the check is kept to be sent with the next report, so the
board's timeline has no hole after a restart.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from workshop.util.atomic import write_text_atomic
from workshop.util.i18n import _

CONFIG_NAME = "board.json"
NOTICE_NAME = "board-notice.json"
OUTBOX_NAME = "board-outbox.json"
#: Seconds a check's report may take before it is given up (connect, and again for the answer).
REPORT_TIMEOUT = 0.5
#: Seconds for the commands a person runs on purpose (join, help-me).
COMMAND_TIMEOUT = 5.0
#: Checks kept while the board is unreachable (the oldest are dropped first).
OUTBOX_MAX = 20
_EXERCISE = re.compile(r"^\d{1,3}(-[a-z0-9][a-z0-9-]*)?$")
_JOIN_PATH = re.compile(r"^(?P<prefix>.*?)/join/(?P<token>[A-Za-z0-9_-]{8,64})/?$")


class BoardError(Exception):
    """Joining or talking to the board did not work; the message is for a person."""


class BoardUnreachable(BoardError):
    """Nothing answered at the board's address."""


class BoardRefused(BoardError):
    """The board answered with an error (``status``: the HTTP status)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class BoardConfig:
    """What ``workshop join`` remembers."""

    url: str
    participant: int
    token: str
    name: str
    session: str = ""
    title: str = ""
    joined: float = 0.0


# -- the files in .workshop/ ---------------------------------------------------------------------------


def _state_file(workspace, name: str) -> Path:
    return Path(workspace.state_dir) / name


def load_config(workspace) -> BoardConfig | None:
    """The join configuration, or None when not joined (or the file is unreadable)."""
    path = _state_file(workspace, CONFIG_NAME)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return BoardConfig(url=str(data["url"]), participant=int(data["participant"]), token=str(data["token"]),
                           name=str(data.get("name", "")), session=str(data.get("session", "")),
                           title=str(data.get("title", "")), joined=float(data.get("joined", 0.0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_config(workspace, config: BoardConfig) -> None:
    data = asdict(config)
    data["note"] = "The room board this workspace reports to (workshop join). Delete it to stop reporting."
    write_text_atomic(_state_file(workspace, CONFIG_NAME), json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _read_json(path: Path, default):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


# -- HTTP (urllib: the standard library, quick to import) -----------------------------------------------


def _post(base: str, path: str, payload: dict, token: str | None = None, timeout: float = REPORT_TIMEOUT) -> dict:
    import http.client
    import urllib.error
    import urllib.request

    headers = {"Content-Type": "application/json", "User-Agent": "workshop-board-client"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    from workshop.util.browser import in_browser

    if in_browser():
        return _post_from_browser(base, path, payload, headers, timeout)
    request = urllib.request.Request(base + path, data=json.dumps(payload).encode("utf-8"), headers=headers,
                                     method="POST")
    # No proxies: the board is on the room's own network, and a proxy set for the internet would hide it.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=timeout) as response:
            return json.loads(response.read(256 * 1024).decode("utf-8"))
    except urllib.error.HTTPError as error:
        try:
            message = json.loads(error.read(16 * 1024).decode("utf-8")).get("error", "")
        except (ValueError, OSError, AttributeError):
            message = ""
        raise BoardRefused(error.code, message or f"HTTP {error.code}") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise BoardUnreachable(_("The room board at {url} did not answer ({reason}).").format(
            url=base, reason=reason)) from None


def _post_from_browser(base: str, path: str, payload: dict, headers: dict, timeout: float) -> dict:
    """:func:`_post` in a browser tab, through the browser (no sockets there)."""
    from workshop.util.browser import post_json

    try:
        status, raw = post_json(base + path, json.dumps(payload).encode("utf-8"), headers, timeout)
    except OSError as error:
        raise BoardUnreachable(_("The room board at {url} did not answer ({reason}).").format(
            url=base, reason=error)) from None
    try:
        answer = json.loads(raw.decode("utf-8")) if raw else {}
    except ValueError:
        answer = {}
    if status in (502, 503, 504) and not (isinstance(answer, dict) and answer.get("error")):
        raise BoardUnreachable(_("The room board at {url} did not answer ({reason}).").format(
            url=base, reason=f"HTTP {status}"))
    message = answer.get("error", "") if isinstance(answer, dict) else ""
    if status in (404, 405, 501) and not message:  # a static web host: no server passes requests on
        raise BoardRefused(status, _("This site cannot reach a room board: only a site served with "
                                     "workshop lite --serve --board can."))
    if status >= 400:
        raise BoardRefused(status, message or f"HTTP {status}")
    if not isinstance(answer, dict):
        raise BoardUnreachable(_("The room board at {url} did not answer ({reason}).").format(url=base, reason=status))
    return answer


# -- joining -------------------------------------------------------------------------------------------


def parse_join_url(url: str) -> tuple[str, str]:
    """(board address, join token) from a join link like ``http://10.0.0.5:8765/join/Ab3…``."""
    from urllib.parse import parse_qs, urlsplit

    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BoardError(_("{url} is not a board join link. It looks like http://ADDRESS:PORT/join/CODE.").format(
            url=url))
    base = f"{parts.scheme}://{parts.netloc}"
    match = _JOIN_PATH.match(parts.path)
    if match:
        return base + match.group("prefix"), match.group("token")
    token = (parse_qs(parts.query).get("join") or [""])[0]
    if re.fullmatch(r"[A-Za-z0-9_-]{8,64}", token):
        return base + parts.path.rstrip("/"), token
    raise BoardError(_("{url} is not a board join link: it has no join code. Copy the whole link the facilitator "
                       "shows, like http://ADDRESS:PORT/join/CODE.").format(url=url))


def join(workspace, url: str, name: str, via: str | None = None) -> BoardConfig:
    """Join the board at ``url`` as ``name`` and remember it; joining the same board again keeps your row.

    ``via``: the address to reach the board at instead of the link's (in a browser, the site's
    server, which passes requests on to the board)."""
    base, join_token = parse_join_url(url)
    base = via or base
    previous = load_config(workspace)
    payload = {"token": join_token, "name": name}
    if previous is not None and previous.url == base:
        payload["participant_token"] = previous.token
    try:
        reply = _post(base, "/api/join", payload, timeout=COMMAND_TIMEOUT)
    except BoardUnreachable:
        raise BoardError(_("Nothing answered at {url}. Check the address, and that this laptop is on the same "
                           "network (wifi) as the facilitator's.").format(url=base)) from None
    except BoardRefused as error:
        raise BoardError(str(error)) from None
    try:
        config = BoardConfig(url=base, participant=int(reply["participant"]), token=str(reply["token"]),
                             name=str(reply.get("name", name)), session=str(reply.get("session", "")),
                             title=str(reply.get("title", "")), joined=time.time())
    except (KeyError, TypeError, ValueError):
        raise BoardError(_("{url} answered, but not like a room board.").format(url=base)) from None
    if previous is None or previous.session != config.session:
        _remove(_state_file(workspace, OUTBOX_NAME))
    _remove(_state_file(workspace, NOTICE_NAME))
    save_config(workspace, config)
    _save_room_ai(workspace, reply.get("ai"))
    return config


def _save_room_ai(workspace, ai) -> None:
    """Keep the room's AI server the board passes on (``.workshop/room-ai.toml``) for the tutor.

    The tutor treats it as the room's own only when it is on a private network (docs/ai.md).
    """
    path = Path(workspace.state_dir) / "room-ai.toml"
    if not isinstance(ai, dict) or not isinstance(ai.get("room_url"), str):
        _remove(path)
        return
    from workshop.util.atomic import write_text_atomic

    lines = [f"{key} = {json.dumps(str(ai[key]))}" for key in ("room_url", "model") if isinstance(ai.get(key), str)]
    try:
        write_text_atomic(path, "\n".join(lines) + "\n")
    except OSError:
        pass


def leave(workspace) -> bool:
    """Stop reporting to the board (forget the join); True when there was one."""
    path = _state_file(workspace, CONFIG_NAME)
    existed = path.exists()
    for name in (CONFIG_NAME, OUTBOX_NAME, NOTICE_NAME):
        _remove(_state_file(workspace, name))
    return existed


# -- reporting a check ---------------------------------------------------------------------------------


def check_payload(result) -> dict | None:
    """The only things a report says about a check (None when it cannot be said safely)."""
    status = getattr(result.status, "value", result.status)
    if not isinstance(result.exercise, str) or not _EXERCISE.match(result.exercise):
        return None
    return {"exercise": result.exercise, "status": str(status), "earned": round(float(result.earned), 3),
            "possible": round(float(result.possible), 3), "duration": round(max(0.0, float(result.duration)), 3)}


def report_check(workspace, result) -> None:
    """Tell the board about a check, if this workspace joined one. Never raises, never waits long."""
    try:
        _report(workspace, result)
    except Exception:  # noqa: BLE001, S110 - the board is a convenience; the check result stands
        pass


def _report(workspace, result) -> None:
    config = load_config(workspace)
    if config is None:
        return
    check = check_payload(result)
    if check is None:
        return
    outbox_path = _state_file(workspace, OUTBOX_NAME)
    kept = _read_json(outbox_path, []) if outbox_path.exists() else []
    if not isinstance(kept, list):
        kept = []
    now = time.time()
    pending = [item for item in kept if isinstance(item, dict) and isinstance(item.get("check"), dict)]
    pending = (pending + [{"check": check, "at": now}])[-OUTBOX_MAX:]
    checks = [dict(item["check"], ago=round(min(max(0.0, now - float(item.get("at", now))), 2 * 86400), 3))
              for item in pending]
    try:
        reply = _post(config.url, "/api/report", {"checks": checks}, token=config.token)
    except BoardUnreachable:
        write_text_atomic(outbox_path, json.dumps(pending))
        _say_once(workspace, "unreachable", _(
            "(The room board at {url} is not answering. Your checks work as always and are kept here; the board "
            "gets them when it is back. To stop reporting: workshop join --leave)").format(url=config.url))
        return
    except BoardRefused as error:
        if error.status == 401:
            _remove(outbox_path)
            _say_once(workspace, "unknown", _(
                "(The room board does not know this laptop any more — maybe a new session was started. Join "
                "again with the facilitator's new link: workshop join URL --name NAME)"))
        elif error.status == 400:
            _remove(outbox_path)  # the board will never take these; do not send them again
        else:  # busy or could not save: keep them for the next report
            write_text_atomic(outbox_path, json.dumps(pending))
        return
    if kept:
        _remove(outbox_path)
    _remove(_state_file(workspace, NOTICE_NAME))
    if isinstance(reply, dict) and reply.get("hand_lowered"):
        _say(_("Your check passed, so your hand on the room board is lowered."))


def _say_once(workspace, what: str, text: str) -> None:
    """Say ``text`` unless the same thing was already said (and not cleared by a later success)."""
    path = _state_file(workspace, NOTICE_NAME)
    said = _read_json(path, {})
    if isinstance(said, dict) and said.get("said") == what:
        return
    try:
        write_text_atomic(path, json.dumps({"said": what, "at": time.time()}))
    except OSError:
        pass
    _say(text)


def _in_kernel() -> bool:
    if sys.platform == "emscripten":  # the browser's kernel: the output is the cell's
        return True
    return "ipykernel" in sys.modules and type(sys.stdout).__module__.startswith("ipykernel")


def _say(text: str) -> None:
    """One quiet line: to stderr in a terminal (stdout may be --json), to the cell output in a notebook."""
    if _in_kernel():
        print(text)
        return
    stream = sys.stderr
    quiet = stream.isatty() and not os.environ.get("NO_COLOR")
    print(f"\x1b[2m{text}\x1b[0m" if quiet else text, file=stream)


# -- raising and lowering a hand -----------------------------------------------------------------------


def help_me(workspace, message: str = "", done: bool = False) -> dict:
    """Raise (or with ``done``, lower) this participant's hand; the board's reply."""
    config = load_config(workspace)
    if config is None:
        raise BoardError(_("This workspace has not joined a room board. Join first: workshop join URL --name NAME"))
    payload = {"raise": not done}
    if message and not done:
        payload["message"] = message
    try:
        return _post(config.url, "/api/help", payload, token=config.token, timeout=COMMAND_TIMEOUT)
    except BoardUnreachable:
        raise BoardError(_("The room board at {url} is not answering. Raise your hand the old way — a real "
                           "one works too.").format(url=config.url)) from None
    except BoardRefused as error:
        raise BoardError(str(error)) from None
