"""Issue 17's "Done when", end to end: a participant who reads only Korean can use every command.

The real CLI runs in a ``workshop init DIR --lang ko`` workspace (the remembered choice) and in an
English workspace with ``WORKSHOP_LANG=ko``; every line it prints that is prose must be Korean. The
rule for "prose" is :func:`english_prose` below, with its allowed exceptions listed explicitly.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

HANGUL = re.compile(r"[가-힣]")

# ----------------------------------------------------------------------------- the rule

#: Words that are names, not prose: they stay as they are in Korean text (programs, systems, formats).
NAMES = {
    "Python", "Jupyter", "JupyterLab", "JupyterLite", "JupyterHub", "Chromium", "Playwright", "Linux", "Landlock",
    "seccomp", "Seatbelt", "macOS", "Windows", "Ollama", "Binder", "Pyodide", "reveal", "js", "pytest", "pip",
    "click", "rich", "requests", "jupyterlab", "nbconvert", "nbformat", "nbclient", "ipykernel", "tornado",
    "babel", "Babel", "uv", "ABI", "ko", "en", "GB", "MB", "KB", "TB", "min", "ms", "localhost", "Wi-Fi", "Ctrl",
    "Shift", "Enter", "Esc", "QR", "USB", "SD", "python", "python3", "Noto", "Sans", "CJK", "KR",
}
#: Names of organisations and works cited in the decks (proper names stay as they are).
PROPER_NAMES = r"\bThe Engine Room|\bMERL Tech"  # a Korean particle follows directly: no \b at the end
#: reveal.js's theme names, listed as values in `workshop slides --help`.
REVEAL_THEMES = (r"\((?:white|black|white-contrast|black-contrast|league|beige|night|serif|simple|solarized|moon|dracula"
                 r"|sky|blood)\b[^)]*\)?")
#: Tokens that are code, a file name, a URL, a command or a number (removed before looking for prose).
NOT_PROSE = re.compile("|".join([
    r"https?://\S+",                                  # URLs
    r"\([^()]*[가-힣][^()]*\)|(?<=[가-힣])\([A-Za-z][^()]*\)",  # an English term glossed in Korean: 생성기(generator)
    r"\{[^{}]*\}",                                     # placeholders a page fills in: {passed}
    r"\b\d\d-[a-z][a-z0-9-]*",                          # exercise folder names: 01-passphrase
    r"\b[a-z]+:[a-z]+\b",                               # JupyterHub scopes: list:users
    r"\bpip\s+(?:install|download)\b",                  # pip commands (their arguments are paths or options)
    REVEAL_THEMES,
    PROPER_NAMES,
    r"`[^`]*`",                                       # code spans
    r"'[^']*'|\"[^\"]*\"|“[^”]*”|‘[^’]*’",            # quoted values and code
    r"\b(?:python3?\s+-m\s+)?workshop(?:\s+[a-z][\w-]*)*",  # workshop commands (and the program's name)
    r"(?<![\w-])--?[A-Za-z][\w-]*(?:=\S+)?",          # options
    r"\S*[/\\]\S*",                                   # paths (anything with a slash)
    r"[\w.-]+\.(?:py|ipynb|toml|txt|md|html|css|js|json|csv|zip|whl|sqlite3|mo|po|pot|pdf|png|jpg)\b",  # files
    r"[\w.]*\w\([^()]*\)",                            # calls: load_wordlist(), check(lang="ko")
    r"\b\w*[_\d]\w*\b",                               # identifiers and numbers: test_six_words, 01, NN
    r"\b\w+(?:\.\w+)+\b",                             # dotted names: text.splitlines, rich.console
    r"\b[A-Z][A-Z0-9]+\b",                            # constants, metavars and acronyms: OPTIONS, EXERCISE, HTML
    r"\[[\w|.-]+\]",                                  # click's choice metavars: [ko|en], [windows|macos-arm64]
    r"<[^>]*>",                                       # markup and placeholders: <learner>
]))
WORD = re.compile(r"[A-Za-z][A-Za-z']*")
#: Three English words in a row are an English phrase, even on a line that also has Hangul.
PHRASE = re.compile(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}")


def english_prose(line: str) -> bool:
    """Is ``line`` prose that should be Korean but is not?

    Code, file names, URLs, commands, options, numbers, identifiers, quoted values and the names in
    :data:`NAMES` are taken out first. What is left is a leak when it has an English word and the line
    has no Hangul, or when it still has an English phrase (three words in a row) next to Korean.
    """
    rest = NOT_PROSE.sub(" · ", line)
    words = [word for word in WORD.findall(rest) if word not in NAMES and len(word) > 1]
    if not words:
        return False
    if not HANGUL.search(line):
        return True
    return bool(PHRASE.search(WORD.sub(lambda word: "·" if word.group(0) in NAMES else word.group(0), rest)))


def leaks(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if english_prose(line)]


@pytest.mark.parametrize("line", [
    "Usage: workshop check [OPTIONS] [EXERCISE]",
    "Error: Missing argument 'SUBMISSIONS'.",
    "  --timeout FLOAT  Seconds before a check is stopped.  [default: 60.0]",
    "│ Status │ Points │",
    "✘ 과제 1  Read the word list   0/6",
    "아직 작성하지 않았습니다: Write the body of load_wordlist().",
    "Hint 1 of 3.",
])
def test_the_rule_finds_english_prose(line):
    assert english_prose(line)


@pytest.mark.parametrize("line", [
    "사용법: workshop check [OPTIONS] [EXERCISE]",
    "  --timeout FLOAT  검사를 멈추기까지의 초.  [기본값: 60.0]",
    "│ jupyterlab │ ✔ 정상 │ 4.6.6 │",
    "  /tmp/grades/gradebook.csv",
    "python -m workshop check 01",
    "╭─ 01 · 패스프레이즈 생성기 ──╮",
    "힌트: text.splitlines()로 텍스트를 한 줄씩 살펴봅니다.",
    "✘ 다이스웨어 줄 '11111<TAB>baba'에서는 단어 'baba'가 나옵니다.",
    "│ Python │ ✔ 정상 │ 3.11.7 │",
    "   100%",
])
def test_the_rule_lets_code_names_and_numbers_be(line):
    assert not english_prose(line)


#: A default value click shows after an option's help, possibly wrapped onto the next line (a value, not prose).
DEFAULT_VALUE = re.compile(r"\[기본값:\s[^\]]*\]", re.S)


def assert_korean(text: str, what: str) -> None:
    assert HANGUL.search(text), f"{what}: no Korean at all:\n{text}"
    found = leaks(DEFAULT_VALUE.sub("", text))
    assert not found, f"{what}: English prose in Korean output:\n" + "\n".join(found)


# ----------------------------------------------------------------------------- workspaces

WIDE = {"COLUMNS": "400", "LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}


@pytest.fixture(scope="module")
def korean_ws(tmp_path_factory) -> Path:
    """``workshop init DIR --lang ko``: Korean notebooks under the usual names, Korean remembered."""
    target = tmp_path_factory.mktemp("korean") / "ws"
    done = run_cli("init", str(target), "--lang", "ko", cwd=REPO, env={**WIDE, "WORKSHOP_LANG": ""})
    assert done.returncode == 0, done.stderr
    assert_korean(done.stdout, "init --lang ko")
    return target


@pytest.fixture(scope="module")
def english_ws(tmp_path_factory) -> Path:
    """An English learner workspace (English notebooks; the language comes from WORKSHOP_LANG=ko)."""
    target = tmp_path_factory.mktemp("english") / "ws"
    assert run_cli("init", str(target), "--lang", "en", cwd=REPO, env={**WIDE, "WORKSHOP_LANG": ""}).returncode == 0
    return target


def ko_env(kind: str) -> dict:
    return {**WIDE, "WORKSHOP_LANG": "" if kind == "korean" else "ko", "WORKSHOP_ROOT": ""}


@pytest.fixture(params=["korean", "english"])
def learner(request, korean_ws, english_ws):
    """(workspace, environment): Korean by the workspace's remembered choice, or by WORKSHOP_LANG=ko."""
    return (korean_ws if request.param == "korean" else english_ws), ko_env(request.param)


def cli(where: Path, env: dict, *args: str):
    return run_cli(*args, cwd=where, env=env)


def solved_notebook(workspace: Path, name: str = "01-passphrase") -> Path:
    """A copy of the exercise's notebook with the solution's code in it (the learner solved it)."""
    from workshop.core.exercise import load_exercise

    solution = load_exercise(REPO / "solutions" / name, lang="en")
    learner_nb = next((workspace / "exercises" / name).glob("*.ipynb"))
    target = workspace / "solved" / learner_nb.name
    target.parent.mkdir(exist_ok=True)
    shutil.copy(solution.notebook, target)
    return target


# ----------------------------------------------------------------------------- learner commands

@pytest.mark.slow
def test_check_untouched_and_solved(learner):
    workspace, env = learner
    untouched = cli(workspace, env, "check", "01")
    assert untouched.returncode == 1 and "Traceback" not in untouched.stderr
    assert_korean(untouched.stdout, "check 01 (untouched)")
    assert "과제 3개 중 0개 완료" in untouched.stdout
    solved = cli(workspace, env, "check", "01", "--notebook", str(solved_notebook(workspace)))
    assert solved.returncode == 0, solved.stdout + solved.stderr
    assert_korean(solved.stdout, "check 01 (solved)")
    assert "과제 3개 중 3개 완료" in solved.stdout


@pytest.mark.slow
def test_the_notebooks_check_and_hint_views_in_korean(korean_ws, korean_process):
    """What check() and hint() show in a notebook (the HTML views), from a real check's result."""
    from workshop.engine.result import CheckResult
    from workshop.ui.views.html import hint_html, result_html

    done = cli(korean_ws, ko_env("korean"), "check", "01", "--json")
    result = CheckResult.from_dict(json.loads(done.stdout))
    page = result_html(result, "패스프레이즈 생성기", "01")
    assert_korean(visible_text(page, code=()), "check() in a notebook")
    assert "노트북" in page or "셀" in page
    hint = hint_html("01", 1, "단어 목록 읽기", 3, 3, "한 줄씩 살펴봅니다.")
    assert_korean(visible_text(hint, code=()), "hint() in a notebook")


@pytest.mark.slow
def test_hint_list_progress(learner):
    workspace, env = learner
    for args in (("hint", "01"), ("hint", "01"), ("hint", "01"), ("hint", "01", "--task", "2"), ("list",),
                 ("progress",)):
        done = cli(workspace, env, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert_korean(done.stdout + done.stderr, " ".join(args))


@pytest.mark.slow
def test_prompt(learner):
    workspace, env = learner
    done = cli(workspace, env, "prompt", "01")
    assert done.returncode == 0, done.stderr
    # The prompt carries the learner's code and the tests (code, not prose) and quotes the task cells of
    # the learner's own notebook (English in an English workspace: the learner's material, left out here);
    # its own words are Korean, and it asks the AI to answer in Korean.
    from workshop.core.notebook import cell_source, read_notebook

    notebook = read_notebook(workspace / "exercises" / "01-passphrase" / "passphrase.ipynb")
    quoted = {line.strip() for cell in notebook["cells"] if cell["cell_type"] == "markdown"
              for line in cell_source(cell).splitlines()}
    prose = "\n".join(line for line in "\n".join(done.stdout.split("```")[::2]).splitlines()
                      if line.strip() not in quoted)
    assert_korean(prose, "prompt 01")
    assert "답변은 한국어로 해 주십시오" in done.stdout


@pytest.mark.slow
def test_doctor(korean_ws):
    done = cli(korean_ws, ko_env("korean"), "doctor")
    assert "Traceback" not in done.stderr
    assert_korean(done.stdout + done.stderr, "doctor")
    plain = cli(korean_ws, ko_env("korean"), "doctor", "--plain")  # the report to paste when asking for help
    assert plain.stdout.startswith("workshop 점검 보고서") and "[정상] Python" in plain.stdout
    facts = {"os", "python", "workshop", "encoding", "cwd"}  # the system's facts keep their technical names
    report = "\n".join(line for line in plain.stdout.splitlines() if line.split(":")[0] not in facts)
    assert_korean(report, "doctor --plain")


# ----------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("args", [
    ("check", "99"),
    ("check", "nosuchexercise"),
    ("check", "01", "--notebook", "missing.ipynb"),
    ("hint", "42"),
    ("list", "--lang", "xx"),
    ("check", "01", "--timeout", "many"),
    ("check", "01", "--timeout", "-1"),
    ("new",),
    ("grade",),
    ("grade", "no-such-folder"),
    ("nosuchcommand",),
    ("lst",),
    ("list", "--nosuchoption"),
    ("hint", "01", "--task"),
    ("help-me", "stuck"),
    ("join", "http://127.0.0.1:9/join/", "--name", "김철수"),
])
def test_errors_for_bad_input_are_korean(korean_ws, args):
    """Unknown exercise, missing notebook, bad --lang and click's own usage errors: Korean, non-zero, no traceback."""
    done = cli(korean_ws, ko_env("korean"), *args)
    assert done.returncode != 0, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert_korean(done.stdout + done.stderr, " ".join(args))
    if args == ("new",):  # click's "Missing argument 'NAME'." reads as Korean in Korean word order
        assert "오류: 빠진 인자: 'NAME'." in done.stderr


# ----------------------------------------------------------------------------- --help of every command

def test_every_message_click_uses_is_in_the_catalog():
    """Click's own words (its `_()` and `ngettext()` calls in the installed click) are all listed in
    workshop/cli/click_words.py, so they are in the catalog and translated: a click upgrade that adds one fails here."""
    import os

    import click
    from babel.messages.extract import extract_from_dir

    from workshop.util import catalog

    ours = {message.id if isinstance(message.id, str) else tuple(message.id) for message in catalog.read_po("ko")
            if message.id and message.string and (message.string if isinstance(message.string, str)
                                                  else message.string[0])}
    missing = []
    for _file, _line, message, _c, _x in extract_from_dir(os.path.dirname(click.__file__),
                                                        method_map=[("**.py", "python")],
                                                        keywords={"_": None, "ngettext": (1, 2)}):
        key = message if isinstance(message, str) else tuple(message)
        if key not in ours:
            missing.append(key)
    assert not missing, missing



def test_help_of_every_command_is_korean(korean_ws):
    from workshop.cli import COMMANDS

    env = ko_env("korean")
    top = cli(korean_ws, env, "--help")
    assert top.returncode == 0
    assert_korean(top.stdout, "--help")
    for name in COMMANDS:
        done = cli(korean_ws, env, name, "--help")
        assert done.returncode == 0, (name, done.stderr)
        assert "사용법:" in done.stdout and "옵션" in done.stdout, name
        assert_korean(done.stdout, f"{name} --help")


# ----------------------------------------------------------------------------- grading

class VisibleText(HTMLParser):
    """The prose a reader sees on a page: no markup, script or style; no code (``code``, ``pre``, ``kbd``) and
    nothing marked as English (``lang="en"``: the bilingual title); alt/title/aria-label/placeholder too."""

    def __init__(self, code: tuple[str, ...] = ("code", "pre", "kbd")):
        super().__init__(convert_charrefs=True)
        self.SKIP = {"script", "style", *code}
        self.lines: list[str] = []
        self._skipping: list[str] = []  # the open elements whose text is not prose

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self._skipping or tag in self.SKIP or attributes.get("lang") == "en":
            self._skipping.append(tag)
            return
        for name in ("alt", "title", "aria-label", "placeholder"):
            if attributes.get(name):
                self.lines.append(attributes[name])

    def handle_startendtag(self, tag, attrs):
        if not self._skipping:
            self.handle_starttag(tag, attrs)
            if self._skipping and self._skipping[-1] == tag:
                self._skipping.pop()

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data):
        if not self._skipping:
            self.lines.extend(part.strip() for part in data.splitlines() if part.strip())


def visible_text(page: str, code: tuple[str, ...] = ("code", "pre", "kbd")) -> str:
    """``code``: the elements holding code (the notebook view puts its plain-words failures in ``pre``)."""
    parser = VisibleText(code)
    parser.feed(page)
    return "\n".join(parser.lines)


@pytest.mark.slow
def test_grade_summary_feedback_and_report(workspace, tmp_path):
    """A facilitator's copy (solutions included) graded with WORKSHOP_LANG=ko: one learner who has not
    started, one who solved 01 (the stock names 김철수 and 이영희, as learners' folders are named)."""
    submissions = tmp_path / "submissions"
    korean_nb = workspace / "exercises" / "01-passphrase" / "passphrase.ko.ipynb"
    (submissions / "김철수").mkdir(parents=True)
    shutil.copy(korean_nb, submissions / "김철수" / "passphrase.ipynb")
    (submissions / "이영희").mkdir()
    shutil.copy(REPO / "solutions" / "01-passphrase" / "passphrase.ipynb", submissions / "이영희")
    out = tmp_path / "grades"
    env = {**WIDE, "WORKSHOP_LANG": "ko"}
    done = cli(workspace, env, "grade", str(submissions), "--out", str(out), "--exercises", "01")
    assert done.returncode == 0, done.stdout + done.stderr
    assert_korean(done.stdout + done.stderr, "grade")
    report = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="ko"' in report
    assert_korean(visible_text(report), "report.html")
    pages = sorted((out / "feedback").glob("*.html"))
    assert len(pages) >= 3  # index and one per learner
    for page in pages:
        assert_korean(visible_text(page.read_text(encoding="utf-8")), page.name)


# ----------------------------------------------------------------------------- slides and authors' commands

@pytest.mark.slow
def test_slides_and_validate_in_korean(workspace, tmp_path):
    """The facilitator's `workshop slides` with the repository's session.toml (its Korean room words) and
    `workshop validate 01`: what they print and every slide's visible text and notes are Korean."""
    shutil.copytree(REPO / "slides", workspace / "slides")
    shutil.copy(REPO / "session.toml", workspace / "session.toml")
    env = {**WIDE, "WORKSHOP_LANG": "ko"}
    out = tmp_path / "slides"
    done = cli(workspace, env, "slides", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert_korean(done.stdout + done.stderr, "slides")
    for deck in sorted(out.glob("*.html")):
        page = deck.read_text(encoding="utf-8")
        assert '<html lang="ko"' in page, deck.name
        assert_korean(visible_text(page), deck.name)
    session = (out / "session.html").read_text(encoding="utf-8")
    assert "<li>공동 진행자 (한국어 ⇄ 영어)</li>" in session and "Lead facilitator" not in session
    checked = cli(workspace, env, "validate", "01")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert_korean(checked.stdout + checked.stderr, "validate 01")


# ----------------------------------------------------------------------------- board page and pack README

@pytest.fixture
def korean_process(monkeypatch):
    from workshop.util import i18n

    monkeypatch.setenv("WORKSHOP_LANG", "ko")
    i18n.set_language("ko")
    yield
    i18n.set_language(None)
    i18n.reset()


def test_board_page_in_korean(korean_process):
    from workshop.board.page import board_page, page_strings

    page = board_page().html
    assert '<html lang="ko"' in page
    assert_korean(visible_text(page), "board page")
    # The words the page's script puts on screen (names and numbers are filled into the placeholders).
    words = "\n".join(value for key, value in page_strings().items()
                      if not key.startswith("icon_") and key not in ("col_number", "working_short"))
    assert_korean(words, "board page strings")


@pytest.mark.slow
def test_board_server_and_its_pages_in_korean(tmp_path, monkeypatch):
    """`workshop board` with WORKSHOP_LANG=ko: what it prints, the board page it serves, the join page."""
    from tests.board.conftest import BoardServer, http, make_board_root

    monkeypatch.setenv("WORKSHOP_LANG", "ko")
    root, session = make_board_root(tmp_path / "facilitator")
    session.write_text(session.read_text(encoding="utf-8") + 'title_ko = "시험 세션"\n', encoding="utf-8")
    server = BoardServer(root, root / ".workshop" / "board.sqlite3", session).start()
    try:
        assert_korean("".join(server.output), "workshop board (printed)")
        for url in (server.base + "/board", server.join_url, server.base + "/"):
            reply = http("GET", url)
            page = reply.data["text"]
            assert '<html lang="ko"' in page, url
            assert_korean(visible_text(page), url)
        joined = server.join("김철수")
        assert joined.status == 200, joined
        server.report(joined.data["token"], [{"exercise": "01-passphrase", "status": "failed", "earned": 1,
                                               "possible": 4, "duration": 0.3, "ago": 0}])
        raised = http("POST", server.base + "/api/help", {"raise": True, "message": "막혔습니다"},
             {"Authorization": f"Bearer {joined.data['token']}"})
        assert raised.status == 200, raised
    finally:
        server.stop()
    out = tmp_path / "export"
    done = cli(root, {**WIDE, "WORKSHOP_LANG": "ko"}, "board", "--export", "--store",
               str(root / ".workshop" / "board.sqlite3"), "--session", str(session), "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert_korean(done.stdout + done.stderr, "board --export")
    summary = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert '<html lang="ko"' in summary and "<h1>시험 세션</h1>" in summary  # the room's Korean title
    assert_korean(visible_text(summary), "the board's session summary")


def test_pack_readme_in_korean(korean_process):
    from workshop.services.ops import pack

    readme = pack.participant_readme(pack.install_online("workshop-0.1.0-py3-none-any.whl"))
    assert_korean(readme, "pack README")
    assert "python -m workshop check 01" in readme


@pytest.mark.slow
def test_pack_zip_readme_is_korean_for_a_korean_room(workspace, tmp_path):
    session = workspace / "session.toml"
    text = (REPO / "session.toml").read_text(encoding="utf-8").replace('language = "en"', 'language = "ko"')
    session.write_text(text, encoding="utf-8")
    out = tmp_path / "pack.zip"
    done = cli(workspace, {**WIDE, "WORKSHOP_LANG": ""}, "pack", "--out", str(out), "--no-slides")
    assert done.returncode == 0, done.stdout + done.stderr
    assert_korean(done.stdout + done.stderr, "pack")
    with zipfile.ZipFile(out) as archive:
        assert_korean(archive.read("README.txt").decode("utf-8"), "README.txt in the pack")
