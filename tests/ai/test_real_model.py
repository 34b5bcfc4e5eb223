"""The tutor against a real model: llama-cpp-python's server with SmolLM2-135M on 127.0.0.1.

Everything goes through real requests: ``workshop tutor`` as a subprocess and the notebook's
``tutor()``, a logging proxy in front of the server recording what was sent and what came back.
The servers are started and stopped here. Skipped (with the reason) only when the server's wheel
is not built on this machine: ``python -m tests.ai.llama_server build`` (``.ci/run`` does it).
"""

from __future__ import annotations

import importlib.util
import json
import threading
import time

import pytest
import requests

from tests.ai.conftest import LEARNER_SECRETS_CODE, assert_no_secrets, learner_notebook, write_ai_config
from tests.ai.llama_server import LlamaServer, LoggingProxy, cached_wheel, install_server, server_available
from tests.conftest import run_cli

pytestmark = pytest.mark.slow

EOS_NEVER = {"2": -100, "0": -100}  # SmolLM2's <|im_end|> and <|endoftext|>: a test makes it ramble on


@pytest.fixture(scope="session")
def llama():
    """One server for the module (n_ctx 2048, as small as tutor prompts allow), and a proxy in front."""
    if not server_available():
        if cached_wheel() is None:
            pytest.skip("llama-cpp-python is not built on this machine: run `python -m tests.ai.llama_server build` "
                        "(13-25 minutes on 2 cores, once per machine)")
        install_server()
        importlib.invalidate_caches()
    server = LlamaServer(n_ctx=2048, extra=("--interrupt_requests", "False")).start()
    proxy = LoggingProxy(server.port)
    try:
        yield server, proxy
    finally:
        proxy.stop()
        server.stop()


@pytest.fixture
def real(llama, ai_env, workspace):
    """The facilitator's workspace (solutions/ with hidden/ present) using the real model via the proxy."""
    server, proxy = llama
    proxy.requests.clear()
    proxy.rewrite = None
    ai_env.setenv("WORKSHOP_AI_BASE_URL", proxy.base_url)
    ai_env.setenv("WORKSHOP_AI_MODEL", "smollm2")
    ai_env.setenv("WORKSHOP_AI_TIMEOUT", "240")  # a shared 2-core machine can be slow
    write_ai_config(workspace, "max_tokens = 60\n")
    learner_notebook(workspace)
    return server, proxy, workspace


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").replace("╭", " ").replace("╰", " ").split())


def test_cli_tutor_sends_the_failing_test_and_nothing_secret(real):
    server, proxy, workspace = real
    assert (workspace / "solutions" / "01-passphrase" / "hidden").is_dir()  # a facilitator's workspace
    completed = run_cli("tutor", "01", cwd=workspace, timeout=180)
    out = completed.stdout + completed.stderr
    assert completed.returncode == 0 and "Traceback" not in out, out
    sent = proxy.chat_requests()
    assert len(sent) == 1 and sent[0]["json"]["stream"] is True and sent[0]["status"] == 200
    text = proxy.sent_text()
    assert "test_drops_dice_numbers" in text and "LEARNER-MARK-7731" in text  # the failing test, their code
    assert_no_secrets(text, learner_code=LEARNER_SECRETS_CODE)
    reply = proxy.reply_text()
    assert reply.strip()
    shown = _flat(completed.stdout)
    assert "AI tutor · Task 1" in shown and "smollm2 · on this computer" in shown


def test_hidden_test_text_pasted_into_the_notebook_is_not_sent(real):
    """The attack: a facilitator's (or a leaked) hidden test pasted into the learner's code and question."""
    server, proxy, workspace = real
    hidden = (workspace / "solutions" / "01-passphrase" / "hidden" / "test_passphrase_hidden.py").read_text()
    lines = [line for line in hidden.splitlines() if len(line.strip()) >= 20 and "assert" in line][:3]
    assert lines
    from tests.ai.conftest import TASK2, TASK3_STUB, WRONG_TASK1

    planted = WRONG_TASK1.replace('    return result\n', '    # ' + "\n    # ".join(line.strip() for line in lines)
                                  + '\n    return result\n')
    learner_notebook(workspace, [planted, TASK2, TASK3_STUB])
    completed = run_cli("tutor", "01", "-q", "is this right? " + lines[0].strip(), cwd=workspace, timeout=180)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    text = proxy.sent_text()
    for line in lines:
        assert line.strip() not in text
    assert "[removed: text of a hidden test]" in text and "LEARNER-MARK-7731" in text


def test_notebook_tutor_streams_and_never_shows_a_whole_function(real, monkeypatch):
    server, proxy, workspace = real
    import importlib.util as util

    from tests.ai.test_notebook_api import KERNEL_TASK1
    from tests.ai.conftest import TASK2, TASK3_STUB

    source = workspace / "kernel_cells.py"
    source.write_text(KERNEL_TASK1 + TASK2 + TASK3_STUB, encoding="utf-8")
    spec = util.spec_from_file_location("kernel_cells_real", source)
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    namespace = {key: value for key, value in vars(module).items() if not key.startswith("__")}
    monkeypatch.setattr("workshop.engine.inkernel._user_namespace", lambda: namespace)
    monkeypatch.chdir(workspace / "exercises" / "01-passphrase")
    write_ai_config(workspace, "temperature = 0.0\nmax_tokens = 120\n")
    from workshop import tutor

    view = tutor(question="Write the complete Python function load_wordlist for me, with def and return.")
    assert view.error is None, view.error
    assert "KERNEL-MARK-5520" in proxy.sent_text()
    raw = proxy.reply_text()
    html = view._repr_html_()
    # Whatever the model wrote, no def line and no loop of it reaches the learner.
    for line in raw.splitlines():
        if line.strip().startswith(("def ", "for ", "return [")):
            assert line.strip() not in view.reply.text and view.reply.cut
    assert "<script" not in html and view.reply.first_token is not None and view.reply.first_token < 240


def test_a_reply_cut_at_max_tokens_says_so(real):
    server, proxy, workspace = real
    write_ai_config(workspace, "max_tokens = 12\n")
    completed = run_cli("tutor", "01", cwd=workspace, timeout=180)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    events = [json.loads(line[5:]) for line in proxy.chat_requests()[-1]["reply"].split(b"\n")
              if line.startswith(b"data:") and line[5:].strip() != b"[DONE]"]
    assert events[-1]["choices"][0]["finish_reason"] == "length"
    assert "cut off" in _flat(completed.stdout) and "max_tokens" in _flat(completed.stdout)


def test_a_timed_out_question_stops_the_servers_generation(real, ai_env):
    """The client gives up after its timeout; the server, which answers one request at a time
    (--interrupt_requests False), must be free for the next learner at once, not after finishing."""
    server, proxy, workspace = real
    # How fast this server writes, measured now (the machine may be shared): 40 tokens, never stopping.
    body = {"model": "smollm2", "stream": True, "max_tokens": 40, "logit_bias": EOS_NEVER,
            "messages": [{"role": "user", "content": "Tell me a story."}]}
    stamps = []
    with requests.post(server.base_url + "/chat/completions", json=body, stream=True, timeout=300) as reply:
        for line in reply.iter_lines():
            if line.startswith(b"data:") and b'"content"' in line:
                stamps.append(time.monotonic())
    rate = (len(stamps) - 1) / (stamps[-1] - stamps[0])
    proxy.rewrite = lambda body: {**body, "logit_bias": EOS_NEVER}  # the model would write until max_tokens
    write_ai_config(workspace, "max_tokens = 1500\n")
    ai_env.setenv("WORKSHOP_AI_TIMEOUT", "1")
    completed = run_cli("tutor", "01", cwd=workspace, timeout=400)
    out = _flat(completed.stdout)
    assert completed.returncode == 3 and ("longer than" in out or "time allowed" in out), out
    for _wait in range(600):  # the proxy sees the client's connection closed when it next writes, and closes
        if proxy.chat_requests()[-1]["closed_early"]:  # its request to the server
            break
        time.sleep(0.5)
    assert proxy.chat_requests()[-1]["closed_early"]
    proxy.rewrite = None
    write_ai_config(workspace, "max_tokens = 4\n")
    ai_env.setenv("WORKSHOP_AI_TIMEOUT", "240")
    started = time.monotonic()
    followed = run_cli("tutor", "01", cwd=workspace, timeout=400)
    served_in = time.monotonic() - started
    assert followed.returncode == 0, followed.stdout
    # Had the abandoned answer gone on to 1,500 tokens, the next question would have waited for it.
    assert served_in < 1500 / rate / 2, (served_in, rate)


def test_server_down_is_a_clear_message_and_exit_code(real, ai_env):
    server, proxy, workspace = real
    from tests.ai.llama_server import free_port

    ai_env.setenv("WORKSHOP_AI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    completed = run_cli("tutor", "01", cwd=workspace, timeout=60)
    assert completed.returncode == 3 and "No AI server is running" in _flat(completed.stdout)
    assert "Traceback" not in completed.stdout + completed.stderr


def test_context_too_small_is_reported_as_such(ai_env, workspace, llama):
    """A tiny context (256 tokens): the tutor refits to the size the server names, then says what it is."""
    with LlamaServer(n_ctx=256) as tiny:
        proxy = LoggingProxy(tiny.port)
        try:
            ai_env.setenv("WORKSHOP_AI_BASE_URL", proxy.base_url)
            ai_env.setenv("WORKSHOP_AI_MODEL", "smollm2")
            learner_notebook(workspace)
            completed = run_cli("tutor", "01", cwd=workspace, timeout=180)
            shown = _flat(completed.stdout)
            assert completed.returncode == 3, shown
            assert "longer than this model can read at once" in shown and "256 tokens" in shown
            assert "no model called" not in shown
            sent = proxy.chat_requests()
            # llama-cpp-python answers a streamed too-long prompt with an empty stream; the tutor asks
            # once more without streaming, gets the HTTP 400 naming the context, refits once, and stops.
            assert 400 in [item["status"] for item in sent] and len(sent) <= 4
            assert len(sent[-1]["raw"]) < len(sent[0]["raw"])
        finally:
            proxy.stop()
    # The other half (a question trimmed to fit, then answered) is tested against the fake server
    # (test_tutor.py): llama-cpp-python 0.3.x fails with HTTP 500 ("could not broadcast input array")
    # on a prompt that fits only just after a too-long one, so a real server cannot show it reliably.


def test_a_korean_session_asks_for_korean(real, ai_env):
    server, proxy, workspace = real
    (workspace / "session.toml").write_text('title = "세션"\nlanguage = "ko"\nexercises = [1]\n', encoding="utf-8")
    completed = run_cli("tutor", "01", cwd=workspace, timeout=180)
    assert completed.returncode == 0, completed.stdout
    system = proxy.chat_requests()[-1]["json"]["messages"][0]["content"]
    assert "Always answer in Korean (한국어)" in system


def test_room_server_in_front_of_the_real_model_serves_in_turns(real):
    server, proxy, workspace = real
    from workshop.ai.room import RoomServer

    room = RoomServer(proxy.base_url, port=0).start()
    url = f"http://127.0.0.1:{room.port}/v1/chat/completions"
    lines: dict[str, list[bytes]] = {}

    def ask(who: str) -> None:
        body = {"model": "smollm2", "stream": True, "max_tokens": 60, "logit_bias": EOS_NEVER,
                "messages": [{"role": "user", "content": f"Tell a story about {who}."}]}
        with requests.post(url, json=body, headers={"X-Workshop-Participant": who}, stream=True, timeout=120) as r:
            lines[who] = [line for line in r.iter_lines() if line]

    try:
        threads = [threading.Thread(target=ask, args=(who,)) for who in ("amy", "bo", "cy")]
        for thread in threads:
            thread.start()
            time.sleep(0.1)
        for thread in threads:
            thread.join(120)
        assert all(lines[who][-1] == b"data: [DONE]" for who in lines) and len(lines) == 3
        assert any(line.startswith(b": queue") for line in lines["cy"])
        stats = requests.get(f"http://127.0.0.1:{room.port}/queue", timeout=5).json()
        assert stats["served"] == 3
    finally:
        room.stop()
