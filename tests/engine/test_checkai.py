"""The "check the AI" kind (workshop/engine/checkai.py): the learner's tests against the AI's versions."""

from __future__ import annotations

import json
import shutil

from tests.conftest import run_cli, write_notebook

EXAMPLE = '''
def test_reads_words_in_order():
    """An example."""
    assert load_wordlist("baba\\nbabe\\n") == ["baba", "babe"]
'''
WEAK = EXAMPLE + '''
import pytest


def test_no_words_is_an_error():
    """An empty list is an error."""
    with pytest.raises(ValueError):
        load_wordlist("")
'''
WRONG_EXPECTATION = EXAMPLE + '''
def test_sorted():
    """Expects alphabetical order, which the rules never say."""
    assert load_wordlist("zulu\\nalpha\\n") == ["alpha", "zulu"]
'''
# Learner code that reads every file it can (the hidden versions, its own module file) and puts it into
# its failure message, on every version that gets indented comments wrong: the right version passes it,
# so the hidden wrong versions run.
HOSTILE = '''
import glob, os

def _everything():
    found = []
    for path in glob.glob("/**/*.py", recursive=True) + glob.glob("*.py") + glob.glob("../**/*.py", recursive=True):
        try:
            with open(path, encoding="utf-8") as handle:
                found.append(path + "\\n" + handle.read())
        except Exception as error:
            found.append(str(error))
    return "\\n".join(found)

def test_leak():
    """Leaks what it can read."""
    result = load_wordlist("  # note\\nsun\\n11111 moon\\n")
    assert result == ["sun", "moon"], _everything()[:20000] + repr(result)
'''
# The known cheat: tests that compare the function's code with the version shown as right.
CHEATS = {
    "source": '''
import inspect

def test_is_version_b():
    assert "raw_line" in inspect.getsource(load_wordlist)
''',
    "bytecode": '''
def test_same_code():
    assert len(load_wordlist.__code__.co_code) > 0 and load_wordlist.__code__.co_consts[0] is None
''',
    "dis": '''
import dis, io

def test_disassembly():
    out = io.StringIO()
    dis.dis(load_wordlist, file=out)
    assert "raw_line" in out.getvalue()
''',
    "computed name": '''
def test_by_name():
    code = getattr(load_wordlist, "__co" + "de__")
    assert "raw_line" in code.co_varnames
''',
    "format field": '''
def test_format():
    assert "raw_line" in "{0.__code__.co_varnames}".format(load_wordlist)
''',
}
# Fingerprints no rule forbids: the module's own file, and where in a traceback the error was raised.
FINGERPRINTS = '''
import pytest

def test_own_file_holds_version_b():
    with open("check_wordlist.py", encoding="utf-8") as handle:
        assert "raw_" + "line" in handle.read()  # a name only version B uses
'''


def _check(workspace, cells, *extra):
    notebook = write_notebook(workspace / "mine" / "check_wordlist.ipynb", cells)
    done = run_cli("check", "11", "--notebook", str(notebook), "--json", *extra, cwd=workspace)
    return done, json.loads(done.stdout)


def test_the_stub_fails_and_says_to_write_the_tests(workspace):
    done = run_cli("check", "11", cwd=workspace)
    assert done.returncode != 0
    assert "fail the right version" in done.stdout
    assert "Write the body of test_drops_dice_numbers()" in done.stdout.replace("\n", " ").replace("  ", " ")


def test_the_model_tests_catch_every_hidden_wrong_version(workspace):
    done = run_cli("check", "11", "--notebook", "solutions/11-check-the-wordlist/check_wordlist.ipynb", cwd=workspace)
    assert done.returncode == 0, done.stdout
    assert "Your tests catch 8 of 8 wrong versions; the right version passes them." in done.stdout


def test_a_weak_test_set_catches_some(workspace):
    done, result = _check(workspace, [WEAK])
    assert done.returncode != 0
    assert result["status"] == "failed"
    assert 0 < result["earned"] < result["possible"] == 8
    assert f"catch {result['earned']:g} of 8 wrong versions" in result["message"]


def test_tests_that_fail_the_right_version_earn_nothing_and_say_why(workspace):
    done, result = _check(workspace, [WRONG_EXPECTATION])
    assert result["earned"] == 0
    assert "Your tests fail the right version" in result["message"] and "test_sorted" in result["message"]


def test_no_tests_at_all_says_to_write_some(workspace):
    done, result = _check(workspace, ["x = 1"])
    assert result["earned"] == 0 and "no tests yet" in result["message"]


def test_in_a_learner_workspace_the_shown_versions_are_checked(workspace):
    shutil.rmtree(workspace / "solutions")
    notebook = workspace / "exercises/11-check-the-wordlist/check_wordlist.ipynb"
    model = json.loads((workspace.parent / "ws").joinpath("exercises/11-check-the-wordlist/check_wordlist.ipynb")
                       .read_text(encoding="utf-8"))
    assert notebook.is_file() and model
    done, result = _check(workspace, [WEAK])
    assert result["possible"] == 2  # versions A and C of the notebook; the 8 hidden ones are not here
    assert not (workspace / "exercises/11-check-the-wordlist/hidden").exists()


def test_hidden_wrong_versions_never_reach_the_output(workspace):
    done, result = _check(workspace, [HOSTILE], "--verbose")
    text = done.stdout + done.stderr
    hidden = sorted((workspace / "solutions/11-check-the-wordlist/hidden").glob("*.py"))
    assert len(hidden) >= 6
    shown = "".join(path.read_text(encoding="utf-8")
                    for path in (workspace / "solutions/11-check-the-wordlist/candidates").glob("*.py"))
    secret = [line.strip() for path in hidden for line in path.read_text(encoding="utf-8").splitlines()
              if len(line.strip()) > 12 and line.strip() not in shown]
    assert len(secret) >= 6  # lines of the hidden versions that the shown ones do not have
    assert result["status"] == "failed"
    for line in secret:
        assert line not in text


def test_grade_scores_catches(workspace, tmp_path):
    learners = tmp_path / "in"
    (learners / "ada").mkdir(parents=True)
    shutil.copy(workspace / "solutions/11-check-the-wordlist/check_wordlist.ipynb", learners / "ada")
    write_notebook(learners / "bo" / "check_wordlist.ipynb", [WEAK])
    write_notebook(learners / "cy" / "check_wordlist.ipynb", [WRONG_EXPECTATION])
    out = tmp_path / "out"
    done = run_cli("grade", str(learners), "--out", str(out), "--exercises", "11", cwd=workspace, timeout=600)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    book = json.loads((out / "gradebook.json").read_text(encoding="utf-8"))
    text = json.dumps(book)
    assert text
    points = {}
    def entries(node):
        if isinstance(node, dict):
            if "learner" in node and "earned" in node:
                yield node
            for value in node.values():
                yield from entries(value)
        elif isinstance(node, list):
            for value in node:
                yield from entries(value)
    for entry in entries(book):
        points[entry["learner"]] = (entry.get("earned"), entry.get("possible"))
    assert points["ada"][0] == 8  # every hidden wrong version caught
    assert points["cy"][0] == 0
    assert 0 < points["bo"][0] < 8
    # The class report and the feedback pages name a wrong version's row in this kind's words.
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Wrong version not caught: " in report and "hidden wrong version" in report
    assert "grading test" not in report
    weak = next((out / "feedback").glob("bo*.html")).read_text(encoding="utf-8")
    assert "Wrong version not caught: " in weak and "Wrong version caught: " in weak and "Caught: " in weak
    assert "grading test" not in weak


def test_tests_that_read_the_code_are_refused_and_earn_nothing(workspace):
    for name, cell in CHEATS.items():
        done, result = _check(workspace, [EXAMPLE, cell])
        assert done.returncode != 0, name
        assert result["earned"] == 0, name
        assert "look at how load_wordlist() is written" in result["message"], (name, result["message"])
        assert "Traceback" not in done.stdout + done.stderr


def test_a_version_is_not_in_the_learners_module_file(workspace):
    done, result = _check(workspace, [EXAMPLE, FINGERPRINTS])
    assert result["earned"] == 0
    assert "Your tests fail the right version" in result["message"]
    assert "test_own_file_holds_version_b" in result["message"]


def test_every_version_compiles_alike():
    """No line number, file name or docstring says which version runs."""
    from pathlib import Path

    from workshop.engine.version import FILENAME, compile_version

    folder = Path(__file__).resolve().parents[2] / "solutions/11-check-the-wordlist"
    for path in sorted(folder.glob("candidates/*.py")) + sorted(folder.glob("hidden/*.py")):
        namespace: dict = {}
        exec(compile_version(path.read_text(encoding="utf-8")), namespace)
        code = namespace["load_wordlist"].__code__
        assert code.co_filename == FILENAME and code.co_firstlineno == 1, path.name
        assert {line for _, _, line in code.co_lines() if line is not None} == {1}, path.name
        assert namespace["load_wordlist"].__doc__ is None and "__doc__" not in namespace or namespace["__doc__"] is None
