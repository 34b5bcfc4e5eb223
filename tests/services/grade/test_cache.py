"""The grade cache's checker fingerprint: any change to what decides a verdict makes old results stale."""

from __future__ import annotations

import importlib.metadata
import shutil
from pathlib import Path

import pytest

import workshop
from workshop.engine import cache


@pytest.fixture
def package(tmp_path, monkeypatch) -> Path:
    """A copy of the workshop package that the fingerprint reads instead of the installed one."""
    copy = tmp_path / "workshop"
    shutil.copytree(Path(workshop.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(workshop, "__file__", str(copy / "__init__.py"))
    return copy


@pytest.mark.parametrize("module", ["runner/sandbox.py", "runner/session.py", "grade/scheduler.py",
                                    "runner/pipeline.py", "testspec.py", "exercise.py", "i18n.py"])
def test_a_change_to_any_module_on_the_check_path_changes_the_fingerprint(package, module):
    before = cache.checker_fingerprint()
    with open(package / module, "a", encoding="utf-8") as handle:
        handle.write("\n# an upgrade\n")
    assert cache.checker_fingerprint() != before


def test_a_module_newly_imported_by_the_checker_is_covered_without_listing_it(package):
    (package / "runner" / "helper_added_later.py").write_text("RULE = 1\n", encoding="utf-8")
    pipeline = package / "runner" / "pipeline.py"
    pipeline.write_text(pipeline.read_text(encoding="utf-8") + "\nfrom workshop.engine import helper_added_later\n",
                        encoding="utf-8")
    (package / "unrelated_added_later.py").write_text("X = 1\n", encoding="utf-8")
    before = cache.checker_fingerprint()
    (package / "runner" / "helper_added_later.py").write_text("RULE = 2\n", encoding="utf-8")
    changed = cache.checker_fingerprint()
    assert changed != before
    (package / "unrelated_added_later.py").write_text("X = 2\n", encoding="utf-8")
    assert cache.checker_fingerprint() == changed  # what the checker never imports does not matter


def test_another_pytest_version_changes_the_fingerprint(monkeypatch):
    before = cache.checker_fingerprint()
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "99.0.0" if name == "pytest" else real(name))
    assert cache.checker_fingerprint() != before


def test_the_remembered_fingerprint_is_used_only_while_no_file_changed(package, tmp_path):
    memo = tmp_path / "cache" / "checker.json"
    first = cache.checker_fingerprint(memo)
    assert memo.is_file() and cache.checker_fingerprint(memo) == first == cache.checker_fingerprint()
    with open(package / "runner" / "sandbox.py", "a", encoding="utf-8") as handle:
        handle.write("\n# an upgrade, a longer file\n")
    assert cache.checker_fingerprint(memo) != first
    memo.write_text("{broken", encoding="utf-8")
    assert cache.checker_fingerprint(memo) == cache.checker_fingerprint()
