"""Korean slides: the decks in slides/ko replace the English ones when the language is Korean, the
session deck's own slides are Korean with a bilingual title, and Chromium draws every Hangul glyph."""

from __future__ import annotations

import re

import pytest

from workshop.util import i18n
from workshop.core.workspace import Workspace
from workshop.slides.export import build_slides
from workshop.slides.source import load_deck

from .conftest import write_session

HANGUL = re.compile(r"[가-힣]")


@pytest.fixture
def korean():
    i18n.set_language("ko")
    yield
    i18n.set_language(None)


def _build(workspace, repo, out):
    import shutil

    shutil.copytree(repo / "slides", workspace / "slides")
    write_session(workspace, [1, 2], extra='title_ko = "시험 세션"\nsubtitle_ko = "슬라이드 시험용"\n')
    return build_slides(Workspace(workspace), out_dir=out)


def test_every_english_deck_has_a_korean_one_with_the_same_shape(repo):
    for english_path in sorted((repo / "slides").glob("*.md")):
        english, korean = load_deck(english_path), load_deck(repo / "slides" / "ko" / english_path.name)
        assert [c.slide_type for c in english.cells] == [c.slide_type for c in korean.cells], english_path.name
        for en_cell, ko_cell in zip(english.cells, korean.cells):
            assert HANGUL.search(ko_cell.source), (english_path.name, ko_cell.source[:80])
            markers = re.compile(r"<!-- \.slide:[^>]*-->|class=\"[^\"]*\"")
            assert markers.findall(en_cell.source) == markers.findall(ko_cell.source)


def test_korean_session_deck_and_decks(workspace, repo, tmp_path, korean):
    result = _build(workspace, repo, tmp_path / "out")
    session = (tmp_path / "out" / "session.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in session
    assert "<h1>시험 세션</h1>" in session and 'lang="en">Test session<' in session  # bilingual title slide
    assert "2025년 10월 22일 (수)" in session and "일정" in session and "쉬는 시간" in session
    welcome = (tmp_path / "out" / "welcome.html").read_text(encoding="utf-8")
    assert "함께 지킬 약속" in welcome and "Ground rules" not in welcome
    assert {deck.name for deck in result.decks} == {"session", "welcome", "loop", "wrap-up"}


def test_english_title_slide_names_the_korean_title(workspace, repo, tmp_path):
    i18n.set_language("en")
    try:
        _build(workspace, repo, tmp_path / "out")
    finally:
        i18n.set_language(None)
    session = (tmp_path / "out" / "session.html").read_text(encoding="utf-8")
    assert "<h1>Test session</h1>" in session and 'lang="ko">시험 세션<' in session
    assert "Ground rules" in (tmp_path / "out" / "welcome.html").read_text(encoding="utf-8")


# A glyph a font lacks is drawn as the same "missing" box (or nothing) as a private-use character.
TOFU_JS = """
(selector) => {
  const slide = document.querySelector(selector);
  const text = slide.innerText;
  const chars = [...new Set([...text].filter(c => /[\\uac00-\\ud7a3]/.test(c)))];
  const font = getComputedStyle(slide.querySelector('h1, h2, p, li')).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = 80; canvas.height = 80;
  const g = canvas.getContext('2d', {willReadFrequently: true});
  const shape = (ch) => {
    g.clearRect(0, 0, 80, 80); g.font = `56px ${font}`; g.fillStyle = '#000'; g.fillText(ch, 8, 62);
    const alpha = g.getImageData(0, 0, 80, 80).data.filter((v, i) => i % 4 === 3);
    return alpha.join(',');
  };
  const missing = new Set([shape('\\ue000'), shape('\\u{10fffd}'), shape('\\u0378')]);
  const probe = missing.has(shape('\\ue001'));  // the detector itself: another unassigned glyph is caught
  const shapes = chars.map(shape);
  return {font, count: chars.length, missing: chars.filter((c, i) => missing.has(shapes[i])),
          distinct: new Set(shapes).size, probe, blank: shapes.filter(s => !/[1-9]/.test(s)).length};
}
"""


@pytest.mark.slow
def test_a_korean_slide_in_chromium_has_no_missing_glyphs(workspace, repo, tmp_path, korean):
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    from workshop.slides.pdf import CHROMIUM_ARGS, find_chromium

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no Chromium found (Debian: apt-get install -y chromium; or set WORKSHOP_CHROMIUM)")
    _build(workspace, repo, tmp_path / "out")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto((tmp_path / "out" / "welcome.html").as_uri())
            page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=10_000)
            page.evaluate("Reveal.slide(3)")  # the ground rules: a slide full of Korean text
            page.wait_for_timeout(300)
            shot = page.screenshot()
            (tmp_path / "korean-slide.png").write_bytes(shot)
            found = page.evaluate(TOFU_JS, ".reveal .slides section.present")
        finally:
            browser.close()
    assert "Apple SD Gothic Neo" in found["font"] and "Malgun Gothic" in found["font"]
    assert found["count"] > 60
    assert found["probe"], "the missing-glyph detector does not recognise a missing glyph"
    assert found["missing"] == [], f"Hangul drawn as missing glyphs: {''.join(found['missing'])}"
    assert found["blank"] == 0 and found["distinct"] == found["count"]  # every syllable has its own shape
    from .test_browser import png_pixels

    pixels = png_pixels(shot)
    dark = sum(1 for pixel in pixels if sum(pixel) < 200)
    assert dark > 200  # text was drawn on the screenshot
