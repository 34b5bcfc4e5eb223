"""`workshop lab` starts a real JupyterLab in the workspace, serving the exercise notebook."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="process groups are POSIX")
def test_lab_serves_the_exercise(workspace):
    port = free_port()
    env = dict(os.environ, JUPYTER_TOKEN="workshop-test-token", JUPYTER_CONFIG_DIR=str(workspace / ".jupyter"))
    process = subprocess.Popen([sys.executable, "-m", "workshop", "lab", "01", "--no-browser", "--port", str(port)],
                               cwd=workspace, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, encoding="utf-8", start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/api/contents/exercises/01-passphrase/passphrase.ipynb?content=0"
        deadline = time.time() + 60
        body = None
        while time.time() < deadline and body is None:
            try:
                request = urllib.request.Request(url, headers={"Authorization": "token workshop-test-token"})
                with urllib.request.urlopen(request, timeout=2) as response:
                    body = json.loads(response.read())
            except OSError:
                time.sleep(0.5)
        assert body is not None, "JupyterLab did not answer"
        assert body["name"] == "passphrase.ipynb" and body["type"] == "notebook"
        # No "Would you like to get notified about official Jupyter news?" at an offline venue.
        headers = {"Authorization": "token workshop-test-token"}
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(urllib.request.Request(base + "/lab", headers=headers), timeout=10) as response:
            page = response.read().decode("utf-8")
        data = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S)
        assert data, page[:2000]
        config = json.loads(data.group(1))
        assert config["news"] == {"disabled": True}
        with urllib.request.urlopen(urllib.request.Request(base + "/lab/api/update", headers=headers),
                                    timeout=10) as response:
            assert json.loads(response.read())["notification"] is None
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            output = process.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output = process.communicate()[0]
    assert "Starting JupyterLab at 01-passphrase" in output
