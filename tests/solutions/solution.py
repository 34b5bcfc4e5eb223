"""The reference solution of an exercise, imported as the module its tests import."""

from __future__ import annotations

import types

from tests.conftest import REPO
from workshop.core.notebook import notebook_module


def solution_module(folder: str, module: str) -> types.ModuleType:
    """The code cells of solutions/<folder>/<module>.ipynb, run as a fresh module named <module>."""
    source = notebook_module(REPO / "solutions" / folder / f"{module}.ipynb").source
    namespace = types.ModuleType(module)
    exec(compile(source, f"{module}.ipynb", "exec"), namespace.__dict__)  # noqa: S102 - our own notebook
    return namespace
