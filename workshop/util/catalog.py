"""The message catalogs, for authors and translators: extract, update, compile and count with Babel.

Babel is a development tool here (``pip install -e ".[dev]"`` or ``".[test]"``); the installed toolkit
reads the compiled ``.mo`` files with the standard library alone. Run::

    python -m workshop.util.catalog extract   # workshop/locale/workshop.pot from the package's code
    python -m workshop.util.catalog update    # merge the template into every <lang>/LC_MESSAGES/workshop.po
    python -m workshop.util.catalog compile   # .po → .mo (what ships in the wheel)
    python -m workshop.util.catalog stats     # translated / fuzzy / untranslated, like msgfmt --statistics

``pybabel extract -F babel.cfg`` does the same extraction through the ``workshop`` extractor that
this module registers (entry point ``babel.extractors``). What is extracted: literals passed to
``_()``, ``N_()`` and ``ngettext()``; ``help=`` texts of click options and arguments; the docstrings of
click commands (their ``--help``); the one-line helps of :data:`workshop.cli.COMMANDS`.
"""

from __future__ import annotations

import ast
import inspect
import io
import sys
from pathlib import Path

from workshop.util import pyast

PACKAGE = Path(__file__).resolve().parents[1]
LOCALEDIR = PACKAGE / "locale"
TEMPLATE = LOCALEDIR / "workshop.pot"
PROJECT = "workshop"


def _constant(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_click_command(decorator) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name in ("command", "group")


def extract_workshop(fileobj, keywords, comment_tags, options):
    """A Babel extraction method: ``(lineno, funcname, message, comments)`` for every message of a module."""
    tree = pyast.parse(fileobj.read().decode("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else ""
            if name in ("_", "N_") and node.args and _constant(node.args[0]) is not None:
                yield node.lineno, "_", _constant(node.args[0]), []
            elif name == "ngettext" and len(node.args) >= 2:
                pair = (_constant(node.args[0]), _constant(node.args[1]))
                if None not in pair:
                    yield node.lineno, "ngettext", pair, []
            for keyword in node.keywords:
                if keyword.arg == "help" and _constant(keyword.value):
                    yield keyword.value.lineno, "_", _constant(keyword.value), []
        elif isinstance(node, ast.FunctionDef) and any(_is_click_command(d) for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.lineno, "_", inspect.cleandoc(doc).split("\f", 1)[0], []
        elif isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "COMMANDS" and isinstance(
                node.value, ast.Dict):
            for value in node.value.values:
                if isinstance(value, ast.Tuple) and len(value.elts) == 3 and _constant(value.elts[2]):
                    yield value.lineno, "_", _constant(value.elts[2]), []


def extract():
    """The template catalog of every message in the package (sorted, without line numbers)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project=PROJECT, charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE, method_map=[("**.py", "workshop.util.catalog:extract_workshop")]):
        catalog.add(message, None, [], auto_comments=comments, context=context)
    return catalog


def render(catalog, template: bool = False) -> bytes:
    """A catalog as ``.po``/``.pot`` bytes: sorted, no line numbers, a fixed date (no churn in git)."""
    from babel.messages.pofile import write_po

    import datetime as dt

    catalog.creation_date = catalog.revision_date = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, no_location=True, omit_header=False, sort_output=True,
             ignore_obsolete=True, include_previous=False)
    return buffer.getvalue()


def po_path(lang: str) -> Path:
    return LOCALEDIR / lang / "LC_MESSAGES" / "workshop.po"


def languages() -> list[str]:
    return sorted(path.parent.parent.name for path in LOCALEDIR.glob("*/LC_MESSAGES/workshop.po"))


def read_po(lang: str):
    from babel.messages.pofile import read_po as babel_read_po

    with open(po_path(lang), "rb") as handle:
        return babel_read_po(handle, locale=lang)


def updated(lang: str, template=None):
    """``lang``'s catalog merged with the current template (new messages empty, changed ones fuzzy)."""
    catalog = read_po(lang)
    catalog.update(template or extract(), no_fuzzy_matching=False, update_header_comment=False)
    return catalog


def compiled(lang: str) -> bytes:
    """``lang``'s ``.mo`` bytes, as shipped (fuzzy translations left out)."""
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, read_po(lang), use_fuzzy=False)
    return buffer.getvalue()


def statistics(catalog) -> dict[str, int]:
    """Counts like ``msgfmt --statistics``: translated, fuzzy and untranslated messages."""
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            counts["fuzzy"] += 1
        elif (all(message.string) if isinstance(message.string, (list, tuple)) else message.string):
            counts["translated"] += 1
        else:
            counts["untranslated"] += 1
    return counts


def main(argv: list[str]) -> int:
    from workshop.util.atomic import write_bytes_atomic

    command = argv[0] if argv else "stats"
    if command == "extract":
        write_bytes_atomic(TEMPLATE, render(extract(), template=True))
        print(f"wrote {TEMPLATE}")
    elif command == "update":
        template = extract()
        for lang in languages():
            write_bytes_atomic(po_path(lang), render(updated(lang, template)))
            print(f"updated {po_path(lang)}")
    elif command == "compile":
        for lang in languages():
            target = po_path(lang).with_suffix(".mo")
            write_bytes_atomic(target, compiled(lang))
            print(f"wrote {target}")
    elif command == "stats":
        for lang in languages():
            counts = statistics(read_po(lang))
            print(f"{lang}: {counts['translated']} translated messages, {counts['fuzzy']} fuzzy translations, "
                  f"{counts['untranslated']} untranslated messages.")
    else:
        print("usage: python -m workshop.util.catalog extract|update|compile|stats", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
