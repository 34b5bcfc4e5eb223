"""The reply filter: a tutor gives hints, not code (contract 7 in docs/architecture.md).

A reply with more than ``max_code_lines`` lines of code in total has all its code cut, each
block replaced by a short note, and the learner is told why. Code is counted in three forms:
fenced blocks (```` ``` ```` or ``~~~``), indented blocks (four spaces or a tab after a blank
line, not inside a list), and bare lines that are plainly Python statements (``def …:``,
``for … in …:``, ``return …``, ``x = …``). A line or two of code (``line.split()``) may stay.

Reasoning models' ``<think>…</think>`` sections are dropped before anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workshop.i18n import _

#: Longest reply shown, in characters (the server is also asked for few tokens).
MAX_REPLY_CHARS = 2500

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")  # terminal escapes and the like; keeps \t and \n
_THINK = re.compile(r"<think>.*?(</think>|\Z)", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
_CODE_LINE = re.compile(
    r"""^\s*(
        (async\s+)?def\s+\w+\s*\(.*\)\s*(->.*)?:\s*$      # def f(x):
      | class\s+\w+(\(.*\))?\s*:\s*$                      # class A:
      | (for|while)\s+.+:\s*$                             # for x in y:
      | (if|elif|with)\s+.+:\s*$                          # if x:
      | (else|try|finally)\s*:\s*$                        # else:
      | except(\s+.+)?\s*:\s*$                            # except ValueError:
      | return(\s+\S.*)?$                                 # return x
      | (yield|raise|assert)\s+\S.*$                      # raise ValueError(...)
      | (import\s+[\w.]+(\s+as\s+\w+)?(\s*,\s*[\w.]+)*|from\s+[\w.]+\s+import\s+.+)\s*$
      | [A-Za-z_][\w.]*(\[[^\]]*\])?\s*([-+*/%|&]|//)?=(?!=)\s*\S.*$   # x = ..., x += ...
      | [A-Za-z_][\w.]*\(.*\)\s*$                         # print(x), words.append(w)
      | (break|continue|pass)\s*$
    )""",
    re.VERBOSE,
)


@dataclass
class FilteredReply:
    """A reply as it will be shown: ``cut`` when code was removed, ``code_lines`` found in the original."""

    text: str
    code_lines: int
    cut: bool = False
    truncated: bool = False

    @property
    def note(self) -> str:
        """Why something was removed, for the learner (empty when nothing was)."""
        notes = []
        if self.cut:
            notes.append(_("The tutor wrote {n} lines of code, so the code was cut: the point is that you write it. "
                           "Ask about one step, or run the command again for another hint.").format(n=self.code_lines))
        if self.truncated:
            notes.append(_("The reply was long and has been shortened."))
        return " ".join(notes)


def looks_like_code(line: str) -> bool:
    """True for a line that is plainly a Python statement rather than prose."""
    stripped = line.strip()
    if not stripped or stripped.startswith(("#", ">", "- ", "* ")) and not stripped.startswith(">>>"):
        return False
    if stripped.startswith((">>>", "...")):
        return True
    if len(stripped.split()) > 14 and not stripped.endswith(":"):
        return False  # a long sentence, not a statement
    return bool(_CODE_LINE.match(stripped))


def _segments(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Split lines into ("prose" | "fence" | "indented" | "bare", lines) runs."""
    segments: list[tuple[str, list[str]]] = []

    def add(kind: str, line: str) -> None:
        if segments and segments[-1][0] == kind and kind != "fence":
            segments[-1][1].append(line)
        else:
            segments.append((kind, [line]))

    index = 0
    previous_blank = True
    in_list = False
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            block = [line]
            index += 1
            while index < len(lines):
                block.append(lines[index])
                index += 1
                if lines[index - 1].strip().startswith(marker[0] * len(marker)) and len(block) > 1:
                    break
            segments.append(("fence", block))
            previous_blank = False
            continue
        if not line.strip():
            add(segments[-1][0] if segments and segments[-1][0] in ("indented", "bare") else "prose", line)
            previous_blank = True
            index += 1
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif not line.startswith((" ", "\t")):
            in_list = False
        indented = line.startswith(("    ", "\t"))
        if indented and not in_list and (previous_blank or (segments and segments[-1][0] == "indented")):
            add("indented", line)
        elif looks_like_code(line) or (indented and segments and segments[-1][0] == "bare"):
            add("bare", line)
        else:
            add("prose", line)
        previous_blank = False
        index += 1
    return segments


def _count(kind: str, block: list[str]) -> int:
    if kind == "fence":
        inner = block[1:-1] if len(block) > 1 and _FENCE.match(block[-1]) else block[1:]
        return sum(1 for line in inner if line.strip())
    if kind in ("indented", "bare"):
        return sum(1 for line in block if line.strip())
    return 0


def filter_reply(text: str, max_code_lines: int = 3) -> FilteredReply:
    """Cut the code out of ``text`` when it has more than ``max_code_lines`` lines of it."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", _THINK.sub("", text)).strip()
    segments = _segments(text.split("\n"))
    total = sum(_count(kind, block) for kind, block in segments)
    cut = total > max_code_lines
    if cut:
        out: list[str] = []
        placeholder = _("[code removed by the workshop tutor]")
        for kind, block in segments:
            if kind == "prose":
                out.extend(block)
            elif _count(kind, block):
                trailing_blank = bool(block) and not block[-1].strip()
                out.append(placeholder)
                if trailing_blank:
                    out.append("")
            else:
                out.extend(block)
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
        text = re.sub(rf"(?:{re.escape(placeholder)}\s*)+", placeholder + "\n\n", text).strip()
    truncated = len(text) > MAX_REPLY_CHARS
    if truncated:
        text = text[:MAX_REPLY_CHARS].rsplit(" ", 1)[0] + " …"
    return FilteredReply(text=text, code_lines=total, cut=cut, truncated=truncated)
