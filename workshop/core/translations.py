"""Korean translations of the exercises: ``solutions/NN-slug/translations/ko.toml`` (see docs/i18n.md).

Every entry carries ``en_sha``, the first 12 hex digits of sha256 of the English it translates
(stripped, line ends ``\\n``). When the English changes, the entry is *stale*; an English text with
no entry is *missing*. Keys: ``meta.title``, ``meta.summary``, ``meta.objectives[N]``,
``meta.key_points[N]``, ``tasks[N].title``, ``tasks[N].hints[N]``, ``ai.prompt|verify|pitfall``,
``cells.<cell id>`` (Markdown cells of the solution notebook; code cells as the learner's stub) and
``tests.<test function>`` (docstrings of visible and hidden tests).

``workshop build`` turns a translation into what learners get: ``exercises/NN-slug/<module>.ko.ipynb``
(same code, Korean prose) and ``exercise.ko.toml`` (titles, hints, the AI box and the visible tests'
descriptions, plain: no hashes, nothing hidden). :func:`localize` puts the Korean into an
:class:`~workshop.core.exercise.Exercise` when the language is Korean.

Authors and translators::

    python -m workshop.core.translations status [NN ...]     # missing and stale keys, per exercise
    python -m workshop.core.translations skeleton NN [--write]  # a ko.toml with every key and current en_sha
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import io
import json
import sys
import tokenize
from pathlib import Path

from workshop.util import pyast

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

LANG = "ko"
TRANSLATION_FILE = Path("translations") / "ko.toml"
KO_NOTEBOOK_SUFFIX = ".ko.ipynb"
KO_METADATA_FILE = "exercise.ko.toml"
#: When True, every exercise must have a complete Korean translation for ``validate`` to pass;
#: when False, only exercises that have a ``translations/ko.toml`` are held to it.
#: ``WORKSHOP_REQUIRE_KO=1`` turns it on for one run.
KOREAN_REQUIRED = True


class TranslationError(Exception):
    """A translation file cannot be read; the message says which and why."""


def en_sha(text: str) -> str:
    """The 12-digit fingerprint of an English text (stripped, ``\\n`` line ends)."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


def korean_required() -> bool:
    import os

    return KOREAN_REQUIRED or os.environ.get("WORKSHOP_REQUIRE_KO", "") not in ("", "0")


def translation_path(solution_folder: Path) -> Path:
    return Path(solution_folder) / TRANSLATION_FILE


def read_translation(solution_folder: Path) -> dict | None:
    """The parsed ``translations/ko.toml`` of a solution folder (None when there is none)."""
    path = translation_path(solution_folder)
    if not path.is_file():
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise TranslationError(f"{path} is not valid TOML: {error}") from None


# ---------------------------------------------------------------- what there is to translate

def _has_prose(code: str) -> bool:
    """True when code has comments, docstrings or exception messages: what a translator rewrites.

    String data (file names, examples) is not prose: a cell with only code and data needs no entry.
    """
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
        tree = pyast.parse(code)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return True
    if any(token.type == tokenize.COMMENT for token in tokens):
        return True
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and ast.get_docstring(node):
            return True
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and any(
                isinstance(arg, (ast.Constant, ast.JoinedStr)) for arg in node.exc.args):
            return True
    return False


def test_docstrings(path: Path) -> dict[str, str]:
    """``{test function: its docstring}`` of a test file."""
    tree = pyast.parse(Path(path).read_text(encoding="utf-8"))
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            doc = ast.get_docstring(node)
            if doc and doc.strip():
                found[node.name] = doc.strip()
    return found


def english_texts(solution, learner_cells: list[dict] | None = None) -> dict[str, str]:
    """Every English text of an exercise that needs a Korean translation, by key.

    ``learner_cells``: the English learner notebook's cells (default: built from the solution).
    """
    from workshop.core.notebook import cell_source

    texts: dict[str, str] = {"meta.title": solution.title, "meta.summary": solution.summary}
    for index, item in enumerate(solution.objectives):
        texts[f"meta.objectives[{index}]"] = item
    for index, item in enumerate(solution.key_points):
        texts[f"meta.key_points[{index}]"] = item
    for index, task in enumerate(solution.tasks):
        texts[f"tasks[{index}].title"] = task.title
        for level, hint in enumerate(task.hints):
            texts[f"tasks[{index}].hints[{level}]"] = hint
    for name in ("prompt", "verify", "pitfall"):
        texts[f"ai.{name}"] = getattr(solution.ai, name)
    if learner_cells is None:
        from workshop.services.authoring.build import learner_notebook
        from workshop.core.notebook import read_notebook

        learner_cells = learner_notebook(read_notebook(solution.notebook), solution, generated=False)["cells"]
    for cell in learner_cells:
        source = cell_source(cell)
        if not source.strip():
            continue
        if cell.get("cell_type") == "markdown" or (cell.get("cell_type") == "code" and _has_prose(source)):
            texts[f"cells.{cell['id']}"] = source
    test_files = [solution.visible_tests, *sorted((solution.folder / "hidden").glob("test_*.py"))]
    for path in test_files:
        if path.is_file():
            for name, doc in test_docstrings(path).items():
                texts[f"tests.{name}"] = doc
    return {key: text for key, text in texts.items() if text.strip()}


def korean_entries(translation: dict) -> dict[str, dict]:
    """The translation's entries flattened to the keys of :func:`english_texts`."""
    entries: dict[str, dict] = {}

    def put(key, value):
        if isinstance(value, dict) and "ko" in value:
            entries[key] = value

    meta = translation.get("meta", {})
    for name in ("title", "summary"):
        put(f"meta.{name}", meta.get(name))
    for name in ("objectives", "key_points"):
        for index, value in enumerate(meta.get(name, []) or []):
            put(f"meta.{name}[{index}]", value)
    for index, task in enumerate(translation.get("tasks", []) or []):
        put(f"tasks[{index}].title", task.get("title"))
        for level, value in enumerate(task.get("hints", []) or []):
            put(f"tasks[{index}].hints[{level}]", value)
    for name, value in (translation.get("ai", {}) or {}).items():
        put(f"ai.{name}", value)
    for cell_id, value in (translation.get("cells", {}) or {}).items():
        put(f"cells.{cell_id}", value)
    for name, value in (translation.get("tests", {}) or {}).items():
        put(f"tests.{name}", value)
    return entries


def translation_problems(english: dict[str, str], translation: dict) -> list[tuple[str, str]]:
    """``(key, "missing" | "stale" | "empty")`` for every English text without a current translation."""
    entries = korean_entries(translation)
    problems = []
    for key, text in english.items():
        entry = entries.get(key)
        if entry is None:
            problems.append((key, "missing"))
        elif not str(entry.get("ko", "")).strip():
            problems.append((key, "empty"))
        elif entry.get("en_sha") != en_sha(text):
            problems.append((key, "stale"))
    return problems


def code_shape(code: str) -> str | None:
    """The code with docstrings and comments gone, as an AST dump (None when Python cannot parse it)."""
    try:
        tree = pyast.parse(code)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            body[0] = ast.Pass()
        if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args
                and all(isinstance(arg, (ast.Constant, ast.JoinedStr)) for arg in node.exc.args)):
            node.exc.args = [ast.Constant("")]  # NotImplementedError("...") messages are prose
    return ast.dump(tree, annotate_fields=False, include_attributes=False)


# ---------------------------------------------------------------- what learners get

def ko_text(entries: dict[str, dict], key: str, english: str) -> str:
    """The Korean for ``key``, or the English when there is none yet."""
    entry = entries.get(key)
    text = str(entry.get("ko", "")).strip() if entry else ""
    return text or english


def learner_metadata(solution, translation: dict) -> str:
    """``exercise.ko.toml`` for learners: Korean titles, hints, AI box and visible test descriptions."""
    entries = korean_entries(translation)
    lines = ["# Generated by `workshop build` from translations/ko.toml: do not edit.", ""]

    def value(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    lines.append(f"title = {value(ko_text(entries, 'meta.title', solution.title))}")
    lines.append(f"summary = {value(ko_text(entries, 'meta.summary', solution.summary))}")
    for name in ("objectives", "key_points"):
        items = [ko_text(entries, f"meta.{name}[{i}]", text) for i, text in enumerate(getattr(solution, name))]
        lines.append(f"{name} = [{', '.join(value(item) for item in items)}]")
    for index, task in enumerate(solution.tasks):
        hints = [ko_text(entries, f"tasks[{index}].hints[{level}]", hint) for level, hint in enumerate(task.hints)]
        lines += ["", "[[tasks]]", f"title = {value(ko_text(entries, f'tasks[{index}].title', task.title))}",
                  f"hints = [{', '.join(value(hint) for hint in hints)}]"]
    lines += ["", "[ai]"]
    for name in ("prompt", "verify", "pitfall"):
        lines.append(f"{name} = {value(ko_text(entries, f'ai.{name}', getattr(solution.ai, name)))}")
    lines += ["", "[tests]"]
    visible = test_docstrings(solution.visible_tests) if solution.visible_tests.is_file() else {}
    for name, doc in visible.items():  # none for a "check the AI" exercise: the learner writes the tests
        lines.append(f"{name} = {value(ko_text(entries, f'tests.{name}', doc))}")
    return "\n".join(lines) + "\n"


def overlay(folder: Path) -> dict | None:
    """Korean for the exercise in ``folder``: its ``exercise.ko.toml`` (learners) or ``translations/ko.toml``."""
    folder = Path(folder)
    plain = folder / KO_METADATA_FILE
    if plain.is_file():
        try:
            return tomllib.loads(plain.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            return None
    try:
        translation = read_translation(folder)
    except TranslationError:
        return None
    if translation is None:
        return None
    flat = {key: str(entry.get("ko", "")).strip() for key, entry in korean_entries(translation).items()}
    return {"_flat": {key: text for key, text in flat.items() if text}}


def localize(exercise):
    """The exercise with its Korean titles, hints, AI box and test descriptions (itself when there are none)."""
    found = overlay(exercise.folder)
    if not found:
        return dataclasses.replace(exercise, lang=LANG)
    if "_flat" in found:
        flat = found["_flat"]

        def pick(key, english):
            return flat.get(key) or english

        tests = {key[len("tests."):]: text for key, text in flat.items() if key.startswith("tests.")}
        title, summary = pick("meta.title", exercise.title), pick("meta.summary", exercise.summary)
        objectives = tuple(pick(f"meta.objectives[{i}]", t) for i, t in enumerate(exercise.objectives))
        key_points = tuple(pick(f"meta.key_points[{i}]", t) for i, t in enumerate(exercise.key_points))
        tasks = tuple(dataclasses.replace(task, title=pick(f"tasks[{i}].title", task.title), hints=tuple(
            pick(f"tasks[{i}].hints[{j}]", h) for j, h in enumerate(task.hints))) for i, task in enumerate(exercise.tasks))
        ai = dataclasses.replace(exercise.ai, **{name: pick(f"ai.{name}", getattr(exercise.ai, name))
                                                 for name in ("prompt", "verify", "pitfall")})
    else:
        def listed(name, english):
            values = found.get(name) or []
            return tuple(values[i] if i < len(values) and values[i] else text for i, text in enumerate(english))

        tests = {name: str(text) for name, text in (found.get("tests") or {}).items()}
        title, summary = found.get("title") or exercise.title, found.get("summary") or exercise.summary
        objectives, key_points = listed("objectives", exercise.objectives), listed("key_points", exercise.key_points)
        ko_tasks = found.get("tasks") or []
        tasks = []
        for i, task in enumerate(exercise.tasks):
            ko_task = ko_tasks[i] if i < len(ko_tasks) else {}
            hints = ko_task.get("hints") or []
            tasks.append(dataclasses.replace(task, title=ko_task.get("title") or task.title, hints=tuple(
                hints[j] if j < len(hints) and hints[j] else h for j, h in enumerate(task.hints))))
        tasks = tuple(tasks)
        ko_ai = found.get("ai") or {}
        ai = dataclasses.replace(exercise.ai, **{name: ko_ai.get(name) or getattr(exercise.ai, name)
                                                 for name in ("prompt", "verify", "pitfall")})
    descriptions = {name: text.strip().splitlines()[0] for name, text in tests.items() if text.strip()}
    return dataclasses.replace(exercise, title=title, summary=summary, objectives=objectives, key_points=key_points,
                               tasks=tasks, ai=ai, lang=LANG, test_descriptions=descriptions)


# ---------------------------------------------------------------- the authors' helper

def _toml_string(text: str) -> str:
    if "\n" in text and "'''" not in text and "\r" not in text and not text.endswith("'"):
        return "'''\n" + text + "'''"
    return json.dumps(text, ensure_ascii=False)


def _toml_entry(text: str, ko: str, sha: str | None = None) -> str:
    return f"{{ en_sha = \"{sha or en_sha(text)}\", ko = {_toml_string(ko)} }}"


def skeleton(solution, translation: dict | None = None) -> str:
    """A complete ``ko.toml`` for ``solution``: existing Korean kept, current en_sha everywhere, gaps empty."""
    english = english_texts(solution)
    entries = korean_entries(translation or {})

    def ko(key):
        return str(entries.get(key, {}).get("ko", ""))

    def sha(key, text):  # a translation keeps the en_sha it was made from: stale stays stale
        return entries[key].get("en_sha") if ko(key).strip() else en_sha(text)

    def _entry(text, ko_text, key=None):
        return _toml_entry(text, ko_text, sha(key, text) if key else None)

    out = [f"# Korean translation of {solution.name}. Keys: cell ids of the SOLUTION notebook, exercise.toml",
           "# field paths, test function names. en_sha = sha256(English.strip())[:12]. See docs/i18n.md.", "",
           "[meta]"]
    out.append(f"title = {_entry(solution.title, ko('meta.title'), 'meta.title')}")
    out.append(f"summary = {_entry(solution.summary, ko('meta.summary'), 'meta.summary')}")
    for name in ("objectives", "key_points"):
        items = [_entry(text, ko(f"meta.{name}[{i}]"), f"meta.{name}[{i}]") for i, text in enumerate(getattr(solution, name))]
        out.append(f"{name} = [\n  " + ",\n  ".join(items) + ",\n]")
    for index, task in enumerate(solution.tasks):
        out += ["", "[[tasks]]", f"title = {_entry(task.title, ko(f'tasks[{index}].title'), f'tasks[{index}].title')}"]
        hints = [_entry(hint, ko(f"tasks[{index}].hints[{level}]"), f"tasks[{index}].hints[{level}]")
                 for level, hint in enumerate(task.hints)]
        out.append("hints = [\n  " + ",\n  ".join(hints) + ",\n]")
    out += ["", "[ai]"]
    for name in ("prompt", "verify", "pitfall"):
        out.append(f"{name} = {_entry(getattr(solution.ai, name), ko(f'ai.{name}'), f'ai.{name}')}")
    for key, text in english.items():
        if key.startswith("cells."):
            out += ["", f"[cells.{key[len('cells.'):]}]", f"en_sha = \"{sha(key, text)}\"",
                    f"ko = {_toml_string(ko(key) or '')}"]
    out += ["", "[tests]"]
    for key, text in english.items():
        if key.startswith("tests."):
            out.append(f"{key[len('tests.'):]} = {_entry(text, ko(key), key)}")
    return "\n".join(out) + "\n"


def status(solution) -> list[tuple[str, str]]:
    """Missing and stale keys of ``solution``'s Korean translation (every key missing when there is no file)."""
    return translation_problems(english_texts(solution), read_translation(solution.folder) or {})


def main(argv: list[str]) -> int:
    from workshop.core.exercise import load_exercise
    from workshop.core.workspace import find_workspace

    if not argv or argv[0] not in ("status", "skeleton"):
        print("usage: python -m workshop.core.translations status [NN ...] | skeleton NN [--write]", file=sys.stderr)
        return 2
    workspace = find_workspace()
    solutions = [load_exercise(ex.folder, lang="en") for ex in workspace.solutions()]
    wanted = [arg for arg in argv[1:] if not arg.startswith("--")]
    if wanted:
        from workshop.core.exercise import find

        solutions = [find(solutions, name) for name in wanted]
    if argv[0] == "status":
        bad = 0
        for solution in solutions:
            problems = status(solution)
            print(f"{solution.name}: {'ok' if not problems else f'{len(problems)} to do'}")
            for key, kind in problems:
                print(f"  {kind:8} {key}")
            bad += bool(problems)
        return 1 if bad else 0
    if len(solutions) != 1:
        print("skeleton: name one exercise", file=sys.stderr)
        return 2
    solution = solutions[0]
    text = skeleton(solution, read_translation(solution.folder))
    if "--write" in argv:
        from workshop.util.atomic import write_text_atomic

        path = translation_path(solution.folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, text)
        print(f"wrote {path}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
