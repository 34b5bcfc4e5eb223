"""Small pieces shared by the commands: finding the workspace, and failing with a clear message."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workshop.core.exercise import ExerciseError
from workshop.util.i18n import _

EXIT_NOT_PASSED = 1
EXIT_USAGE = 2

root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="The workshop folder (the one with exercises/ in it). Default: found from here.")


def library_default(module: str, name: str):
    """A click ``default`` taken from the library when needed (never a repeated number): ``name`` is an
    attribute of ``module``, or ``Class.field`` for the default of a dataclass's field. Use it with
    ``cls=LibraryDefault`` so that ``--help`` shows the value; the module is imported only then."""

    def default():
        import importlib

        owner, _dot, field = name.partition(".")
        value = getattr(importlib.import_module(module), owner)
        return getattr(value(), field) if field else value

    return default


class LibraryDefault(click.Option):
    """An option whose default comes from :func:`library_default`: shown in ``--help`` as its value."""

    def get_default(self, ctx, call=True):
        return super().get_default(ctx, call=True)


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """Print ``message`` to stderr and exit with ``code``: for mistakes a user can fix, no traceback."""
    click.echo(message, err=True)
    sys.exit(code)


def workspace_or_fail(root: Path | None):
    from workshop.core.workspace import find_workspace

    try:
        return find_workspace(root)
    except ExerciseError as error:
        fail(str(error))


def error_guard(function):
    """Turn an :class:`ExerciseError` into a clear message and exit code 2."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ExerciseError as error:
            fail(str(error))
        except KeyboardInterrupt:
            fail(_("Stopped."), 130)

    return wrapper
