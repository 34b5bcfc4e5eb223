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


def test_the_rooms_words_are_korean_on_korean_slides(workspace, repo):
    """session.toml's facilitators_ko, event_ko, venue_ko and a break's title_ko on the Korean title,
    agenda and break slides; the English slides keep the English words."""
    from workshop.core.session import load_session, schedule
    from workshop.slides.assemble import agenda_slides, break_slide, title_slide

    path = write_session(workspace, [1, 2], extra=(
        'title_ko = "시험 세션"\nevent_ko = "시험 포럼"\nvenue_ko = "서울"\n'
        'facilitators_ko = ["진행자", "도우미"]\n'))
    path.write_text(path.read_text(encoding="utf-8") + 'title = "Coffee"\ntitle_ko = "커피 시간"\n', encoding="utf-8")
    session = load_session(path)
    exercises = Workspace(workspace).exercises()

    def slides(lang):
        i18n.set_language(lang)
        try:
            plan = schedule(session, exercises)
            pause = next(item for item in plan.items if item.kind == "break")
            return "\n".join(cell.source for cell in title_slide(plan) + agenda_slides(plan) + break_slide(pause))
        finally:
            i18n.set_language(None)

    korean, english = slides("ko"), slides("en")
    for word in ("<li>진행자</li><li>도우미</li>", "시험 포럼", "서울", "<h2>커피 시간</h2>"):
        assert word in korean
    for word in ("Lead facilitator", "Helper", "Test forum", "Seoul", "Coffee"):
        assert word not in korean
    assert "<li>Lead facilitator</li><li>Helper</li>" in english and "Test forum" in english
    assert "<h2>Coffee</h2>" in english and "커피" not in english and "진행자" not in english


def test_a_break_without_title_is_translated_and_the_rooms_language_is_read(workspace):
    """A break with no title is "쉬는 시간" on Korean slides, and ``language = "ko"`` in a session file with
    breaks decides the language (reading the file must not translate while the language is decided)."""
    from workshop.core.session import load_session, schedule

    path = write_session(workspace, [1], extra='language = "ko"\n')
    session = load_session(path)
    assert session.breaks[0].title == "" and session.breaks[0].shown_title("ko") == "쉬는 시간"
    i18n.reset()
    try:
        import os

        saved = {name: os.environ.pop(name, None) for name in ("WORKSHOP_LANG", "WORKSHOP_ROOT")}
        try:
            assert i18n.current_language() == "ko"
            assert i18n._("Break") == "쉬는 시간"
            plan = schedule(session, Workspace(workspace).exercises())
            assert [item.title for item in plan.items if item.kind == "break"] == ["쉬는 시간"]
        finally:
            os.environ.update({name: value for name, value in saved.items() if value is not None})
    finally:
        i18n.reset()


def test_facilitators_ko_must_be_a_list_of_names(workspace):
    from workshop.core.session import load_session
    from workshop.slides import SlidesError

    path = write_session(workspace, [1], extra="facilitators_ko = 3\n")
    with pytest.raises(SlidesError, match="facilitators_ko"):
        load_session(path)
    path = write_session(workspace, [1], extra="")
    path.write_text(path.read_text(encoding="utf-8") + 'titel = "typo"\n', encoding="utf-8")
    with pytest.raises(SlidesError, match="titel"):
        load_session(path)
