"""Every pitfall (a plausible wrong solution) fails at least one *visible* test: `workshop check`
must never tell a learner "passed" for it (DESIGN.md contract 12)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import REPO
from workshop.services.authoring.build import dumps_notebook
from workshop.core.exercise import load_exercise
from workshop.core.notebook import read_notebook
from workshop.engine.pipeline import check_notebook
from workshop.engine.result import Status
from workshop.services.authoring.validate import pitfalls

#: Exercises whose learners write the code; in "check the AI" (11) the learner writes tests, and the hidden
#: wrong versions play the pitfalls' part (validate_checkai: the model tests catch every one).
SOLUTIONS = sorted(path.parent.name for path in (REPO / "solutions").glob("*/exercise.toml")
                   if not load_exercise(path.parent, "en").checks_tests)


@pytest.mark.slow
@pytest.mark.parametrize("name", SOLUTIONS)
def test_every_pitfall_fails_a_visible_test(name, tmp_path):
    from workshop.services.authoring.validate import notebook_with_pitfall

    solution = load_exercise(REPO / "solutions" / name)
    notebook = read_notebook(solution.notebook)
    traps = pitfalls(solution)
    assert len(traps) >= 7, f"{name} has {len(traps)} pitfalls"
    paths = []
    for trap in traps:
        path = tmp_path / trap.stem / solution.notebook_name
        path.parent.mkdir()
        path.write_bytes(dumps_notebook(notebook_with_pitfall(notebook, trap)))
        paths.append(path)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda path: check_notebook(solution, path), paths))
    passing = [trap.stem for trap, result in zip(traps, results) if result.status is Status.PASSED]
    assert not passing, f"visible tests call these pitfalls passed: {passing}"
    for trap, result in zip(traps, results):
        assert all(not test.hidden for test in result.tests), "check ran hidden tests"
        assert result.status is Status.FAILED, (trap.stem, result.status, result.message)
