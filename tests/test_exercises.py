"""Every exercise, as learners and authors meet it: notebooks run top to bottom in a real kernel,
and `workshop check` on the untouched learner notebook gives a readable, helpful failure."""

from __future__ import annotations

import pytest

from tests.conftest import REPO
from workshop.core.exercise import discover
from workshop.engine.pipeline import check_notebook
from workshop.engine.result import Status

REPO_EXERCISES = sorted(path.name for path in (REPO / "exercises").iterdir() if (path / "exercise.toml").is_file())


def execute(path, allow_errors: bool):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(str(path), as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=allow_errors,
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return [output for cell in notebook.cells for output in cell.get("outputs", [])
            if output.get("output_type") == "error"]


#: What check() says in each language about an untouched notebook: "not yet", the stub's message, what next.
UNTOUCHED_WORDS = {
    "en": ("not yet", "Not written yet", "Next:"),
    "ko": ("아직", "아직 작성하지 않았습니다", "다음:"),
}


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(UNTOUCHED_WORDS))
@pytest.mark.parametrize("name", REPO_EXERCISES)
def test_learner_notebook_runs_top_to_bottom(workspace, name, lang):
    """Run All on the untouched notebook, English and Korean, reaches check(): demonstration cells are
    tagged raises-exception (only the stubs' NotImplementedError comes out of them), and check() says
    "not yet" in words, never "failed", in the notebook's own language."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    exercise = next(item for item in discover(workspace / "exercises", lang=lang) if item.name == name)
    path = exercise.notebook
    assert path.name.endswith(".ko.ipynb") == (lang == "ko"), path
    notebook = nbformat.read(str(path), as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=False,
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError if an untagged cell stops Run All
    errors = [output for cell in notebook.cells for output in cell.get("outputs", [])
              if output.get("output_type") == "error"]
    assert {error["ename"] for error in errors} <= {"NotImplementedError"}, [
        (error["ename"], error["evalue"][:200]) for error in errors]
    html = "".join(output["data"]["text/html"] for output in notebook.cells[-1].outputs
                   if "text/html" in output.get("data", {}))
    assert all(words in html for words in UNTOUCHED_WORDS[lang]), html[-600:]


@pytest.mark.slow
@pytest.mark.parametrize("name", REPO_EXERCISES)
def test_solution_notebook_runs_without_errors(workspace, name):
    errors = execute(next(path for path in (workspace / "solutions" / name).glob("*.ipynb")
                         if not path.name.endswith(".ko.ipynb")), allow_errors=True)
    assert errors == [], [(error["ename"], error["evalue"][:200]) for error in errors]


@pytest.mark.parametrize("name", REPO_EXERCISES)
def test_checking_the_untouched_notebook_is_helpful(repo, name):
    exercise = next(item for item in discover(repo / "exercises") if item.name == name)
    result = check_notebook(exercise, exercise.notebook)
    assert result.status is Status.FAILED
    failing = [test for test in result.tests if not test.passed]
    assert failing and all(test.description for test in failing), "every test explains itself in words"
    assert failing[0].hint in exercise.tasks[0].hints
    assert "NotImplementedError" in failing[0].message
