"""workshop.services.authoring.build: the learner notebook is generated from the solution, deterministically."""

from __future__ import annotations

import pytest

from workshop.services.authoring.build import BuildError, learner_notebook, planned_files, stale_files, strip_solutions
from workshop.core.exercise import discover
from workshop.core.notebook import read_notebook, to_module


def test_marked_code_becomes_a_failing_stub():
    source = "import math\n\ndef f(x):\n    '''Doc.'''\n    ### BEGIN SOLUTION\n    return math.sqrt(x)\n    ### END SOLUTION\n"
    stub = strip_solutions(source)
    assert "math.sqrt" not in stub
    assert "import math" in stub and "'''Doc.'''" in stub
    namespace: dict = {}
    exec(stub, namespace)
    with pytest.raises(NotImplementedError, match="f()"):
        namespace["f"](4)


def test_unbalanced_markers_are_an_error():
    with pytest.raises(BuildError):
        strip_solutions("def f():\n    ### BEGIN SOLUTION\n    return 1\n")
    with pytest.raises(BuildError):
        strip_solutions("def f():\n    return 1\n    ### END SOLUTION\n")


def test_generated_files_are_up_to_date(repo):
    """Committed learner files equal what `workshop build` makes from the solutions."""
    for solution in discover(repo / "solutions"):
        assert stale_files(solution, repo / "exercises" / solution.name) == [], (
            f"{solution.name}: run `workshop build`")


def test_learner_notebook_has_no_solution_and_no_outputs(repo):
    for solution in discover(repo / "solutions"):
        notebook = learner_notebook(read_notebook(solution.notebook), solution)
        text = to_module(notebook).source
        assert "BEGIN SOLUTION" not in text
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None
        assert notebook["cells"][-1]["source"].startswith("from workshop import check")


def test_build_is_deterministic(repo):
    for solution in discover(repo / "solutions"):
        assert planned_files(solution) == planned_files(solution)
