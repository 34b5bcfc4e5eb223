"""The offline browser site in a real headless Chromium: the same check(), and nothing fetched from outside.

Every request that does not go to 127.0.0.1 is refused twice over: Chromium resolves no other
host name, and Playwright aborts (and records) any request for another address.
"""

from __future__ import annotations

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
EXERCISES = ["01", "08", "10"]


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
    from workshop.lite.site import build_site

    workspace = Workspace(repo)
    out = tmp_path_factory.mktemp("lite") / "site"
    report = build_site(workspace, out, [workspace.exercise(query) for query in EXERCISES],
                        room_ai={"room_url": room_ai[1], "model": "tiny-tutor"})
    # The test's own solutions, fetched by the page from the same server (never part of a real site).
    answers = out / "__test__"
    answers.mkdir()
    for name in ("01-passphrase", "10-censorship"):
        (answers / f"{name}.py").write_text(solution_code(repo, name), encoding="utf-8")
    return report


@pytest.fixture(scope="module")
def served(site):
    from workshop.lite.serve import make_server, serve_in_thread

    server = make_server(site.out)
    serve_in_thread(server)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)
        yield launched
        launched.close()


class Lab:
    """One notebook open in JupyterLite, with every request recorded."""

    def __init__(self, browser, base: str, notebook: str):
        self.requests: list[str] = []
        self.refused: list[str] = []
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

    def wait_idle(self, seconds: float) -> None:
        self.page.wait_for_function("document.body.innerText.includes('Python (Pyodide) | Idle')", timeout=seconds * 1000)

    def run_new_cell(self, code: str, done: str = "") -> str:
        """Add a cell at the end, run it, and return the text of its output (``done``: wait for this text in
        the page, for a cell whose first output is a display it updates and may leave empty)."""
        cells = self.page.locator(".jp-Notebook .jp-Cell")
        cells.nth(cells.count() - 1).click()
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("b")
        self.page.keyboard.press("Enter")
        self.page.keyboard.insert_text(code)
        self.page.keyboard.press("Shift+Enter")
        cell = self.page.locator(".jp-Notebook .jp-Cell").nth(cells.count() - 2)
        if done:
            self.page.wait_for_function(f"['Traceback', {done!r}].some(t => document.body.innerText.includes(t))",
                                        timeout=300_000)
        else:
            cell.locator(".jp-OutputArea-output").first.wait_for(timeout=300_000)
        self.wait_idle(300)
        return cell.locator(".jp-OutputArea").inner_text()

    def run_check_cell(self) -> str:
        """Run the notebook's own last cell (the unchanged check cell) and return its output."""
        cells = self.page.locator(".jp-Notebook .jp-CodeCell")
        last = cells.nth(cells.count() - 1)
        last.locator(".jp-InputArea-editor").click()
        self.page.keyboard.press("Shift+Enter")
        last.locator(".jp-OutputArea-output").first.wait_for(timeout=300_000)
        self.wait_idle(300)
        return last.locator(".jp-OutputArea").inner_text()

    def close(self) -> None:
        self.context.close()


def test_no_package_host_address_is_left_in_the_site(site):
    from workshop.lite.site import remote_urls

    assert remote_urls(site.out) == []
    assert not list(site.out.rglob("*solution*")) and not list(site.out.rglob("hidden"))
    assert site.size_bytes < 45_000_000


def test_exercise_01_is_checked_in_the_browser_offline(browser, served):
    lab = Lab(browser, served, "exercises/01-passphrase/passphrase.ipynb")
    try:
        stub = lab.run_check_cell()
        assert "Passphrase maker" in stub
        assert "VERDICT False" in lab.run_new_cell("from workshop import check\nprint('VERDICT', check().passed)")
        solved = lab.run_new_cell(
            "from pyodide.http import open_url\nexec(open_url('/__test__/01-passphrase.py').read())\n"
            "from workshop import check\nprint('VERDICT', check().passed)")
        assert "VERDICT True" in solved
    finally:
        lab.close()
    assert lab.refused == []
    assert [url for url in lab.requests if not (LOCAL.match(url) or url.startswith(("data:", "blob:")))] == []


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
    assert lab.refused == []
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


def test_exercise_10_reads_its_jsonl_data_in_the_browser(browser, served):
    lab = Lab(browser, served, "exercises/10-censorship/censorship.ipynb")
    try:
        solved = lab.run_new_cell(
            "from pyodide.http import open_url\nexec(open_url('/__test__/10-censorship.py').read())\n"
            "from workshop import check\n_r = check()\nprint('VERDICT', _r.passed, [t.message for t in _r.result.tests if not t.passed])")
        assert "VERDICT True" in solved
    finally:
        lab.close()
    assert lab.refused == []


def test_exercise_08_says_at_once_that_it_needs_a_full_python(site):
    import json

    notebook = json.loads((site.out / "files" / "exercises" / "08-link-rot" / "linkrot.ipynb").read_text(encoding="utf-8"))
    assert "needs a full Python" in "".join(notebook["cells"][0]["source"])
