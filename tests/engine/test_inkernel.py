"""check() in a real Jupyter kernel gives the same verdict as `workshop check` for the same code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli, solution_code

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


def run_in_kernel(notebook_path: Path) -> dict:
    """Execute a notebook in a real kernel and return what its check() reported (as JSON)."""
    notebook = nbformat.read(str(notebook_path), as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(
        "import json\nfrom workshop import check\n_r = check()\nprint('RESULT' + json.dumps(_r.result.to_dict()))\n_r"))
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(notebook_path.parent)}})
    client.execute()
    last = notebook.cells[-1]
    text = "".join(output.get("text", "") for output in last.outputs if output.output_type == "stream")
    html = [output for output in last.outputs if "text/html" in output.get("data", {})]
    assert html, "check() shows HTML in the notebook"
    return json.loads(text.split("RESULT", 1)[1])


def verdicts(result: dict) -> tuple:
    return result["status"], sorted((test["name"], test["outcome"]) for test in result["tests"])


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["stub", "solution", "partial"])
def test_same_verdict_in_the_kernel_and_on_the_command_line(workspace, repo, variant):
    folder = workspace / "exercises" / "01-passphrase"
    notebook_path = folder / "passphrase.ipynb"
    if variant != "stub":
        code = solution_code(repo, "01-passphrase")
        if variant == "partial":
            code = code.replace("return n_words * math.log2(list_size)", "return n_words * 13")
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
        cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
        cells.append({"cell_type": "code", "execution_count": None, "id": "code", "metadata": {}, "outputs": [],
                      "source": code})
        notebook["cells"] = cells
        notebook_path.write_text(json.dumps(notebook), encoding="utf-8")
    cli = json.loads(run_cli("check", "01", "--json", cwd=workspace).stdout)
    kernel = run_in_kernel(notebook_path)
    assert verdicts(kernel) == verdicts(cli)
    assert kernel["earned"] == cli["earned"]
    expected = {"stub": "failed", "solution": "passed", "partial": "failed"}[variant]
    assert cli["status"] == expected


def _outputs(cell) -> str:
    parts = []
    for output in cell.outputs:
        parts.append(output.get("text", ""))
        parts += [str(value) for value in output.get("data", {}).values()]
    return "".join(parts)


@pytest.mark.slow
def test_restart_input_location_and_hint_in_a_real_kernel(workspace, repo):
    """After a restart, check() alone says to run the cells first (no raw ImportError, no ANSI codes);
    input() in checked code gets a clear message; a failure names the cell by the number JupyterLab
    shows ([n]); hint() works in the notebook and says what to do after the last hint."""
    folder = workspace / "exercises" / "01-passphrase"
    code = solution_code(repo, "01-passphrase").replace(
        "    words = []\n    seen = set()\n", "    input('a word? ')\n    words = []\n    seen = set()\n", 1)
    assert "input('a word? ')" in code
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("from workshop import check, hint\ncheck()"),
        nbformat.v4.new_code_cell(code),
        nbformat.v4.new_code_cell("check()"),
        nbformat.v4.new_code_cell("hint()"),
        nbformat.v4.new_code_cell("hint(task=1)"),
        nbformat.v4.new_code_cell("hint(task=1)"),
    ]
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=False,
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()
    restarted = _outputs(notebook.cells[0])
    assert "Run the cells above first: Run ▸ Run All Cells" in restarted
    assert "ImportError" not in restarted and "\x1b[" not in restarted
    checked = _outputs(notebook.cells[2])
    assert "input() cannot be answered during a check" in checked
    assert "cell [2]" in checked  # the execution number of the cell that called input()
    assert "Hint 1 of 3" in _outputs(notebook.cells[3])
    last = _outputs(notebook.cells[5])
    assert "Hint 3 of 3" in last and "help-me" in last


@pytest.mark.slow
def test_an_endless_loop_is_stopped_and_the_kernel_keeps_its_variables(workspace, repo):
    """A check in the learner's kernel cannot be killed: its time budget stops the learner's code instead."""
    folder = workspace / "exercises" / "01-passphrase"
    notebook_path = folder / "passphrase.ipynb"
    endless = "def load_wordlist(text):\n    while True:\n        try:\n            pass\n        except Exception:\n            pass\n"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(solution_code(repo, "01-passphrase")),
                      nbformat.v4.new_code_cell(endless + "KEEP = 42"),
                      nbformat.v4.new_code_cell(
                          "import time, workshop.engine.inkernel as k\nk.KERNEL_CHECK_SECONDS = 2\nfrom workshop import check\n"
                          "_t = time.monotonic(); _r = check()\n"
                          "print('STATUS', _r.result.status.value, KEEP, round(time.monotonic() - _t), _r.result.message)")]
    nbformat.write(notebook, str(notebook_path))
    client = nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()
    text = "".join(output.get("text", "") for output in notebook.cells[-1].outputs if output.output_type == "stream")
    status, keep, seconds, message = text.split("STATUS", 1)[1].split(None, 3)
    assert (status, keep) == ("timeout", "42")
    assert int(seconds) < 10
    assert "loop" in message


def test_after_a_pass_the_notebook_names_the_next_exercise_of_the_recommended_order(repo):
    from workshop.core.exercise import load_exercise
    from workshop.engine.inkernel import _next_exercise

    assert _next_exercise(load_exercise(repo / "exercises" / "00-warm-up", "en")).startswith("01 · ")
    assert _next_exercise(load_exercise(repo / "exercises" / "01-passphrase", "en")).startswith("10 · ")
    assert _next_exercise(load_exercise(repo / "exercises" / "07-scrubber", "en")) == ""


def _saved_with_model_tests(repo: Path, saved: Path) -> None:
    """Save ``saved`` (a learner notebook of exercise 11) with its test cells replaced by the model tests."""
    from workshop.core.exercise import load_exercise

    model = json.loads((repo / "solutions/11-check-the-wordlist/check_wordlist.ipynb").read_text(encoding="utf-8"))
    tests = ["".join(cell["source"]) for cell in model["cells"]
             if cell["cell_type"] == "code" and "def test_" in "".join(cell["source"])]
    notebook = json.loads(saved.read_text(encoding="utf-8"))
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code" and "def test_" in "".join(cell["source"])
             and "skip-check" not in cell["metadata"].get("tags", [])]
    assert len(cells) == len(tests) == 3
    for cell, source in zip(cells, tests):
        cell["source"] = "\n".join(line for line in source.splitlines()
                                    if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
    saved.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    assert load_exercise(saved.parent)


def _check_in_kernel(folder: Path, call: str) -> tuple[str, dict]:
    """Run check() in a real kernel started in ``folder`` (its own cells define nothing): what it showed and its result."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        f"import json\nfrom workshop import check\n_r = {call}\nprint('RESULT' + json.dumps(_r.result.to_dict()))\n_r")]
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3", allow_errors=False,
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()
    text = _outputs(notebook.cells[0])
    assert any("text/html" in output.get("data", {}) for output in notebook.cells[0].outputs)
    return text, json.loads(text.split("RESULT", 1)[1].split("\n", 1)[0])


@pytest.mark.slow
def test_check_the_ai_checks_the_saved_notebook_in_a_real_kernel(workspace, repo):
    """check() in exercise 11 runs the tests of the notebook as saved (the kernel defines no test):
    it says to save first, and the model tests catch every hidden wrong version."""
    folder = workspace / "exercises" / "11-check-the-wordlist"
    _saved_with_model_tests(repo, folder / "check_wordlist.ipynb")
    text, result = _check_in_kernel(folder, 'check(lang="en")')
    assert "Checking the notebook as last saved (save it first: Ctrl+S)" in text
    assert result["status"] == "passed"
    assert "Your tests catch 8 of 8 wrong versions; the right version passes them." in text


@pytest.mark.slow
def test_check_the_ai_speaks_korean_in_the_korean_notebook(workspace, repo):
    """The Korean notebook's check(lang="ko") checks the saved Korean notebook (the stub: its empty tests
    fail the right version) and says so in Korean."""
    folder = workspace / "exercises" / "11-check-the-wordlist"
    english = folder / "check_wordlist.ipynb"
    _saved_with_model_tests(repo, english)  # were the English notebook checked, it would pass
    text, result = _check_in_kernel(folder, 'check(lang="ko")')
    assert result["notebook"].endswith("check_wordlist.ko.ipynb")
    assert result["status"] == "failed" and result["earned"] == 0
    assert "마지막으로 저장된 노트북을 검사합니다(먼저 Ctrl+S로 저장하십시오)" in text
    assert "여러분의 테스트가 맞는 버전에서 실패하므로" in text
    assert "Your tests" not in text and "right version" not in text

def test_my_progress_shows_what_checks_and_hints_recorded(workspace):
    """my_progress() (the notebook's `workshop progress`, the only way to see progress in the browser)
    shows each exercise's standing, points and the hints used, from the workspace's progress file."""
    from workshop.engine.inkernel import my_progress
    from workshop.core.progress import Progress
    from workshop.core.workspace import Workspace

    progress = Progress.load(Workspace(workspace).progress_file)
    progress.record_hint("01-passphrase", 1, 3)
    progress.record_hint("01-passphrase", 1, 3)
    progress.save()
    shown = my_progress()
    html, text = shown._repr_html_(), repr(shown)
    assert "Passphrase maker" in html and "Passphrase maker" in text
    count = len(Workspace(workspace).exercises())
    assert f"0 of {count} exercises passed." in html
    assert "Hints used: 2." in html and "Hints used: 2." in text
    assert "working" in html  # 01 now stands as worked on; the others as not started
    assert html.count("not started") == count - 1

