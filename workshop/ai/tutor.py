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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workshop.ai.config import AIConfig
from workshop.ai.errors import AIError, NothingToAsk, RateLimited
from workshop.ai.ratelimit import USAGE_FILE, RateLimiter
from workshop.ai.reply import FilteredReply, filter_reply
from workshop.ai.source import NotebookCode, code_line, task_code, visible_tests
from workshop.exercise import Exercise, ExerciseError
from workshop.i18n import _, ngettext
from workshop.runner.result import CheckResult, Status

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


def _language_rule() -> str:
    from workshop.i18n import current_language

    if current_language() == "ko":
        return "Reply in Korean (plain 합니다체, simple words for a beginner), keeping Python names in English."
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


def build_messages(given: TutorInput) -> list[dict]:
    """The chat messages: the system rules, then one user message with the brief, code and failures."""
    exercise = given.exercise
    task = exercise.task(given.task)
    title = task.title if task else ""
    functions = ", ".join(task.functions) if task else ""
    parts = [(f"Exercise {exercise.number:02d}: {exercise.title}. Task {given.task}: {title} "
              f"(functions: {functions}).")]
    if given.task_text:
        parts.append("What the task asks:\n" + given.task_text)
    parts.append("My code for this task:\n" + _fence(given.code or "# (no code yet)"))
    parts.append("What the tests say:\n" + given.failures)
    if given.hints_seen:
        parts.append("Hints I have already seen:\n" + "\n".join(f"- {hint}" for hint in given.hints_seen))
    question = given.question.strip()[:MAX_QUESTION_CHARS]
    parts.append("My question: " + (question or "What should I look at next?"))
    return [{"role": "system", "content": SYSTEM_PROMPT.format(language=_language_rule())},
            {"role": "user", "content": "\n\n".join(parts)}]


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
        announce: Callable[[str], None] = lambda text: None) -> FilteredReply:
    """Ask the tutor about ``given``: returns the filtered reply, or raises :class:`AIError`."""
    from workshop.ai.client import chat

    preflight(config, state_dir)
    messages = build_messages(given)
    if not config.is_local:
        announce(remote_notice(config))
    limiter = limiter_for(config, state_dir)
    try:
        reply = chat(config, messages)
    except AIError as error:
        if not error.nothing_sent:
            limiter.record()
        _log(config, state_dir, messages, None, error)
        raise
    limiter.record()
    _log(config, state_dir, messages, reply.text, None)
    return filter_reply(reply.text, config.max_code_lines)


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
    from workshop.progress import Progress

    found = exercise.task(task)
    if found is None:
        return []
    shown = Progress.load(Path(state_dir) / "progress.json").get(exercise.name).hints_shown.get(str(task), 0)
    return list(found.hints[:shown])


def prepare(exercise: Exercise, notebook: Path, state_dir: Path, task: int | None = None,
            question: str = "", result: CheckResult | None = None) -> Prepared:
    """Read the learner's notebook, check it against the visible tests, and gather what to send."""
    from workshop.ai.prompt import task_text
    from workshop.runner.pipeline import check_notebook

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
