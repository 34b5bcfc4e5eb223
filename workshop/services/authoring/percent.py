"""Helpers for authors: write a solution notebook as a plain-text "percent" script and back.

A percent script is Python where ``# %%`` starts a code cell and ``# %% [markdown]`` a Markdown
cell whose lines are comments; ``# %% tags=["skip-check"]`` sets tags. It is the format of
Jupytext, VS Code and Spyder, handy for drafting an exercise in an editor. The notebook
(``solutions/NN-slug/<module>.ipynb``) stays the source of truth.
"""

from __future__ import annotations

import hashlib
import json
import re

_HEADER = re.compile(r"^# %%(?P<markdown>\s*\[markdown\])?(?:\s+tags=(?P<tags>\[.*\]))?\s*$")


def percent_to_notebook(text: str, seed: str = "") -> dict:
    """A notebook dict from a percent script; cell ids are stable for the same script and seed."""
    cells: list[dict] = []
    kind, tags, lines = None, [], []

    def flush():
        if kind is None:
            return
        body = "\n".join(lines).strip("\n")
        if kind == "markdown":
            body = "\n".join(re.sub(r"^# ?", "", line) for line in body.splitlines())
        cell_id = hashlib.sha1(f"{seed}:{len(cells)}".encode()).hexdigest()[:8]
        metadata = {"tags": tags} if tags else {}
        if kind == "markdown":
            cells.append({"cell_type": "markdown", "id": cell_id, "metadata": metadata, "source": body})
        else:
            cells.append({"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": metadata,
                          "outputs": [], "source": body})

    for line in text.splitlines():
        header = _HEADER.match(line)
        if header:
            flush()
            kind = "markdown" if header.group("markdown") else "code"
            tags = json.loads(header.group("tags")) if header.group("tags") else []
            lines = []
        elif kind is not None:
            lines.append(line)
    flush()
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def notebook_to_percent(notebook: dict) -> str:
    """The percent script of a notebook (outputs dropped)."""
    parts = []
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        tags = (cell.get("metadata") or {}).get("tags")
        suffix = f" tags={json.dumps(tags)}" if tags else ""
        if cell.get("cell_type") == "markdown":
            body = "\n".join(("# " + line) if line else "#" for line in source.splitlines())
            parts.append(f"# %% [markdown]{suffix}\n{body}")
        elif cell.get("cell_type") == "code":
            parts.append(f"# %%{suffix}\n{source}")
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    import argparse
    from pathlib import Path

    from workshop.services.authoring.build import dumps_notebook

    parser = argparse.ArgumentParser(description="Convert a percent script to a notebook, or back.")
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    options = parser.parse_args()
    if options.source.suffix == ".py":
        notebook = percent_to_notebook(options.source.read_text(encoding="utf-8"), seed=options.target.stem)
        options.target.write_bytes(dumps_notebook(notebook))
    else:
        notebook = json.loads(options.source.read_text(encoding="utf-8"))
        options.target.write_text(notebook_to_percent(notebook), encoding="utf-8")
