"""Korean exercises from one solution source: translations/ko.toml keyed with en_sha, Korean notebooks
made by build, validate failing on missing/stale/different-code translations, Korean in check/hint/list,
`workshop init --lang ko`, and check() in a real kernel."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

import pytest

from tests.conftest import run_cli
from tests.korean_fixture import write_korean
from workshop.core import translations
from workshop.services.authoring.build import build_exercise, planned_files
from workshop.core.exercise import load_exercise
from workshop.core.notebook import cell_source

HANGUL = re.compile(r"[가-힣]")
EX = "01-passphrase"


def test_en_sha_is_the_agreed_rule():
    text = "  Read a word list\r\nand more \n"
    expected = hashlib.sha256("Read a word list\nand more".encode("utf-8")).hexdigest()[:12]
    assert translations.en_sha(text) == expected


@pytest.fixture
def korean_ws(workspace):
    """The workspace with a complete synthetic Korean translation of 01, built."""
    solution = workspace / "solutions" / EX
    write_korean(solution)
    build_exercise(load_exercise(solution, lang="en"), workspace / "exercises")
    return workspace


def test_build_makes_a_korean_notebook_with_the_same_code(korean_ws):
    folder = korean_ws / "exercises" / EX
    english = json.loads((folder / "passphrase.ipynb").read_text(encoding="utf-8"))
    korean = json.loads((folder / "passphrase.ko.ipynb").read_text(encoding="utf-8"))
    assert [c["id"] for c in english["cells"]] == [c["id"] for c in korean["cells"]]
    for en_cell, ko_cell in zip(english["cells"], korean["cells"]):
        if en_cell["cell_type"] == "code" and "check" not in en_cell["metadata"].get("tags", []):
            assert translations.code_shape(cell_source(en_cell)) == translations.code_shape(cell_source(ko_cell))
    markdown = [cell_source(c) for c in korean["cells"] if c["cell_type"] == "markdown"]
    assert all(HANGUL.search(text) for text in markdown)
    assert "AI 도우미와 함께 풀기" in "".join(markdown) and "핵심 정리" in "".join(markdown)
    assert cell_source(korean["cells"][-1]) == 'from workshop import check\n\ncheck(lang="ko")'
    assert korean["metadata"]["workshop"]["language"] == "ko"
    # What learners get has no hidden test names and no hashes.
    plain = (folder / "exercise.ko.toml").read_text(encoding="utf-8")
    hidden = translations.test_docstrings(next((korean_ws / "solutions" / EX / "hidden").glob("test_*.py")))
    assert hidden and not any(name in plain for name in hidden) and "en_sha" not in plain
    assert planned_files(load_exercise(korean_ws / "solutions" / EX, lang="en"))["passphrase.ko.ipynb"] == (
        folder / "passphrase.ko.ipynb").read_bytes()  # deterministic


def test_status_and_skeleton_show_what_to_do(korean_ws, capsys, monkeypatch):
    monkeypatch.chdir(korean_ws)
    assert translations.main(["status", "01"]) == 0
    assert "01-passphrase: ok" in capsys.readouterr().out
    ko_toml = korean_ws / "solutions" / "02-thread-splitter" / "translations" / "ko.toml"
    if ko_toml.is_file():  # 02's translation is complete: take out two entries, as a half-done one would lack
        lines = ko_toml.read_text(encoding="utf-8").splitlines(keepends=True)
        meta = next(i for i, line in enumerate(lines) if line.startswith("title = ") and i > lines.index("[meta]\n"))
        third = [i for i, line in enumerate(lines) if line.startswith("  { en_sha")][3 - 1 + sum(
            1 for line in lines[:lines.index("[[tasks]]\n")] if line.startswith("  { en_sha"))]
        ko_toml.write_text("".join(line for i, line in enumerate(lines) if i not in (meta, third)), encoding="utf-8")
    assert translations.main(["status", "02"]) == 1
    out = capsys.readouterr().out
    assert "missing  meta.title" in out and "missing  tasks[0].hints[2]" in out
    assert translations.main(["skeleton", "02"]) == 0
    skeleton = capsys.readouterr().out
    import tomllib

    parsed = tomllib.loads(skeleton)
    assert parsed["meta"]["title"]["en_sha"] == translations.en_sha(load_exercise(
        korean_ws / "solutions" / "02-thread-splitter", lang="en").title)


@pytest.mark.slow
def test_validate_passes_a_complete_translation_and_fails_stale_missing_and_changed_code(korean_ws):
    done = run_cli("validate", "01", cwd=korean_ws)
    assert done.returncode == 0, done.stdout + done.stderr
    path = korean_ws / "solutions" / EX / "translations" / "ko.toml"
    text = path.read_text(encoding="utf-8")
    # 1. the English title changes: its translation is stale
    metadata = korean_ws / "solutions" / EX / "exercise.toml"
    metadata.write_text(metadata.read_text(encoding="utf-8").replace('title = "Passphrase maker"',
                                                                     'title = "Passphrase builder"'), encoding="utf-8")
    # 2. a hint's translation is removed: missing
    lines = text.splitlines()
    hint_line = next(i for i, line in enumerate(lines) if line.strip().startswith("hints = ["))
    del lines[hint_line + 3]  # the third hint of task 1
    # 3. the Korean stub changes the code, not only its words
    text = "\n".join(lines).replace('raise NotImplementedError("load_wordlist() 함수의 본문을 작성하십시오")',
                                    "return []", 1)
    path.write_text(text, encoding="utf-8")
    run_cli("build", "01", cwd=korean_ws)
    done = run_cli("validate", "01", cwd=korean_ws)
    assert done.returncode == 1
    output = done.stdout + done.stderr
    assert "meta.title" in output and "out of date" in output
    assert "tasks[0].hints[2]" in output and "missing" in output
    assert "is not the same code as the English stub" in output


def test_an_exercise_without_translation_fails_only_when_korean_is_required(workspace):
    from workshop.core.workspace import Workspace
    from workshop.services.authoring.validate import ExerciseReport, _korean_problems

    (workspace / "solutions" / EX / "translations" / "ko.toml").unlink(missing_ok=True)
    solution = load_exercise(workspace / "solutions" / EX, lang="en")
    report = ExerciseReport(EX)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(translations, "KOREAN_REQUIRED", False)
        _korean_problems(solution, report, workspace / "exercises" / EX)
    assert not report.problems and any("no Korean translation" in fact for fact in report.facts)
    import os

    os.environ["WORKSHOP_REQUIRE_KO"] = "1"
    try:
        report = ExerciseReport(EX)
        _korean_problems(solution, report, Workspace(workspace).exercises_dir / EX)
    finally:
        del os.environ["WORKSHOP_REQUIRE_KO"]
    assert any("missing Korean translation" in problem for problem in report.problems)


def _english_words(text: str, allowed: list[str]) -> list[str]:
    """Lines with English prose left (code, commands, file names and numbers are fine)."""
    code = re.compile(r"`[^`]*`|workshop [a-z-]+( \d+)?|[\w./-]+\.(py|ipynb|json)|NotImplementedError:.*|\w+\(\)")
    left = []
    for line in text.splitlines():
        rest = code.sub("", line)
        for word in allowed:
            rest = rest.replace(word, "")
        if re.search(r"[A-Za-z]{3,}", rest) and not HANGUL.search(rest):
            left.append(line)
    return left


def test_check_hint_list_progress_speak_korean(korean_ws):
    env = {"WORKSHOP_LANG": "ko"}
    check = run_cli("check", "01", cwd=korean_ws, env=env)
    assert check.returncode == 1
    assert "한국어: Read a word list" in check.stdout and "한국어 설명:" in check.stdout
    assert "함수의 본문을 작성하십시오" in check.stdout  # the Korean notebook was checked
    assert not _english_words(check.stdout, []), check.stdout
    for command in (["hint", "01"], ["list"], ["progress"]):
        shown = run_cli(*command, cwd=korean_ws, env=env).stdout
        assert HANGUL.search(shown)
        titles = [ex.title for ex in (load_exercise(p.parent, lang="en") for p in
                                      (korean_ws / "exercises").glob("*/exercise.toml")) if ex.number != 1]
        assert not _english_words(shown, titles), (command, shown)


def test_init_lang_ko_gives_korean_notebooks_under_the_usual_names(korean_ws, tmp_path):
    target = tmp_path / "mine"
    done = run_cli("init", str(target), "--lang", "ko", cwd=korean_ws, env={"WORKSHOP_LANG": ""})
    assert done.returncode == 0, done.stderr
    assert "복사했고" in done.stdout
    folder = target / "exercises" / EX
    notebook = json.loads((folder / "passphrase.ipynb").read_text(encoding="utf-8"))
    assert notebook["metadata"]["workshop"]["language"] == "ko"
    assert not (folder / "passphrase.ko.ipynb").exists()
    assert (target / ".workshop" / "language").read_text(encoding="utf-8").strip() == "ko"
    assert "연습 문제" in run_cli("list", cwd=target, env={"LANG": "C.UTF-8"}).stdout  # remembered
    assert "내 워크숍 폴더" in (target / "README.txt").read_text(encoding="utf-8")
    english = tmp_path / "theirs"
    run_cli("init", str(english), "--lang", "en", cwd=korean_ws)
    assert "language" not in json.loads((english / "exercises" / EX / "passphrase.ipynb").read_text(
        encoding="utf-8"))["metadata"]["workshop"]
    assert not (english / "exercises" / EX / "passphrase.ko.ipynb").exists()


@pytest.mark.slow
def test_check_in_a_korean_notebook_in_a_real_kernel_shows_korean_html(korean_ws, tmp_path):
    nbclient = pytest.importorskip("nbclient")
    import nbformat

    target = tmp_path / "mine"
    assert run_cli("init", str(target), "--lang", "ko", cwd=korean_ws).returncode == 0
    folder = target / "exercises" / EX
    notebook = nbformat.read(str(folder / "passphrase.ipynb"), as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()
    outputs = notebook.cells[-1].outputs
    html = "".join(output.get("data", {}).get("text/html", "") for output in outputs)
    assert html, outputs
    assert "아직" in html and "과제 1" in html and "한국어: Read a word list" in html
    assert "한국어 설명:" in html and "함수의 본문을 작성하십시오" in html


def _prose_lines(html_text: str) -> list[str]:
    import html as html_module

    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html_text, flags=re.S)
    text = html_module.unescape(re.sub(r"<[^>]+>", "\n", body))
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_grade_summary_feedback_and_report_in_korean(korean_ws, tmp_path):
    submissions = tmp_path / "class"
    for learner, source in (("alice", korean_ws / "exercises" / EX / "passphrase.ko.ipynb"),
                            ("bob", korean_ws / "solutions" / EX / "passphrase.ipynb")):
        (submissions / learner).mkdir(parents=True)
        shutil.copyfile(source, submissions / learner / "passphrase.ipynb")
    out = tmp_path / "out"
    done = run_cli("grade", str(submissions), "--out", str(out), "--exercises", "01", cwd=korean_ws,
                   env={"WORKSHOP_LANG": "ko"})
    assert done.returncode == 0, done.stderr
    assert "학습자 2명" in done.stdout and "통과" in done.stdout
    for page in (out / "report.html", out / "feedback" / "alice.html"):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="ko">' in text
        code = re.compile(r"^[\w.-]+(\.ipynb)?(: \d+%)?$|^\d|^alice$|^bob$|NotImplementedError|\w+\(\)")
        english = [line for line in _prose_lines(text)
                   if re.search(r"[A-Za-z]{3,}", line) and not HANGUL.search(line) and not code.search(line)]
        assert not english, (page.name, english)


def test_board_page_in_korean(monkeypatch):
    from workshop.util import i18n
    from workshop.board.page import board_page

    monkeypatch.setenv("WORKSHOP_LANG", "ko")
    i18n.reset()
    try:
        page = board_page().html
    finally:
        monkeypatch.delenv("WORKSHOP_LANG")
        i18n.reset()
    assert '<html lang="ko">' in page and "현황판" in page and "도움 요청 대기열" in page
    assert '<html lang="en">' in board_page().html
