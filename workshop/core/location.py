"""The one rule for where the workspace is, with nothing heavy imported (``workshop --help`` uses it
to find the learner's language).

In order: ``WORKSHOP_ROOT``, the current folder or any parent of it that holds ``exercises/``, and
last the folder this toolkit was installed from (a source checkout), so that ``workshop list``
works right after the quick start.
"""

from __future__ import annotations

import os
from pathlib import Path

STATE_DIR = ".workshop"  # the workspace's own state: progress, language, board token


def has_exercises(folder: Path) -> bool:
    """Whether ``folder`` is a workspace: it holds ``exercises/``."""
    return (folder / "exercises").is_dir()


def locate_root() -> Path | None:
    """The workspace's folder by the rule above, or ``None`` when there is none.

    ``WORKSHOP_ROOT`` naming a folder without ``exercises/`` is returned as it is, so that the
    caller can say what is wrong with it.
    """
    env = os.environ.get("WORKSHOP_ROOT")
    if env:
        return Path(env).resolve()
    try:
        here = Path.cwd().resolve()
    except OSError:  # the current folder was deleted
        return None
    for folder in (here, *here.parents):
        if has_exercises(folder):
            return folder
    bundled = Path(__file__).resolve().parents[2]
    return bundled if has_exercises(bundled) else None
