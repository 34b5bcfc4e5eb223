"""The tutor's flow, once for the terminal (``workshop tutor``) and the notebook (``tutor()``).

Settings → may we ask (remote opt-in, rate limit) → the learner's side only → the problem (front
ends gather it their way: a checked notebook file, or the kernel's namespace) → the first static
hint when none was seen yet → ask. When anything refuses or fails, the learner gets the reason and,
unless one was just shown, the exercise's next static hint instead.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from workshop.ai.errors import AIError
from workshop.core.exercise import Exercise


@dataclass
class TutorOutcome:
    """How a tutor request ended: every test passed, a reply, or an error; and the static hint given."""

    task: int | None
    config: object = None
    passed: bool = False
    reply: object = None
    error: AIError | None = None
    #: The static hint given (what ``static_hint`` returned), before asking or instead of a reply.
    hint: object = None
    #: The hint came because the tutor could not answer (shown after the reason), not before asking.
    hint_instead: bool = False


def hint_text(hint) -> str:
    """The words of a hint from ``static_hint`` (a :class:`workshop.services.learner.Hint` or plain text)."""
    return "" if hint is None else str(getattr(hint, "text", hint))


def run_tutor_flow(exercise: Exercise, notebook: Path, state: Path, solutions_dir: Path | None,
                   gather: Callable, static_hint: Callable, task: int | None = None, hint_shown: bool = False,
                   on_config: Callable = lambda config: None, on_hint: Callable = lambda hint: None,
                   asking: Callable = lambda config: contextlib.nullcontext(),
                   announce: Callable[[str], None] = lambda text: None,
                   ask_call: Callable | None = None) -> TutorOutcome:
    """Run one tutor request. ``gather(config)`` → :class:`workshop.ai.tutor.Prepared` (the problem);
    ``static_hint(task)`` → the learner's next static hint (recorded where they keep progress);
    ``on_config``, ``on_hint``, ``asking`` (a context manager around the call) and ``announce`` let a
    front end show each step as it happens; ``ask_call(config, given, state)``, when given, makes the
    call itself (to show a streamed reply as it comes). ``hint_shown``: a static hint was shown just before."""
    from workshop.ai.config import load_config
    from workshop.ai.source import learner_side
    from workshop.ai.tutor import ask, hints_seen, preflight

    outcome = TutorOutcome(task)
    try:
        outcome.config = config = load_config(state)
        on_config(config)
        preflight(config, state)
        learner_side(exercise, notebook, solutions_dir)
        prepared = gather(config)
        if prepared.all_passed:
            outcome.passed = True
            return outcome
        given = prepared.given
        outcome.task = given.task
        if not hint_shown and not given.hints_seen:
            outcome.hint = static_hint(given.task)
            if outcome.hint is not None:
                on_hint(outcome.hint)
                hint_shown = True
                given.hints_seen = hints_seen(state, exercise, given.task) or [hint_text(outcome.hint)]
        if ask_call is not None:
            outcome.reply = ask_call(config, given, state)
        else:
            with asking(config):
                outcome.reply = ask(config, given, state, announce=announce)
    except AIError as error:
        outcome.error = error
        if not hint_shown:
            outcome.hint, outcome.hint_instead = static_hint(outcome.task), True
    return outcome
