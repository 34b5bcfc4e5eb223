"""The AI settings: where the chat server is, which model, and the rules for using it.

Read from, each overriding the one before:

1. the defaults: Ollama on this computer (``http://localhost:11434/v1``, model ``llama3.2``);
2. the user config file ``ai.toml`` in the user's config folder (``~/.config/workshop/ai.toml`` on
   Linux, ``~/Library/Application Support/workshop/ai.toml`` on macOS,
   ``%LOCALAPPDATA%\\workshop\\ai.toml`` on Windows), or the file named by ``WORKSHOP_AI_CONFIG``;
3. the workspace file ``<workspace>/.workshop/ai.toml``, which a facilitator ships with the room's
   workshop folder;
4. the environment: ``WORKSHOP_AI_BASE_URL``, ``WORKSHOP_AI_MODEL``, ``WORKSHOP_AI_API_KEY``,
   ``WORKSHOP_AI_ALLOW_REMOTE``, ``WORKSHOP_AI_TIMEOUT``.

Before them all comes the room's AI server, declared in the workshop folder's ``session.toml``
(``[ai] room_url = "http://192.168.1.20:8080/v1"``, ``model = …``) or passed on by the room board
when a participant joins (``.workshop/room-ai.toml``). It becomes the default ``base_url``.

An endpoint is *local* only when its host is ``localhost`` or a loopback address (127.0.0.0/8,
``::1``). It is *the room's* when it is the declared room server and that server is on a private
network (a private or link-local IP address, or a ``.local`` name): no opt-in is needed for it.
Anything else, including a host that merely contains "localhost", a room server on a public
address or any other machine on the venue's network, is remote: it needs ``allow_remote = true``
(or ``WORKSHOP_AI_ALLOW_REMOTE=1``) and every call says that the code leaves the computer.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from workshop.ai.errors import ConfigError, RemoteNotAllowed
from workshop.util.hosts import is_loopback_host
from workshop.util.i18n import _

CONFIG_NAME = "ai.toml"
DEFAULT_BASE_URL = "http://localhost:11434/v1"
DEFAULT_MODEL = "llama3.2"

ENV_BASE_URL = "WORKSHOP_AI_BASE_URL"
ENV_MODEL = "WORKSHOP_AI_MODEL"
ENV_API_KEY = "WORKSHOP_AI_API_KEY"
ENV_ALLOW_REMOTE = "WORKSHOP_AI_ALLOW_REMOTE"
ENV_TIMEOUT = "WORKSHOP_AI_TIMEOUT"
ENV_CONFIG = "WORKSHOP_AI_CONFIG"
ROOM_FILE = "room-ai.toml"
SESSION_FILE = "session.toml"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class AIConfig:
    """The settings in effect. ``sources`` says where each non-default value came from."""

    base_url: str = DEFAULT_BASE_URL
    model: str = DEFAULT_MODEL
    api_key: str = field(default="", repr=False)
    #: Seconds to wait for the reply (a small model on a laptop can take a while the first time).
    timeout: float = 60.0
    allow_remote: bool = False
    #: Questions one learner may ask per ``rate_window_minutes``; 0 means no limit.
    rate_limit: int = 10
    rate_window_minutes: float = 10.0
    #: A reply with more lines of code than this has its code cut.
    max_code_lines: int = 3
    max_tokens: int = 400
    temperature: float = 0.2
    #: The room's own AI server (session.toml ``[ai] room_url``); "" when the room declares none.
    room_url: str = ""
    #: The model's context in tokens, used when the server does not tell (0: ask it, else 4096).
    context_size: int = 0
    #: Show the reply as it comes (server-sent events); off for servers that cannot stream.
    stream: bool = True
    #: The language the tutor answers in ("" : the session's, else WORKSHOP_LANG, else English).
    language: str = ""
    #: "" (the default): nothing written to disk. "true": ``.workshop/ai-log.jsonl``. Else a path.
    log: str = ""
    sources: dict = field(default_factory=dict, compare=False, repr=False)
    warnings: tuple = field(default=(), compare=False, repr=False)

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def is_local(self) -> bool:
        return is_local_url(self.base_url)

    @property
    def is_room(self) -> bool:
        """True when ``base_url`` is the room's declared server and that is on a private network."""
        return bool(self.room_url) and is_room_url(self.room_url) and _same_server(self.base_url, self.room_url)

    @property
    def stays_here(self) -> bool:
        """No opt-in needed: this computer, or the room's own server."""
        return self.is_local or self.is_room

    @property
    def server_root(self) -> str:
        """The server's address without the API path (where llama.cpp serves ``/props``)."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def chat_url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"

    @property
    def rate_window(self) -> float:
        """The rate-limit window in seconds."""
        return self.rate_window_minutes * 60.0

    def require_allowed(self) -> None:
        """Raise :class:`RemoteNotAllowed` for a remote endpoint nobody opted in to."""
        if not self.stays_here and not self.allow_remote:
            raise RemoteNotAllowed(_(
                "The AI server {host} is not on this computer, so asking it would send your code away. "
                "Only a facilitator or you can allow that: set allow_remote = true in the AI config file, "
                "or the environment variable WORKSHOP_AI_ALLOW_REMOTE=1. Read the privacy note in "
                "docs/ai.md first.").format(host=self.host))

    def describe(self) -> list[tuple[str, str, str]]:
        """(setting, value, where it came from) for ``workshop tutor --show-config``; the key masked."""
        rows = []
        for name in ("base_url", "model", "api_key", "timeout", "allow_remote", "rate_limit",
                     "rate_window_minutes", "max_code_lines", "max_tokens", "temperature", "log", "room_url",
                     "context_size", "stream", "language"):
            value = getattr(self, name)
            if name == "api_key":
                value = (value[:3] + "…" + _("(set)")) if value else _("(none)")
            rows.append((name, str(value), self.sources.get(name, _("default"))))
        return rows


def is_local_url(url: str) -> bool:
    """True only when ``url``'s host is ``localhost`` or a loopback IP (127.0.0.0/8, ::1).

    Conservative on purpose: ``localhost.example.org``, ``mylocalhost``, ``0.0.0.0``, a LAN address
    and forms like ``127.1`` all count as remote.
    """
    return is_loopback_host(check_base_url(url))


def is_room_url(url: str) -> bool:
    """True when ``url`` is on this computer or the venue's private network.

    Only IP addresses in the private and link-local ranges (10/8, 172.16/12, 192.168/16,
    169.254/16, fc00::/7, fe80::/10), loopback, and ``.local`` names count: a name that DNS could
    point anywhere is not the room's.
    """
    import ipaddress

    host = check_base_url(url)
    if is_loopback_host(host) or host.endswith(".local"):
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return (address.is_private or address.is_link_local) and not address.is_unspecified and \
        not address.is_multicast and not (address.version == 4 and address.packed[0] == 100)


def _same_server(url: str, room: str) -> bool:
    one, two = urlsplit(url.strip()), urlsplit(room.strip())
    return (one.scheme, one.hostname, one.port) == (two.scheme, two.hostname, two.port) and \
        one.path.rstrip("/").startswith(two.path.rstrip("/"))


def check_base_url(url: str) -> str:
    """Validate a base URL; return its host (lower case; a trailing dot kept: ``localhost.`` goes to DNS)
    or raise :class:`ConfigError`."""
    text = str(url).strip()
    problem = None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        parts = None
        problem = _("it is not a valid URL")
    if parts is not None:
        if parts.scheme not in ("http", "https"):
            problem = _("it must start with http:// or https://")
        elif not parts.hostname:
            problem = _("it names no server")
        elif "@" in parts.netloc:
            problem = _("a user name or password in the URL is not supported: put the key in api_key")
        elif "\\" in text or any(char.isspace() or ord(char) < 32 for char in text):
            problem = _("it contains spaces, backslashes or control characters")
        elif parts.query or parts.fragment:
            problem = _("it must not have a ?query or #fragment")
    if problem:
        raise ConfigError(_("The AI server address {url!r} cannot be used: {problem}. Example: {example}").format(
            url=text, problem=problem, example=DEFAULT_BASE_URL))
    return parts.hostname.lower()


def user_config_path(environ: dict | None = None) -> Path:
    """Where the user's own ``ai.toml`` lives (``WORKSHOP_AI_CONFIG`` names another file)."""
    environ = os.environ if environ is None else environ
    explicit = environ.get(ENV_CONFIG)
    if explicit:
        return Path(explicit).expanduser()
    try:
        from platformdirs import user_config_path as platform_path
    except ImportError:  # pragma: no cover - platformdirs comes with Jupyter
        if sys.platform == "win32":
            base = Path(environ.get("LOCALAPPDATA") or environ.get("APPDATA") or Path.home())
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Application Support"
        else:
            base = Path(environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        return base / "workshop" / CONFIG_NAME
    return platform_path("workshop", appauthor=False) / CONFIG_NAME


def workspace_config_path(state_dir: Path) -> Path:
    return Path(state_dir) / CONFIG_NAME


_KEYS = {
    "base_url": str, "model": str, "api_key": str, "api_key_env": str, "timeout": float,
    "allow_remote": bool, "rate_limit": int, "rate_window_minutes": float, "max_code_lines": int,
    "max_tokens": int, "temperature": float, "log": (bool, str), "room_url": str, "context_size": int,
    "stream": bool, "language": str,
}


def _coerce(name: str, value, where: str):
    kind = _KEYS[name]
    bad = ConfigError(_("{where}: {key} has the wrong kind of value ({value!r}).").format(
        where=where, key=name, value=value))
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise bad
    if kind == (bool, str):
        if value is True:
            return "true"
        if value is False:
            return ""
        if isinstance(value, str):
            return "" if value.strip().lower() in _FALSE else value.strip()
        raise bad
    if kind is str:
        if not isinstance(value, str):
            raise bad
        return value.strip()
    if isinstance(value, bool):
        raise bad
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise bad from None
    if number < 0 or (name in ("timeout", "rate_window_minutes", "max_tokens") and number <= 0):
        raise ConfigError(_("{where}: {key} must be a positive number.").format(where=where, key=name))
    return number


def read_config_file(path: Path) -> tuple[dict, list[str]]:
    """The settings in one TOML file (empty when it does not exist), and warnings about it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(_("The AI config file {path} cannot be read: {error}").format(
            path=path, error=error)) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_("The AI config file {path} is not valid TOML: {error}").format(
            path=path, error=error)) from None
    values, warnings = {}, []
    for key, value in raw.items():
        if key not in _KEYS:
            warnings.append(_("{path}: unknown setting {key!r} ignored (known: {known}).").format(
                path=path, key=key, known=", ".join(sorted(_KEYS))))
            continue
        values[key] = _coerce(key, value, str(path))
    return values, warnings


def load_config(state_dir: Path | None = None, environ: dict | None = None) -> AIConfig:
    """The settings in effect for a workspace whose state folder is ``state_dir`` (may be None)."""
    environ = os.environ if environ is None else environ
    values: dict = {}
    sources: dict = {}
    warnings: list[str] = []
    if state_dir is not None:
        for path, found in room_settings(Path(state_dir)):
            values.update(found)
            sources.update({key: str(path) for key in found})
    files = [user_config_path(environ)]
    if state_dir is not None:
        files.append(workspace_config_path(state_dir))
    for path in files:
        found, notes = read_config_file(path)
        warnings += notes
        key_env = found.pop("api_key_env", None)
        if key_env:
            if environ.get(key_env):
                found["api_key"] = environ[key_env]
            else:
                warnings.append(_("{path}: api_key_env names {name}, which is not set.").format(
                    path=path, name=key_env))
        values.update(found)
        sources.update({key: str(path) for key in found})
    for name, variable in (("base_url", ENV_BASE_URL), ("model", ENV_MODEL), ("api_key", ENV_API_KEY),
                           ("allow_remote", ENV_ALLOW_REMOTE), ("timeout", ENV_TIMEOUT)):
        if variable in environ and (environ[variable].strip() or name == "allow_remote"):
            values[name] = _coerce(name, environ[variable], variable)
            sources[name] = variable
    config = replace(AIConfig(), **values)
    check_base_url(config.base_url)
    if config.room_url:
        check_base_url(config.room_url)
        if not is_room_url(config.room_url):
            warnings.append(_("The room's AI server {url} is not on a private network, so it is treated like any "
                              "other remote server (it needs allow_remote).").format(url=config.room_url))
    if not config.model:
        raise ConfigError(_("No AI model is set: set model in the AI config file or WORKSHOP_AI_MODEL."))
    return replace(config, sources=sources, warnings=tuple(warnings))


#: What a session file's ``[ai]`` table may say about the room's server.
ROOM_KEYS = ("room_url", "model", "context_size", "timeout", "rate_limit", "rate_window_minutes", "max_tokens")


def room_settings(state_dir: Path) -> list[tuple[Path, dict]]:
    """The room's AI server as the workshop folder's ``session.toml`` ``[ai]`` table declares it, then as
    the room board passed it on at ``workshop join`` (``.workshop/room-ai.toml``); each with its file."""
    found = []
    for path in (Path(state_dir).parent / SESSION_FILE, Path(state_dir) / ROOM_FILE):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        table = raw.get("ai") if path.name == SESSION_FILE else raw
        if not isinstance(table, dict):
            continue
        values = {key: _coerce(key, table[key], f"{path} [ai]") for key in ROOM_KEYS if key in table}
        if values.get("room_url"):
            check_base_url(values["room_url"])
            values["base_url"] = values["room_url"]
        found.append((path, values))
    return found
