"""Session slides: offline, single-file reveal.js decks built from ``slides/`` and the exercises.

The pieces, each in its own small module:

- :mod:`~workshop.slides.source` — deck sources (Markdown or notebooks with slideshow metadata)
  → cells, the Jupyter/RISE way (``slide``, ``subslide``, ``fragment``, ``notes``, ``skip``, ``-``);
- :mod:`~workshop.slides.render` — cells → reveal.js ``<section>`` HTML (Markdown, highlighted
  code, maths as MathML, local images inlined);
- :mod:`~workshop.core.session` — the session file (``session.toml``) and its clock-time schedule;
- :mod:`~workshop.slides.assemble` — the session deck: title, agenda, opening decks, one or two
  slides per exercise, breaks, key points, closing decks;
- :mod:`~workshop.slides.assets` — reveal.js, its notes plugin and themes, read from the installed
  ``sphinx-revealjs`` package (never copied into this repository);
- :mod:`~workshop.slides.export` — one self-contained HTML file per deck, and ``build_slides`` for
  the command;
- :mod:`~workshop.slides.pdf` — PDF handouts through Playwright and a Chromium already on the machine.

Nothing here touches the network, at build time or when a deck is opened.
"""

from __future__ import annotations


class SlidesError(Exception):
    """A deck, the session file or the export cannot be done. The message is for a person."""
