"""The board page in headless Chromium (Playwright with Debian's chromium): live, safe, legible."""

from __future__ import annotations

import shutil
import time

import pytest

from .conftest import http

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
if not CHROMIUM:
    pytest.skip("no Chromium found (install Debian's: apt-get install -y chromium)", allow_module_level=True)

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        # Playwright gives every launch a new temporary profile (its own --user-data-dir).
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        except Exception as error:  # noqa: BLE001 - a broken browser install is a reason to skip, not a failure
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {error}")
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.errors = errors
    yield opened
    context.close()


def _row(page, name: str):
    return page.locator("#rows tr", has=page.locator("td.name", has_text=name))


def test_page_updates_by_itself_after_a_check(board_server, page, tmp_path):
    from workshop.board import client as board_client
    from workshop.engine.result import CheckResult, Outcome, Status, TestResult

    from .conftest import participant_workspace

    laptop = participant_workspace(tmp_path / "laptop")
    board_client.join(laptop, board_server.join_url, "Live Lee")
    page.goto(board_server.board_url)
    row = _row(page, "Live Lee")
    row.wait_for(timeout=5000)
    assert row.locator("td.c").first.text_content() == "–"
    page.evaluate("window.notReloaded = true")
    started = time.monotonic()
    passed = CheckResult("01-passphrase", "passphrase.ipynb", Status.PASSED, duration=0.4,
                         tests=[TestResult("test_words", 1, 4.0, Outcome.PASSED)])
    board_client.report_check(laptop, passed)  # what `workshop check` and check() call
    sync_api.expect(row.locator("td.c").first).to_have_text("✔ passed", timeout=2000)
    assert "4/4" in row.locator("td.c").first.get_attribute("title")
    assert time.monotonic() - started < 2.0
    assert page.evaluate("window.notReloaded") is True
    assert "c-pass" in row.locator("td.c").first.get_attribute("class")
    header = page.locator("th.ex").first.text_content()
    assert "01" in header and "✔" in header
    sync_api.expect(page.locator("#live")).to_have_text("live")
    assert not page.errors, page.errors


def test_html_in_a_name_is_shown_as_text(board_server, page):
    name = '<img src=x onerror="pwned=1"><b>B</b>'
    joined = board_server.join(name).data
    assert joined["name"] == name
    http("POST", board_server.base + "/api/help", {"raise": True, "message": "<i>help</i>"},
         {"Authorization": f"Bearer {joined['token']}"})
    page.goto(board_server.board_url)
    row = page.locator("#rows tr", has=page.locator("td.name", has_text="<b>B</b>"))
    row.wait_for(timeout=5000)
    assert row.locator("td.name").text_content() == name
    assert page.locator("#rows img, #rows b, #queue img, #queue i").count() == 0
    assert page.locator("#queue").text_content().count("<i>help</i>") == 1
    assert page.evaluate("window.pwned") is None


def test_help_queue_shows_the_wait_and_the_facilitator_can_lower_a_hand(board_server, page):
    joined = board_server.join("Hand Up").data
    page.goto(board_server.board_url)
    _row(page, "Hand Up").wait_for(timeout=5000)
    http("POST", board_server.base + "/api/help", {"raise": True, "message": "stuck on task 2"},
         {"Authorization": f"Bearer {joined['token']}"})
    entry = page.locator("#queue li.q", has_text="Hand Up")
    entry.wait_for(timeout=2000)
    assert "stuck on task 2" in entry.text_content()
    sync_api.expect(entry.locator(".q-wait")).to_contain_text("⚑ 0:0", timeout=2000)
    assert "⚑" in _row(page, "Hand Up").locator("td.help").text_content()
    entry.locator("button").click()
    sync_api.expect(entry).to_have_count(0, timeout=2000)
    assert board_server.person(joined["participant"])["help"] is None


def test_wrong_key_shows_how_to_get_in(board_server, page):
    page.goto(board_server.base + "/board#key=wrong-key-wrong-key")
    sync_api.expect(page.locator("#key-error")).to_be_visible(timeout=5000)
    assert not page.locator("#queue-title").is_visible()
    assert page.locator("#rows tr").count() == 0


def test_screenshot(board_server, page, tmp_path):
    page.goto(board_server.board_url)
    page.locator("#rows tr").first.wait_for(timeout=5000)
    path = tmp_path / "board.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5000
