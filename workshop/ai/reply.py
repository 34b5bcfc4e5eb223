"""The reply filter: a tutor gives hints, not code (contract 7 in docs/architecture.md).

Every piece of code in a reply is judged by what it gives away (:mod:`workshop.ai.giveaway`): a
complete function, or the fix for the task's function, is removed whatever its length, and the
learner is told why. A reply with more than ``max_code_lines`` lines of new code in total has all
its code cut as well. Code is found in four forms: inline spans (`` `…` ``),
fenced blocks (```` ``` ```` or ``~~~``), indented blocks (four spaces or a tab after a blank
line, not inside a list), and bare lines that are plainly Python statements (``def …:``,
``for … in …:``, ``return …``, ``x = …``). A line or two of code (``line.split()``) may stay.

Reasoning models' ``<think>…</think>`` sections are dropped before anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workshop.util.i18n import _

#: Longest reply shown, in characters (the server is also asked for few tokens).
MAX_REPLY_CHARS = 2500

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")  # terminal escapes and the like; keeps \t and \n
_THINK = re.compile(r"<think>.*?(</think>|\Z)", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
_CODE_LINE = re.compile(
    r"""^\s*(
        (async\s+)?def\s+\w+\s*\(.*\)\s*(->.*)?:\s*$      # def f(x):
      | (async\s+)?def\s+\w+\s*\(.*\)\s*(->.*)?:\s*\S.*$  # def f(x): return x
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
    #: A block gave the answer away (a complete function or the fix), whatever its length.
    gave_away: bool = False
    #: The server stopped at ``max_tokens`` (finish_reason "length"): the reply may end mid-sentence.
    cut_off: bool = False
    #: Parts of the question left out to fit the model's context.
    left_out: tuple = ()
    #: Seconds until the first piece of a streamed reply arrived (None when not streamed).
    first_token: float | None = None

    @property
    def note(self) -> str:
        """Why something was removed, for the learner (empty when nothing was)."""
        notes = []
        if self.gave_away:
            notes.append(_("The tutor's reply held code that does the task for you (a whole function or the fix "
                           "itself), so it was removed: the point is that you write it. Ask about one step."))
        elif self.cut:
            notes.append(_("The tutor wrote {n} lines of code, so the code was cut: the point is that you write it. "
                           "Ask about one step, or run the command again for another hint.").format(n=self.code_lines))
        if self.truncated:
            notes.append(_("The reply was long and has been shortened."))
        if self.cut_off:
            notes.append(_("The reply was cut off: the model reached its length limit (max_tokens), so it may end "
                           "mid-sentence. Ask again, or ask a narrower question."))
        if self.left_out:
            notes.append(_("Your question was too long for this model, so this was left out of it: {parts}.").format(
                parts=", ".join(self.left_out)))
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


_INLINE = re.compile(r"(`+)([^`\n]+?)\1")


def _code_of(kind: str, block: list[str]) -> str:
    if kind == "fence":
        inner = block[1:-1] if len(block) > 1 and _FENCE.match(block[-1]) else block[1:]
        return "\n".join(inner)
    return "\n".join(block)


def filter_reply(text: str, max_code_lines: int = 3, functions: tuple[str, ...] = (),
                 learner_code: str = "") -> FilteredReply:
    """Remove the code in ``text`` that gives the answer away; all code when there is too much of it.

    ``functions``: the task's function names; ``learner_code``: the learner's own code (quotes of
    it are never counted against the reply).
    """
    from workshop.ai.giveaway import gives_away, learner_lines

    own = learner_lines(learner_code)
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", _THINK.sub("", text)).strip()
    placeholder = _("[code removed by the workshop tutor]")
    segments = _segments(text.split("\n"))
    total = sum(_count(kind, block) for kind, block in segments
                if not all(" ".join(line.split()) in own for line in _code_of(kind, block).splitlines()
                           if line.strip()))
    too_much = total > max_code_lines
    gave_away = False
    out: list[str] = []
    for kind, block in segments:
        if kind == "prose":
            for line in block:
                def inline(match: re.Match) -> str:
                    nonlocal gave_away
                    if gives_away(match.group(2), functions, own):
                        gave_away = True
                        return placeholder
                    return match.group(0)

                out.append(_INLINE.sub(inline, line))
            continue
        code = _code_of(kind, block)
        if _count(kind, block) and (too_much or gives_away(code, functions, own)):
            gave_away = gave_away or gives_away(code, functions, own)
            out.append(placeholder)
            if block and not block[-1].strip():
                out.append("")
        else:
            out.extend(block)
    cut = too_much or gave_away
    if cut:
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
        text = re.sub(rf"(?:{re.escape(placeholder)}\s*)+", placeholder + "\n\n", text).strip()
    truncated = len(text) > MAX_REPLY_CHARS
    if truncated:
        text = text[:MAX_REPLY_CHARS].rsplit(" ", 1)[0] + " …"
    return FilteredReply(text=text, code_lines=total, cut=cut, truncated=truncated, gave_away=gave_away)
