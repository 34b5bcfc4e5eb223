"""A small client for what ``collect`` needs from a JupyterHub: its users and their servers' files.

Two APIs, one token: the hub's REST API (``/hub/api/users``, paginated) and each running user
server's contents API, reached through the hub's proxy at the server's URL (``/user/NAME/``), so it
works for any spawner and any storage. The token needs the scopes ``list:users``, ``read:servers``
and ``access:servers`` (docs/hub.md). ``requests`` is imported only here, when a hub is used.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from workshop.util.i18n import _

PAGE = 200
TIMEOUT = (5.0, 30.0)  # connect, read: a server that takes longer is reported, not waited on


class HubError(Exception):
    """Talking to the hub did not work; the message is for a person. ``fatal``: nothing can be collected."""

    def __init__(self, message: str, fatal: bool = True):
        super().__init__(message)
        self.fatal = fatal


@dataclass
class HubUser:
    name: str
    #: The default server's URL path (``/user/NAME/``) when it is running and ready, else "".
    server_url: str = ""
    #: "running", "stopped" or "pending" (starting or stopping).
    state: str = "stopped"


def normalize_hub_url(url: str) -> str:
    """``url`` with a scheme and a trailing slash, or :class:`HubError` when it is not an http(s) URL."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HubError(_("The hub address {url!r} is not an http:// or https:// URL, e.g. "
                         "https://hub.example.org/").format(url=url))
    if parts.query or parts.fragment or parts.username or parts.password:
        raise HubError(_("The hub address {url!r} must have no user name, ?query or #fragment.").format(url=url))
    return text if text.endswith("/") else text + "/"


class Hub:
    """One hub, one token; safe to use from several threads (one HTTP session per thread)."""

    def __init__(self, url: str, token: str, timeout: tuple[float, float] = TIMEOUT):
        import requests  # noqa: F401 - fail here, clearly, if it is missing

        self.url = normalize_hub_url(url)
        parts = urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.token = token
        self.timeout = timeout
        self._local = threading.local()

    # -- HTTP ----------------------------------------------------------------------------------

    def _session(self):
        import requests

        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["Authorization"] = f"token {self.token}"
            session.trust_env = False  # a proxy from the environment must not see the token
            self._local.session = session
        return session

    def request(self, method: str, url: str, what: str, **kwargs):
        """One request; :class:`HubError` for no answer. Returns the response (any status)."""
        import requests

        try:
            return self._session().request(method, url, timeout=self.timeout, allow_redirects=False, **kwargs)
        except requests.Timeout:
            raise HubError(_("{what} did not answer within {seconds:g} seconds.").format(
                what=what, seconds=self.timeout[1]), fatal=False) from None
        except requests.ConnectionError:
            raise HubError(_("{what} cannot be reached at {url}. Is the address right, and is it running?").format(
                what=what, url=url), fatal=False) from None
        except requests.RequestException as error:
            raise HubError(_("{what}: the request failed ({error}).").format(what=what, error=error),
                           fatal=False) from None

    # -- the hub -------------------------------------------------------------------------------

    def users(self) -> list[HubUser]:
        """Every user of the hub with the state of their default server (all pages)."""
        found: list[HubUser] = []
        offset = 0
        while True:
            url = urljoin(self.url, f"hub/api/users?offset={offset}&limit={PAGE}")
            try:
                response = self.request("GET", url, _("The hub"),
                                        headers={"Accept": "application/jupyterhub-pagination+json"})
            except HubError as error:
                raise HubError(str(error)) from None
            if response.status_code in (401, 403):
                raise HubError(_("The hub refused the token (HTTP {status}). Check the token, and that it has the "
                                 "scopes list:users, read:servers and access:servers (see docs/hub.md).").format(
                    status=response.status_code))
            if response.status_code == 404 or (response.status_code in (301, 302, 303, 307, 308)):
                raise HubError(_("{url} is not a JupyterHub API (HTTP {status}). Give the hub's address, e.g. "
                                 "https://hub.example.org/").format(url=url, status=response.status_code))
            if response.status_code != 200:
                raise HubError(_("The hub answered HTTP {status} when asked for its users.").format(
                    status=response.status_code))
            try:
                data = response.json()
            except ValueError:
                raise HubError(_("{url} answered, but not as a JupyterHub API.").format(url=url)) from None
            items = data.get("items") if isinstance(data, dict) else data
            if not isinstance(items, list):
                raise HubError(_("{url} answered, but not as a JupyterHub API.").format(url=url))
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("name"), str):
                    found.append(_user(item))
            following = data.get("_pagination", {}).get("next") if isinstance(data, dict) else None
            if not following or not items:
                return found
            offset = int(following.get("offset", offset + len(items)))

    # -- a user's server -----------------------------------------------------------------------

    def contents_url(self, user: HubUser, path: str) -> str:
        encoded = "/".join(quote(part, safe="") for part in path.split("/") if part)
        return urljoin(self.origin, user.server_url.rstrip("/") + "/api/contents/" + encoded)

    def contents(self, user: HubUser, path: str, kind: str = "directory", limit: int | None = None) -> dict:
        """The contents model of ``path`` on the user's server: a folder's listing (``kind="directory"``)
        or a file as text (``kind="file"``, at most ``limit`` bytes of answer)."""
        what = _("The server of {user}").format(user=user.name)
        query = "?content=1&type=directory" if kind == "directory" else "?content=1&type=file&format=text"
        response = self.request("GET", self.contents_url(user, path) + query, what, stream=limit is not None)
        try:
            if response.status_code in (401, 403):
                raise HubError(_("{what} refused the token (HTTP {status}): it needs the scope access:servers.")
                               .format(what=what, status=response.status_code), fatal=False)
            if response.status_code in (301, 302, 303, 307, 308):
                raise HubError(_("{what} is not running (it sent us to the hub).").format(what=what), fatal=False)
            if response.status_code == 404:
                raise FileNotFoundError(path)
            if response.status_code != 200:
                raise HubError(_("{what} answered HTTP {status} for {path}.").format(
                    what=what, status=response.status_code, path=path or "/"), fatal=False)
            body = _body(response, limit, what, path)
        finally:
            response.close()
        try:
            model = json.loads(body)
        except ValueError:
            raise HubError(_("{what} sent something that is not a contents model for {path}.").format(
                what=what, path=path or "/"), fatal=False) from None
        if not isinstance(model, dict):
            raise HubError(_("{what} sent something that is not a contents model for {path}.").format(
                what=what, path=path or "/"), fatal=False)
        return model

    def put_text(self, user: HubUser, path: str, text: str) -> None:
        """Save ``text`` as the file ``path`` on the user's server (folders must exist)."""
        what = _("The server of {user}").format(user=user.name)
        response = self.request("PUT", self.contents_url(user, path), what,
                                json={"type": "file", "format": "text", "content": text})
        if response.status_code not in (200, 201):
            raise HubError(_("{what} did not save {path} (HTTP {status}).").format(
                what=what, path=path, status=response.status_code), fatal=False)


def _user(item: dict) -> HubUser:
    server = (item.get("servers") or {}).get("") if isinstance(item.get("servers"), dict) else None
    if isinstance(server, dict):
        if server.get("ready") and isinstance(server.get("url"), str):
            return HubUser(item["name"], server["url"], "running")
        return HubUser(item["name"], "", "pending")
    if item.get("pending"):
        return HubUser(item["name"], "", "pending")
    return HubUser(item["name"])


def _body(response, limit: int | None, what: str, path: str) -> bytes:
    if limit is None:
        return response.content
    chunks, size = [], 0
    for chunk in response.iter_content(1 << 16):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise HubError(_("{what}: {path} is bigger than {mb} MB; not collected.").format(
                what=what, path=path, mb=limit // (1024 * 1024)), fatal=False)
    return b"".join(chunks)
