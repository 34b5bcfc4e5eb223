"""The call to an OpenAI-compatible chat-completions endpoint (Ollama, llama.cpp, vLLM, a cloud API).

``requests`` is imported here and only when a call is made. Every way the call can fail becomes
an :class:`~workshop.ai.errors.AIError` with a message for a person; nothing else escapes.

For a local endpoint the environment's proxy settings and ``.netrc`` are ignored, so that what
is meant for this computer cannot travel through a proxy. Redirects are never followed: a server
cannot send the learner's code on to another address.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from workshop import __version__
from workshop.ai.config import AIConfig
from workshop.ai.errors import (
    AIError,
    AuthError,
    BadReply,
    ConfigError,
    ModelNotFound,
    ServerBusy,
    ServerError,
    ServerTimeout,
    ServerUnreachable,
)
from workshop.i18n import _

#: Largest reply body read, in bytes: a chat completion of a few hundred tokens is a few KB.
MAX_BODY_BYTES = 1_000_000
CONNECT_TIMEOUT = 5.0


@dataclass
class ChatReply:
    text: str
    model: str


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
    if status in (400, 404, 422) and "model" in says.lower():
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
    return ChatReply(text=content, model=str(model or ""))


def chat(config: AIConfig, messages: list[dict]) -> ChatReply:
    """Send ``messages`` to the configured endpoint; return the reply or raise an :class:`AIError`."""
    import requests

    body = {"model": config.model, "messages": messages, "temperature": config.temperature,
            "max_tokens": config.max_tokens, "stream": False}
    headers = {"Content-Type": "application/json", "Accept": "application/json",
               "User-Agent": f"workshop/{__version__}"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    deadline = time.monotonic() + config.timeout + CONNECT_TIMEOUT
    where = config.base_url
    try:
        with requests.Session() as session:
            session.trust_env = not config.is_local
            response = session.post(config.chat_url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                                    headers=headers, timeout=(min(CONNECT_TIMEOUT, config.timeout), config.timeout),
                                    allow_redirects=False, stream=True)
            try:
                payload = _read_body(response, deadline)
            finally:
                response.close()
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
        if config.is_local:
            raise ServerUnreachable(_("No AI server is running at {url}. To use a local model, start Ollama "
                                      "(`ollama serve`, then `ollama pull {model}`), or ask your facilitator "
                                      "which server to use.").format(url=where, model=config.model)) from None
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
    return _parse(payload)
