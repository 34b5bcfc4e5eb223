"""The repository's default session (session.toml): a 2½-hour hands-on block for beginners, timed from
the exercises' core minutes, taken from the recommended order; and its agenda slide says the same."""

from __future__ import annotations

import re
import sys

import pytest

from workshop.core.curriculum import RECOMMENDED_ORDER
from workshop.core.workspace import Workspace
from workshop.slides import SlidesError
from workshop.slides.assemble import build_session_deck
from workshop.slides.render import render_deck
from workshop.core.session import load_session, parse_session

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: The hands-on block the default session must fit, in minutes (opening to wrap-up, breaks included).
BLOCK_MINUTES = 150

_ROW = re.compile(r'<tr class="ws-row-(\w+)"><td class="ws-time">(\d\d:\d\d)</td><td>.*?</td>'
                  r'<td class="ws-minutes">(.*?)</td></tr>')


def _plan(repo):
    return build_session_deck(load_session(repo / "session.toml"), Workspace(repo).exercises())


def test_the_default_session_fits_a_two_and_a_half_hour_block(repo):
    _deck, plan = _plan(repo)
    assert plan.minutes <= BLOCK_MINUTES, [(item.title, item.minutes) for item in plan.items]
    kinds = [item.kind for item in plan.items]
    assert kinds[0] == "opening" and kinds[-1] == "closing" and "break" in kinds
    exercises = [item.exercise for item in plan.items if item.kind == "exercise"]
    assert exercises[0].name == "00-warm-up"
    assert 1 <= len(exercises[1:]) <= 2  # one or two core exercises after the warm-up
    assert 15 <= exercises[0].minutes <= 20
    # timed from the core path: the stretch minutes are not in the schedule
    assert plan.minutes == sum(item.minutes for item in plan.items)
    assert [item.minutes for item in plan.items if item.kind == "exercise"] == [e.minutes for e in exercises]


def test_the_default_session_takes_the_start_of_the_recommended_order(repo):
    session = load_session(repo / "session.toml")
    raw = tomllib.loads((repo / "session.toml").read_text(encoding="utf-8"))
    assert isinstance(raw["exercises"], int), "the default session names a count of the recommended order"
    assert [int(item) for item in session.exercises] == list(RECOMMENDED_ORDER[:raw["exercises"]])


@pytest.mark.parametrize("lang, minutes_word", [("en", "min"), ("ko", "분")])
def test_the_agenda_slide_matches_the_schedule(repo, monkeypatch, lang, minutes_word):
    from workshop.util import i18n

    monkeypatch.setenv("WORKSHOP_LANG", lang)
    i18n.reset()
    try:
        deck, plan = _plan(repo)
        html = render_deck(deck).sections_html
    finally:
        monkeypatch.delenv("WORKSHOP_LANG")
        i18n.reset()
    rows = _ROW.findall(html)
    expected = [(item.kind, f"{item.start:%H:%M}", f"{item.minutes} {minutes_word}" if lang == "en"
                 else f"{item.minutes}{minutes_word}") for item in plan.items]
    assert rows[:len(expected)] == expected
    assert f'<tr class="ws-row-end"><td class="ws-time">{plan.end:%H:%M}</td>' in html
    for item in plan.items:
        if item.kind == "exercise":
            assert f'data-exercise="{item.exercise.name}"' in html


@pytest.mark.parametrize("value, message", [("0", "N must be 1 to"), ("99", "N must be 1 to"),
                                            ("true", "exercises must list")])
def test_a_wrong_count_is_explained(tmp_path, value, message):
    with pytest.raises(SlidesError, match=message):
        parse_session(tomllib.loads(f'title = "x"\nexercises = {value}\n'), tmp_path / "session.toml")
