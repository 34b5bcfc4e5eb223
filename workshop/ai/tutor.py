"""The AI tutor: a hint grounded in the failing tests, from a chat model, never the answer.

What is sent (and nothing else): the exercise brief (title, the task in plain words), the
learner's own code for the failing task (read from their notebook or kernel), the trimmed output
of the *visible* tests that fail (test name, what it checks, the error message, the line of the
learner's code where it happened, the test's source — it sits next to the notebook), the static
hints the learner has already seen, and their question if they asked one. Hidden tests are never
run for the tutor and solution notebooks are refused (:mod:`workshop.ai.source`).

The static hints come first; the tutor is the next rung. Every failure here is an
:class:`~workshop.ai.errors.AIError`, and the front ends then show the static hint instead.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workshop.ai.config import AIConfig
from workshop.ai.errors import AIError, NothingToAsk, RateLimited
from workshop.ai.ratelimit import USAGE_FILE, RateLimiter
from workshop.ai.reply import FilteredReply, filter_reply
from workshop.ai.source import NotebookCode, code_line, task_code, visible_tests
from workshop.core.exercise import Exercise, ExerciseError
from workshop.util.i18n import _, ngettext
from workshop.engine.result import CheckResult, Status

LOG_FILE = "ai-log.jsonl"
MAX_FAILURE_CHARS = 3000
MAX_FAILURES = 3
MAX_TEST_SOURCES = 2
MAX_QUESTION_CHARS = 1000

SYSTEM_PROMPT = """\
You are a patient programming tutor in a coding workshop for human-rights advocates. Many learners \
are programming for the first time. The learner's Python code fails some tests; help them find the \
next step themselves.
Rules:
- Answer in at most three short sentences, or with one or two guiding questions.
- Point at the failing test and the part of their code that matters, in plain words.
- Never write the solution. Never rewrite their function. Show at most one line of code.
- If there is a syntax error or a typo, say where it is.
- Do not repeat the hints they have already seen: go one step further.
- Never ask for real personal data; examples use made-up data only.
- {language}"""


@dataclass
class TutorInput:
    """Everything the tutor is told about one learner's problem."""

    exercise: Exercise
    task: int
    code: str
    failures: str
    task_text: str = ""
    hints_seen: list[str] = field(default_factory=list)
    question: str = ""


#: Names the model is told for the languages sessions are run in (other codes are passed as they are).
LANGUAGE_NAMES = {"ko": "Korean (한국어)", "en": "English", "ja": "Japanese (日本語)", "zh": "Chinese (中文)",
                  "fr": "French (français)", "es": "Spanish (español)", "de": "German (Deutsch)"}


def session_language(config: AIConfig | None = None, state_dir: Path | None = None) -> str:
    """The learner's language code: the AI config's ``language``, else the toolkit's one language
    decision (:func:`workshop.util.i18n.current_language`: ``--lang``, ``WORKSHOP_LANG``, the workspace's
    remembered choice, ``session.toml``, the system locale) read for the workshop folder of
    ``state_dir``. ``WORKSHOP_LANG`` codes the catalogs do not cover (``ja``, ``fr``) are passed on as they are."""
    if config is not None and config.language:
        return config.language
    from workshop.util import i18n

    if i18n._chosen:
        return i18n._chosen
    lang = (os.environ.get("WORKSHOP_LANG") or "").strip()
    if lang:
        return lang
    if state_dir is not None:
        root = Path(state_dir).parent
        found = i18n.remembered_language(root) or i18n.session_language(root)
        if found:
            return found
        from workshop.ai.config import tomllib

        try:
            raw = tomllib.loads((root / "session.toml").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            raw = {}
        value = raw.get("language")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return i18n.current_language()


def _language_rule(lang: str = "") -> str:
    code = lang.replace("-", "_").split("_")[0].split(".")[0].lower()
    if code == "ko":
        return ("Always answer in Korean (한국어), in plain 합니다체 and simple words for a beginner, even though "
                "the code and tests are in English; keep Python names as they are.")
    if code and code != "en":
        name = LANGUAGE_NAMES.get(code, lang)
        return (f"Always answer in {name}, in simple words, even though the code and tests are in English; "
                f"keep Python names as they are.")
    return "Reply in the language of the learner's question if they wrote one, else in simple English."


def choose_task(exercise: Exercise, result: CheckResult, code: NotebookCode, task: int | None) -> int:
    """The task to help with: ``task``, else the first failing one, else the one whose code is broken."""
    if task is not None:
        return task
    failing = result.first_failing_task()
    if failing is not None:
        return failing
    definitions = code.definitions()
    for item in exercise.tasks:
        if any(name in definitions and definitions[name][2] is None for name in item.functions):
            return item.number  # its cell has a syntax error
    for item in exercise.tasks:
        if any(name not in definitions for name in item.functions):
            return item.number
    return exercise.tasks[0].number if exercise.tasks else 1


def failing_output(exercise: Exercise, result: CheckResult, task: int, code: NotebookCode | None = None) -> str:
    """The trimmed output of the visible tests of ``task`` that do not pass (never hidden ones)."""
    lines: list[str] = []
    if result.status in (Status.ERROR, Status.TIMEOUT, Status.RESOURCE_LIMIT, Status.INVALID_NOTEBOOK) \
            and result.message:
        lines.append(f"The check ended with status {result.status.value!r}: {result.message}")
        if result.detail:
            lines.append("Python said:\n" + "\n".join(result.detail.strip().splitlines()[-6:]))
    tests = [test for test in result.tests if not test.hidden]
    of_task = [test for test in tests if test.task == task]
    failing = [test for test in of_task if not test.passed]
    if of_task:
        lines.append(f"{len(of_task) - len(failing)} of {len(of_task)} visible tests of task {task} pass.")
    for test in failing[:MAX_FAILURES]:
        entry = f"- {test.name}"
        if test.description:
            entry += f" ({test.description})"
        message = "\n".join(line for line in test.message.strip().splitlines()
                            if not line.strip().startswith(("Use -v to get", "Omitting ")))
        if message:
            entry += "\n  " + message.replace("\n", "\n  ")
        if test.location:
            cell, line = test.location
            where = f"\n  Where: cell {cell}, line {line} of my notebook"
            text = code_line(code, cell, line) if code is not None else ""
            entry += where + (f": {text}" if text else "")
        lines.append(entry)
    if len(failing) > MAX_FAILURES:
        lines.append(f"(and {len(failing) - MAX_FAILURES} more failing tests of this task)")
    sources = visible_tests(exercise, only={test.name.split("[")[0] for test in failing[:MAX_TEST_SOURCES]})
    if sources:
        lines.append("The failing tests' code (from the visible test file next to my notebook):\n" + _fence(sources))
    if not lines:
        lines.append(f"All visible tests of task {task} pass.")
    text = "\n".join(lines)
    if len(text) > MAX_FAILURE_CHARS:
        text = text[:MAX_FAILURE_CHARS] + "\n…"
    return text


def _fence(code: str) -> str:
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}python\n{code.rstrip()}\n{fence}"


_SOURCES_HEAD = "The failing tests' code (from the visible test file next to my notebook):"


def build_messages(given: TutorInput, language: str = "", drop: tuple[str, ...] = ()) -> list[dict]:
    """The chat messages: the system rules, then one user message with the brief, code and failures.

    ``drop`` names parts left out to fit the model's context (see :data:`TRIM_ORDER`).
    """
    exercise = given.exercise
    task = exercise.task(given.task)
    title = task.title if task else ""
    functions = ", ".join(task.functions) if task else ""
    parts = [(f"Exercise {exercise.number:02d}: {exercise.title}. Task {given.task}: {title} "
              f"(functions: {functions}).")]
    if given.task_text and "task" not in drop:
        parts.append("What the task asks:\n" + given.task_text)
    code = given.code or "# (no code yet)"
    if "code" in drop and len(code) > MIN_CODE_CHARS:
        code = code[:MIN_CODE_CHARS] + "\n# …"
    parts.append("My code for this task:\n" + _fence(code))
    failures = given.failures
    if "sources" in drop and _SOURCES_HEAD in failures:
        failures = failures.split(_SOURCES_HEAD, 1)[0].rstrip()
    if "failures" in drop:
        failures = failures[:MIN_FAILURE_CHARS] + ("\n…" if len(failures) > MIN_FAILURE_CHARS else "")
    parts.append("What the tests say:\n" + failures)
    hints = given.hints_seen[-1:] if "hints" in drop else given.hints_seen
    if hints:
        parts.append("Hints I have already seen:\n" + "\n".join(f"- {hint}" for hint in hints))
    question = given.question.strip()[:MAX_QUESTION_CHARS]
    parts.append("My question: " + (question or "What should I look at next?"))
    return [{"role": "system", "content": SYSTEM_PROMPT.format(language=_language_rule(language))},
            {"role": "user", "content": "\n\n".join(parts)}]


#: What is left out, in this order, when the question does not fit the model's context: the least
#: useful first. The failing test's name, message and line, the learner's code and the question stay.
TRIM_ORDER = ("sources", "hints", "task", "failures", "code")
MIN_CODE_CHARS = 1500
MIN_FAILURE_CHARS = 600
#: Tokens kept free besides the reply (chat template, rounding).
CONTEXT_MARGIN = 64
DEFAULT_CONTEXT = 4096


def trim_label(part: str) -> str:
    """The learner's words for a part of the question that was left out."""
    return {"sources": _("the failing tests' source code"), "hints": _("the earlier hints"),
            "task": _("the task's text"), "failures": _("part of the test output"),
            "code": _("the end of your code")}[part]


def estimate_tokens(messages: list[dict]) -> int:
    """A cautious token count without the model's tokenizer: about 3 bytes of UTF-8 a token.

    Tokenizers give 3.5–4.5 bytes a token for English and code and about 3 for Korean, so this
    errs on the side of leaving room; each message costs a few tokens of chat template.
    """
    return sum(len(str(message.get("content", "")).encode("utf-8")) // 3 + 8 for message in messages)


def fit_messages(given: TutorInput, n_ctx: int, max_tokens: int, language: str = "") -> tuple[list[dict], list[str]]:
    """The messages trimmed to fit ``n_ctx`` tokens with ``max_tokens`` left for the reply, and what was
    left out (keys of :data:`TRIM_ORDER`). May still not fit: the server then says so."""
    budget = n_ctx - max_tokens - CONTEXT_MARGIN
    dropped: list[str] = []
    messages = build_messages(given, language)
    for part in TRIM_ORDER:
        if estimate_tokens(messages) <= budget:
            break
        trial = build_messages(given, language, tuple(dropped + [part]))
        if trial != messages:
            dropped.append(part)
            messages = trial
    return messages, dropped


def remote_notice(config: AIConfig) -> str:
    """What every call to a remote endpoint says first."""
    notice = _("Your code for this task and the failing tests are being sent to {host}: they leave this computer. "
               "Never put real names or testimonies in your code.").format(host=config.host)
    if config.base_url.lower().startswith("http://"):
        notice += " " + _("The connection is not encrypted (http://).")
    return notice


def limiter_for(config: AIConfig, state_dir: Path) -> RateLimiter:
    return RateLimiter(Path(state_dir) / USAGE_FILE, config.rate_limit, config.rate_window)


def preflight(config: AIConfig, state_dir: Path) -> None:
    """Everything that can refuse before any work: remote opt-in, then the rate limit."""
    config.require_allowed()
    wait = limiter_for(config, state_dir).wait_time()
    if wait > 0:
        minutes = max(1, round(wait / 60))
        asked = ngettext("You have asked the tutor {limit} time in the last {window:g} minutes, the most this "
                         "workshop allows.",
                         "You have asked the tutor {limit} times in the last {window:g} minutes, the most this "
                         "workshop allows.", config.rate_limit).format(limit=config.rate_limit,
                                                                       window=config.rate_window_minutes)
        later = ngettext("Try the hint, read the failing test once more, and ask again in about {minutes} minute.",
                         "Try the hint, read the failing test once more, and ask again in about {minutes} minutes.",
                         minutes).format(minutes=minutes)
        raise RateLimited(asked + " " + later, wait)


def ask(config: AIConfig, given: TutorInput, state_dir: Path,
        announce: Callable[[str], None] = lambda text: None, on_text: Callable[[str], None] | None = None,
        on_queue: Callable[[int], None] | None = None) -> FilteredReply:
    """Ask the tutor about ``given``: returns the filtered reply, or raises :class:`AIError`.

    The question is fitted to the model's context (as the server tells it, else ``context_size``,
    else 4096 tokens), leaving out the least useful parts first; when the server still finds it too
    long and names its context size, it is fitted to that once more. ``on_text`` receives the
    reply's pieces as they stream in (unfiltered: show them only through :func:`stream_preview`).
    """
    from workshop.ai.client import chat, server_context
    from workshop.ai.errors import ContextTooLong
    from workshop.ai.guard import strip_hidden_text

    preflight(config, state_dir)
    language = session_language(config, state_dir)
    n_ctx = config.context_size or server_context(config) or DEFAULT_CONTEXT
    given = strip_hidden_text(given)
    messages, dropped = fit_messages(given, n_ctx, config.max_tokens, language)
    if not config.is_local and not config.is_room:
        announce(remote_notice(config))
    limiter = limiter_for(config, state_dir)
    participant = participant_id(state_dir) if config.is_room else ""
    try:
        try:
            reply = chat(config, messages, on_text=on_text, on_queue=on_queue, participant=participant)
        except ContextTooLong as error:
            if not error.n_ctx or error.n_ctx >= n_ctx:
                raise
            messages, dropped = fit_messages(given, error.n_ctx, config.max_tokens, language)
            reply = chat(config, messages, on_text=on_text, on_queue=on_queue, participant=participant)
    except AIError as error:
        if not error.nothing_sent:
            limiter.record()
        _log(config, state_dir, messages, None, error)
        raise
    limiter.record()
    _log(config, state_dir, messages, reply.text, None)
    task = given.exercise.task(given.task)
    filtered = filter_reply(reply.text, config.max_code_lines, functions=tuple(task.functions) if task else (),
                            learner_code=given.code)
    filtered.cut_off = reply.finish_reason == "length"
    filtered.left_out = tuple(trim_label(part) for part in dropped)
    filtered.first_token = reply.first_token
    return filtered


def stream_preview(text: str) -> str:
    """What may be shown of a reply still coming in: its prose, every kind of code held back until the
    whole reply can be judged by :func:`~workshop.ai.reply.filter_reply`."""
    from workshop.ai.reply import _segments

    held = _("[code: shown when the reply is complete, if it does not give the answer away]")
    out: list[str] = []
    for kind, block in _segments(text.split("\n")):
        if kind == "prose":
            out.extend(line.split("`", 1)[0] + ("`…" if "`" in line else "") for line in block)
        elif not out or out[-1] != held:
            out.append(held)
    return "\n".join(out).strip()


def participant_id(state_dir: Path) -> str:
    """A random id for this workspace, so a room server can queue each participant fairly (never a name)."""
    import secrets

    path = Path(state_dir) / "ai-participant"
    try:
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
    except (OSError, UnicodeDecodeError):
        pass
    value = secrets.token_hex(8)
    try:
        from workshop.util.atomic import write_text_atomic

        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, value)
    except OSError:
        pass
    return value


def _log(config: AIConfig, state_dir: Path, messages: list[dict], reply: str | None, error: AIError | None) -> None:
    """Append the exchange to the log file, only when the configuration asks for one."""
    if not config.log:
        return
    path = Path(state_dir) / LOG_FILE if config.log.lower() in ("true", "1", "yes", "on") else Path(config.log)
    record = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "base_url": config.base_url, "model": config.model,
              "messages": messages, "reply": reply, "error": (error.kind + ": " + str(error)) if error else None}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError:
        pass


# -- the whole question, for the command line -------------------------------------------------------


@dataclass
class Prepared:
    """A learner's problem gathered from their notebook and a check (visible tests only)."""

    given: TutorInput | None
    result: CheckResult
    all_passed: bool = False


def hints_seen(state_dir: Path, exercise: Exercise, task: int) -> list[str]:
    """The static hints of ``task`` this learner has been shown (from the progress file)."""
    from workshop.core.progress import Progress

    found = exercise.task(task)
    if found is None:
        return []
    shown = Progress.load(Path(state_dir) / "progress.json").get(exercise.name).hints_shown.get(str(task), 0)
    return list(found.hints[:shown])


def prepare(exercise: Exercise, notebook: Path, state_dir: Path, task: int | None = None,
            question: str = "", result: CheckResult | None = None) -> Prepared:
    """Read the learner's notebook, check it against the visible tests, and gather what to send."""
    from workshop.ai.prompt import task_text
    from workshop.engine.pipeline import check_notebook

    if task is not None and exercise.task(task) is None:
        raise ExerciseError(_("Exercise {name} has no task {n}. Its tasks are numbered 1 to {last}.").format(
            name=exercise.name, n=task, last=len(exercise.tasks)))
    code = NotebookCode.read(notebook)
    if result is None:
        result = check_notebook(exercise, notebook)
    if result.status is Status.INVALID_NOTEBOOK:
        raise NothingToAsk(result.message + " " + _("The tutor needs your notebook to help; nothing was sent."))
    if result.passed and task is None and not question:
        return Prepared(None, result, all_passed=True)
    number = choose_task(exercise, result, code, task)
    found = exercise.task(number)
    given = TutorInput(
        exercise=exercise, task=number,
        code=task_code(code, found.functions if found else ()),
        failures=failing_output(exercise, result, number, code),
        task_text=task_text(exercise, code, number),
        hints_seen=hints_seen(state_dir, exercise, number),
        question=question or "",
    )
    return Prepared(given, result)
