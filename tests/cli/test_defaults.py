"""CLI options take their defaults from the library (one number, one place)."""

from __future__ import annotations

import dataclasses

import click

from workshop.engine import sandbox


def _defaults(command: click.Command) -> dict:
    context = click.Context(command)
    return {param.name: param.get_default(context) for param in command.params if isinstance(param, click.Option)}


def test_check_and_grade_limits_follow_the_library(monkeypatch):
    from workshop.cli.grade import grade_command
    from workshop.cli.learner import check_command

    grade, check = _defaults(grade_command), _defaults(check_command)
    limits = sandbox.Limits()
    assert (grade["timeout"], grade["memory_mb"], grade["file_mb"], grade["disk_mb"]) == (
        limits.timeout, limits.memory_mb, limits.file_mb, limits.disk_mb)
    assert check["timeout"] == limits.timeout

    @dataclasses.dataclass(frozen=True)
    class Changed(sandbox.Limits):
        timeout: float = 3.5
        disk_mb: int | None = 7

    monkeypatch.setattr(sandbox, "Limits", Changed)
    grade, check = _defaults(grade_command), _defaults(check_command)
    assert grade["timeout"] == check["timeout"] == 3.5 and grade["disk_mb"] == 7


def test_help_shows_the_library_default():
    from click.testing import CliRunner

    from workshop.cli.grade import grade_command

    shown = CliRunner().invoke(grade_command, ["--help"], terminal_width=200).output
    assert f"[default: {sandbox.Limits().memory_mb}]" in shown and "dynamic" not in shown
