"""``workshop lab``: start JupyterLab in the learner's workspace, opened at an exercise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def lab_command(root: Path, notebook: Path | None, port: int | None = None, browser: bool = True,
                extra: list[str] | None = None) -> list[str]:
    """The command line that starts JupyterLab in ``root`` (and opens ``notebook``)."""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}",
               # An offline venue: no question about online news, no looking for updates.
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if port is not None:
        command.append(f"--port={port}")
    if not browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root; Jupyter refuses it otherwise
    command += extra or []
    if notebook is not None:
        command.append(notebook.resolve().relative_to(root.resolve()).as_posix())
    return command


def start_lab(root: Path, notebook: Path | None, port: int | None = None, browser: bool = True) -> int:
    """Run JupyterLab until it is stopped; return its exit code."""
    command = lab_command(root, notebook, port, browser)
    if os.name == "posix":
        # Become JupyterLab: Ctrl+C and signals reach it directly, and no orphan is left behind.
        os.chdir(root)
        sys.stdout.flush()
        os.execv(command[0], command)
    process = subprocess.Popen(command, cwd=root)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            return process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()
