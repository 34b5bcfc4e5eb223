"""``workshop build``: generate what learners get from what authors keep (contract 1 in docs/architecture.md).

From ``solutions/NN-slug/`` (solution notebook with markers, visible tests, metadata, data) this
makes ``exercises/NN-slug/``: the learner notebook with each marked region replaced by a stub that
fails its tests, outputs cleared, a generated header, AI-pairing box and ``check()`` cell; the
visible tests, the metadata and the data files, copied. Output is deterministic, so a test can
tell when the committed files are out of date.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path

from workshop.util.atomic import write_bytes_atomic
from workshop.core.exercise import METADATA_FILE, Exercise, load_exercise
from workshop.core.notebook import cell_source, cell_tags, read_notebook

BEGIN = re.compile(r"^(\s*)#+\s*BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*#+\s*END SOLUTION\s*$")
DEF = re.compile(r"^(\s*)(?:async\s+)?def\s+(\w+)\s*\(")
SOLUTION_ONLY_TAG = "solution-only"
#: Demonstration cells ("Try it") call the stubs, which raise until the learner writes them. With
#: this tag (honoured by JupyterLab's Run All and by nbclient) the run goes on to the check cell.
RAISES_TAG = "raises-exception"
CHECK_CELL_SOURCE = "from workshop import check\n\ncheck()"
KO_CHECK_CELL_SOURCE = 'from workshop import check\n\ncheck(lang="ko")'


class BuildError(Exception):
    """The solution notebook cannot be turned into a learner notebook; the message says where."""


def _enclosing_function(lines: list[str], index: int, indent: str) -> str | None:
    for line in reversed(lines[:index]):
        match = DEF.match(line)
        if match and len(match.group(1)) < len(indent):
            return match.group(2)
    return None


def strip_solutions(source: str, where: str = "") -> str:
    """Replace each ``### BEGIN SOLUTION`` … ``### END SOLUTION`` region with a failing stub."""
    lines = source.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        begin = BEGIN.match(lines[index])
        if not begin:
            if END.match(lines[index]):
                raise BuildError(f"{where}: END SOLUTION without BEGIN SOLUTION")
            out.append(lines[index])
            index += 1
            continue
        indent = begin.group(1)
        end = next((j for j in range(index + 1, len(lines)) if END.match(lines[j])), None)
        if end is None:
            raise BuildError(f"{where}: BEGIN SOLUTION without END SOLUTION")
        function = _enclosing_function(lines, index, indent)
        if function:
            out.append(f"{indent}# YOUR CODE HERE")
        else:
            out.append(f"{indent}# YOUR CODE HERE (optional: helper functions or constants of your own)")
        if function:
            out.append(f'{indent}raise NotImplementedError("Write the body of {function}()")')
        index = end + 1
    return "\n".join(out)


def has_markers(source: str) -> bool:
    return any(BEGIN.match(line) for line in source.splitlines())


def _markdown(source: str, cell_id: str, tags: list[str] | None = None) -> dict:
    metadata = {"tags": tags} if tags else {}
    return {"cell_type": "markdown", "id": cell_id, "metadata": metadata, "source": source}


def _code(source: str, cell_id: str, tags: list[str] | None = None) -> dict:
    metadata = {"tags": tags} if tags else {}
    return {"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": metadata,
            "outputs": [], "source": source}


def header_markdown(exercise: Exercise) -> str:
    """The generated first cell: title, time, objectives, how to check."""
    objectives = "\n".join(f"- {item}" for item in exercise.objectives)
    if exercise.lang == "ko":
        return (
            f"# {exercise.number:02d} · {exercise.title}\n\n"
            f"*약 {exercise.minutes}분 · 과제 {len(exercise.tasks)}개*\n\n"
            f"**이 연습 문제에서 배울 것**\n\n{objectives}\n\n"
            "셀에 `# YOUR CODE HERE`(여기에 코드 작성)라고 적힌 곳에 코드를 쓰고 그 셀을 실행한 다음, "
            f"마지막 셀을 실행하면(또는 터미널(terminal)에서 `workshop check {exercise.number:02d}` 명령을 실행하면) "
            "어떤 테스트(test)를 통과했는지 볼 수 있습니다. "
            f"막히면 `workshop hint {exercise.number:02d}` 명령이 힌트를 한 단계씩 보여 줍니다."
        )
    return (
        f"# {exercise.number:02d} · {exercise.title}\n\n"
        f"*About {exercise.minutes} minutes · {len(exercise.tasks)} tasks*\n\n"
        f"**In this exercise you will**\n\n{objectives}\n\n"
        "Write your code where a cell says `# YOUR CODE HERE`, run the cell, then run the last cell "
        f"(or `workshop check {exercise.number:02d}` in a terminal) to see which tests pass. "
        f"Stuck? `workshop hint {exercise.number:02d}` gives a hint, one step at a time."
    )


def ai_box_markdown(exercise: Exercise) -> str:
    """The generated AI-pairing box: a ready prompt, how to verify, the typical AI mistake."""
    prompt = "\n".join("> " + line if line else ">" for line in exercise.ai.prompt.splitlines())
    if exercise.lang == "ko":
        return (
            "## 🤝 AI 도우미와 함께 풀기\n\n"
            "아무 AI 도우미에나 붙여 넣을 수 있는 프롬프트(prompt)입니다 "
            f"(여러분의 테스트가 들어간 프롬프트가 필요하면 `workshop prompt {exercise.number:02d}` 명령을 실행하십시오):\n\n"
            f"{prompt}\n\n"
            f"**AI가 쓴 코드를 확인하십시오.** {exercise.ai.verify}\n\n"
            f"**AI가 여기서 자주 하는 실수.** {exercise.ai.pitfall}\n\n"
            "**실제 이름, 증언, 전화번호, 사진은 절대 클라우드 AI에 붙여 넣지 마십시오.** "
            "이 노트북에 있는 가상의 예시를 쓰십시오."
        )
    return (
        "## 🤝 Pairing with an AI assistant\n\n"
        "A ready prompt to paste into any AI assistant (or run "
        f"`workshop prompt {exercise.number:02d}` for one with your tests in it):\n\n"
        f"{prompt}\n\n"
        f"**Check what the AI wrote.** {exercise.ai.verify}\n\n"
        f"**The mistake AIs often make here.** {exercise.ai.pitfall}\n\n"
        "**Never paste real names, testimonies, phone numbers or photos into a cloud AI.** "
        "Use the synthetic examples in this notebook."
    )


def key_points_markdown(exercise: Exercise) -> str:
    points = "\n".join(f"- {item}" for item in exercise.key_points)
    if exercise.lang == "ko":
        return (f"## 핵심 정리\n\n{points}\n\n## 내 코드 검사하기\n\n"
                "아래 셀을 실행하십시오. 지금까지 실행한 코드로 테스트를 실행합니다.")
    return f"## Key points\n\n{points}\n\n## Check your work\n\nRun the cell below: it runs the tests on the code you have run."


def _cell_id(exercise: Exercise, label: str) -> str:
    return hashlib.sha1(f"{exercise.name}:{label}".encode()).hexdigest()[:8]


def hidden_test_count(solution: Exercise) -> int:
    """How many hidden tests grading adds to the visible ones (counted without running them)."""
    from workshop.engine.pipeline import expected_tests

    return sum(len(expected_tests(path)) for path in sorted((solution.folder / "hidden").glob("test_*.py")))


def learner_notebook(solution_notebook: dict, exercise: Exercise, generated: bool = True,
                     korean: dict[str, str] | None = None) -> dict:
    """The learner notebook for ``exercise`` made from its solution notebook.

    ``generated=False`` leaves out the cells build adds (header, AI box, key points, check cell).
    ``korean``: ``{cell id: Korean source}`` put in place of the English cells (``exercise`` in Korean).
    """
    cells = [_markdown(header_markdown(exercise), _cell_id(exercise, "header"))] if generated else []
    for number, cell in enumerate(solution_notebook.get("cells", []), start=1):
        tags = sorted(cell_tags(cell))
        if SOLUTION_ONLY_TAG in tags:
            continue
        cell_id = str(cell.get("id") or _cell_id(exercise, f"cell{number}"))
        source = cell_source(cell)
        if cell.get("cell_type") == "code":
            if "check" in tags or CHECK_CELL_SOURCE in source or KO_CHECK_CELL_SOURCE in source:
                continue
            if "skip-check" in tags and RAISES_TAG not in tags:
                tags = sorted([*tags, RAISES_TAG])
            stub = strip_solutions(source, f"cell {number}")
            cells.append(_code(korean.get(cell_id, stub) if korean else stub, cell_id, tags))
        elif cell.get("cell_type") == "markdown":
            cells.append(_markdown(korean.get(cell_id, source) if korean else source, cell_id, tags))
        else:
            cells.append({"cell_type": "raw", "id": cell_id, "metadata": {}, "source": source})
    if generated:
        cells.append(_markdown(ai_box_markdown(exercise), _cell_id(exercise, "ai")))
        cells.append(_markdown(key_points_markdown(exercise), _cell_id(exercise, "keypoints")))
        check_source = KO_CHECK_CELL_SOURCE if exercise.lang == "ko" else CHECK_CELL_SOURCE
        cells.append(_code(check_source, _cell_id(exercise, "check"), ["check"]))
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "workshop": {"exercise": exercise.name, "hidden_tests": hidden_test_count(exercise)},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def dumps_notebook(notebook: dict) -> bytes:
    """Serialise a notebook the way nbformat does (sources as lists of lines), deterministically."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook["cells"]:
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        cell["source"] = source.splitlines(keepends=True)
    return (json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def korean_notebook(solution_notebook: dict, solution: Exercise, translation: dict) -> dict:
    """The Korean learner notebook: the same cells and code, Korean prose (English where not yet translated)."""
    from workshop.core.translations import korean_entries, localize

    korean = {key[len("cells."):]: str(entry.get("ko", "")).strip("\n")
              for key, entry in korean_entries(translation).items()
              if key.startswith("cells.") and str(entry.get("ko", "")).strip()}
    notebook = learner_notebook(solution_notebook, localize(solution), korean=korean)
    notebook["metadata"]["workshop"]["language"] = "ko"
    return notebook


def planned_files(solution: Exercise) -> dict[str, bytes]:
    """Every file of the learner exercise, by name, with its exact content.

    With ``translations/ko.toml``: also ``<module>.ko.ipynb`` and ``exercise.ko.toml`` (docs/i18n.md).
    """
    from workshop.core.translations import KO_METADATA_FILE, KO_NOTEBOOK_SUFFIX, learner_metadata, read_translation

    if solution.lang != "en":
        solution = load_exercise(solution.folder, lang="en")
    notebook = read_notebook(solution.notebook)
    files = {
        solution.notebook_name: dumps_notebook(learner_notebook(notebook, solution)),
        METADATA_FILE: (solution.folder / METADATA_FILE).read_bytes(),
        solution.visible_tests_name: solution.visible_tests.read_bytes(),
    }
    for name in solution.data_files:
        files[name] = (solution.folder / name).read_bytes()
    translation = read_translation(solution.folder)
    if translation is not None:
        files[solution.module + KO_NOTEBOOK_SUFFIX] = dumps_notebook(korean_notebook(notebook, solution, translation))
        files[KO_METADATA_FILE] = learner_metadata(solution, translation).encode("utf-8")
    return files


def stale_files(solution: Exercise, target: Path) -> list[str]:
    """Names of generated files in ``target`` that are missing or differ from what build makes."""
    stale = []
    for name, content in planned_files(solution).items():
        path = target / name
        if not path.is_file() or path.read_bytes() != content:
            stale.append(name)
    return stale


def build_exercise(solution: Exercise, exercises_dir: Path) -> list[Path]:
    """Write the learner exercise for ``solution`` under ``exercises_dir``; return the files changed."""
    target = exercises_dir / solution.name
    changed = []
    for name, content in planned_files(solution).items():
        path = target / name
        if path.is_file() and path.read_bytes() == content:
            continue
        write_bytes_atomic(path, content)
        changed.append(path)
    return changed
