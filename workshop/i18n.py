"""The message layer: every learner-facing string goes through :func:`_`.

Catalogs are standard gettext ``.mo`` files under ``workshop/locale/<lang>/LC_MESSAGES/workshop.mo``
(or a folder named by ``WORKSHOP_LOCALEDIR``). The language follows the usual
``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG`` variables, or ``WORKSHOP_LANG`` when set, so a
Korean catalog can be added without touching code. The template of all messages is
``workshop/locale/workshop.pot``; regenerate it with ``python -m workshop.i18n``.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

DOMAIN = "workshop"
LOCALEDIR = Path(__file__).parent / "locale"


@lru_cache(maxsize=1)
def _translation() -> gettext.NullTranslations:
    localedir = os.environ.get("WORKSHOP_LOCALEDIR") or str(LOCALEDIR)
    return gettext.translation(DOMAIN, localedir, languages=languages() or None, fallback=True)


def languages() -> list[str]:
    """The learner's languages, most wanted first: ``WORKSHOP_LANG``, else the first of ``LANGUAGE``,
    ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set (as gettext reads them). The one place that
    reads them: messages, pages' ``lang`` and the AI tutor's reply language all follow it."""
    chosen = os.environ.get("WORKSHOP_LANG", "").strip()
    if chosen:
        return [chosen]
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return [part for part in value.split(":") if part]
    return []


def display_language() -> str:
    """The language to show, as a tag for HTML's ``lang`` (``ko-KR``, ``en``); ``en`` when unset or C."""
    for value in languages():
        tag = value.split(".")[0].split("@")[0].replace("_", "-")
        if tag and tag not in ("C", "POSIX"):
            return tag
    return "en"


def _(message: str) -> str:
    """Translate ``message`` into the learner's language (identity when no catalog)."""
    return _translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    return _translation().ngettext(singular, plural, n)


def reset() -> None:
    """Forget the loaded catalog (after changing the language in a running process)."""
    _translation.cache_clear()


def extract_messages(package_dir: Path = Path(__file__).parent) -> list[str]:
    """Every literal passed to ``_()`` or ``ngettext()`` in the package, sorted and unique."""
    import ast

    found: set[str] = set()
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id == "_" and node.args:
                targets = node.args[:1]
            elif node.func.id == "ngettext":
                targets = node.args[:2]
            else:
                continue
            for arg in targets:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
    return sorted(found)


def render_pot(messages: list[str]) -> str:
    """A gettext template (``.pot``) for ``messages``."""

    def quote(text: str) -> str:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'

    lines = [
        "# Messages of the workshop toolkit. Copy to <lang>/LC_MESSAGES/workshop.po and translate.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        "",
    ]
    for message in messages:
        lines += [f"msgid {quote(message)}", 'msgstr ""', ""]
    return "\n".join(lines)


if __name__ == "__main__":
    from workshop.atomic import write_text_atomic

    target = LOCALEDIR / f"{DOMAIN}.pot"
    write_text_atomic(target, render_pot(extract_messages()))
    print(f"wrote {target}")
