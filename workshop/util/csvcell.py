"""CSV cells a spreadsheet will show as text, never run as a formula (CSV injection).

A spreadsheet that opens a CSV file may split it on a separator other than the writer's (``;`` in
many European locales, a tab, ``|``), so a cell that starts harmlessly can still hide a formula after
a separator: ``kim;=HYPERLINK(...)`` is one cell to the comma writer and two to a ``;`` reader. Every
piece that could become a cell's start under any separator is neutralised, and line breaks and tabs
inside a cell become spaces, so no reader can start a new row or cell inside it.
"""

from __future__ import annotations

import re

#: What a spreadsheet treats as the start of a formula (``=``, ``+``, ``-``, ``@``; full-width forms too).
TRIGGERS = "=+-@\uff1d\uff0b\uff0d\uff20"
#: Separators a spreadsheet may choose when it opens a CSV file.
SEPARATORS = ",;|"

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")
_PIECE_START = re.compile(r"(^|[" + re.escape(SEPARATORS) + r"])([\s\"']*)(?=[" + re.escape(TRIGGERS) + r"])")


def safe_cell(value):
    """``value`` as a cell no spreadsheet runs, whatever separator it splits on (numbers pass as they are)."""
    if not isinstance(value, str):
        return value
    text = _CONTROL.sub(" ", value)
    return _PIECE_START.sub(lambda match: match.group(1) + match.group(2) + "'", text)
