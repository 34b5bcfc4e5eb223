"""The call to an OpenAI-compatible chat-completions endpoint (Ollama, llama.cpp, vLLM, a cloud API).

``requests`` is imported here and only when a call is made. Every way the call can fail becomes
an :class:`~workshop.ai.errors.AIError` with a message for a person; nothing else escapes.

For a local endpoint (or the room's own server) the environment's proxy settings and ``.netrc``
are ignored, so that what is meant for this computer cannot travel through a proxy. Redirects are
never followed: a server cannot send the learner's code on to another address.

The reply is streamed (server-sent events, ``"stream": true``) when the configuration allows, so
it can be shown as it comes; a request that times out or is interrupted closes its connection,
which makes llama.cpp, Ollama and vLLM stop generating the abandoned answer. A room server
(``workshop ai-room``) sends ``: queue N`` comments while the request waits its turn.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from workshop import __version__
from workshop.ai.config import AIConfig
from workshop.ai.errors import (
    AIError,
    AuthError,
    BadReply,
    ConfigError,
    ContextTooLong,
    ModelNotFound,
    ServerBusy,
    ServerError,
    ServerTimeout,
    ServerUnreachable,
)
from workshop.util.i18n import _

#: Largest reply body read, in bytes: a chat completion of a few hundred tokens is a few KB.
MAX_BODY_BYTES = 1_000_000
CONNECT_TIMEOUT = 5.0


#: The header a room server uses to keep one queue per participant (a random id, never a name).
PARTICIPANT_HEADER = "X-Workshop-Participant"
_CONTEXT_WORDS = re.compile(r"context (length|window|size)|maximum context|n_ctx|too many tokens|prompt is too long",
                            re.IGNORECASE)
_CONTEXT_NUMBER = re.compile(r"(?:context (?:length|window|size)(?: is| of)?|n_ctx\D{0,3})\s*(\d{2,7})", re.IGNORECASE)
_QUEUE = re.compile(rb"^:\s*queue\s+(\d+)", re.IGNORECASE)
#: The question's size in a context error: vLLM, OpenAI and llama-cpp-python ("(2137 in the messages"),
#: or "requested 2197 tokens" less the reply's share ("60 in the completion").
_PROMPT_TOKENS = re.compile(r"(\d{1,7}) in the messages", re.IGNORECASE)


@dataclass
class ChatReply:
    text: str
    model: str
    #: "stop", or "length" when the server stopped at max_tokens (the reply is cut off).
    finish_reason: str = ""
    #: Seconds from sending to the first piece of the reply (streaming only).
    first_token: float | None = None


def _context_error(body: bytes, says: str) -> ContextTooLong | None:
    """The server's "prompt longer than the context" answer, with the context size when it names one."""
    n_ctx = prompt_tokens = 0
    try:
        data = json.loads(body.decode("utf-8"))
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict):
            if "context" in str(error.get("type", "")) or "context" in str(error.get("code", "")):
                says = says or "context"
            n_ctx = int(error.get("n_ctx") or 0)
            prompt_tokens = int(error.get("n_prompt_tokens") or 0)  # llama.cpp's own server
    except (ValueError, UnicodeDecodeError, TypeError, AttributeError):
        pass
    if not _CONTEXT_WORDS.search(says) and not n_ctx:
        return None
    if not n_ctx:
        match = _CONTEXT_NUMBER.search(says)
        n_ctx = int(match.group(1)) if match else 0
    if not prompt_tokens:
        match = _PROMPT_TOKENS.search(says)
        prompt_tokens = int(match.group(1)) if match else 0
    size = _(" ({n} tokens)").format(n=n_ctx) if n_ctx else ""
    return ContextTooLong(_("Your question is longer than this model can read at once (its context{size}). Ask "
                            "about one task, shorten your question, or ask the facilitator for a larger context "
                            "(for llama.cpp: --ctx-size; for Ollama: num_ctx).").format(size=size), n_ctx,
                          prompt_tokens)


def _server_says(body: bytes) -> str:
    """The error message in a server's reply body, if it has a readable one (trimmed)."""
    text = body.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        error = data.get("error", data)
        if isinstance(error, dict):
            text = str(error.get("message") or error.get("detail") or error.get("code") or text)
        elif isinstance(error, str):
            text = error
        elif isinstance(data.get("message"), str):
            text = data["message"]
    text = " ".join(text.split())
    return text[:200] + ("…" if len(text) > 200 else "")


def _read_body(response, deadline: float) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_content(65536):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BadReply(_("The AI server's reply was far too long to be a hint; it was not read."))
        if time.monotonic() > deadline:
            raise ServerTimeout(_("The AI server was still sending its reply after the time allowed."))
        chunks.append(chunk)
    return b"".join(chunks)


def _http_error(config: AIConfig, status: int, body: bytes, retry_after: str | None) -> AIError:
    says = _server_says(body)
    detail = (" " + _("The server said: {text}").format(text=says)) if says else ""
    if status in (401, 403):
        return AuthError(_("The AI server refused the request (HTTP {status}): the API key is missing or wrong. "
                           "Ask your facilitator, or set WORKSHOP_AI_API_KEY.").format(status=status) + detail)
    if status in (400, 413, 422):
        too_long = _context_error(body, says)
        if too_long is not None:
            return too_long
    if status in (400, 404, 422) and re.search(r"\bmodel\b.*\b(not found|does not exist|unknown|not loaded|pull)"
                                               r"|\b(no such|unknown|invalid) model", says, re.IGNORECASE):
        return ModelNotFound(_("The AI server has no model called {model!r}. With Ollama, download it with "
                               "`ollama pull {model}`; or set another model with WORKSHOP_AI_MODEL.").format(
            model=config.model) + detail)
    if status == 404:
        return ServerError(_("There is no chat endpoint at {url} (HTTP 404). The base URL usually ends in /v1, "
                             "as in http://localhost:11434/v1.").format(url=config.chat_url) + detail)
    if status == 429:
        wait = ""
        if retry_after and retry_after.strip().isdigit():
            wait = " " + _("Try again in {seconds} seconds.").format(seconds=retry_after.strip())
        return ServerBusy(_("The AI server is busy or limiting requests (HTTP 429).") + wait + detail)
    if 300 <= status < 400:
        return ServerError(_("The AI server answered with a redirect (HTTP {status}), which is not followed so that "
                             "your code goes nowhere else. Set the base URL to the final address.").format(
            status=status))
    if status >= 500:
        return ServerError(_("The AI server had an internal problem (HTTP {status}). It may still be loading the "
                             "model: try again in a minute.").format(status=status) + detail)
    return ServerError(_("The AI server did not accept the request (HTTP {status}).").format(status=status) + detail)


def _parse(body: bytes) -> ChatReply:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        start = " ".join(body[:80].decode("utf-8", errors="replace").split())
        raise BadReply(_("The AI server's reply is not JSON (it starts with {start!r}). Is the base URL an "
                         "OpenAI-compatible API (it usually ends in /v1)?").format(start=start)) from None
    try:
        choice = data["choices"][0]
        content = choice["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise BadReply(_("The AI server's reply is JSON but not a chat completion (no choices[0].message.content)."))\
            from None
    if not isinstance(content, str) or not content.strip():
        raise BadReply(_("The AI server sent an empty reply."))
    model = data.get("model") if isinstance(data, dict) else None
    return ChatReply(text=content, model=str(model or ""), finish_reason=str(choice.get("finish_reason") or ""))


def _headers(config: AIConfig, participant: str, stream: bool) -> dict:
    headers = {"Content-Type": "application/json", "Accept": "text/event-stream" if stream else "application/json",
               "User-Agent": f"workshop/{__version__}"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    if participant and config.is_room:
        headers[PARTICIPANT_HEADER] = participant
    return headers


def _stream(response, deadline: float, timeout: float, on_text, on_queue, started: float) -> ChatReply:
    """Read a server-sent-events reply, calling ``on_text`` with each new piece."""
    pieces: list[str] = []
    buffer = b""
    size = 0
    finish, model, first = "", "", None
    for chunk in response.iter_content(chunk_size=None):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BadReply(_("The AI server's reply was far too long to be a hint; it was not read."))
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            line = line.strip()
            queued = _QUEUE.match(line)
            if queued:
                deadline = time.monotonic() + timeout  # waiting in the room's queue is not the server being slow
                on_queue(int(queued.group(1)))
                continue
            if not line.startswith(b"data:"):
                continue
            data = line[5:].strip()
            if data == b"[DONE]":
                break
            try:
                event = json.loads(data.decode("utf-8"))
                choice = event["choices"][0] if event.get("choices") else {}
            except (ValueError, UnicodeDecodeError, KeyError, IndexError, TypeError, AttributeError):
                if b'"error"' in data:
                    raise ServerError(_("The AI server stopped with an error: {text}").format(
                        text=_server_says(data))) from None
                raise BadReply(_("The AI server sent a piece of its reply that is not JSON.")) from None
            if isinstance(event, dict) and event.get("error"):
                says = _server_says(data)
                raise _context_error(data, says) or ServerError(_("The AI server stopped with an error: {text}").format(
                    text=says))
            model = str(event.get("model") or model)
            text = (choice.get("delta") or {}).get("content") or (choice.get("message") or {}).get("content") or ""
            if isinstance(text, str) and text:
                if first is None:
                    first = time.monotonic() - started
                pieces.append(text)
                on_text(text)
            finish = str(choice.get("finish_reason") or finish)
        else:
            if time.monotonic() > deadline:
                raise ServerTimeout(_("The AI server was still sending its reply after the time allowed; it was "
                                      "stopped."))
            continue
        break
    if not "".join(pieces).strip():
        raise EmptyStream(_("The AI server sent an empty reply."))
    return ChatReply("".join(pieces), model, finish, first)


class EmptyStream(BadReply):
    """A streamed reply with nothing in it: some servers (llama-cpp-python) answer a prompt longer
    than the context this way, so the question is asked once more without streaming to learn why."""


def chat(config: AIConfig, messages: list[dict], on_text: Callable[[str], None] | None = None,
         on_queue: Callable[[int], None] | None = None, participant: str = "") -> ChatReply:
    """Send ``messages`` to the configured endpoint; return the reply or raise an :class:`AIError`.

    ``on_text`` is called with each piece of a streamed reply as it arrives, ``on_queue`` with the
    learner's place in a room server's queue. The connection is closed on every way out
    (including Ctrl-C), so the server stops generating an answer nobody waits for.
    """
    try:
        return _chat(config, messages, on_text, on_queue, participant)
    except EmptyStream:
        if not config.stream:
            raise
        from dataclasses import replace

        return _chat(replace(config, stream=False), messages, on_text, on_queue, participant)


def _chat_in_browser(config: AIConfig, body: dict, headers: dict, on_text) -> ChatReply:
    """The request from a browser tab (JupyterLite): the whole reply at once (see workshop/ai/browser.py)."""
    from workshop.ai.browser import post

    body = {**body, "stream": False}
    headers = {**headers, "Accept": "application/json"}
    reply = post(config.chat_url, config.is_room, json.dumps(body, ensure_ascii=False).encode("utf-8"), headers,
                 config.timeout)
    if len(reply.body) > MAX_BODY_BYTES:
        raise BadReply(_("The AI server's reply was far too long to be a hint; it was not read."))
    if reply.status != 200:
        raise _http_error(config, reply.status, reply.body, reply.retry_after)
    parsed = _parse(reply.body)
    if on_text is not None:
        on_text(parsed.text)
    return parsed


def _chat(config: AIConfig, messages: list[dict], on_text, on_queue, participant: str) -> ChatReply:
    from workshop.util.browser import in_browser

    stream = config.stream
    body = {"model": config.model, "messages": messages, "temperature": config.temperature,
            "max_tokens": config.max_tokens, "stream": stream}
    headers = _headers(config, participant, stream)
    if in_browser():
        return _chat_in_browser(config, body, headers, on_text)
    import requests

    started = time.monotonic()
    deadline = started + config.timeout + CONNECT_TIMEOUT
    where = config.base_url
    response = None
    try:
        with requests.Session() as session:
            session.trust_env = not config.stays_here
            response = session.post(config.chat_url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                                    headers=headers, timeout=(min(CONNECT_TIMEOUT, config.timeout), config.timeout),
                                    allow_redirects=False, stream=True)
            try:
                kind = response.headers.get("Content-Type", "")
                if response.status_code == 200 and "text/event-stream" in kind:
                    return _stream(response, deadline, config.timeout, on_text or (lambda text: None),
                                   on_queue or (lambda place: None), started)
                payload = _read_body(response, deadline)
            finally:
                response.close()  # closing the connection is what tells the server to stop
    except requests.exceptions.ConnectTimeout:
        raise ServerUnreachable(_("No AI server answered at {url} in time. Is it running, and is the address "
                                  "right?").format(url=where)) from None
    except requests.exceptions.Timeout:
        raise ServerTimeout(_("The AI server at {url} took longer than {seconds:g} seconds to answer. A model on a "
                              "laptop can be slow the first time: try again, or raise timeout in the AI "
                              "config.").format(url=where, seconds=config.timeout)) from None
    except requests.exceptions.ConnectionError as error:
        if "timed out" in str(error).lower():
            raise ServerTimeout(_("The AI server at {url} took longer than {seconds:g} seconds to answer.").format(
                url=where, seconds=config.timeout)) from None
        if response is not None:
            raise ServerError(_("The AI server at {url} closed the connection in the middle of its reply.").format(
                url=where)) from None
        if config.is_local:
            raise ServerUnreachable(_("No AI server is running at {url}. To use a local model, start Ollama "
                                      "(`ollama serve`, then `ollama pull {model}`), or ask your facilitator "
                                      "which server to use.").format(url=where, model=config.model)) from None
        if config.is_room:
            raise ServerUnreachable(_("The room's AI server at {url} cannot be reached. Are you on the venue's "
                                      "network? Tell the facilitator.").format(url=where)) from None
        raise ServerUnreachable(_("The AI server at {url} cannot be reached. Are you online, and is the address "
                                  "right?").format(url=where)) from None
    except requests.exceptions.RequestException as error:
        raise ServerError(_("The request to the AI server failed: {error}").format(
            error=type(error).__name__)) from None
    except (ValueError, UnicodeError):  # e.g. a key pasted with a character that cannot go in a header
        raise ConfigError(_("The API key or the server address contains characters that cannot be sent. Copy "
                            "it again, without spaces or line breaks.")) from None
    if response.status_code != 200:
        raise _http_error(config, response.status_code, payload, response.headers.get("Retry-After"))
    reply = _parse(payload)
    if on_text is not None:
        on_text(reply.text)
    return reply


_CONTEXT_CACHE: dict[str, int] = {}


def server_context(config: AIConfig) -> int:
    """The context size (tokens) the server says it runs with, or 0 when it does not tell.

    Asks llama.cpp's ``/props`` (``n_ctx``) and the model list (vLLM's ``max_model_len``, or an
    ``n_ctx``/``context_length`` field). Only for a server the tutor may talk to; 2 s at most.
    """
    from workshop.util.browser import in_browser

    if config.base_url in _CONTEXT_CACHE:
        return _CONTEXT_CACHE[config.base_url]
    if in_browser():  # no requests there: the default, or context_size, or the server's own error, tells
        return 0
    import requests

    found = 0
    with requests.Session() as session:
        session.trust_env = not config.stays_here
        headers = _headers(config, "", False)
        for url in (config.server_root + "/props", config.base_url.rstrip("/") + "/models"):
            try:
                response = session.get(url, headers=headers, timeout=2.0, allow_redirects=False)
                data = response.json() if response.status_code == 200 else None
            except (requests.exceptions.RequestException, ValueError):
                continue
            found = _context_in(data)
            if found:
                break
    _CONTEXT_CACHE[config.base_url] = found
    return found


def _context_in(data) -> int:
    if not isinstance(data, dict):
        return 0
    settings = data.get("default_generation_settings")
    for place in (settings if isinstance(settings, dict) else {}, data):
        if isinstance(place.get("n_ctx"), int):
            return place["n_ctx"]
    for item in data.get("data") or []:
        if isinstance(item, dict):
            for key in ("max_model_len", "n_ctx", "context_length"):
                if isinstance(item.get(key), int) and item[key] > 0:
                    return item[key]
    return 0
