"""Build hooks: the learner exercises go into the wheel and the sdist, pristine (DESIGN.md contract 13).

Everything else about the package is in pyproject.toml. The wheel gets
``workshop/_bundle/exercises/NN-slug/`` and the sdist gets ``exercises/NN-slug/``, both from
:mod:`workshop.services.ops.pristine`: regenerated from ``solutions/`` when it is there, else the learner
files that pass the allow-list. Solutions, hidden tests and pitfalls never go in.
"""

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the build hooks use workshop.services.ops.pristine from this source folder


def _collected():
    from workshop.services.ops.pristine import collect_root

    collected = collect_root(HERE)
    for name, reason in collected.refused:
        print(f"workshop: left out {name}: {reason}")
    if not collected.files:
        raise SystemExit("workshop: no learner exercises found to put in the package")
    return collected


class BuildPyWithExercises(build_py):
    """build_py that also writes the learner exercises into ``workshop/_bundle``."""

    def run(self):
        editable = getattr(self, "editable_mode", False)
        stale = Path(self.build_lib) / "workshop"
        if not editable and stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale)  # files left by an earlier build (a removed module, old exercises) must not ship
        super().run()
        if editable:
            return  # an editable install finds exercises/ in the source folder itself
        from workshop.services.ops.pristine import BUNDLE_DIR, write_tree

        write_tree(_collected(), Path(self.build_lib) / "workshop" / BUNDLE_DIR)


class SdistWithExercises(sdist):
    """sdist whose ``exercises/`` is the pristine learner content (never ``solutions/``)."""

    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        from workshop.services.ops.pristine import write_tree

        write_tree(_collected(), Path(base_dir))


setup(cmdclass={"build_py": BuildPyWithExercises, "sdist": SdistWithExercises})
