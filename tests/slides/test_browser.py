"""The exported decks in a real browser: headless Chromium through Playwright, opened from file://
with every request that is not for a local file aborted (and recorded)."""

from __future__ import annotations

import struct
import zlib

import pytest

from workshop.core.workspace import Workspace
from workshop.slides.export import build_slides, export_deck
from workshop.slides.pdf import CHROMIUM_ARGS, find_chromium
from workshop.slides.source import Deck, markdown_to_cells

from .test_export import MATH_DECK

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
CHROMIUM = find_chromium()
if CHROMIUM is None:
    pytest.skip("no Chromium found (Debian: apt-get install -y chromium; or set WORKSHOP_CHROMIUM)",
                allow_module_level=True)

pytestmark = pytest.mark.slow
DECKS = ["session", "welcome", "loop", "wrap-up", "maths"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory, repo):
    """The session deck (for the first two exercises), the repository's decks and a deck with maths."""
    import shutil

    from .conftest import write_session

    root = tmp_path_factory.mktemp("slides-ws")
    shutil.copytree(repo / "exercises", root / "exercises")
    shutil.copytree(repo / "slides", root / "slides")
    write_session(root, [exercise.number for exercise in Workspace(root).exercises()][:2])
    out = root / "out"
    result = build_slides(Workspace(root), out_dir=out)
    decks = {deck.name: deck for deck in result.decks}
    decks["maths"] = export_deck(Deck("maths", "Strength", markdown_to_cells(MATH_DECK)), out)
    return decks


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


class Opened:
    """A deck open in its own browser context, with what went wrong recorded."""

    def __init__(self, browser, path, width: int = 1280, height: int = 720):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.context.on("page", self._watch)
        self.page = self.context.new_page()
        self.page.goto(path.as_uri())
        self.page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=10_000)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _watch(self, page):
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("requestfailed", lambda request: self.blocked.append(request.url)
                if not request.url.startswith("file:") else None)


@pytest.fixture
def opened(browser):
    made: list[Opened] = []

    def open_deck(path, **size):
        made.append(Opened(browser, path, **size))
        return made[-1]

    yield open_deck
    for item in made:
        item.context.close()


def png_pixels(data: bytes) -> list[bytes]:
    """The pixels of an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium's screenshots are)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _c, _f, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0
    step = 3 if colour == 2 else 4
    raw, stride, rows, previous = zlib.decompress(b"".join(chunks)), width * step, [], bytearray(width * step)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up, corner = previous[x], previous[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return [row[x:x + 3] for row in rows[::4] for x in range(0, stride, step * 4)]  # every 4th pixel


@pytest.mark.parametrize("name", DECKS)
def test_deck_works_offline_in_chromium(exported, opened, name):
    deck = exported[name]
    view = opened(deck.path)
    page = view.page
    assert page.evaluate("Reveal.getTotalSlides()") == deck.slide_count
    assert page.evaluate("Reveal.hasPlugin('notes')")
    with_notes = page.evaluate("Reveal.getSlides().filter(s => (Reveal.getSlideNotes(s) || '').trim()).length")
    assert with_notes == deck.notes_count > 0
    assert page.evaluate("Reveal.getIndices().h") == 0
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => Reveal.getIndices().h === 1", timeout=3000)
    assert page.evaluate("Reveal.getProgress()") > 0
    assert view.blocked == [] and view.errors == []


def test_the_title_slide_is_not_blank(exported, opened, tmp_path):
    view = opened(exported["session"].path, width=640, height=360)  # reveal scales the slide to fit
    view.page.wait_for_timeout(300)
    shot = view.page.screenshot(path=str(tmp_path / "title.png"))
    pixels = png_pixels(shot)
    background = max(set(pixels), key=pixels.count)
    ink = sum(1 for pixel in pixels if sum(abs(a - b) for a, b in zip(pixel, background)) > 60)
    assert 0.01 < ink / len(pixels) < 0.6, ink / len(pixels)
    assert len(set(pixels)) > 20
    assert view.page.locator(".present h1").inner_text() == "Test session"
    assert view.page.evaluate("getComputedStyle(document.querySelector('.present h1')).fontFamily").startswith(
        '"Noto Sans KR"')


def test_maths_is_drawn_by_the_browser(exported, opened):
    view = opened(exported["maths"].path)
    box = view.page.locator(".present math").first.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 10
    assert view.page.evaluate("document.scripts.length") == 3  # reveal, notes, initialise: nothing for maths


def test_speaker_view_opens_offline_with_the_notes(exported, opened):
    view = opened(exported["welcome"].path)
    with view.page.expect_popup() as popup_info:
        view.page.keyboard.press("s")
    popup = popup_info.value
    popup.wait_for_selector(".speaker-controls-notes", timeout=5000)
    sync_api.expect(popup.locator(".speaker-controls-notes")).to_contain_text("Welcome everyone", timeout=5000)
    popup.wait_for_function("() => document.querySelector('#current-slide iframe')", timeout=5000)
    assert view.blocked == [] and view.errors == []


def test_pdf_handout_has_one_page_per_slide(exported, browser, tmp_path):
    from workshop.slides.pdf import print_with

    (pdf, pages), = print_with(browser, [exported["session"].path], out_dir=tmp_path)
    assert pdf == tmp_path / "session.pdf" and pdf.read_bytes()[:5] == b"%PDF-"
    assert pages == exported["session"].slide_count
