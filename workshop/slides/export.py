"""The inlining exporter: one self-contained HTML file per deck, and the whole ``workshop slides`` build.

Each file holds reveal.js, its notes plugin, the theme and our styles in ``<style>``/``<script>``
elements, images as ``data:`` URIs, and a Content-Security-Policy that lets the page load nothing
from anywhere: it opens from a USB stick with no network and makes no request. Code is highlighted
at build time (Pygments) and maths is MathML, so neither needs a script; the maths styles are only
added to a deck that has maths.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from workshop import __version__
from workshop.util.atomic import write_bytes_atomic, write_text_atomic
from workshop.util.i18n import _
from workshop.slides import SlidesError
from workshop.slides.assets import DEFAULT_THEME, load_theme, reveal_assets
from workshop.slides.render import RenderedDeck, render_deck
from workshop.slides.source import Deck, to_notebook

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATE = PACKAGE_DIR / "templates" / "slides.html.j2"
STYLES = PACKAGE_DIR / "static" / "slides.css"
MATH_CSS = """
.reveal math { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", math; font-size: 1.05em; }
.reveal math[display="block"] { margin: 0.5em 0; }
.reveal .ws-tex { white-space: pre-wrap; }
"""

#: reveal.js settings shared by every deck. 16:9, slide numbers for the facilitator, the position in
#: the address so a reload keeps the slide, and handouts with one page per slide.
REVEAL_CONFIG = {
    "width": 1280,
    "height": 720,
    "margin": 0.05,
    "hash": True,
    "slideNumber": "c/t",
    "showSlideNumber": "all",
    "transition": "slide",
    "transitionSpeed": "fast",
    "pdfSeparateFragments": False,
    "pdfMaxPagesPerSlide": 1,
}


@lru_cache(maxsize=1)
def _template():
    import jinja2

    try:
        text = TEMPLATE.read_text(encoding="utf-8")
    except OSError as error:
        raise SlidesError(_("The slides template is missing: {error}").format(error=error)) from None
    return jinja2.Environment(autoescape=True, keep_trailing_newline=True).from_string(text)


@lru_cache(maxsize=1)
def _workshop_css() -> str:
    return STYLES.read_text(encoding="utf-8")


@lru_cache(maxsize=4)
def _code_css(dark: bool) -> str:
    from pygments.formatters.html import HtmlFormatter

    prefix = ".reveal pre code"
    rules = HtmlFormatter(style="monokai" if dark else "friendly").get_style_defs(prefix)
    return "\n".join(line for line in rules.splitlines() if line.startswith(prefix))


def deck_html(deck: Deck, theme: str = DEFAULT_THEME) -> tuple[str, RenderedDeck]:
    """The deck as one self-contained HTML document, and what rendering found."""
    rendered = render_deck(deck)
    assets = reveal_assets()
    chosen = load_theme(theme)
    styles = _workshop_css()
    if rendered.has_code:
        styles += "\n/* Code (Pygments) */\n" + _code_css(chosen.dark)
    if rendered.has_math:
        styles += "\n/* Maths (MathML) */\n" + MATH_CSS
    config = json.dumps(REVEAL_CONFIG, sort_keys=True)[:-1] + ', "plugins": [RevealNotes]}'
    page = _template().render(
        language=deck.language or "en",
        title=deck.title,
        workshop_version=__version__,
        reveal_credit=assets.license_note + f" {assets.version}",
        reveal_css=assets.reveal_css,
        theme_css=chosen.css,
        workshop_css=styles,
        sections=rendered.sections_html,
        reveal_js=assets.reveal_js,
        notes_js=assets.notes_js,
        config=config,
    )
    return page, rendered


@dataclass
class Exported:
    """One deck written to disk."""

    name: str
    title: str
    path: Path
    size: int
    slide_count: int
    notes_count: int
    has_math: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)
    pdf: Path | None = None
    pdf_pages: int | None = None


def export_deck(deck: Deck, out_dir: Path, theme: str = DEFAULT_THEME, language: str | None = None) -> Exported:
    """Write ``out_dir/<deck name>.html`` (atomically)."""
    started = time.perf_counter()
    if language:
        deck.language = language
    page, rendered = deck_html(deck, theme)
    data = page.encode("utf-8")
    path = Path(out_dir) / f"{deck.name}.html"
    write_bytes_atomic(path, data)
    return Exported(deck.name, deck.title, path, len(data), rendered.slide_count, rendered.notes_count,
                    rendered.has_math, time.perf_counter() - started, rendered.warnings)


@dataclass
class BuildResult:
    """What ``workshop slides`` made."""

    out_dir: Path
    decks: list[Exported]
    session_file: Path | None
    schedule: object | None = None  # workshop.core.session.Schedule
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def build_slides(workspace, session_file: Path | None = None, out_dir: Path | None = None,
                 theme: str = DEFAULT_THEME, notebooks: bool = False) -> BuildResult:
    """Export every deck of the session's ``slides/`` folder and, when there is a session file, the session deck.

    ``session_file`` defaults to ``session.toml`` in the workspace; without one only the decks in
    ``<workspace>/slides`` are exported (and a note says so).
    """
    from workshop.slides.assemble import build_session_deck, load_decks
    from workshop.core.session import DEFAULT_FILE, load_session

    started = time.perf_counter()
    load_theme(theme)  # a wrong theme name fails before anything is written
    notes: list[str] = []
    session = None
    if session_file is None and (workspace.root / DEFAULT_FILE).is_file():
        session_file = workspace.root / DEFAULT_FILE
    if session_file is not None:
        session = load_session(session_file)
        slides_dir = session.decks_folder(workspace.root)
    else:
        slides_dir = workspace.root / "slides"
        notes.append(_("No session file ({name}) here, so only the decks in {folder} were exported. "
                       "See docs/slides.md to write one.").format(name=DEFAULT_FILE, folder=slides_dir))
    from workshop.util.i18n import current_language

    language = current_language()
    decks = load_decks(slides_dir)
    if language == "ko" and (slides_dir / "ko").is_dir():  # Korean decks by the same names replace the English
        decks.update(load_decks(slides_dir / "ko"))
    if not decks and session is None:
        raise SlidesError(_("There are no decks (.md or .ipynb) in {folder}.").format(folder=slides_dir))
    out_dir = Path(out_dir) if out_dir is not None else workspace.root / "out" / "slides"
    plan = None
    to_export: list[Deck] = []
    if session is not None:
        if session.name in decks:
            raise SlidesError(_("The session deck and a deck in {folder} would both be {name}.html: rename one.")
                              .format(folder=slides_dir, name=session.name))
        session_deck, plan = build_session_deck(session, workspace.exercises(), decks, workspace.root)
        to_export.append(session_deck)
    to_export += list(decks.values())
    exported = [export_deck(deck, out_dir, theme, language) for deck in to_export]
    if notebooks:
        import nbformat

        for deck in to_export:
            notebook = to_notebook(deck)
            nbformat.validate(nbformat.from_dict(notebook))
            write_text_atomic(out_dir / "notebooks" / f"{deck.name}.ipynb",
                              json.dumps(notebook, ensure_ascii=False, indent=1) + "\n")
    return BuildResult(out_dir, exported, session.path if session else None, plan, notes,
                       time.perf_counter() - started)
