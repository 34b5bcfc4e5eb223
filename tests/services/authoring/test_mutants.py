"""The mutation score: mutants come only from the marked solution code, and the report counts what
the visible tests and all tests kill."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from workshop.services.authoring.mutants import cell_mutants

CELL = '''import math


def entropy_bits(n_words, list_size=7776):
    """Bits of entropy."""
    ### BEGIN SOLUTION
    if n_words < 1:
        raise ValueError(f"a passphrase needs at least {1} word")
    return n_words * math.log2(list_size)
    ### END SOLUTION


def outside(x):
    return x + 1
'''


def test_mutants_change_only_marked_code_and_never_messages():
    mutants = cell_mutants(CELL, 0)
    changes = {mutant.change for mutant in mutants}
    assert {"`<` → `<=`", "`<` → `>=`", "`1` → `2`", "`*` → `/`", "condition negated",
            "raise statement removed", "`return …` → `return None`"} <= changes
    assert all(mutant.function == "entropy_bits" for mutant in mutants)
    assert all("x + 1" in mutant.source for mutant in mutants), "code outside the markers is never changed"
    assert all("a passphrase needs at least {1} word" in mutant.source or "raise" not in mutant.source
               for mutant in mutants), "a raise message is never mutated"
    assert len({mutant.source for mutant in mutants}) == len(mutants), "no duplicates"


@pytest.mark.slow
def test_validate_mutants_reports_scores(workspace):
    done = run_cli("validate", "--mutants", "--sample", "6", "--json", "01", cwd=workspace, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    (report,) = json.loads(done.stdout)
    assert report["exercise"] == "01-passphrase" and report["checked"] == 6 and report["mutants"] > 6
    assert 0 <= report["killed_visible"] <= report["killed_all"] <= 6
    assert 0.0 <= report["visible_score"] <= report["all_score"] <= 1.0
