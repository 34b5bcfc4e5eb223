"""Deck sources: Markdown → cells with Jupyter's slideshow types, notebooks, and how cells group into slides."""

from __future__ import annotations

import json

import nbformat
import pytest

from workshop.slides import SlidesError
from workshop.slides.render import group_cells, render_deck
from workshop.slides.source import (
    Deck,
    deck_paths,
    load_deck,
    markdown_to_cells,
    notebook_to_cells,
    to_notebook,
)

DECK = """\
# First
Hello.

Notes:
Say hello. **Two minutes.**

---
## Second
```python
---
x = 1
```
. . .
- appears later

--
### Below
"""


def kinds(cells):
    return [cell.slide_type for cell in cells]


def test_markdown_separators_make_slides_fragments_notes_and_subslides():
    cells = markdown_to_cells(DECK)
    assert kinds(cells) == ["slide", "notes", "slide", "fragment", "subslide"]
    assert cells[1].source == "Say hello. **Two minutes.**"
    assert "---\nx = 1" in cells[2].source  # a separator inside a code fence is code
    stacks = group_cells(cells)
    assert [len(stack) for stack in stacks] == [1, 2]
    assert stacks[0][0].notes and stacks[1][0].blocks[1][0] is True  # the fragment block


def test_leading_and_trailing_separators_make_no_empty_slides():
    cells = markdown_to_cells("---\n# Only\n---\n")
    assert kinds(cells) == ["slide"] and cells[0].source == "# Only"


def test_notebook_slideshow_metadata_is_read_as_rise_and_nbconvert_do():
    def cell(kind, source, slide_type=None):
        metadata = {"slideshow": {"slide_type": slide_type}} if slide_type else {}
        entry = {"cell_type": kind, "metadata": metadata, "source": source}
        if kind == "code":
            entry.update(outputs=[{"output_type": "stream", "name": "stdout", "text": ["4\n"]}], execution_count=1)
        return entry

    notebook = {"cells": [cell("markdown", "# A", "slide"), cell("code", "print(2 + 2)"),
                          cell("markdown", "secret", "skip"), cell("markdown", "say it", "notes"),
                          cell("markdown", "## B", "subslide"), cell("markdown", "later", "fragment"),
                          cell("markdown", "with it", "-"), cell("markdown", "# C", "slide")],
                "metadata": {"kernelspec": {"language": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    deck = Deck("nb", "nb", notebook_to_cells(notebook))
    rendered = render_deck(deck)
    assert rendered.slide_count == 3 and rendered.notes_count == 1
    assert "secret" not in rendered.sections_html
    assert '<div class="fragment">\n<p>later</p>\n\n<p>with it</p>' in rendered.sections_html
    assert '<span class="nb">print</span>' in rendered.sections_html  # highlighted at build time
    assert '<pre class="ws-output">4\n</pre>' in rendered.sections_html


def test_images_pasted_into_a_notebook_cell_are_inlined():
    notebook = {"cells": [{"cell_type": "markdown", "metadata": {"slideshow": {"slide_type": "slide"}},
                           "source": "# Map\n![map](attachment:map.png)",
                           "attachments": {"map.png": {"image/png": "iVBORw0KGgo="}}}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    rendered = render_deck(Deck("nb", "nb", notebook_to_cells(notebook)))
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in rendered.sections_html and not rendered.warnings


def test_slide_attributes_comment_sets_the_section_class():
    deck = Deck("t", "t", markdown_to_cells('<!-- .slide: class="ws-safety" data-x="1" onclick="x()" -->\n## Safe'))
    html = render_deck(deck).sections_html
    assert html.startswith('<section class="ws-safety" data-x="1">')
    assert "onclick" not in html and ".slide:" not in html


def test_a_markdown_deck_converts_to_a_valid_notebook(tmp_path):
    path = tmp_path / "talk.md"
    path.write_text(DECK, encoding="utf-8")
    deck = load_deck(path)
    assert deck.title == "First"
    notebook = to_notebook(deck)
    nbformat.validate(nbformat.from_dict(json.loads(json.dumps(notebook))))
    assert [cell["metadata"]["slideshow"]["slide_type"] for cell in notebook["cells"]] == kinds(deck.cells)
    again = notebook_to_cells(notebook)
    assert [(c.slide_type, c.source) for c in again] == [(c.slide_type, c.source) for c in deck.cells]


def test_deck_discovery_and_clear_errors(tmp_path):
    (tmp_path / "a.md").write_text("# A", encoding="utf-8")
    (tmp_path / "README.md").write_text("# not a deck", encoding="utf-8")
    (tmp_path / "_draft.md").write_text("# draft", encoding="utf-8")
    assert list(deck_paths(tmp_path)) == ["a"]
    (tmp_path / "a.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(SlidesError, match="Two decks are named a"):
        deck_paths(tmp_path)
    with pytest.raises(SlidesError, match="does not exist"):
        load_deck(tmp_path / "missing.md")
    (tmp_path / "bad.ipynb").write_text("{not json", encoding="utf-8")
    with pytest.raises(SlidesError, match="not valid notebook JSON"):
        load_deck(tmp_path / "bad.ipynb")
    (tmp_path / "empty.md").write_text("\n", encoding="utf-8")
    with pytest.raises(SlidesError, match="has no slides"):
        load_deck(tmp_path / "empty.md")


def test_repository_decks_have_speaker_notes_on_every_slide(repo):
    decks = {name: load_deck(path) for name, path in deck_paths(repo / "slides").items()}
    assert {"welcome", "loop", "wrap-up"} <= set(decks)
    for deck in decks.values():
        rendered = render_deck(deck)
        assert rendered.slide_count >= 5, deck.name
        assert rendered.notes_count == rendered.slide_count, deck.name
        assert not rendered.warnings, rendered.warnings


def test_welcome_deck_carries_the_safety_rules(repo):
    text = render_deck(load_deck(repo / "slides" / "welcome.md")).sections_html
    for rule in ("Nothing real goes into a cloud AI", "testimonies", "broker details", "Redact on your laptop",
                 "family still inside", "combine", "AI invents", "Cite", "local model", "retention terms",
                 "workshop account", "A/HRC/25/63", "Berkeley Protocol", "WITNESS", "Responsible Data"):
        assert rule in text, rule
    assert 'data-workshop="agenda"' in text


def test_loop_and_wrap_up_decks_cover_their_subjects(repo):
    loop = render_deck(load_deck(repo / "slides" / "loop.md")).sections_html
    for step in ("Notebook", "Check", "Hint", "Ask the AI", "Verify", "workshop check", "workshop hint"):
        assert step in loop, step
    wrap = render_deck(load_deck(repo / "slides" / "wrap-up.md")).sections_html
    for part in ("What to take home", "One up, one down", "Where to go next"):
        assert part in wrap, part
