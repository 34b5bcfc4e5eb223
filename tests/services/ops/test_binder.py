"""Binder / repo2docker configuration: a self-learner opens the exercises with one click."""

from __future__ import annotations

import os
import re


def test_binder_installs_the_toolkit(repo):
    folder = repo / "binder"
    post_build = (folder / "postBuild").read_text(encoding="utf-8")
    assert re.search(r"pip install .*-e \.", post_build)
    if os.name == "posix":
        assert os.access(folder / "postBuild", os.X_OK)
    assert re.match(r"python-3\.\d+", (folder / "runtime.txt").read_text(encoding="utf-8").strip())
    assert "jupyterlab" in (folder / "requirements.txt").read_text(encoding="utf-8")


def test_readme_links_binder_to_the_first_exercise(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    match = re.search(r"https://mybinder\.org/v2/gh/[^)\s]+", readme)
    assert match, "README has no Binder link"
    assert "urlpath=lab/tree/exercises/01-passphrase/passphrase.ipynb" in match.group(0)
    assert (repo / "exercises/01-passphrase/passphrase.ipynb").is_file()
