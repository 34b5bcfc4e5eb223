"""reveal.js, its notes plugin and its themes, read from the installed ``sphinx-revealjs`` package.

That package (MIT, like reveal.js) ships reveal.js's built ``dist/`` and plugins; we read the files
from where pip put them and inline them into each deck, so nothing of reveal.js is kept in this
repository. The package is located without importing it (importing it would import Sphinx).

Theme CSS is made offline on the way in: ``@import`` rules (reveal's themes import their fonts,
some from Google Fonts) are removed, any other ``url(…)`` to a local file becomes a ``data:`` URI
and one on the web is removed; fonts then come from the system (see ``workshop/ui/static/slides.css``).
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from workshop.util.i18n import _
from workshop.slides import SlidesError

PACKAGE = "sphinx_revealjs"
DEFAULT_THEME = "white"

_IMPORT = re.compile(r"@import\s+(?:url\()?\s*[\"']?[^;]*;", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^)"']+)\1\s*\)""")
_SOURCE_MAP = re.compile(r"^\s*(?://|/\*)# sourceMappingURL=.*$", re.MULTILINE)
_VERSION = re.compile(r"reveal\.js (\d+\.\d+\.\d+)")
_BACKGROUND = re.compile(r"--r-background-color:\s*(#[0-9a-fA-F]{3,8})")


@lru_cache(maxsize=1)
def reveal_root() -> Path:
    """The folder holding reveal.js's ``dist/`` and ``plugin/`` inside the installed package."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        root = Path(location) / "_static" / "revealjs"
        if (root / "dist" / "reveal.js").is_file():
            return root
    raise SlidesError(_(
        "reveal.js was not found: it comes with the Python package sphinx-revealjs. "
        "Install the facilitator's slide tools with: pip install \"workshop[slides]\" (in the toolkit's folder: "
        "pip install -e \".[slides]\")"))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise SlidesError(_("Cannot read {path} from sphinx-revealjs: {error}").format(path=path, error=error)) from None


def script_safe(code: str) -> str:
    """JavaScript made safe to sit inside ``<script>…</script>`` (no early end, no HTML comment states)."""
    code = _SOURCE_MAP.sub("", code)
    return re.sub(r"<(?=/script|!--|script)", r"\\x3C", code, flags=re.IGNORECASE)


@dataclass(frozen=True)
class RevealAssets:
    """What a deck inlines from reveal.js: its code, base CSS, notes plugin and version."""

    version: str
    reveal_js: str
    reveal_css: str
    notes_js: str
    license_note: str


@lru_cache(maxsize=1)
def reveal_assets() -> RevealAssets:
    """reveal.js's files, read once per process."""
    root = reveal_root()
    reveal_js = _read(root / "dist" / "reveal.js")
    match = _VERSION.search(reveal_js[:500])
    return RevealAssets(
        version=match.group(1) if match else "unknown",
        reveal_js=script_safe(reveal_js),
        reveal_css=_SOURCE_MAP.sub("", _read(root / "dist" / "reveal.css")),
        notes_js=script_safe(_read(root / "plugin" / "notes" / "notes.js")),
        license_note="reveal.js (MIT licence, Copyright (C) Hakim El Hattab and reveal.js contributors), "
                     "from the sphinx-revealjs package",
    )


def themes() -> list[str]:
    """The names of reveal.js's themes available here."""
    folder = reveal_root() / "dist" / "theme"
    return sorted(path.stem for path in folder.glob("*.css"))


def offline_css(css: str, folder: Path) -> str:
    """CSS without ``@import`` and without any ``url(…)`` that is not a local file (which gets inlined)."""
    from workshop.slides.render import data_uri

    css = _IMPORT.sub("", _SOURCE_MAP.sub("", css))

    def replace(match: re.Match) -> str:
        reference = match.group(2).strip()
        if reference.startswith("data:"):
            return match.group(0)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", reference, re.IGNORECASE):
            return "none"
        path = folder / reference.split("#")[0].split("?")[0]
        return f'url("{data_uri(path)}")' if path.is_file() else "none"

    return _CSS_URL.sub(replace, css)


@dataclass(frozen=True)
class Theme:
    """A reveal.js theme made offline, and whether its background is dark."""

    name: str
    css: str
    dark: bool


def _is_dark(css: str) -> bool:
    match = _BACKGROUND.search(css)
    if not match:
        return False
    value = match.group(1)[1:]
    if len(value) in (3, 4):
        value = "".join(ch * 2 for ch in value[:3])
    red, green, blue = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5


@lru_cache(maxsize=8)
def load_theme(name: str = DEFAULT_THEME) -> Theme:
    """A theme by name (one of :func:`themes`) or a path to a ``.css`` file of your own."""
    candidate = Path(name)
    if candidate.suffix == ".css" and candidate.is_file():
        css = _read(candidate)
        return Theme(candidate.stem, offline_css(css, candidate.parent), _is_dark(css))
    folder = reveal_root() / "dist" / "theme"
    path = folder / f"{name}.css"
    if not name or "/" in name or "\\" in name or not path.is_file():
        raise SlidesError(_("There is no theme {name!r}. Choose one of: {names} (or give a .css file).").format(
            name=name, names=", ".join(themes())))
    css = _read(path)
    return Theme(name, offline_css(css, folder), _is_dark(css))
