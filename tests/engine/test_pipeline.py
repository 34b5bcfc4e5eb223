"""The check pipeline on real notebooks in real child processes: every status a learner can meet."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import solution_code, write_notebook
from workshop.core.exercise import load_exercise
from workshop.engine.pipeline import check_notebook
from workshop.engine.result import Outcome, Status
from workshop.engine.sandbox import Limits


@pytest.fixture(scope="module")
def exercise(repo):
    return load_exercise(repo / "exercises" / "01-passphrase")


@pytest.fixture(scope="module")
def solution(repo) -> str:
    return solution_code(repo, "01-passphrase")


def notebook(tmp_path: Path, *cells) -> Path:
    return write_notebook(tmp_path / "passphrase.ipynb", list(cells))


def test_solution_passes_with_points_and_tasks(exercise, solution, tmp_path):
    result = check_notebook(exercise, notebook(tmp_path, solution))
    assert result.status is Status.PASSED
    assert result.earned == result.possible == 19
    assert [task.done for task in result.tasks()] == [True, True, True]
    assert all(test.task in (1, 2, 3) for test in result.tests)


def test_learner_stub_fails_with_message_hint_and_cell(exercise):
    result = check_notebook(exercise, exercise.notebook)
    assert result.status is Status.FAILED
    first = result.tests[0]
    assert first.outcome is Outcome.FAILED
    assert "NotImplementedError" in first.message
    assert first.hint == exercise.tasks[0].hints[0]
    assert first.location is not None and first.location[0] >= 1


def test_partial_work_fails_only_the_missing_task(exercise, solution, tmp_path):
    broken = solution.replace("return n_words * math.log2(list_size)", "return n_words * 12")
    result = check_notebook(exercise, notebook(tmp_path, broken))
    assert result.status is Status.FAILED
    done = {task.number: task.done for task in result.tasks()}
    assert done == {1: True, 2: False, 3: True}
    failing = [test for test in result.tests if not test.passed]
    assert all(test.task == 2 for test in failing)
    assert any("assert" in test.message for test in failing)


def test_hidden_tests_are_run_and_their_code_is_not_shown(exercise, repo, solution, tmp_path):
    hidden = sorted((repo / "solutions" / "01-passphrase" / "hidden").glob("test_*.py"))
    broken = solution.replace("return n_words * math.log2(list_size)", "return n_words * 12")
    result = check_notebook(exercise, notebook(tmp_path, broken), hidden_tests=hidden)
    hidden_failures = [test for test in result.tests if test.hidden and not test.passed]
    assert hidden_failures
    for test in hidden_failures:
        assert "entropy_bits(" not in test.message and "approx" not in test.message
        assert test.description  # the learner sees what the test checks, in words


def test_syntax_error_names_the_cell(exercise, tmp_path):
    result = check_notebook(exercise, notebook(tmp_path, ("markdown", "# hi"), "x = 1", "def f(:\n    pass"))
    assert result.status is Status.ERROR
    assert "cell 3" in result.message and "SyntaxError" in result.message


def test_error_at_import_is_reported_with_its_cell(exercise, tmp_path):
    result = check_notebook(exercise, notebook(tmp_path, "x = 1", "undefined_name + 1"))
    assert result.status is Status.ERROR
    assert "cell 2" in result.message
    assert "NameError" in result.detail


def test_missing_functions_say_so(exercise, tmp_path):
    result = check_notebook(exercise, notebook(tmp_path, "x = 1"))
    assert result.status is Status.ERROR
    assert "define every function" in result.message


@pytest.mark.parametrize("code", ["import sys\nsys.exit(0)", "exit()", "raise SystemExit(3)"])
def test_sys_exit_at_import(exercise, tmp_path, code):
    result = check_notebook(exercise, notebook(tmp_path, code))
    assert result.status is Status.ERROR
    assert "exit" in result.message


def test_os_exit_at_import(exercise, tmp_path):
    result = check_notebook(exercise, notebook(tmp_path, "import os\nos._exit(0)"))
    assert result.status is Status.ERROR
    assert "os._exit" in result.message


def test_infinite_loop_times_out_and_is_killed(exercise, tmp_path):
    result = check_notebook(exercise, notebook(tmp_path, "while True:\n    pass"), limits=Limits(timeout=1.5))
    assert result.status is Status.TIMEOUT
    assert result.duration < 6


def test_infinite_loop_inside_a_test_times_out(exercise, solution, tmp_path):
    looping = solution + "\ndef entropy_bits(n_words, list_size=7776):\n    while True:\n        pass\n"
    result = check_notebook(exercise, notebook(tmp_path, looping), limits=Limits(timeout=1.5))
    assert result.status is Status.TIMEOUT


def test_megabytes_of_output_do_not_matter(exercise, solution, tmp_path):
    noisy = "print('x' * 5_000_000)\nfor _ in range(20):\n    print('y' * 1_000_000)\n" + solution
    result = check_notebook(exercise, notebook(tmp_path, noisy))
    assert result.status is Status.PASSED


def test_memory_hog_hits_the_limit(exercise, tmp_path):
    result = check_notebook(exercise, notebook(tmp_path, "hog = bytearray(3 * 1024 ** 3)"),
                            limits=Limits(memory_mb=512))
    if os.name != "posix":
        pytest.skip("memory limits are POSIX-only")
    assert result.status is Status.RESOURCE_LIMIT


def test_tests_that_use_caplog_get_it(repo, solution, tmp_path):
    """The checker leaves pytest's logging plugin out for speed, except for tests that ask for caplog."""
    import shutil

    folder = tmp_path / "01-passphrase"
    shutil.copytree(repo / "exercises" / "01-passphrase", folder)
    with (folder / "test_passphrase.py").open("a", encoding="utf-8") as tests:
        tests.write("\n\n@pytest.mark.task(1)\ndef test_logs_are_captured(caplog):\n    import logging\n"
                    "    logging.getLogger('passphrase').warning('made one')\n    assert 'made one' in caplog.text\n")
    result = check_notebook(load_exercise(folder), notebook(tmp_path, solution))
    assert result.status is Status.PASSED
    assert "test_logs_are_captured" in [test.name for test in result.tests]


def test_writing_files_without_end_is_stopped(exercise, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_WORK_DIR", str(tmp_path))  # and the work folder goes where it is told
    filler = "import itertools\nfor n in itertools.count():\n    open(f'f{n}', 'wb').write(b'x' * 10_000_000)\n"
    result = check_notebook(exercise, notebook(tmp_path, filler), limits=Limits(timeout=5, disk_mb=50))
    assert result.status is Status.RESOURCE_LIMIT
    assert "50 MB" in result.message
    assert result.duration < 4
    assert [path.name for path in tmp_path.iterdir()] == ["passphrase.ipynb"]  # the work folder is gone


@pytest.mark.parametrize("content,needle", [
    (b"", "empty"),
    (b"{not json", "not valid JSON"),
    (b"PK\x03\x04rest-of-a-zip", "zip"),
    (b"\xff\xfe\x00garbage", "UTF-8"),
    (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "version 3"),
    (json.dumps({"hello": "world"}).encode(), "not a Jupyter notebook"),
])
def test_unreadable_notebooks(exercise, tmp_path, content, needle):
    path = tmp_path / "passphrase.ipynb"
    path.write_bytes(content)
    result = check_notebook(exercise, path)
    assert result.status is Status.INVALID_NOTEBOOK
    assert needle in result.message
    assert path.read_bytes() == content  # the learner's file is never touched


def test_missing_notebook(exercise, tmp_path):
    result = check_notebook(exercise, tmp_path / "nowhere.ipynb")
    assert result.status is Status.INVALID_NOTEBOOK
    assert "does not exist" in result.message


def test_writing_outside_the_sandbox_is_refused(exercise, solution, tmp_path):
    target = tmp_path / "outside.txt"
    code = f"open({str(target)!r}, 'w').write('pwned')\n" + solution
    result = check_notebook(exercise, notebook(tmp_path, code))
    assert result.status is Status.ERROR
    assert "does not let" in result.detail
    assert not target.exists()


def test_starting_processes_is_refused(exercise, solution, tmp_path):
    code = "import subprocess\nsubprocess.run(['echo', 'hi'])\n" + solution
    result = check_notebook(exercise, notebook(tmp_path, code))
    assert result.status is Status.ERROR
    assert "start programs" in result.detail


def test_writing_in_the_working_folder_is_allowed(exercise, solution, tmp_path):
    code = "with open('scratch.txt', 'w') as handle:\n    handle.write('ok')\n" + solution
    assert check_notebook(exercise, notebook(tmp_path, code)).status is Status.PASSED


def test_faking_a_pass_by_patching_pytest_is_not_a_pass(exercise, tmp_path):
    cheat = (
        "import _pytest.runner\n"
        "_original = _pytest.runner.call_and_report\n"
        "def call_and_report(item, when, log=True, **kwargs):\n"
        "    report = _original(item, when, log=False, **kwargs)\n"
        "    report.outcome = 'passed'\n"
        "    report.longrepr = None\n"
        "    item.ihook.pytest_runtest_logreport(report=report)\n"
        "    return report\n"
        "_pytest.runner.call_and_report = call_and_report\n"
    )
    result = check_notebook(exercise, notebook(tmp_path, cheat))
    assert result.status is not Status.PASSED
    assert result.earned == 0


def test_forging_the_result_line_is_not_a_pass(exercise, tmp_path):
    forge = (
        "import os, json\n"
        "fake = json.dumps({'tests': [], 'collection_errors': []})\n"
        "for fd in range(3, 12):\n"
        "    try:\n"
        "        os.write(fd, ('WORKSHOP-RESULT ' + '0' * 64 + ' ' + fake + '\\n').encode())\n"
        "    except OSError:\n"
        "        pass\n"
        "os._exit(0)\n"
    )
    result = check_notebook(exercise, notebook(tmp_path, forge))
    assert result.status is Status.ERROR
    assert result.earned == 0


def test_skipping_tests_is_not_a_pass(exercise, solution, tmp_path):
    code = "import pytest\npytest.skip('nothing to see', allow_module_level=True)\n" + solution
    result = check_notebook(exercise, notebook(tmp_path, code))
    assert result.status is not Status.PASSED


def test_korean_and_magics_in_cells(exercise, solution, tmp_path):
    cells = ["%matplotlib inline\n!pip install nothing\n인사 = '안녕하세요'", solution,
             "len?\n%timeit entropy_bits(6)"]
    assert check_notebook(exercise, notebook(tmp_path, *cells)).status is Status.PASSED


def test_skip_tagged_cells_are_left_out(exercise, solution, tmp_path):
    path = write_notebook(tmp_path / "passphrase.ipynb", [solution, "raise RuntimeError('demo only')"])
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cells"][1]["metadata"]["tags"] = ["skip-check"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert check_notebook(exercise, path).status is Status.PASSED


def test_result_round_trips_through_json(exercise):
    from workshop.engine.result import CheckResult

    result = check_notebook(exercise, exercise.notebook)
    again = CheckResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again.to_dict() == result.to_dict()


def test_result_dict_holds_every_field_as_plain_data(exercise):
    from dataclasses import asdict

    result = check_notebook(exercise, exercise.notebook)
    result.tests[0].location = (3, 4)
    expected = asdict(result)
    expected["status"] = result.status.value
    expected["task_titles"] = {str(key): value for key, value in result.task_titles.items()}
    expected["stretch_tasks"] = list(result.stretch_tasks)  # JSON has lists, not tuples
    for test in expected["tests"]:
        test["outcome"] = test["outcome"].value
    data = result.to_dict()
    assert {key: data[key] for key in expected} == expected
    assert (data["earned"], data["possible"]) == (result.earned, result.possible)


PATCHES_PYTEST = ("import _pytest.python\n"
                  "_pytest.python.Function.runtest = lambda self: None  # every test 'passes'\n")


@pytest.mark.parametrize("split_mode", ["on", "off"])
def test_code_that_replaces_pytests_runner_never_passes(exercise, solution, tmp_path, monkeypatch, split_mode):
    # Split (POSIX): the learner's own pytest is not the one that runs the tests, so the wrong task
    # still fails. One process (Windows): the replaced runner is noticed and nothing counts.
    monkeypatch.setenv("WORKSHOP_SPLIT", split_mode)
    broken = solution.replace("return n_words * math.log2(list_size)", "return n_words * 12")
    result = check_notebook(exercise, notebook(tmp_path, broken, PATCHES_PYTEST))
    assert result.status is not Status.PASSED
    if split_mode == "on":
        assert result.status is Status.FAILED and not all(test.passed for test in result.tests if test.task == 2)
    else:
        assert result.status is Status.ERROR and "cannot be trusted" in result.message and result.earned == 0
