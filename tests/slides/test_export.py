"""The exporter: one self-contained HTML file per deck that can make no request when opened."""

from __future__ import annotations

import base64
import json
import re

import pytest

from workshop.core.workspace import Workspace
from workshop.slides import SlidesError
from workshop.slides.assets import load_theme, reveal_assets, themes
from workshop.slides.export import MATH_CSS, build_slides, deck_html, export_deck
from workshop.slides.source import Deck, markdown_to_cells

SCRIPT = re.compile(r"<script>.*?</script>", re.DOTALL)
# A 1×1 PNG, made here.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
MATH_DECK = ("# Strength\n\nSix words: $H = 6 \\log_2 7776 \\approx 77.55$ bits.\n\n$$\\frac{a}{b}$$\n\nNotes:\nSay it.\n"
             "---\n## Why words\nEach word is one choice of 7,776.\n")


def markup(page: str) -> str:
    """The page without the contents of its scripts (reveal.js mentions web addresses in strings)."""
    return SCRIPT.sub("<script></script>", page)


def requests_in(page: str) -> list[str]:
    """Every reference in the markup and styles that a browser would fetch from the network."""
    outside = markup(page)
    found = re.findall(r"""\s(?:src|href|poster|data-background-image)\s*=\s*["']?((?:[a-z]+:)?//[^"'\s>]+)""",
                       outside, re.IGNORECASE)
    found += re.findall(r"""url\(\s*["']?((?:[a-z]+:)?//[^)"']+)""", outside, re.IGNORECASE)
    found += re.findall(r"@import[^;]+;", outside)
    return found


@pytest.fixture
def built(slides_workspace, tmp_path):
    return build_slides(Workspace(slides_workspace), out_dir=tmp_path / "out", notebooks=True)


def test_every_deck_is_one_offline_file_under_a_megabyte(built):
    names = [deck.path.name for deck in built.decks]
    assert names[0] == "session.html" and {"welcome.html", "loop.html", "wrap-up.html"} <= set(names)
    version = reveal_assets().version
    for deck in built.decks:
        page = deck.path.read_text(encoding="utf-8")
        assert deck.size == deck.path.stat().st_size < 1_000_000
        assert requests_in(page) == [], deck.name
        assert "default-src 'none'" in page  # the browser itself refuses any other request
        assert f"reveal.js {version}" in page and "RevealNotes" in page and "Reveal.initialize" in page
        assert "<link" not in markup(page) and "<script src" not in page
        assert page.count("<section") >= deck.slide_count
        assert "Noto Sans KR" in page and "fonts.googleapis" not in page
        assert "<math" not in page and MATH_CSS not in page  # no maths, no maths styles
        assert not deck.warnings
    assert built.schedule is not None and built.session_file.name == "session.toml"


def test_notebooks_are_written_with_slideshow_metadata(built):
    import nbformat

    for deck in built.decks:
        path = built.out_dir / "notebooks" / f"{deck.name}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert notebook.cells[0].metadata.slideshow.slide_type == "slide"


def test_building_twice_gives_the_same_bytes(slides_workspace, tmp_path):
    first = build_slides(Workspace(slides_workspace), out_dir=tmp_path / "a")
    second = build_slides(Workspace(slides_workspace), out_dir=tmp_path / "b")
    for one, two in zip(first.decks, second.decks):
        assert one.path.read_bytes() == two.path.read_bytes()


def test_without_a_session_file_the_decks_are_still_exported(slides_workspace, tmp_path):
    (slides_workspace / "session.toml").unlink()
    result = build_slides(Workspace(slides_workspace), out_dir=tmp_path / "out")
    assert [deck.name for deck in result.decks] == ["loop", "welcome", "wrap-up"]
    assert result.notes and "No session file" in result.notes[0]


def test_maths_becomes_mathml_and_only_then_gets_maths_styles(tmp_path):
    deck = Deck("maths", "Strength", markdown_to_cells(MATH_DECK), folder=tmp_path)
    page, rendered = deck_html(deck)
    assert rendered.has_math and page.count("<math") == 2 and MATH_CSS in page
    assert '<math display="block">' in page and "<mfrac>" in page
    assert requests_in(page) == [] and "mathjax" not in page.lower() and "katex" not in markup(page).lower()
    plain, rendered_plain = deck_html(Deck("plain", "Plain", markdown_to_cells("# Costs $5 and $10\n")))
    assert not rendered_plain.has_math and "<math" not in plain and "$5 and $10" in plain


def test_local_images_are_inlined_and_web_images_left_out_with_a_warning(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "dot.png").write_bytes(PIXEL)
    source = ('# Pictures\n![a dot](img/dot.png)\n\n<img src="https://example.org/x.png">\n\n'
              '<div style="background: url(img/dot.png)"></div>\n\n---\n'
              '<!-- .slide: data-background-image="img/dot.png" -->\n## Background\n')
    exported = export_deck(Deck("pics", "Pictures", markdown_to_cells(source), folder=tmp_path), tmp_path / "out")
    page = exported.path.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64," + base64.b64encode(PIXEL).decode()) == 3
    assert requests_in(page) == [] and "example.org" not in markup(page)
    assert len(exported.warnings) == 1 and "https://example.org/x.png" in exported.warnings[0]


def test_themes_are_made_offline(tmp_path):
    assert {"white", "black", "white-contrast", "black-contrast", "league"} <= set(themes())
    for name in ("league", "simple", "black"):
        css = load_theme(name).css
        assert "@import" not in css and "googleapis" not in css and "url(" not in css
    assert load_theme("black").dark and not load_theme("white").dark
    custom = tmp_path / "brand.css"
    (tmp_path / "font.woff2").write_bytes(b"font")
    custom.write_text('@import url(https://fonts.example.org/x.css);\n@font-face { font-family: B; '
                      'src: url("font.woff2"); }\n.reveal { background: url(https://example.org/bg.png); }\n',
                      encoding="utf-8")
    css = load_theme(str(custom)).css
    assert "data:application/octet-stream;base64,Zm9udA==" in css or "data:font/woff2;base64,Zm9udA==" in css
    assert "example.org" not in css
    with pytest.raises(SlidesError, match="no theme 'neon'.*white"):
        load_theme("neon")


def test_code_is_highlighted_at_build_time_for_the_theme(tmp_path):
    deck = Deck("code", "Code", markdown_to_cells("# Code\n```python\nimport secrets\n```\n"))
    light, _ = deck_html(deck, "white")
    dark, _ = deck_html(deck, "black")
    assert '<span class="kn">import</span>' in light
    assert ".reveal pre code .kn" in light and light != dark
    assert "highlight.js" not in light


def test_session_with_an_unknown_exercise_fails_before_writing(slides_workspace, tmp_path):
    (slides_workspace / "session.toml").write_text('title = "x"\nexercises = [98]\n', encoding="utf-8")
    with pytest.raises(SlidesError, match="There is no exercise '98'"):
        build_slides(Workspace(slides_workspace), out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_wrong_theme_fails_before_writing(slides_workspace, tmp_path):
    with pytest.raises(SlidesError, match="no theme"):
        build_slides(Workspace(slides_workspace), out_dir=tmp_path / "out", theme="nope")
    assert not (tmp_path / "out").exists()


def test_reveal_comes_from_the_installed_package_not_this_repository(repo):
    from workshop.slides.assets import reveal_root

    assert "sphinx_revealjs" in str(reveal_root())
    copies = [path for path in repo.rglob("reveal*.js") if ".git" not in path.parts and "out" not in path.parts]
    assert copies == []
    assert json.dumps(reveal_assets().version).count(".") == 2


def test_a_session_file_elsewhere_uses_the_workspace_decks(slides_workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    session = elsewhere / "forum.toml"
    session.write_text((slides_workspace / "session.toml").read_text(encoding="utf-8"), encoding="utf-8")
    result = build_slides(Workspace(slides_workspace), session_file=session, out_dir=tmp_path / "out")
    assert result.decks[0].name == "forum" and result.decks[0].slide_count > 20
