"""``prompt()`` and ``tutor()`` in a notebook: ``from workshop import prompt, tutor``.

``tutor()`` looks at what the learner has *run* (like ``check()``): the visible tests run in the
kernel against its namespace, and the code sent is the source of the task's functions as the
kernel has them (falling back to the saved notebook). Both return objects that JupyterLab shows
as HTML, everything escaped.
"""

from __future__ import annotations

import inspect
from html import escape
from pathlib import Path

from workshop.ai.errors import AIError
from workshop.core.exercise import Exercise, ExerciseError
from workshop.util.i18n import _

_STYLE = ("font-family:system-ui,-apple-system,'Segoe UI','Noto Sans KR',sans-serif;border:2px solid {colour};"
          "border-radius:8px;padding:.6em 1em;max-width:52em;line-height:1.45")


def _places(exercise: Exercise) -> tuple[Path | None, Path, Path | None]:
    """(workspace root or None, state folder, solutions folder or None) for an exercise."""
    from workshop.core.workspace import state_dir_for, workspace_of

    workspace = workspace_of(exercise)
    root = workspace.root if workspace is not None else None
    return root, state_dir_for(exercise), workspace.solutions_dir if workspace is not None else None


class PromptView:
    """The ready prompt: text (``str()``), shown in a box with a copy button in JupyterLab."""

    def __init__(self, text: str, message: str = ""):
        self.text = text
        self.message = message

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return (self.message + "\n\n" if self.message else "") + self.text

    def _repr_html_(self) -> str:
        note = escape(self.message or _("Select the text and copy it, or use the button. Never add real names or "
                                        "testimonies to a prompt."))
        button = escape(_("Copy"))
        return (f'<div style="{_STYLE.format(colour="#5b3fa0")}"><div style="margin-bottom:.4em">{note} '
                f'<button onclick="navigator.clipboard.writeText(this.parentNode.nextElementSibling.innerText)">'
                f'{button}</button></div><pre style="white-space:pre-wrap;font-size:90%">{escape(self.text)}</pre></div>')


def prompt(exercise: str | None = None, task: int | None = None, copy: bool = False) -> PromptView | None:
    """A ready prompt for any AI assistant, for this notebook's exercise (or ``exercise``).

    ``task``: just that task. ``copy=True``: also put it on the clipboard, where this computer allows.
    """
    from workshop.ai.prompt import build_prompt
    from workshop.engine.inkernel import _find_exercise

    try:
        found = _find_exercise(exercise)
        solutions = _places(found)[2]
        text = build_prompt(found, found.notebook, task, solutions)
    except (ExerciseError, AIError) as error:
        print(error)
        return None
    message = ""
    if copy:
        from workshop.ai.clipboard import copy_text

        outcome = copy_text(text)
        message = _("Copied to the clipboard with {tool}.").format(tool=outcome.tool) if outcome.copied else \
            _("Could not copy to the clipboard ({reason}): select the text below and copy it.").format(
                reason=outcome.reason)
    return PromptView(text, message)


class TutorView:
    """What ``tutor()`` returns: the reply (or why there is none) and the static hint."""

    def __init__(self, exercise: Exercise, task: int | None, reply=None, error: AIError | None = None,
                 hint: str = "", notice: str = "", where: str = "", passed: bool = False):
        self.exercise, self.task, self.reply, self.error = exercise, task, reply, error
        self.hint, self.notice, self.where, self.passed = hint, notice, where, passed

    def _lines(self) -> list[tuple[str, str]]:
        """(kind, text) pairs shared by the text and HTML forms."""
        lines: list[tuple[str, str]] = []
        if self.notice:
            lines.append(("notice", self.notice))
        if self.passed:
            lines.append(("ok", _("Every test passes: there is nothing for the tutor to fix. Well done!")))
            return lines
        if self.hint:
            lines.append(("hint", _("Hint: ") + self.hint))
        if self.error is not None:
            lines.append(("error", _("The AI tutor could not answer. ") + str(self.error)))
        if self.reply is not None:
            lines.append(("reply", self.reply.text))
            if self.reply.note:
                lines.append(("error", self.reply.note))
            lines.append(("dim", _("An AI can be wrong. Check every idea with check().")))
        return lines

    def __repr__(self) -> str:
        head = _("AI tutor · Task {n}").format(n=self.task) if self.task else _("AI tutor")
        return "\n\n".join([head + (f" ({self.where})" if self.where else "")] + [text for _k, text in self._lines()])

    def _repr_html_(self) -> str:
        styles = {"notice": "color:#b00020;font-weight:bold", "ok": "color:#1f5fbf", "hint": "",
                  "error": "color:#8a6d00", "reply": "white-space:pre-wrap", "dim": "opacity:.7;font-size:90%"}
        head = _("AI tutor · Task {n}").format(n=self.task) if self.task else _("AI tutor")
        body = "".join(f'<div style="margin:.4em 0;{styles[kind]}">{escape(text)}</div>' for kind, text in self._lines())
        where = f' <span style="opacity:.7;font-size:85%">{escape(self.where)}</span>' if self.where else ""
        return (f'<div style="{_STYLE.format(colour="#8b1e7a")}"><h3 style="margin:.1em 0 .3em">{escape(head)}'
                f'{where}</h3>{body}</div>')


def _kernel_code(namespace: dict, names: tuple[str, ...]) -> str:
    """The source of ``names`` as the kernel has them ("" when any cannot be found)."""
    parts = []
    for name in names:
        value = namespace.get(name)
        if value is None:
            return ""
        try:
            parts.append(inspect.getsource(value).rstrip())
        except (OSError, TypeError):
            return ""
    return "\n\n\n".join(parts)


def tutor(exercise: str | None = None, task: int | None = None, question: str = "") -> TutorView | None:
    """Ask the AI tutor about the code you have run: a hint grounded in the failing tests, never the answer.

    Sends the task, your code for it and the failing visible tests' output to the workshop's AI
    server (by default Ollama on this computer); never hidden tests or solutions.
    """
    from workshop.ai.flow import hint_text, run_tutor_flow
    from workshop.ai.source import NotebookCode, refuse_solution_text, task_code
    from workshop.ai.tutor import Prepared, TutorInput, choose_task, failing_output, hints_seen
    from workshop.ai.view import where_label
    from workshop.engine.inkernel import _find_exercise, _user_namespace, module_from_namespace, run_in_process

    try:
        found = _find_exercise(exercise)
    except ExerciseError as error:
        print(error)
        return None
    root, state, solutions = _places(found)
    notices: list[str] = []

    def gather(config) -> Prepared:
        namespace = _user_namespace()
        result = run_in_process(found, module_from_namespace(found.module, namespace))
        if result.passed and task is None and not question:
            return Prepared(None, result, all_passed=True)
        file_code = NotebookCode.read(found.notebook)
        number = choose_task(found, result, file_code, task)
        names = found.task(number).functions if found.task(number) else ()
        code = _kernel_code(namespace, names)
        if code:
            refuse_solution_text(code)
        else:
            code = task_code(file_code, names)
        from workshop.ai.prompt import task_text

        return Prepared(TutorInput(exercise=found, task=number, code=code, failures=failing_output(found, result, number),
                                   task_text=task_text(found, file_code, number),
                                   hints_seen=hints_seen(state, found, number), question=question or ""), result)

    def announce(text: str) -> None:
        notices.append(text)
        print(text)  # shown before the call, while the model thinks

    outcome = run_tutor_flow(found, found.notebook, state, solutions, gather,
                             static_hint=lambda number: _first_hint(root, found, number) or None,
                             task=task, announce=announce, ask_call=_ask_streaming(announce))
    if outcome.passed:
        return TutorView(found, None, passed=True)
    config = outcome.config
    if outcome.error is not None:
        where = where_label(config) if config is not None else ""
        return TutorView(found, outcome.task, error=outcome.error, hint=hint_text(outcome.hint),
                         notice=" ".join(notices), where=where)
    return TutorView(found, outcome.task, reply=outcome.reply, hint=hint_text(outcome.hint), notice=" ".join(notices),
                     where=f"{config.model} · {where_label(config)}")


def _ask_streaming(announce):
    """The call the flow makes in a notebook: the reply shown in the cell as it streams in."""
    def call(config, given, state):
        from workshop.ai.tutor import ask

        live = _LiveReply()
        try:
            return ask(config, given, state, announce=announce, on_text=live.text, on_queue=live.queue)
        finally:
            live.close()

    return call


class _LiveReply:
    """The reply shown as it streams in, in the cell's output (prose only: code waits for the filter),
    and the learner's place in a room server's queue; cleared when the full reply is shown."""

    def __init__(self):
        self.pieces: list[str] = []
        self.handle = None
        try:
            from IPython import get_ipython
            from IPython.display import HTML, display
        except ImportError:  # pragma: no cover - the notebook API runs in IPython
            return
        if get_ipython() is not None:
            self._html = HTML
            self.handle = display(HTML(""), display_id=True)

    def _show(self, text: str, style: str = "white-space:pre-wrap") -> None:
        if self.handle is not None:
            self.handle.update(self._html(f'<div style="{style};opacity:.85">{escape(text)}</div>'))

    def text(self, piece: str) -> None:
        from workshop.ai.tutor import stream_preview

        self.pieces.append(piece)
        self._show(stream_preview("".join(self.pieces)) + " ▌")

    def queue(self, place: int) -> None:
        self._show(_("You are number {n} in the room's queue for the AI; it answers one question at a time.").format(
            n=place), "opacity:.7")

    def close(self) -> None:
        if self.handle is not None:
            self.handle.update(self._html(""))


def _first_hint(root: Path | None, exercise: Exercise, task: int | None) -> str:
    """The learner's next static hint (remembered in progress when there is a workspace)."""
    if root is not None:
        from workshop.services.learner import next_hint
        from workshop.core.workspace import Workspace

        try:
            return next_hint(Workspace(root), exercise, exercise.notebook, task).text
        except (ExerciseError, OSError):
            return ""
    found = exercise.task(task) if task is not None else (exercise.tasks[0] if exercise.tasks else None)
    return found.hints[0] if found and found.hints else ""
