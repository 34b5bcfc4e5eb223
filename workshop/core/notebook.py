"""Read a notebook file and turn its code cells into a Python module (contract 2 in docs/architecture.md).

Fast on purpose: plain :mod:`json`, no nbformat (its validator costs over a second to import).
Validation by nbformat belongs to ``workshop validate``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from workshop.util.i18n import _

#: Cells with any of these tags are left out of the module.
SKIP_TAGS = frozenset({"skip-check", "skip", "check"})

#: Largest notebook file read, in bytes. A bigger file is almost certainly not a learner's work.
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
#: Most JSON items (counted by their ``,``, ``[`` and ``{``) a notebook may hold: parsing costs memory per
#: item (an 18 MB file of empty cells is ~0.3 GB in Python), and real notebooks have far fewer.
MAX_NOTEBOOK_ITEMS = 1_000_000
#: Most characters of code a notebook's module may have: compiling costs ~800 bytes of memory per
#: character in the worst case (18 MB of ``1,`` took the grader past 7 GB); exercises need a few KB.
MAX_CODE_CHARS = 256 * 1024

_MAGIC_LINE = re.compile(r"^(\s*)(%|!)")
_CELL_MAGIC = re.compile(r"^\s*%%(\w+)")
_TIME_MAGIC = re.compile(r"^(\s*)%time\s+(.*)$")
_HELP_LINE = re.compile(r"^\s*[\w.]+\?\??\s*$|^\s*\?\??[\w.]+\s*$")
_ASSIGNED_SHELL = re.compile(r"^(\s*[\w.,\s\[\]]+=\s*)!")


#: The comment that starts each cell's code in the module source.
_CELL_MARKER = re.compile(r"^# --- cell \d+ ---$", re.MULTILINE)


class NotebookError(Exception):
    """The notebook file cannot be read as a Jupyter notebook. The message says why, for a learner."""


@dataclass
class ModuleSource:
    """A notebook turned into module source, with the map from module lines back to cells."""

    source: str
    #: For each 1-based module line, the (1-based cell number, 1-based line in that cell), or None.
    line_map: list[tuple[int, int] | None] = field(default_factory=list)

    def locate(self, module_line: int) -> tuple[int, int] | None:
        """The (cell number, line in cell) of a 1-based module line, if it came from a cell."""
        if 1 <= module_line <= len(self.line_map):
            return self.line_map[module_line - 1]
        return None

    def code_digest(self) -> bytes:
        """A digest of what runs: the same for two notebooks with the same code cells in the same order,
        whatever other cells lie between them (only the cell numbers in the marker comments differ,
        and every line keeps its number, so one check's findings map back through either notebook)."""
        import hashlib

        code = _CELL_MARKER.sub("# --- cell ---", self.source)
        return hashlib.sha256(code.encode("utf-8", "surrogatepass")).digest()


def read_notebook(path: Path | str) -> dict:
    """Load a notebook file as a dict, raising :class:`NotebookError` with a clear reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise NotebookError(_("The notebook file does not exist: {path}").format(path=path)) from None
    except OSError as error:
        raise NotebookError(_("The notebook cannot be read: {error}").format(error=error)) from None
    if size > MAX_NOTEBOOK_BYTES:
        raise NotebookError(
            _("The notebook is {size} MB, too big to be a notebook (limit {limit} MB).").format(
                size=size // (1024 * 1024), limit=MAX_NOTEBOOK_BYTES // (1024 * 1024)
            )
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotebookError(_("The notebook cannot be read: {error}").format(error=error)) from None
    return parse_notebook(data)


def parse_notebook(data: bytes) -> dict:
    """Parse notebook bytes; check just the structure the checker needs."""
    if not data.strip():
        raise NotebookError(_("The notebook file is empty. Open the exercise again, or restore it."))
    if data[:2] == b"PK":
        raise NotebookError(_("This file is a zip archive, not a notebook. Unzip it first."))
    items = data.count(b",") + data.count(b"[") + data.count(b"{")
    if items > MAX_NOTEBOOK_ITEMS:
        raise NotebookError(_("The notebook holds too many pieces ({items} items; the checker reads at most {limit}). "
                              "Clear all outputs (Edit > Clear Outputs of All Cells), save, and hand it in "
                              "again.").format(items=items, limit=MAX_NOTEBOOK_ITEMS))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotebookError(_("The notebook is not valid UTF-8 text. Was it saved by another program?")) from None
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(
            _("The notebook is not valid JSON (line {line}, column {column}): it may be damaged. "
              "Open it in JupyterLab; if that fails too, restore it from the exercise folder.").format(
                line=error.lineno, column=error.colno
            )
        ) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        if isinstance(notebook, dict) and "worksheets" in notebook:
            raise NotebookError(
                _("This is an old notebook format (version 3). Open and save it in JupyterLab to upgrade it.")
            )
        raise NotebookError(_("The file is JSON but not a Jupyter notebook (it has no list of cells)."))
    major = notebook.get("nbformat")
    if major is not None and major != 4:
        raise NotebookError(
            _("This notebook has format version {version}; the checker reads version 4. "
              "Open and save it in JupyterLab to upgrade it.").format(version=major)
        )
    return notebook


def cell_source(cell: dict) -> str:
    """The text of a cell, whether stored as one string or as a list of lines."""
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(str(part) for part in source)
    return str(source)


def cell_tags(cell: dict) -> set[str]:
    """The tags in a cell's metadata."""
    metadata = cell.get("metadata") or {}
    tags = metadata.get("tags") or []
    return {str(tag) for tag in tags} if isinstance(tags, list) else set()


def is_check_cell(cell: dict) -> bool:
    """True for the cell that calls ``check()``: it must not run inside the check itself."""
    source = cell_source(cell)
    return "from workshop import check" in source or bool(re.search(r"^\s*check\(\s*\)\s*$", source, re.M))


def code_cells(notebook: dict) -> list[tuple[int, str]]:
    """(1-based cell number among all cells, source) of each code cell that goes into the module."""
    cells = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        if cell_tags(cell) & SKIP_TAGS or is_check_cell(cell):
            continue
        cells.append((number, cell_source(cell)))
    return cells


def translate_ipython(source: str) -> str:
    """Turn IPython-only syntax into plain Python that does nothing.

    ``%time`` and ``%%time`` keep their statement. Other line magics, shell lines (``!pip install``) and help (``obj?``) are commented
    out, keeping their indentation valid with ``pass``; a cell magic comments out the cell.
    They are notebook conveniences, not part of the tool a learner builds.
    """
    lines = source.splitlines()
    if lines and _CELL_MAGIC.match(lines[0]):
        if _CELL_MAGIC.match(lines[0]).group(1) == "time":
            return "\n".join(["# " + lines[0], *lines[1:]])
        return "\n".join("# " + line for line in lines)
    out = []
    for line in lines:
        timed = _TIME_MAGIC.match(line)
        if timed:
            out.append(timed.group(1) + timed.group(2))
            continue
        match = _MAGIC_LINE.match(line) or _ASSIGNED_SHELL.match(line)
        if match or _HELP_LINE.match(line):
            indent = re.match(r"^\s*", line).group(0)
            out.append(f"{indent}pass  # {line.strip()}")
        else:
            out.append(line)
    return "\n".join(out)


def to_module(notebook: dict) -> ModuleSource:
    """Put a notebook's code cells together as the source of one module."""
    parts: list[str] = ["# Generated from a notebook by workshop: the code cells, in order.\n"]
    line_map: list[tuple[int, int] | None] = [None]
    cells = code_cells(notebook)
    size = sum(len(source) for _number, source in cells)
    if size > MAX_CODE_CHARS:
        raise NotebookError(_("The notebook has {kb} KB of code; the checker reads at most {limit} KB. Is there "
                              "pasted data or output in a code cell? Move data into a file.").format(
            kb=size // 1024, limit=MAX_CODE_CHARS // 1024))
    for number, source in cells:
        code = translate_ipython(source)
        header = f"# --- cell {number} ---"
        parts.append(header + "\n")
        line_map.append(None)
        for index, line in enumerate(code.splitlines(), start=1):
            parts.append(line + "\n")
            line_map.append((number, index))
        parts.append("\n")
        line_map.append(None)
    return ModuleSource(source="".join(parts), line_map=line_map)


def notebook_module(path: Path | str) -> ModuleSource:
    """Read the notebook at ``path`` and return its module source."""
    return to_module(read_notebook(path))
