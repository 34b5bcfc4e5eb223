"""A complete, synthetic Korean translation of an exercise, made from its English, for the machinery's tests.

The real translations (solutions/NN-slug/translations/ko.toml) are written by people; these tests
only need every key present with the right en_sha, Korean text in it, and code cells that differ
from the English stub only in comments, docstrings and messages.
"""

from __future__ import annotations

import re
from pathlib import Path

from workshop.core.exercise import load_exercise
from workshop.core.translations import en_sha, english_texts, skeleton, translation_path

_RAISE = re.compile(r'raise NotImplementedError\("Write the body of (\w+)\(\)"\)')


def korean_code(stub: str) -> str:
    """The stub with Korean comments and NotImplementedError messages (same code)."""
    text = _RAISE.sub(lambda m: f'raise NotImplementedError("{m.group(1)}() 함수의 본문을 작성하십시오")', stub)
    return text.replace("# YOUR CODE HERE", "# YOUR CODE HERE (여기에 코드를 작성하십시오)")


def korean_text(key: str, english: str) -> str:
    if key.startswith("cells.") and not english.lstrip().startswith(("#", "*", "-", ">", "|")) and "def " in english:
        return korean_code(english)
    if key.startswith("tests."):
        return "한국어 설명: " + english.splitlines()[0]
    return "한국어: " + english


def write_korean(solution_folder: Path, code_cells: set[str] | None = None) -> dict[str, str]:
    """Write ``translations/ko.toml`` for the exercise in ``solution_folder``; return ``{key: Korean}``."""
    solution = load_exercise(solution_folder, lang="en")
    english = english_texts(solution)
    from workshop.services.authoring.build import learner_notebook
    from workshop.core.notebook import read_notebook

    cells = learner_notebook(read_notebook(solution.notebook), solution, generated=False)["cells"]
    code_ids = {f"cells.{cell['id']}" for cell in cells if cell["cell_type"] == "code"}
    korean = {}
    for key, text in english.items():
        korean[key] = korean_code(text) if key in code_ids else korean_text(key, text)
    nested = nest({key: {"en_sha": en_sha(english[key]), "ko": text} for key, text in korean.items()})
    path = translation_path(solution.folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(solution, nested), encoding="utf-8")
    return korean


def nest(flat: dict[str, dict]) -> dict:
    """Flat keys (meta.title, tasks[0].hints[1], cells.ID, tests.NAME) back into the file's tables."""
    out: dict = {"meta": {}, "tasks": [], "ai": {}, "cells": {}, "tests": {}}
    for key, entry in flat.items():
        match = re.fullmatch(r"meta\.(\w+)(?:\[(\d+)\])?", key)
        if match:
            name, index = match.group(1), match.group(2)
            if index is None:
                out["meta"][name] = entry
            else:
                items = out["meta"].setdefault(name, [])
                items.extend({} for _ in range(int(index) + 1 - len(items)))
                items[int(index)] = entry
            continue
        match = re.fullmatch(r"tasks\[(\d+)\]\.(title|hints)(?:\[(\d+)\])?", key)
        if match:
            task_index = int(match.group(1))
            out["tasks"].extend({} for _ in range(task_index + 1 - len(out["tasks"])))
            task = out["tasks"][task_index]
            if match.group(2) == "title":
                task["title"] = entry
            else:
                hints = task.setdefault("hints", [])
                level = int(match.group(3))
                hints.extend({} for _ in range(level + 1 - len(hints)))
                hints[level] = entry
            continue
        table, _, name = key.partition(".")
        out[table][name] = entry
    return out
