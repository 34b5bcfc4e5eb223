"""Put text on the clipboard with the platform's own tool, when there is one.

No shell: each tool is started with an argument list, the text on its stdin. macOS ``pbcopy``;
Windows ``clip.exe`` (fed UTF-16 with a byte-order mark, so Korean text survives); Linux and BSD
``wl-copy`` (Wayland), ``xclip`` or ``xsel`` (X11). When none works the caller says where the
text was written instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass


@dataclass
class CopyOutcome:
    copied: bool
    tool: str = ""
    #: Why it was not copied (for the learner), when it was not.
    reason: str = ""


def _candidates(platform: str, environ) -> list[tuple[list[str], str]]:
    """(command, encoding) pairs to try, in order."""
    if platform == "darwin":
        return [(["pbcopy"], "utf-8")]
    if platform.startswith("win") or platform == "cygwin":
        return [(["clip.exe"], "utf-16")]
    tools: list[tuple[list[str], str]] = []
    if environ.get("WAYLAND_DISPLAY"):
        tools.append((["wl-copy", "--type", "text/plain;charset=utf-8"], "utf-8"))
    if environ.get("DISPLAY"):
        tools.append((["xclip", "-selection", "clipboard", "-in"], "utf-8"))
        tools.append((["xsel", "--clipboard", "--input"], "utf-8"))
    if "microsoft" in _kernel_release().lower():  # WSL: the Windows clipboard
        tools.append((["clip.exe"], "utf-16"))
    return tools


def _kernel_release() -> str:
    try:
        return os.uname().release
    except AttributeError:  # Windows
        return ""


def copy_text(text: str, platform: str | None = None, environ=None, which=shutil.which,
              timeout: float = 5.0) -> CopyOutcome:
    """Copy ``text`` to the clipboard; never raises."""
    from workshop.util.i18n import _

    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    candidates = _candidates(platform, environ)
    if not candidates:
        return CopyOutcome(False, reason=_("no clipboard here (no display: a remote or text-only session)"))
    tried = []
    for command, encoding in candidates:
        path = which(command[0])
        if not path:
            tried.append(command[0])
            continue
        data = ("\ufeff" + text).encode("utf-16-le") if encoding == "utf-16" else text.encode("utf-8")
        try:
            # The tools may stay in the background to serve the clipboard: no pipes left open for them.
            completed = subprocess.run([path, *command[1:]], input=data, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, timeout=timeout, check=False)
        except (OSError, subprocess.SubprocessError):
            tried.append(command[0])
            continue
        if completed.returncode == 0:
            return CopyOutcome(True, tool=command[0])
        tried.append(command[0])
    return CopyOutcome(False, reason=_("no clipboard tool worked (tried: {tools})").format(tools=", ".join(tried)))
