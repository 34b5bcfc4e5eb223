"""A fake model: a real HTTP server on 127.0.0.1 that speaks the chat-completions API.

Tests tell it how to behave (reply text, HTTP status, raw body, delay, known models) and read
back every request it received, so they can assert what was sent and what was not.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import REPO, solution_code

AI_VARIABLES = ("WORKSHOP_AI_BASE_URL", "WORKSHOP_AI_MODEL", "WORKSHOP_AI_API_KEY", "WORKSHOP_AI_ALLOW_REMOTE",
                "WORKSHOP_AI_TIMEOUT", "WORKSHOP_AI_CONFIG", "WORKSHOP_LANG")
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                   "no_proxy")
MODEL = "tiny-tutor"
HINT = "Look at what line.split() gives for '11111\\tbaba': which part is the word you want to keep?"


class FakeModel:
    """State shared with the request handler."""

    def __init__(self):
        self.requests: list[dict] = []
        self.models = {MODEL}
        self.reply = HINT
        self.status = 200
        self.raw: bytes | None = None
        self.delay = 0.0
        self.headers: dict[str, str] = {}
        self.finish_reason = "stop"
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def bodies(self) -> list[dict]:
        return [item["json"] for item in self.requests]

    def sent_text(self, index: int = -1) -> str:
        """Everything the model was told in one request, as plain text."""
        return "\n".join(message["content"] for message in self.requests[index]["json"]["messages"])


def _handler(model: FakeModel):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            if self.path != "/v1/models":
                self.send_error(404)
                return
            payload = json.dumps({"object": "list", "data": [{"id": name, "object": "model"}
                                                             for name in sorted(model.models)]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw.decode("utf-8"))
            except ValueError:
                body = None
            model.requests.append({"path": self.path, "headers": dict(self.headers), "raw": raw, "json": body})
            if model.delay:
                time.sleep(model.delay)
            status, payload = model.status, model.raw
            if payload is None and status == 200 and isinstance(body, dict) and body.get("model") not in model.models:
                # What Ollama says for a model it does not have.
                status = 404
                payload = json.dumps({"error": {"message": f'model "{body.get("model")}" not found, try pulling it first',
                                                "type": "api_error"}}).encode()
            if payload is None and status == 200 and isinstance(body, dict) and body.get("stream"):
                self._stream(model, body)
                return
            if payload is None:
                payload = json.dumps({
                    "id": "chatcmpl-1", "object": "chat.completion", "model": body.get("model") if body else MODEL,
                    "choices": [{"index": 0, "finish_reason": model.finish_reason,
                                 "message": {"role": "assistant", "content": model.reply}}],
                }).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for key, value in model.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _stream(self, model: FakeModel, body: dict) -> None:
            """Server-sent events, as llama.cpp, Ollama and vLLM send them: one word at a time."""
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                for key, value in model.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                words = model.reply.split(" ")
                for index, word in enumerate(words):
                    piece = word if index == 0 else " " + word
                    event = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "model": body.get("model"),
                             "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                    self.wfile.write(b"data: " + json.dumps(event).encode() + b"\n\n")
                end = {"choices": [{"index": 0, "delta": {}, "finish_reason": model.finish_reason}]}
                self.wfile.write(b"data: " + json.dumps(end).encode() + b"\n\ndata: [DONE]\n\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@pytest.fixture
def fake_model():
    """A running fake model server on 127.0.0.1 (port chosen by the OS)."""
    model = FakeModel()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(model))
    server.daemon_threads = True
    model.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield model
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def free_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def ai_env(monkeypatch, tmp_path):
    """No AI settings or proxies from the machine running the tests; no user config file."""
    for name in AI_VARIABLES + PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKSHOP_AI_CONFIG", str(tmp_path / "no-user-config" / "ai.toml"))
    return monkeypatch


@pytest.fixture
def use_model(ai_env, fake_model):
    """The fake model configured through the environment, as a facilitator would."""
    ai_env.setenv("WORKSHOP_AI_BASE_URL", fake_model.base_url)
    ai_env.setenv("WORKSHOP_AI_MODEL", MODEL)
    ai_env.setenv("WORKSHOP_AI_TIMEOUT", "10")
    return fake_model


# -- what must never be sent ---------------------------------------------------------------------------


def _lines(text: str) -> set[str]:
    """Lines distinctive enough to search for (short ones like ``words = []`` are anyone's)."""
    return {line.strip() for line in text.splitlines() if len(line.strip()) >= 20}


def secret_lines(exercise: str = "01-passphrase", learner_code: str = "") -> dict[str, set[str]]:
    """Lines of the solution and hidden tests that a learner does not have.

    A line counts when it appears nowhere in what the learner has: their notebook (all cells),
    the visible tests, the learner-side exercise.toml (whose third hints come close to the answer on
    purpose) and ``learner_code`` (what the test's learner wrote themselves).
    """
    from workshop.core.exercise import load_exercise
    from workshop.core.notebook import cell_source, read_notebook

    learner = load_exercise(REPO / "exercises" / exercise)
    cells = "\n".join(cell_source(cell) for cell in read_notebook(learner.notebook)["cells"])
    public = cells + "\n" + learner.visible_tests.read_text(encoding="utf-8") + "\n" + learner_code
    metadata = (learner.folder / "exercise.toml").read_text(encoding="utf-8")
    public += "\n" + metadata
    solution = {line for line in _lines(solution_code(REPO, exercise))
                if "SOLUTION" not in line and line not in public and line.rstrip(":") not in public}
    hidden = set()
    for path in sorted((REPO / "solutions" / exercise / "hidden").glob("*.py")):
        hidden |= {line for line in _lines(path.read_text(encoding="utf-8")) if line not in public}
    return {"solution": solution, "hidden": hidden}


def assert_no_secrets(text: str, learner_code: str = "", exercise: str = "01-passphrase") -> None:
    secrets = secret_lines(exercise, learner_code=learner_code)
    assert secrets["solution"] and secrets["hidden"], "the search must have something to look for"
    leaked = sorted(line for line in secrets["solution"] | secrets["hidden"] if line in text)
    assert not leaked, f"solution or hidden-test lines were sent: {leaked[:5]}"
    assert "BEGIN SOLUTION" not in text


# -- learner notebooks ------------------------------------------------------------------------------------

#: A wrong first try at task 1: keeps the dice numbers. Task 2 is done; task 3 is still the stub.
WRONG_TASK1 = '''import math
import secrets
import unicodedata


def load_wordlist(text):
    """My try."""
    result = []
    for item in text.split("\\n"):
        if item and not item.startswith("#"):
            result.append(item)  # LEARNER-MARK-7731
    return result
'''
TASK2 = '''def entropy_bits(n_words, list_size=7776):
    """Bits of entropy."""
    if n_words < 1 or list_size < 2:
        raise ValueError("too small")
    return n_words * math.log2(list_size)
'''
TASK3_STUB = '''def make_passphrase(words, n=6, sep="-", rng=None):
    """Return n words picked at random from words, joined by sep."""
    raise NotImplementedError("Write the body of make_passphrase()")
'''


def learner_notebook(workspace: Path, cells: list | None = None) -> Path:
    """Replace the workspace's exercise-01 notebook with one made of ``cells`` (default: a wrong try)."""
    from tests.conftest import write_notebook

    path = workspace / "exercises" / "01-passphrase" / "passphrase.ipynb"
    cells = cells if cells is not None else [("markdown", "## Task 1 · Read a word list\n\nOne word per line."),
                                             WRONG_TASK1, TASK2, TASK3_STUB]
    return write_notebook(path, cells)


def write_ai_config(workspace: Path, text: str) -> Path:
    path = workspace / ".workshop" / "ai.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path

#: Everything the default learner notebook's code holds (for :func:`assert_no_secrets`).
LEARNER_SECRETS_CODE = WRONG_TASK1 + TASK2 + TASK3_STUB
