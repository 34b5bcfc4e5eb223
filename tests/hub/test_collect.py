"""``collect`` against a hostile hub: a real HTTP server on 127.0.0.1 that answers like a JupyterHub
and its user servers, but with user names and file names made to escape the output folder, a
notebook bigger than any notebook, and users spread over pages. Nothing may land outside OUT."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from workshop.hub.api import Hub, HubError
from workshop.hub.collect import MARK, collect, folder_name
from workshop.core.notebook import MAX_NOTEBOOK_BYTES

TOKEN = "secret-token"
NOTEBOOK = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
USERS = ["../evil", "normal", ".hidden", "a/b", "..", "박서연"] + [f"u{n:03}" for n in range(7)]


def _listing(path: str) -> list[dict]:
    base = path.rstrip("/")
    if base == "workshop":
        return [{"name": "../../escape.ipynb", "type": "notebook", "size": 10},
                {"name": "ok.ipynb", "type": "notebook", "size": 10},
                {"name": "huge.ipynb", "type": "notebook", "size": MAX_NOTEBOOK_BYTES + 1},
                {"name": "liar.ipynb", "type": "notebook", "size": 10},
                {"name": ".ipynb_checkpoints", "type": "directory"},
                {"name": "deep", "type": "directory"}, {"name": "notes.txt", "type": "file", "size": 3}]
    if base.startswith("workshop/deep"):
        return [{"name": "deep", "type": "directory"}, {"name": "x.ipynb", "type": "notebook", "size": 10}]
    return []


class FakeHub(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - the http.server API
        if self.headers.get("Authorization") != f"token {TOKEN}":
            return self._send(403, b'{"message": "no"}')
        parts = urlsplit(self.path)
        if parts.path == "/hub/api/users":
            query = parse_qs(parts.query)
            offset, limit = int(query["offset"][0]), 5  # the hub's page size wins over ours
            items = [{"name": name, "servers": {"": {"ready": True, "url": f"/user/{n}/"}}}
                     for n, name in enumerate(USERS)][offset:offset + limit]
            following = {"offset": offset + limit} if offset + limit < len(USERS) else None
            return self._send(200, json.dumps({"items": items, "_pagination": {"next": following}}).encode())
        if parts.path.startswith("/user/") and "/api/contents/" in parts.path:
            path = unquote(parts.path.split("/api/contents/", 1)[1])
            if "type=directory" in parts.query:
                return self._send(200, json.dumps({"type": "directory", "content": _listing(path)}).encode())
            if path.endswith("liar.ipynb"):  # said 10 bytes, sends 21 MB
                return self._send(200, json.dumps({"type": "file", "content": "x" * (MAX_NOTEBOOK_BYTES + 1)}).encode())
            return self._send(200, json.dumps({"type": "file", "format": "text", "content": NOTEBOOK}).encode())
        return self._send(404, b"{}")


@pytest.fixture
def fake_hub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_hostile_names_and_sizes_stay_inside_out(fake_hub, tmp_path):
    out = tmp_path / "box" / "subs"
    report = collect(Hub(fake_hub, TOKEN), out, workers=4)
    assert len(report.collected) == len(USERS) and not report.failed  # every page of users was read
    everything = [path for path in tmp_path.rglob("*")]
    assert all(out in path.parents or path in (out, out.parent) for path in everything)
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert all(not name.startswith(".") and "/" not in name for name in folders)
    assert "박서연" in folders and "normal" in folders
    for folder in folders:
        files = sorted(p.relative_to(out / folder).as_posix() for p in (out / folder).rglob("*") if p.is_file())
        assert files == [MARK, "deep/deep/deep/x.ipynb", "deep/deep/x.ipynb", "deep/x.ipynb", "ok.ipynb"], files
    notes = report.notes["normal"]
    assert any("huge.ipynb" in note for note in notes) and any("liar.ipynb" in note for note in notes)


def test_folder_names_are_safe_and_unique():
    taken: set[str] = set()
    names = [folder_name(user, taken) for user in ["..", "../x", ".a", "A", "a", "con/../x", ""]]
    assert len(set(name.lower() for name in names)) == len(names)
    assert all(name and not name.startswith(".") and "/" not in name for name in names)


def test_a_wrong_token_fails_before_anything_is_written(fake_hub, tmp_path):
    with pytest.raises(HubError, match="refused the token"):
        collect(Hub(fake_hub, "wrong"), tmp_path / "subs")
    assert not (tmp_path / "subs").exists()


def test_a_web_page_that_is_not_a_hub_is_said_so(tmp_path):
    class NotAHub(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            body = b"<html>hello</html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), NotAHub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(HubError, match="not as a JupyterHub API"):
            collect(Hub(f"http://127.0.0.1:{server.server_address[1]}", TOKEN), tmp_path / "subs")
    finally:
        server.shutdown()
        server.server_close()
    assert not (tmp_path / "subs").exists()
