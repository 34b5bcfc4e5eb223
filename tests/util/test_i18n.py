"""Every learner-facing message goes through one layer; the Korean catalog is complete and current;
one function decides the language, and every command follows it."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from tests.conftest import run_cli
from workshop.util import catalog
from workshop.util import i18n

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z]+\)s")
HANGUL = re.compile(r"[가-힣]")


def test_the_message_template_is_up_to_date():
    """workshop/locale/workshop.pot lists every message; regenerate with `python -m workshop.util.catalog extract`."""
    assert catalog.TEMPLATE.read_bytes() == catalog.render(catalog.extract(), template=True)


def test_the_korean_catalog_is_complete_and_current():
    """msgfmt --statistics style: every message of the template translated, none fuzzy, placeholders kept."""
    merged = catalog.updated("ko")
    counts = catalog.statistics(merged)
    assert counts["fuzzy"] == 0 and counts["untranslated"] == 0, counts
    assert counts["translated"] == len([m for m in catalog.extract() if m.id]) > 600
    for message in merged:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[1]
        target = message.string if isinstance(message.string, str) else message.string[0]
        assert set(PLACEHOLDER.findall(source)) == set(PLACEHOLDER.findall(target)), source
        assert ("\b" in source) == ("\b" in target), source  # click's no-rewrap marker survives
    assert catalog.po_path("ko").read_bytes() == catalog.render(merged), "run: python -m workshop.util.catalog update"


def test_the_shipped_mo_is_compiled_from_the_po():
    """The .mo in the wheel is the .po compiled (run `python -m workshop.util.catalog compile`)."""
    assert catalog.po_path("ko").with_suffix(".mo").read_bytes() == catalog.compiled("ko")


def test_plurals_and_dates_in_korean(monkeypatch):
    monkeypatch.setenv("WORKSHOP_LANG", "ko")
    i18n.reset()
    try:
        one = i18n.ngettext("pitfall {name} is caught by {n} test", "pitfall {name} is caught by {n} tests", 1)
        many = i18n.ngettext("pitfall {name} is caught by {n} test", "pitfall {name} is caught by {n} tests", 5)
        assert one == many == "함정 구현 {name}을(를) 테스트 {n}개가 잡아냅니다"
        assert i18n.format_date(dt.date(2025, 10, 22)) == "2025년 10월 22일 (수)"
        assert i18n.format_datetime(dt.datetime(2025, 10, 22, 14, 5)) == "2025년 10월 22일 14:05"
        assert i18n.format_number(12345.678, 1) == "12,345.7"
    finally:
        monkeypatch.delenv("WORKSHOP_LANG")
        i18n.reset()
    assert i18n.format_date(dt.date(2025, 10, 22)) == "Wednesday 22 October 2025"


def test_one_function_decides_the_language_in_order(tmp_path, monkeypatch):
    """--lang/check(lang) > WORKSHOP_LANG > the workspace's choice > session.toml > the system locale."""
    root = tmp_path / "ws"
    (root / "exercises").mkdir(parents=True)
    monkeypatch.chdir(root)
    monkeypatch.delenv("WORKSHOP_ROOT", raising=False)
    for name in ("WORKSHOP_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)

    def decided():
        i18n.reset()
        return i18n.current_language()

    try:
        monkeypatch.setenv("LANG", "ko_KR.UTF-8")
        assert decided() == "ko"  # the system
        monkeypatch.setenv("LANG", "C.UTF-8")
        assert decided() == "en"
        (root / "session.toml").write_text('title = "T"\nexercises = [1]\nlanguage = "ko"\n', encoding="utf-8")
        assert decided() == "ko"  # the room's choice
        i18n.remember_language(root, "en")
        assert decided() == "en"  # the learner's own choice beats the room's
        monkeypatch.setenv("WORKSHOP_LANG", "ko")
        assert decided() == "ko"
        i18n.set_language("en")
        assert decided() == "en"  # --lang / check(lang=...)
        with pytest.raises(ValueError):
            i18n.set_language("klingon")
    finally:
        i18n.set_language(None)
        i18n.reset()


def test_lang_option_on_the_group_and_on_every_command(workspace):
    env = {"WORKSHOP_LANG": "en"}
    assert "연습 문제" in run_cli("--lang", "ko", "list", cwd=workspace, env=env).stdout
    assert "연습 문제" in run_cli("list", "--lang", "ko", cwd=workspace, env=env).stdout
    assert "Exercises" in run_cli("list", cwd=workspace, env=env).stdout
    assert "Exercises" in run_cli("list", "--lang", "en", cwd=workspace, env={"WORKSHOP_LANG": "ko"}).stdout
    bad = run_cli("list", "--lang", "xx", cwd=workspace)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def _english_lines(text: str) -> list[str]:
    """Lines with English words outside code, file names, commands and numbers."""
    allowed = re.compile(r"`[^`]*`|workshop [a-z-]+[^\s]*|--?[a-z][\w-]*|[\w./~-]+\.(py|ipynb|toml|txt|md|html|css|json|csv|zip)"
                         r"|\b[A-Z_]{2,}\b|https?://\S+|[\w-]+/|\S*\(\)\S*|\[[^\]]*\]|<[^>]*>")
    found = []
    for line in text.splitlines():
        rest = allowed.sub("", line)
        if re.search(r"[A-Za-z]{3,}", rest) and not HANGUL.search(line):
            found.append(line)
    return found


def test_help_in_korean(workspace):
    env = {"WORKSHOP_LANG": "ko"}
    top = run_cli("--help", cwd=workspace, env=env).stdout
    assert "사용법:" in top and "명령" in top and "이 도움말을 보여 주고 끝냅니다." in top
    for command in ("check", "hint", "list", "progress", "grade", "doctor", "board", "init", "slides"):
        shown = run_cli(command, "--help", cwd=workspace, env=env).stdout
        assert HANGUL.search(shown), command
        prose = [line for line in _english_lines(shown) if not line.startswith(("Usage", "사용법"))]
        assert not prose, (command, prose)


def test_check_of_an_untouched_notebook_speaks_korean(workspace):
    """The toolkit's own lines of `workshop check` are Korean; the exercise's own words (task titles, test
    descriptions, hints) come from translations/ko.toml: see tests/core/test_translations.py."""
    done = run_cli("check", "01", cwd=workspace, env={"WORKSHOP_LANG": "ko"})
    assert done.returncode == 1
    assert "과제 3개 중 0개 완료" in done.stdout and re.search(r"\d+점 중 0점", done.stdout) and "초" in done.stdout
    assert "힌트:" in done.stdout and "다음:" in done.stdout


def test_environment_is_left_alone():
    assert os.environ.get("WORKSHOP_LANG") is None
