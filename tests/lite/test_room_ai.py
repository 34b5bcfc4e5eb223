"""The room's AI server on the browser-only site: the site names it, its server relays it (same
origin, so an HTTPS page may use an http:// room server), and the room server answers CORS."""

from __future__ import annotations

import json

import pytest
import requests

from tests.ai.conftest import AI_VARIABLES, MODEL, running_fake_model
from workshop.ai.config import load_config
from workshop.ai.room import RoomServer
from workshop.lite.serve import make_server, serve_in_thread
from workshop.lite.site import SITE_SESSION, room_ai_text, site_room_url


def _site(tmp_path, room: dict | None):
    """A built site's layout: the contents under files/ (exercises/ and the site's session.toml)."""
    site = tmp_path / "site"
    (site / "files" / "exercises").mkdir(parents=True)
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    text = room_ai_text(room)
    if text:
        (site / "files" / SITE_SESSION).write_text(text, encoding="utf-8")
    return site


def test_the_site_names_the_rooms_server_and_the_browser_tutor_takes_it_as_the_rooms(tmp_path, monkeypatch):
    for name in AI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKSHOP_AI_CONFIG", str(tmp_path / "no-user-config.toml"))
    site = _site(tmp_path, {"room_url": "http://192.168.1.20:8081/v1", "model": "qwen2.5:1.5b"})
    assert site_room_url(site) == "http://192.168.1.20:8081/v1"
    # In the browser the site's files are the workspace (the drive's root has exercises/ and session.toml).
    config = load_config(site / "files" / ".workshop")
    assert config.base_url == "http://192.168.1.20:8081/v1" and config.model == "qwen2.5:1.5b" and config.is_room
    config.require_allowed()
    assert room_ai_text({}) == "" and room_ai_text({"model": "x"}) == ""  # no room server: no session file
    assert site_room_url(_site(tmp_path / "public", {"room_url": "https://api.openai.com/v1"})) == ""


@pytest.fixture
def room():
    with running_fake_model() as model:
        server = RoomServer(model.base_url, port=0).start()
        try:
            yield model, f"http://127.0.0.1:{server.port}"
        finally:
            server.stop()


def test_the_site_server_relays_the_rooms_server_and_nothing_else(tmp_path, room):
    model, room_root = room
    site = _site(tmp_path, {"room_url": room_root + "/v1"})
    server = make_server(site)
    serve_in_thread(server)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert server.room_url == room_root + "/v1"
        body = {"model": MODEL, "stream": False, "messages": [{"role": "user", "content": "why?"}]}
        reply = requests.post(base + "/room-ai/v1/chat/completions", json=body,
                              headers={"X-Workshop-Participant": "p-123"}, timeout=20)
        assert reply.status_code == 200 and reply.json()["choices"][0]["message"]["content"]
        assert model.requests[-1]["json"]["messages"][0]["content"] == "why?"
        streamed = requests.post(base + "/room-ai/v1/chat/completions", json={**body, "stream": True}, timeout=20)
        assert streamed.headers["Content-Type"].startswith("text/event-stream") and b"[DONE]" in streamed.content
        assert [item["id"] for item in requests.get(base + "/room-ai/v1/models", timeout=10).json()["data"]] == [MODEL]
        assert requests.post(base + "/room-ai/v1/embeddings", json=body, timeout=10).status_code == 404
        assert requests.get(room_root + "/queue", timeout=10).json()["served"] == 2
        assert requests.get(base + "/index.html", timeout=10).status_code == 200  # the site itself, as before
    finally:
        server.shutdown()
        server.server_close()


def test_a_site_that_names_no_room_server_or_a_public_one_relays_nothing(tmp_path, room):
    model, room_root = room
    for site, room_url in ((_site(tmp_path / "none", None), None), (_site(tmp_path / "own", None), "http://8.8.8.8/v1")):
        server = make_server(site, room_url=room_url)
        serve_in_thread(server)
        try:
            assert server.room_url == ""
            reply = requests.post(f"http://127.0.0.1:{server.server_address[1]}/room-ai/v1/chat/completions",
                                  json={"model": MODEL, "messages": []}, timeout=10)
            assert reply.status_code == 404
        finally:
            server.shutdown()
            server.server_close()
    assert model.requests == []


def test_the_room_server_answers_a_browsers_cors_preflight(room):
    model, room_root = room
    preflight = requests.options(room_root + "/v1/chat/completions", timeout=10, headers={
        "Origin": "http://127.0.0.1:8765", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-workshop-participant"})
    assert preflight.status_code == 204 and preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Workshop-Participant" in preflight.headers["Access-Control-Allow-Headers"]
    reply = requests.post(room_root + "/v1/chat/completions", timeout=20, headers={"Origin": "http://127.0.0.1:8765"},
                          data=json.dumps({"model": MODEL, "messages": [{"role": "user", "content": "hi"}]}))
    assert reply.status_code == 200 and reply.headers["Access-Control-Allow-Origin"] == "*"
