"""What can go wrong when asking an AI, one class per case. Every message is for a person."""

from __future__ import annotations


class AIError(Exception):
    """The tutor could not answer. ``str(error)`` says why and what to do, in plain words."""

    #: A short name for scripts and tests (``--json`` style), stable across languages.
    kind = "error"
    #: True when nothing reached the server, so the question does not count against the limit.
    nothing_sent = False


class ConfigError(AIError):
    """The AI settings cannot be used (bad file, bad value, bad URL)."""

    kind = "config"
    nothing_sent = True


class RemoteNotAllowed(AIError):
    """The endpoint is not on this computer and nobody opted in to sending code there."""

    kind = "remote-not-allowed"
    nothing_sent = True


class NotSendable(AIError):
    """What would be sent includes something that must never leave: a solution notebook."""

    kind = "not-sendable"
    nothing_sent = True


class RateLimited(AIError):
    """This learner asked the tutor too often in the current time window."""

    kind = "rate-limited"
    nothing_sent = True

    def __init__(self, message: str, retry_after: float):
        super().__init__(message)
        self.retry_after = retry_after


class ServerUnreachable(AIError):
    """No server answered at the base URL (not running, wrong port, no network)."""

    kind = "unreachable"
    nothing_sent = True


class ServerTimeout(AIError):
    """The server took longer than the timeout."""

    kind = "timeout"


class ModelNotFound(AIError):
    """The server does not have the model asked for."""

    kind = "model-not-found"


class ContextTooLong(AIError):
    """The question does not fit in the model's context (HTTP 400 "maximum context length")."""

    kind = "context-too-long"

    def __init__(self, message: str, n_ctx: int = 0, prompt_tokens: int = 0):
        super().__init__(message)
        #: The context size the server named in its message (0 when it named none).
        self.n_ctx = n_ctx
        #: How many tokens the server counted in the question (0 when it did not say): with the tutor's
        #: own estimate it tells how far off that estimate is for this model (a tokenizer that knows no
        #: Korean spends a token on every one or two bytes of it).
        self.prompt_tokens = prompt_tokens


class AuthError(AIError):
    """The server refused the API key (HTTP 401/403)."""

    kind = "auth"


class ServerBusy(AIError):
    """The server is limiting requests (HTTP 429)."""

    kind = "busy"


class ServerError(AIError):
    """The server failed or answered in a way we do not follow (HTTP 5xx, redirects, other errors)."""

    kind = "server-error"


class BadReply(AIError):
    """The server answered, but not with a chat completion we can read."""

    kind = "bad-reply"


class NothingToAsk(AIError):
    """There is nothing the tutor could look at (no readable notebook)."""

    kind = "nothing-to-ask"
    nothing_sent = True
