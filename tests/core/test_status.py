"""One status vocabulary and one theme: every status has a label from the catalog, a colour and an icon."""

from __future__ import annotations

import ast
from pathlib import Path

import workshop
from workshop.services.grade.gradebook import STATUSES
from workshop.core.status import GRADE_STATUSES, Standing, Status, look, theme

PACKAGE = Path(workshop.__file__).parent


def test_every_status_of_every_vocabulary_has_a_catalogued_label_a_colour_and_an_icon():
    from workshop.util.catalog import extract

    catalog = {message.id for message in extract() if isinstance(message.id, str)}
    values = {*GRADE_STATUSES, *(kind.value for kind in Standing)}
    assert set(STATUSES) == set(GRADE_STATUSES) and {status.value for status in Status} <= values
    assert set(theme()) == values
    for value in values:
        shown = look(value)
        assert shown.label in catalog, value  # "passed before" used to reach _() only as a variable
        assert shown.colour.startswith("#") and len(shown.colour) == 7 and shown.icon and shown.terminal
    assert len({look(value).label for value in values}) == len(values)  # no two statuses read alike


def test_underscore_is_only_ever_called_on_a_literal():
    """A message given to _() as a variable never reaches the catalog, so it is never translated."""
    # Catalogued another way: click's help texts and COMMANDS (extracted by workshop.util.catalog's own
    # extractor), and a session's break titles (the default "Break" is a literal; a facilitator's own
    # title is shown as written unless the catalog has it).
    elsewhere = {"cli/__init__.py", "slides/session.py"}
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        marked = {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
                  and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "N_"
                  for target in node.targets if isinstance(target, ast.Name)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                count = 1 if node.func.id == "_" else 2
                if not all((isinstance(arg, ast.Constant) and isinstance(arg.value, str))
                           or (isinstance(arg, ast.Name) and arg.id in marked) for arg in node.args[:count]):
                    if path.relative_to(PACKAGE).as_posix() not in elsewhere:
                        offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_the_progress_file_and_the_list_use_the_same_words(workspace):
    from workshop.services.learner import list_rows
    from workshop.core.progress import Progress
    from workshop.core.workspace import Workspace
    from workshop.engine.result import CheckResult

    ws = Workspace(workspace)
    progress = Progress.load(ws.progress_file)
    progress.record_check(CheckResult("01-passphrase", "x.ipynb", Status.PASSED))
    progress.record_check(CheckResult("01-passphrase", "x.ipynb", Status.FAILED))
    rows = {row["name"]: row for row in list_rows(ws, progress)}
    assert rows["01-passphrase"]["status"] == Standing.PASSED_BEFORE
    assert {row["status"] for row in rows.values()} <= {kind.value for kind in Standing}
