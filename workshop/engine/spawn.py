"""How the checker's child process is started: its command line, environment and folder.

Light on purpose (``os``, ``sys`` and ``subprocess`` only): ``workshop check`` starts its child from
:mod:`workshop.entry` before the command line loads, so that the child's Python and pytest load while
the parent reads the exercise and the notebook. Everything here runs before that overlap begins.
"""

from __future__ import annotations

import os
import subprocess
import sys

#: The folder that holds the ``workshop`` package: first on the child's import path.
PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CHILD_MODULE = "workshop.engine.child"


def child_env() -> dict[str, str]:
    """The environment of a checker process: ours, minus Python's and pytest's own settings, plus the
    import path (the child starts without ``site``) and no proxy for this machine's servers."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "PYTEST"))}
    env.update(
        PYTHONUTF8="1",
        PYTHONIOENCODING="utf-8",
        PYTHONDONTWRITEBYTECODE="1",
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
        # The child starts with -S (no site: its .pth files cost ~30 ms); it gets our import path instead.
        PYTHONPATH=os.pathsep.join(dict.fromkeys([PACKAGE_PARENT, *(entry for entry in sys.path
                                                                    if entry and os.path.isdir(entry))])),
        # Exercises that teach HTTP talk to servers on this machine only: never through a proxy.
        NO_PROXY="127.0.0.1,localhost,::1",
        no_proxy="127.0.0.1,localhost,::1",
    )
    return env


def start_child(module: str = CHILD_MODULE, debug: bool = False, site: bool = False) -> subprocess.Popen:
    """Start ``python -m module`` as a checker process in a session (process group) of its own, with
    pipes for its job (stdin) and result (stdout). ``site``: load ``site`` (the zygote, started once)."""
    popen_kwargs: dict = {}
    if os.name == "posix":
        popen_kwargs["start_new_session"] = True
    else:
        popen_kwargs["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    return subprocess.Popen(
        [sys.executable, *([] if site else ["-S"]), "-X", "utf8", "-m", module],
        # `-m` puts the working folder first on the import path: the package's own parent is already
        # there, so nothing in the learner's folder (a file named pytest.py) can shadow a module.
        cwd=PACKAGE_PARENT,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=None if debug else subprocess.DEVNULL,
        **popen_kwargs,
    )


_early: subprocess.Popen | None = None


def start_early() -> None:
    """Start a checker child at program start, for a command that will surely need one."""
    global _early
    if _early is None:
        _early = start_child()


def take_early() -> subprocess.Popen | None:
    """The child started by :func:`start_early` (once), or ``None``."""
    global _early
    process, _early = _early, None
    return process
