"""The ``workshop`` console script: starts what a command will surely need, then runs the command line.

A learner waits on ``workshop check``: its checker child (Python and pytest, ~0.1 s) starts here,
before click, rich and the exercise load (:mod:`workshop.engine.spawn`), so both load side by side.
"""

from __future__ import annotations

import sys

#: Options that come before the command name and take a value (``workshop --lang ko check 01``).
_GROUP_OPTIONS_WITH_VALUE = frozenset({"--lang"})


def command_name(arguments: list[str]) -> str | None:
    """The command a command line runs (``check`` in ``--lang ko check 01``), or ``None``."""
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if not argument.startswith("-"):
            return argument
        index += 2 if argument in _GROUP_OPTIONS_WITH_VALUE else 1
    return None


def main() -> None:
    """Console-script entry point."""
    arguments = sys.argv[1:]
    one_check = command_name(arguments) == "check" and not {"--watch", "--help", "-h"} & set(arguments)
    if one_check:
        from workshop.engine.spawn import start_early

        start_early()
    from workshop.cli import main as cli_main

    try:
        cli_main()
    except SystemExit as done:
        if one_check and (done.code is None or isinstance(done.code, int)):
            _leave_now(done.code or 0)
        raise


def _leave_now(code: int) -> None:
    """End a finished check without tearing the interpreter down (~15 ms of a 0.3 s budget).

    By then the result is shown, the progress file and the board report are written and the child is
    gone; what is left is freeing memory the operating system frees anyway. Output is flushed first.
    """
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
