"""Deck sources → cells.

A deck is a notebook whose cells carry the slideshow metadata of Jupyter (RISE, nbconvert):
``metadata.slideshow.slide_type`` is ``slide`` (a new slide), ``subslide`` (a new slide below the
current one), ``fragment`` (appears on the next click), ``notes`` (speaker notes), ``skip`` (left
out) or ``-`` (continues what came before).

Decks can also be written in Markdown, which converts to exactly such cells::

    # Title of the first slide
    Some text.

    Notes:
    Speaker notes, until the next separator.

    ---                 a new slide
    ## Second slide
    . . .               what follows appears on the next click (a fragment)
    --                  a new slide below the current one (vertical)

Separators stand alone on their line and are ignored inside fenced code blocks. A
``<!-- .slide: class="…" data-…="…" -->`` comment in a slide sets attributes of its section, as in
reveal.js's own Markdown. The notebook form of a Markdown deck comes from :func:`to_notebook`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from workshop.util.i18n import _
from workshop.slides import SlidesError

SLIDE_TYPES = ("slide", "subslide", "fragment", "notes", "skip", "-")
DECK_SUFFIXES = (".md", ".ipynb")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_NOTES = re.compile(r"^\s*notes?:\s*$", re.IGNORECASE)
_SEPARATORS = {"---": "slide", "--": "subslide", ". . .": "fragment"}
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


@dataclass
class Cell:
    """One cell of a deck. ``kind`` is ``markdown``, ``code``, ``raw`` or ``html`` (generated slides)."""

    kind: str
    source: str
    slide_type: str = "-"
    outputs: list = field(default_factory=list)
    language: str = "python"
    attachments: dict = field(default_factory=dict)  # a notebook Markdown cell's pasted images


@dataclass
class Deck:
    """A deck: its name (the file stem), title, the folder its images are relative to, its cells."""

    name: str
    title: str
    cells: list[Cell]
    folder: Path | None = None
    path: Path | None = None
    language: str = "en"


def markdown_to_cells(text: str) -> list[Cell]:
    """Split a Markdown deck into cells with slideshow types (see the module docstring)."""
    cells: list[Cell] = []
    lines: list[str] = []
    slide_type = "slide"
    fence: str | None = None

    def flush(next_type: str) -> None:
        nonlocal lines, slide_type
        source = "\n".join(lines).strip("\n")
        if source.strip() or slide_type in ("slide", "subslide"):
            cells.append(Cell("markdown", source, slide_type))
        lines = []
        slide_type = next_type

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)[0] * len(opening.group(1))
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None:
            stripped = line.strip()
            if stripped in _SEPARATORS and len(line) - len(line.lstrip(" ")) < 4:
                flush(_SEPARATORS[stripped])
                continue
            if _NOTES.match(line) and slide_type != "notes":
                flush("notes")
                continue
        lines.append(line)
    flush("-")
    # A separator before the first slide or after the last one makes no empty slide.
    if len(cells) > 1 and not cells[0].source.strip() and cells[1].slide_type == "slide":
        cells.pop(0)
    while len(cells) > 1 and not cells[-1].source.strip() and cells[-1].slide_type in ("slide", "subslide"):
        cells.pop()
    return cells


def _notebook_source(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def notebook_to_cells(notebook: dict) -> list[Cell]:
    """The cells of a notebook (as loaded from JSON) with their slideshow types."""
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise SlidesError(_("This is not a Jupyter notebook (no list of cells)."))
    language = (notebook.get("metadata", {}).get("kernelspec", {}) or {}).get("language") or (
        notebook.get("metadata", {}).get("language_info", {}) or {}).get("name") or "python"
    cells = []
    for raw in notebook["cells"]:
        kind = raw.get("cell_type", "markdown")
        slide_type = ((raw.get("metadata") or {}).get("slideshow") or {}).get("slide_type", "-")
        if slide_type not in SLIDE_TYPES:
            slide_type = "-"
        source = _notebook_source(raw.get("source"))
        if kind == "raw":
            # Raw cells carry text for other formats; HTML ones are meant for the slides as they are.
            mime = (raw.get("metadata") or {}).get("format") or (raw.get("metadata") or {}).get("raw_mimetype")
            if mime not in ("text/html", "html"):
                continue
            kind = "html"
        attachments = raw.get("attachments") if isinstance(raw.get("attachments"), dict) else {}
        cells.append(Cell(kind, source, slide_type, list(raw.get("outputs") or []), language, attachments))
    return cells


def deck_title(cells: list[Cell], fallback: str) -> str:
    """The first Markdown heading of a deck (its title), else ``fallback``."""
    for cell in cells:
        if cell.kind != "markdown" or cell.slide_type in ("notes", "skip"):
            continue
        for line in cell.source.splitlines():
            match = _HEADING.match(line)
            if match:
                return re.sub(r"[*_`]", "", match.group(1)).strip()
    return fallback


def load_deck(path: Path | str) -> Deck:
    """Read a deck from a ``.md`` or ``.ipynb`` file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SlidesError(_("The deck {path} does not exist.").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SlidesError(_("Cannot read the deck {path}: {error}").format(path=path, error=error)) from None
    if path.suffix == ".ipynb":
        try:
            cells = notebook_to_cells(json.loads(text))
        except json.JSONDecodeError as error:
            raise SlidesError(_("{path} is not valid notebook JSON: {error}").format(path=path, error=error)) from None
        except SlidesError as error:
            raise SlidesError(f"{path}: {error}") from None
    else:
        cells = markdown_to_cells(text)
    if not any(cell.source.strip() and cell.slide_type not in ("skip", "notes") for cell in cells):
        raise SlidesError(_("The deck {path} has no slides.").format(path=path))
    return Deck(name=path.stem, title=deck_title(cells, path.stem), cells=cells, folder=path.parent.resolve(),
                path=path.resolve())


def deck_paths(folder: Path | str) -> dict[str, Path]:
    """The decks in ``folder`` by name: ``*.md`` and ``*.ipynb``, except README and ``_``-prefixed files."""
    folder = Path(folder)
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix not in DECK_SUFFIXES:
            continue
        if path.name.startswith(("_", ".")) or path.stem.lower() == "readme":
            continue
        if path.stem in found:
            raise SlidesError(_("Two decks are named {name} in {folder}: keep one of {a} and {b}.").format(
                name=path.stem, folder=folder, a=found[path.stem].name, b=path.name))
        found[path.stem] = path
    return found


def to_notebook(deck: Deck) -> dict:
    """The deck as an nbformat-4 notebook with slideshow metadata (opens in JupyterLab, RISE, nbconvert)."""
    cells = []
    for index, cell in enumerate(deck.cells):
        kind = {"html": "raw"}.get(cell.kind, cell.kind)
        metadata: dict = {"slideshow": {"slide_type": cell.slide_type}}
        if cell.kind == "html":
            metadata["format"] = "text/html"
        entry = {"cell_type": kind, "id": f"{deck.name[:40]}-{index}", "metadata": metadata,
                 "source": cell.source}
        if kind == "code":
            entry.update(execution_count=None, outputs=list(cell.outputs))
        elif kind == "markdown" and cell.attachments:
            entry["attachments"] = cell.attachments
        cells.append(entry)
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python"}, "title": deck.title},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
