"""The README's quick start and command reference stay true to the program."""

from __future__ import annotations

import re

from tests.conftest import run_cli
from workshop.cli import COMMANDS


def readme(repo) -> str:
    return (repo / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_reference(repo):
    text = readme(repo)
    for name in COMMANDS:
        assert f"`workshop {name}" in text, f"README's command reference lacks `workshop {name}`"


def test_documented_options_exist(repo):
    """Each `--option` the reference shows for a command is accepted by that command's --help."""
    for line in readme(repo).splitlines():
        match = re.match(r"\| `workshop ([a-z][\w-]*)([^`]*)`", line)
        if not match:
            continue
        name, rest = match.groups()
        assert name in COMMANDS, f"README documents unknown command {name}"
        help_text = run_cli(name, "--help").stdout
        for option in re.findall(r"--[\w-]+", rest):
            assert option in help_text, f"workshop {name} has no {option}"


def test_quick_start_is_two_commands_and_ci_runs_the_test_one(repo):
    blocks = re.findall(r"```bash\n(.*?)```", readme(repo).split("## Quick start", 1)[1].split("\n## ", 1)[0], re.S)
    assert len(blocks) == 2
    test_command = blocks[1].strip()
    assert test_command in (repo / ".ci" / "run").read_text(encoding="utf-8")
