"""The offline browser site in a real headless Chromium: the same check(), and nothing fetched from outside.

One site of all ten exercises is built and served as ``workshop lite --serve --board`` serves it for
this computer: passing the board's participant API on to a real room board. Every request that does not go to 127.0.0.1 is refused twice over:
Chromium resolves no other host name, and Playwright aborts (and records) any request for another
address. A kernel takes long to start on a busy machine, so the exercises share one kernel
(``check("NN")`` names the exercise) and the notebook's own cells are used in the other two
(exercise 01 in English, exercise 04 in Korean).
"""

from __future__ import annotations

import json
import re
import time

import pytest

from tests.conftest import solution_code
from workshop.core.workspace import Workspace

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
pytest.importorskip("jupyterlite_core", reason="JupyterLite is not installed (pip install \"workshop[lite]\")")

from workshop.slides.pdf import CHROMIUM_ARGS, find_chromium  # noqa: E402

CHROMIUM = find_chromium()
if CHROMIUM is None:
    pytest.skip("no Chromium found (Debian: apt-get install -y chromium; or set WORKSHOP_CHROMIUM)", allow_module_level=True)

pytestmark = pytest.mark.slow
LOCAL = re.compile(r"^(https?|wss?)://127\.0\.0\.1[:/]")
#: Checked in the browser: each stub says "not yet", each reference solution passes (08 cannot run there).
IN_BROWSER = ["02", "03", "04", "05", "06", "07", "09", "10"]


@pytest.fixture(scope="module")
def room_ai():
    """The room's AI server (workshop ai-room in front of a fake model) that the site names."""
    from tests.ai.conftest import running_fake_model
    from workshop.ai.room import RoomServer

    with running_fake_model() as model:
        room = RoomServer(model.base_url, port=0).start()
        try:
            yield model, f"http://127.0.0.1:{room.port}/v1"
        finally:
            room.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory, repo, room_ai):
    from workshop.core.exercise import load_exercise
    from workshop.lite.site import build_site
    from workshop.core.notebook import notebook_module

    workspace = Workspace(repo)
    out = tmp_path_factory.mktemp("lite") / "site"
    report = build_site(workspace, out, workspace.exercises(), room_ai={"room_url": room_ai[1], "model": "tiny-tutor"})
    # The test's own code, fetched by the page from the same server (never part of a real site):
    # each exercise's solution, and its stub (the learner notebook's code as handed out).
    answers = out / "__test__"
    answers.mkdir()
    for exercise in workspace.exercises():
        (answers / f"{exercise.name}.py").write_text(solution_code(repo, exercise.name), encoding="utf-8")
        stub = notebook_module(load_exercise(repo / "exercises" / exercise.name).notebook).source
        (answers / f"{exercise.name}.stub.py").write_text(stub, encoding="utf-8")
    return report


@pytest.fixture(scope="module")
def served(site, board):
    """The site for this computer (http://127.0.0.1, a secure context), passing /board/api/… on to the board."""
    from workshop.lite.serve import make_server, serve_in_thread

    server = make_server(site.out, board=board.base)
    serve_in_thread(server)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def driver():
    """One Playwright for the module: its sync API runs one at a time in a thread."""
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(driver):
    args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
    launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)
    yield launched
    launched.close()


#: The index of the notebook's active cell (the one just added below the last).
_ACTIVE_CELL = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
                       .findIndex(cell => cell.classList.contains('jp-mod-active'))"""


class Lab:
    """One notebook open in JupyterLite, with every request recorded."""

    def __init__(self, browser, base: str, notebook: str):
        self.requests: list[str] = []
        self.refused: list[str] = []
        # Certificate errors are not ignored: over HTTPS the browser must trust the room's certificate.
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._route)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        started = time.monotonic()
        self.page.goto(f"{base}/lab/index.html?path={notebook}")
        self.wait_idle(400)
        self.kernel_seconds = time.monotonic() - started

    def _route(self, route):
        url = route.request.url
        if LOCAL.match(url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def left_the_machine(self) -> list[str]:
        """Requests for anything but 127.0.0.1 (refused or not): should be none."""
        return self.refused + [url for url in self.requests if not (LOCAL.match(url) or url.startswith(("data:", "blob:")))]

    def wait_idle(self, seconds: float) -> None:
        try:
            self.page.wait_for_function("document.body.innerText.includes('Python (Pyodide) | Idle')",
                                        timeout=seconds * 1000)
        except sync_api.TimeoutError:
            import tempfile
            from pathlib import Path

            shot = Path(tempfile.gettempdir()) / f"lite-timeout-{int(time.time())}.png"
            self.page.screenshot(path=str(shot))
            raise AssertionError(f"the kernel was not idle after {seconds} s; the page: {shot}") from None

    def run_new_cell(self, code: str, done: str = "") -> str:
        """Add a cell below the last, run it, and return the text of its output (the code must print;
        ``done``: wait for this text in the page, for a cell whose first output is a display it updates)."""
        cells = self.page.locator(".jp-Notebook .jp-Cell")
        cells.last.locator(".jp-InputPrompt").first.click()
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("b")
        index = self.page.evaluate(_ACTIVE_CELL)  # the new cell, found by what JupyterLab made active
        assert index == cells.count() - 1, "the new cell is the last"
        self.page.keyboard.press("Enter")
        self.page.keyboard.insert_text(code)
        self.page.keyboard.press("Shift+Enter")
        cell = cells.nth(index)
        if done:
            self.page.wait_for_function(f"['Traceback', {done!r}].some(t => document.body.innerText.includes(t))",
                                        timeout=300_000)
        else:
            cell.locator(".jp-OutputArea-output").first.wait_for(timeout=300_000)
        self.wait_idle(300)
        return cell.locator(".jp-OutputArea").inner_text()

    def run_check_cell(self) -> str:
        """Run the notebook's own check cell (unchanged, the first that imports check) and return its output.

        Found by its text, not as "the last cell": running the last cell adds an empty one below it."""
        editor = self.page.locator(".jp-InputArea-editor", has_text="from workshop import check")
        cell = self.page.locator(".jp-Notebook .jp-CodeCell").filter(has=editor).first
        cell.locator(".jp-InputArea-editor").click()
        self.page.keyboard.press("Shift+Enter")
        cell.locator(".jp-OutputArea-output").first.wait_for(timeout=300_000)
        self.wait_idle(300)
        return cell.locator(".jp-OutputArea").inner_text()

    def close(self) -> None:
        self.context.close()


def _load(name: str, kind: str = "") -> str:
    """A cell's lines that run the test's copy of an exercise's solution (or, with kind="stub", its stub)."""
    return f"from pyodide.http import open_url\nexec(open_url('/__test__/{name}{'.' + kind if kind else ''}.py').read())\n"


@pytest.fixture(scope="module")
def english(browser, served):
    """Exercise 01's English notebook, as a participant opens it."""
    lab = Lab(browser, served, "exercises/01-passphrase/passphrase.ipynb")
    yield lab
    lab.close()
    assert lab.left_the_machine() == []


@pytest.fixture(scope="module")
def kernel(browser, served):
    """One kernel shared by the exercises (a kernel start costs 15–80 s here)."""
    lab = Lab(browser, served, "exercises/02-thread-splitter/thread_splitter.ipynb")
    yield lab
    lab.close()
    assert lab.left_the_machine() == []


def test_no_package_host_address_is_left_in_the_site(site):
    from workshop.lite.site import remote_urls

    assert remote_urls(site.out) == []
    assert not list(site.out.rglob("*solution*")) and not list(site.out.rglob("hidden"))
    assert site.size_bytes < 45_000_000


def test_exercise_01_is_checked_in_the_browser_offline(english):
    stub = english.run_check_cell()
    assert "Passphrase maker" in stub
    assert "VERDICT False" in english.run_new_cell("from workshop import check\nprint('VERDICT', check().passed)")
    solved = english.run_new_cell(_load("01-passphrase") + "from workshop import check\nprint('VERDICT', check().passed)")
    assert "VERDICT True" in solved
    assert english.left_the_machine() == []


def test_hint_and_progress_in_the_browser(english):
    """hint() gives the next level each time, and my_progress() shows the checks and hints the browser kept."""
    english.run_new_cell(_load("01-passphrase", "stub") + "print('stub again')")
    first = english.run_new_cell("from workshop import hint\ndisplay(hint())\nprint('HINTED')")
    assert "Hint 1 of 3" in first and "Task 1" in first
    assert "Hint 2 of 3" in english.run_new_cell("display(hint())\nprint('HINTED')")
    shown = english.run_new_cell("from workshop import my_progress\ndisplay(my_progress())\n"
                                 "print(open('/drive/.workshop/progress.json').read())")
    assert "Hints used: 2." in shown and "Passphrase maker" in shown and "passed" in shown
    kept = json.loads(shown[shown.index("{"):shown.rindex("}") + 1])["exercises"]["01-passphrase"]
    # One check counted: the solution's (a check of a kernel that had run nothing yet is not an attempt).
    assert kept["hints_shown"] == {"1": 2} and kept["attempts"] == 1 and kept["passed_at"]


@pytest.mark.parametrize("number", IN_BROWSER)
def test_each_exercise_stub_is_not_yet_and_its_solution_passes(kernel, site, number):
    name = next(exercise for exercise in site.exercises if exercise.startswith(number))
    report = "from workshop import check\n_r = check({number!r})\nprint({word!r}, _r.passed)\nprint(repr(_r))"
    stub = kernel.run_new_cell(_load(name, "stub") + report.format(number=number, word="STUB"))
    assert "STUB False" in stub and "not yet" in stub
    solved = kernel.run_new_cell(_load(name) + report.format(number=number, word="SOLVED"))
    assert "SOLVED True" in solved, solved


def test_exercise_08_says_at_once_that_it_needs_a_full_python(kernel, site):
    for notebook, words in (("linkrot.ipynb", "needs a full Python"), ("linkrot.ko.ipynb", "Python")):
        data = json.loads((site.out / "files" / "exercises" / "08-link-rot" / notebook).read_text(encoding="utf-8"))
        assert words in "".join(data["cells"][0]["source"])
    korean = "".join(json.loads((site.out / "files" / "exercises" / "08-link-rot" / "linkrot.ko.ipynb")
                                .read_text(encoding="utf-8"))["cells"][0]["source"])
    assert re.search("[가-힣]", korean) and "needs a full Python" not in korean
    said = kernel.run_new_cell("import time\n_t = time.perf_counter()\nfrom workshop import check\nprint(check('08'))\n"
                               "print('SECONDS', round(time.perf_counter() - _t, 2))")
    assert "cannot be checked in the browser" in said and "None" in said
    assert float(said.split("SECONDS", 1)[1].split()[0]) < 2


def test_a_check_in_the_browser_appears_on_the_room_board(kernel, board):
    """The HTTPS page reports to the HTTP board through its own server: join, then a check is on the board."""
    joined = kernel.run_new_cell(f"from workshop import join\njoin({board.join_url!r}, 'Browser Bo')")
    assert "Joined the room board" in joined, joined
    participant = int(re.search(r"#(\d+)", joined).group(1))
    kernel.run_new_cell(_load("03-vocabulary") + "from workshop import check\nprint('PASSED', check('03').passed)")
    person = board.person(participant)
    assert person["name"] == "Browser Bo"
    assert person["cells"]["03"][0] == "passed"
    text = kernel.run_new_cell("print(open('/drive/.workshop/board.json').read())")
    config = json.loads(text[text.index("{"):text.rindex("}") + 1])
    assert config["url"].startswith("http://127.0.0.1:") and config["url"].endswith("/board")  # the site's origin


def test_pip_install_workshop_works_offline_in_the_browser(kernel):
    """%pip install workshop installs the kernel side from the site's own wheels (no index, no internet)."""
    gone = kernel.run_new_cell("import micropip\nmicropip.uninstall('workshop')\n"
                               "print('LISTED', 'workshop' in micropip.list())")
    assert "LISTED False" in gone
    installed = kernel.run_new_cell("%pip install workshop\nimport micropip\n"
                                    "print('LISTED', 'workshop' in micropip.list(), micropip.list()['workshop'].version)")
    assert "LISTED True 0.1.0" in installed
    checked = kernel.run_new_cell(_load("03-vocabulary") + "from workshop import check\nprint('PASSED', check('03').passed)")
    assert "PASSED True" in checked


def test_the_korean_notebook_checks_in_korean(browser, served):
    lab = Lab(browser, served, "exercises/04-hangul/hangul.ko.ipynb")
    try:
        lab.run_new_cell(_load("04-hangul", "stub") + "print('stub')")
        stub = lab.run_check_cell()  # the Korean notebook's own cell: check(lang="ko")
        assert "아직" in stub and "not yet" not in stub
        lab.run_new_cell(_load("04-hangul") + "print('solution')")
        assert "통과" in lab.run_check_cell()
    finally:
        lab.close()
    assert lab.left_the_machine() == []


def test_the_tutor_in_the_browser_asks_the_rooms_ai_server_through_the_site(browser, served, room_ai):
    """The site names the room's server; the page's tutor reaches it through the site's own origin
    (workshop lite --serve relays it), so it would work from an HTTPS page as well."""
    from tests.ai.conftest import HINT

    model, room_url = room_ai
    model.requests.clear()
    lab = Lab(browser, served, "exercises/01-passphrase/passphrase.ipynb")
    try:
        out = lab.run_new_cell("from workshop import tutor\n_v = tutor(question='Why does my loop keep the numbers?')\n"
                               "print('TUTOR', _v.error, '|', _v.reply.text if _v.reply else None, '|', 'ASKED' + '-DONE')",
                               done="ASKED-DONE")
    finally:
        lab.close()
    assert "TUTOR None |" in out and HINT.split(":")[0] in out, out
    sent = model.requests[-1]["json"]
    assert sent["model"] == "tiny-tutor" and sent["stream"] is False
    assert "Why does my loop keep the numbers?" in sent["messages"][-1]["content"]
    assert lab.left_the_machine() == []
    assert any(url.endswith("/room-ai/v1/chat/completions") for url in lab.requests)  # the same origin, relayed
    assert not any(url.startswith(room_url) for url in lab.requests)  # never the room server's own address


def test_without_the_relay_the_browser_tutor_calls_the_room_server_itself(browser, site, room_ai):
    """A site on a static host at http://127.0.0.1 (no relay): the page calls the room server across
    origins, which answers the browser's CORS preflight."""
    from workshop.lite.serve import make_server, serve_in_thread

    model, room_url = room_ai
    model.requests.clear()
    server = make_server(site.out, room_url="")  # serves the files only, like any static host
    serve_in_thread(server)
    lab = Lab(browser, f"http://127.0.0.1:{server.server_address[1]}", "exercises/01-passphrase/passphrase.ipynb")
    try:
        out = lab.run_new_cell("from workshop import tutor\n_v = tutor(question='What next?')\n"
                               "print('TUTOR', _v.error, '|', 'ASKED' + '-DONE')", done="ASKED-DONE")
    finally:
        lab.close()
        server.shutdown()
        server.server_close()
    assert "TUTOR None |" in out, out
    assert model.requests and "What next?" in model.requests[-1]["json"]["messages"][-1]["content"]
    assert any(url.startswith(room_url) for url in lab.requests) and lab.refused == []


def test_over_https_a_browser_trusting_the_rooms_certificate_checks_exercise_01(site, driver, tmp_path_factory):
    """``workshop lite --serve --host 0.0.0.0``'s HTTPS, here on 127.0.0.1: a Chromium that trusts the
    room's certificate (as after installing the room CA; here the kiosk's SPKI flag) runs JupyterLite's
    service worker, so the kernel has /drive and the unchanged check cell works, without isolation headers."""
    from workshop.lite.certificate import room_certificate
    from workshop.lite.serve import make_server, serve_in_thread

    certificate = room_certificate(tmp_path_factory.mktemp("room-cert"), ["127.0.0.1"])
    server = make_server(site.out, certificate=certificate)
    serve_in_thread(server)
    args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            f"--ignore-certificate-errors-spki-list={certificate.spki}"]
    try:
        trusting = driver.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)
        try:
            lab = Lab(trusting, f"https://127.0.0.1:{server.server_address[1]}",
                      "exercises/01-passphrase/passphrase.ipynb")
            try:
                worker = lab.page.evaluate("navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL")
                assert worker and worker.startswith("https://127.0.0.1:")
                assert lab.page.evaluate("self.crossOriginIsolated") is False
                lab.run_new_cell(_load("01-passphrase", "stub") + "print('stub as handed out')")
                stub = lab.run_check_cell()  # the notebook's own cell, unchanged
                assert "Passphrase maker" in stub and "not yet" in stub, stub
                solved = lab.run_new_cell(_load("01-passphrase") + "from workshop import check\n"
                                          "print('VERDICT', check().passed)")
                assert "VERDICT True" in solved, solved
            finally:
                lab.close()
        finally:
            trusting.close()
    finally:
        server.shutdown()
        server.server_close()
    assert lab.requests and all(url.startswith("https://127.0.0.1:") for url in lab.requests
                                if not url.startswith(("data:", "blob:")))
    assert lab.left_the_machine() == []
