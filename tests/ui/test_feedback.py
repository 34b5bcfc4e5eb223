"""What a check says, in plain words: failures from the test's own values, where, how many hidden
tests grading adds, and the next step, in the terminal and in the notebook alike."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli, solution_code
from workshop.ui.feedback import location_text, plain_message
from workshop.engine.result import Outcome, TestResult
from workshop.ui.views.html import result_html


def failed(message: str, hidden: bool = False) -> TestResult:
    return TestResult(name="t", task=1, points=1, outcome=Outcome.FAILED, message=message, hidden=hidden)


@pytest.mark.parametrize("raw, words", [
    ("Failed: DID NOT RAISE ValueError", "Expected a ValueError here, but your code raised none."),
    ("Failed: DID NOT RAISE <class 'ValueError'>", "Expected a ValueError here, but your code raised none."),
    ("AssertionError: assert 2009999999 == 2010000000\n +  where 2009999999 = parse_size('2.01 GB')",
     "Your code gave 2009999999 (from parse_size('2.01 GB')), but the test expected 2010000000."),
    ("AssertionError: assert 'a-b' != 'a-b'",
     "The test expected two different results, but both were 'a-b'."),
    ("AssertionError: a post\nassert 281 <= 280\n +  where 281 = x_weight('a post')",
     "The test needs 281 (from x_weight('a post')) to be at most 280. (The test's note: a post)"),
    ("NotImplementedError: Write the body of load_wordlist()",
     "Not written yet: Write the body of load_wordlist(). Replace the raise NotImplementedError line with your code."),
    ("EOFError: EOF when reading a line", "input() cannot be answered during a check"),
    ("KeyError: 'year'", "Your code raised KeyError: 'year'"),
])
def test_pytest_jargon_becomes_plain_words(raw, words):
    assert words in plain_message(failed(raw))
    assert "DID NOT RAISE" not in plain_message(failed(raw))


def test_a_hidden_failure_shows_no_test_code():
    assert plain_message(failed("AssertionError", hidden=True)) == (
        "Your code gave a different result from the one this test expects.")


def test_locations_say_how_cells_are_counted():
    assert "cell 4 from the top of the notebook (text cells count too), line 13" in location_text((4, 13))
    assert "cell [7]" in location_text((7, 2), in_kernel=True)


def _notebook_with(workspace, code: str):
    path = workspace / "exercises" / "01-passphrase" / "passphrase.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and "def load_wordlist" in "".join(cell["source"]):
            cell["source"] = code
            break
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


WRONG_LOADER = '''import math
import secrets


def load_wordlist(text):
    words = []
    for line in text.splitlines():
        word = line.split()[-1]
        if not line.startswith("#"):
            words.append(word)
    return words
'''


def test_terminal_view_speaks_plain_words_with_place_and_next_step(workspace):
    _notebook_with(workspace, WRONG_LOADER)
    done = run_cli("check", "01", cwd=workspace, env={"COLUMNS": "200"})
    out = done.stdout
    assert done.returncode == 1
    assert "not yet" in out and "failed" not in out.lower()
    assert "Expected a ValueError here, but your code raised none." in out
    assert "DID NOT RAISE" not in out
    assert "Your code raised IndexError: list index out of range" in out
    assert "in cell 4 from the top of the notebook (text cells count too), line 8" in out
    assert "more not passing" in out
    assert "Next: change the code the first message above is about" in out
    verbose = run_cli("check", "01", "--verbose", cwd=workspace, env={"COLUMNS": "200"}).stdout
    assert "pytest said: Failed: DID NOT RAISE ValueError" in verbose


def test_a_pass_says_how_many_more_tests_grading_uses(workspace, repo):
    path = workspace / "exercises" / "01-passphrase" / "passphrase.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"] = [c for c in notebook["cells"] if c["cell_type"] == "markdown"] + [
        {"cell_type": "code", "execution_count": None, "id": "code", "metadata": {}, "outputs": [],
         "source": solution_code(repo, "01-passphrase")}]
    path.write_text(json.dumps(notebook), encoding="utf-8")
    hidden = json.loads((repo / "exercises" / "01-passphrase" / "passphrase.ipynb").read_text(
        encoding="utf-8"))["metadata"]["workshop"]["hidden_tests"]
    assert hidden > 0
    done = run_cli("check", "01", cwd=workspace, env={"COLUMNS": "200"})
    assert done.returncode == 0
    assert f"{hidden} more tests are used when the facilitator grades." in done.stdout
    listing = run_cli("list", cwd=workspace, env={"COLUMNS": "200"}).stdout
    assert "Next: exercise 02" in listing


def test_notebook_view_says_the_same_left_aligned(workspace):
    from workshop.core.exercise import load_exercise
    from workshop.engine.pipeline import check_notebook

    path = _notebook_with(workspace, WRONG_LOADER)
    exercise = load_exercise(path.parent)
    html = result_html(check_notebook(exercise, path), exercise.title, "01", in_kernel=False)
    assert "not yet" in html and "— failed" not in html
    assert "Expected a ValueError here, but your code raised none." in html
    assert "more not passing" in html
    assert "from the top of the notebook" in html
    assert "Next: change the code the first message above is about" in html
    assert "text-align:left" in html


def test_a_notebook_of_another_language_is_reported_as_such(workspace):
    from workshop.core.exercise import load_exercise
    from workshop.engine.pipeline import check_notebook
    from workshop.engine.result import Status

    path = workspace / "exercises" / "01-passphrase" / "passphrase.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["metadata"]["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
    notebook["metadata"]["language_info"] = {"name": "R"}
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "r", "metadata": {},
                              "outputs": [], "source": "words <- c('sun', 'moon')"})
    path.write_text(json.dumps(notebook), encoding="utf-8")
    result = check_notebook(load_exercise(path.parent), path)
    assert result.status is Status.INVALID_NOTEBOOK
    assert "R kernel" in result.message and "Python 3" in result.message
