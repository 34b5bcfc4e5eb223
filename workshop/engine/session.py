"""A pytest session whose command line is parsed once and then run in many forked children.

Parsing pytest's command line builds its configuration: the plugin manager, every built-in
plugin, the options, the ini file, the assertion-rewriting import hook. That costs ~15 ms per
check, the same for every learner of an exercise. A warm checker (:mod:`workshop.engine.zygote`)
therefore prepares it once per exercise and work folder, before forking, and each child runs the
prepared session as :func:`pytest.main` would run it: ``pytest_cmdline_main``, then unconfigure.

The work folder must be the same path for every check that uses one prepared session (the
configuration names it as root folder, ini file, temporary folder and test paths); the grader
gives each warm checker its own fixed folder, rewritten for every check.

Parsing ahead uses pytest's internals, through :mod:`workshop.engine.pytest_compat`. Where they
are missing or fail (or the pytest version is not one they were written for), :func:`prepare`
returns ``None`` and the child runs ``pytest.main`` itself: slower, the same verdict.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field


@dataclass
class PreparedSession:
    """A parsed pytest configuration with our collector registered, ready to run once per child."""

    config: object
    collector: object
    #: Import hooks pytest added while parsing (assertion rewriting); put back only in the child.
    import_hooks: list = field(default_factory=list)

    def run(self) -> int:
        """Run the session in this (forked) process, as ``pytest.main`` does after parsing."""
        import pytest

        from workshop.engine.pytest_compat import run_config

        os.environ["PYTEST_VERSION"] = pytest.__version__
        sys.meta_path[0:0] = self.import_hooks
        return run_config(self.config)


def prepare(args: list[str], collector, workdir: str) -> PreparedSession | None:
    """Parse ``args`` for a check in ``workdir`` with ``collector`` registered; ``None`` if pytest
    cannot be prepared ahead here (the child then parses its command line itself)."""
    from workshop.engine.pytest_compat import internals_usable, prepare_config

    if not internals_usable():
        return None
    before = list(sys.meta_path)
    cwd = os.getcwd()
    try:
        os.chdir(workdir)  # pytest resolves its arguments against the folder it starts in
        config = prepare_config(list(args), [collector])
        if config is None:
            return None
    except Exception:  # noqa: BLE001 - the child reports the same problem through pytest.main
        return None
    finally:
        os.chdir(cwd)
        added = [hook for hook in sys.meta_path if not any(hook is old for old in before)]
        sys.meta_path[:] = before  # this process imports no tests: the hooks belong to the child
    return PreparedSession(config, collector, added)
