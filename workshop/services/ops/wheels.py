"""Wheels for every laptop in the room: each supported Python on Windows, macOS and Linux, from one lock.

The lock (``pack-lock.txt`` beside ``pyproject.toml``) pins the participant install for every
Python and OS at once, with environment markers (made by a resolver, never by hand: see its
header). For each target (an OS and processor, a Python version) the pins whose markers hold
there are downloaded as binary wheels with pip, ``--no-deps`` because the lock already is the
resolved set. A participant then installs with ``pip install --no-index --find-links wheels
workshop`` and pip picks the files that fit their laptop.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from workshop.util.i18n import _

LOCK_FILE = "pack-lock.txt"
PYTHONS = ("3.10", "3.11", "3.12", "3.13")


@dataclass(frozen=True)
class Target:
    """An OS and processor: its pip platform tags and the marker values of a laptop there."""

    name: str
    label: str
    platforms: tuple[str, ...]
    sys_platform: str
    platform_system: str
    os_name: str
    machine: str


TARGETS = {
    "windows": Target("windows", "Windows (64-bit)", ("win_amd64",), "win32", "Windows", "nt", "AMD64"),
    "macos-arm64": Target("macos-arm64", "macOS 11 or newer, Apple silicon (M1 and later)",
                          ("macosx_11_0_arm64", "macosx_11_0_universal2"), "darwin", "Darwin", "posix", "arm64"),
    "macos-x86_64": Target("macos-x86_64", "macOS 11 or newer, Intel",
                           ("macosx_11_0_x86_64", "macosx_11_0_universal2"), "darwin", "Darwin", "posix", "x86_64"),
    "linux-x86_64": Target("linux-x86_64", "Linux (64-bit PC, glibc 2.17 or newer)",
                           ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64",
                            "manylinux_2_5_x86_64", "manylinux1_x86_64"), "linux", "Linux", "posix", "x86_64"),
}


class WheelsError(Exception):
    """The wheels cannot be collected; the message says why."""


@dataclass
class Pin:
    name: str
    version: str
    marker: str = ""


@dataclass
class WheelsReport:
    wheels: list[Path] = field(default_factory=list)
    complete: list[tuple[str, str]] = field(default_factory=list)  # (target name, python) that fully resolved
    warnings: list[str] = field(default_factory=list)


def read_lock(path: Path) -> list[Pin]:
    """The pins of a lock file in pip's requirements format (``name==version ; marker``)."""
    pins = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, _sep, marker = line.partition(";")
        name, equals, version = requirement.partition("==")
        if not equals:
            raise WheelsError(_("{path}: not a pinned line: {line}").format(path=path, line=line))
        pins.append(Pin(name.strip(), version.strip(), marker.strip()))
    return pins


def environment(target: Target, python: str) -> dict[str, str]:
    """The marker environment of a laptop of ``target`` running CPython ``python``."""
    full = f"{python}.0"
    return {"python_version": python, "python_full_version": full, "implementation_version": full,
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "sys_platform": target.sys_platform, "platform_system": target.platform_system,
            "os_name": target.os_name, "platform_machine": target.machine, "platform_release": "",
            "platform_version": "", "extra": ""}


def pins_for(pins: list[Pin], target: Target, python: str) -> list[str]:
    """``name==version`` of each pin whose marker holds for ``target`` and ``python``."""
    from packaging.markers import Marker

    env = environment(target, python)
    return [f"{pin.name}=={pin.version}" for pin in pins if not pin.marker or Marker(pin.marker).evaluate(env)]


def download(lock: Path, dest: Path, targets: list[Target], pythons: list[str]) -> WheelsReport:
    """Download the wheels of ``lock`` for every target and Python into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    pins = read_lock(lock)
    report = WheelsReport()
    for target in targets:
        for python in pythons:
            wanted = pins_for(pins, target, python)
            command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                       "--no-deps", "--only-binary=:all:", "--python-version", python, "--implementation", "cp",
                       "--dest", str(dest)]
            for platform in target.platforms:
                command += ["--platform", platform]
            done = subprocess.run([*command, *wanted], capture_output=True, text=True)
            if done.returncode == 0:
                report.complete.append((target.name, python))
                continue
            error = (done.stderr or done.stdout).strip().splitlines()
            message = next((line for line in error if "ERROR" in line), error[-1] if error else str(done.returncode))
            if "Could not find a version" not in message and "No matching distribution" not in message:
                raise WheelsError(_("Could not download the wheels (is the internet reachable?): {error}").format(
                    error=message))
            report.warnings.append(_("Python {python} on {target} will not install offline: {error}").format(
                python=python, target=target.label, error=message))
    report.wheels = sorted(dest.glob("*.whl"))
    return report


def install_text(complete: list[tuple[str, str]]) -> str:
    """The pack README's part on which Pythons work and how to install with no internet, per OS."""
    lines = [_("Which Python? These work with no internet:")]
    for target in TARGETS.values():
        versions = [python for name, python in complete if name == target.name]
        if versions:
            lines.append(_("   - {system}: Python {versions}").format(system=target.label, versions=", ".join(versions)))
    if not complete:
        lines.append(_("   - none: this pack has no wheels; installing needs the internet"))
    lines += [
        _("   Check yours with:  python --version   (on Windows:  py --version)"),
        "",
        _("   Windows: open PowerShell in this folder, then type:"),
        "       py -m venv .venv",
        "       .venv\\Scripts\\python -m pip install --no-index --find-links wheels workshop",
        "       .venv\\Scripts\\activate",
        _("   macOS and Linux: open a terminal in this folder, then type:"),
        "       python3 -m venv .venv",
        "       .venv/bin/python -m pip install --no-index --find-links wheels workshop",
        "       source .venv/bin/activate",
        _("   (This uses only the files in wheels/: no internet is needed.)"),
    ]
    return "\n".join("   " + line if line and not line.startswith(" ") else line for line in lines) + "\n"
