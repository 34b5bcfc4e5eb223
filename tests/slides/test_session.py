"""The session file and the session deck: clock times, exercise slides from metadata, clear errors."""

from __future__ import annotations

import datetime as dt

import pytest

from workshop.core.workspace import Workspace
from workshop.slides import SlidesError
from workshop.slides.assemble import build_session_deck
from workshop.slides.render import render_deck
from workshop.core.session import load_session, parse_session, schedule

from .conftest import write_session


def exercises(root):
    return Workspace(root).exercises()


def test_schedule_adds_the_minutes_up_from_the_start(slides_workspace):
    found = exercises(slides_workspace)
    session = load_session(slides_workspace / "session.toml")
    plan = schedule(session, found, {"welcome": "Welcome", "loop": "Loop"})
    first = found[0]
    assert [item.kind for item in plan.items][:3] == ["opening", "exercise", "break"]
    assert plan.items[0].title == "Welcome · Loop"
    assert plan.items[0].start.time() == dt.time(14, 0)
    assert plan.items[1].start.time() == dt.time(14, 20)  # the opening's default 20 minutes
    assert plan.items[1].exercise == first
    assert plan.items[2].start == plan.items[1].start + dt.timedelta(minutes=first.minutes)
    assert plan.items[-1].kind == "closing"
    assert plan.minutes == 20 + sum(e.minutes for e in plan.exercises) + 10 + 15
    assert plan.end == plan.items[0].start + dt.timedelta(minutes=plan.minutes)


def test_session_deck_has_title_agenda_decks_exercises_break_key_points_and_wrap_up(slides_workspace):
    deck, plan = build_session_deck(slides_workspace / "session.toml", exercises(slides_workspace))
    rendered = render_deck(deck)
    html = rendered.sections_html
    assert deck.title == "Test session" and deck.name == "session"
    assert html.index('class="ws-title"') < html.index('class="ws-agenda"') < html.index("Ground rules")
    assert "How today works" not in html  # the welcome deck's agenda slide gives way to the clock times
    assert "What to take home" not in html and 'class="ws-key-points"' in html
    assert html.index("Ground rules") < html.index("<h1>The learning loop</h1>") < html.index('class="ws-exercise"')
    assert html.index('class="ws-break"') < html.index("One up, one down")
    assert "Wednesday 22 October 2025" in html and "Seoul" in html and "Lead facilitator" in html
    for item in plan.items:
        assert f'<td class="ws-time">{item.start:%H:%M}</td>' in html
    for exercise in plan.exercises:
        assert html.count(f'data-exercise="{exercise.name}"') == 2  # story slide, plan slide
        assert exercise.objectives[0].split()[0] in html
        assert f"{exercise.minutes} minutes" in html
        assert exercise.key_points[0][:20] in html
    assert rendered.notes_count == rendered.slide_count  # the facilitator has notes everywhere


def test_long_sessions_split_the_agenda_and_the_key_points(slides_workspace):
    available = exercises(slides_workspace)
    if len(available) < 4:
        pytest.skip("needs four exercises in the workspace")
    session = write_session(slides_workspace, [e.number for e in available], name="long.toml")
    deck, plan = build_session_deck(session, available)
    html = render_deck(deck).sections_html
    assert len(plan.items) + 1 > 8 and "Agenda (1/2)" in html
    assert (len(available) <= 3) or "Key points (1/" in html


def test_unknown_exercise_is_a_clear_error_with_a_suggestion(slides_workspace):
    session = write_session(slides_workspace, ["pasphrase"], name="typo.toml")
    with pytest.raises(SlidesError, match=r"typo\.toml.*Did you mean 01-passphrase"):
        build_session_deck(session, exercises(slides_workspace))
    missing = write_session(slides_workspace, [1, 97], name="missing.toml")
    with pytest.raises(SlidesError, match="There is no exercise '97'"):
        build_session_deck(missing, exercises(slides_workspace))


def test_break_after_an_exercise_not_in_the_session_is_an_error(slides_workspace):
    session = write_session(slides_workspace, [1], name="b.toml")
    session.write_text(session.read_text(encoding="utf-8").replace('after = 1', 'after = 5'), encoding="utf-8")
    with pytest.raises(SlidesError, match="break after '5'"):
        build_session_deck(session, exercises(slides_workspace))


def test_missing_deck_is_named_with_the_decks_that_exist(slides_workspace):
    session = write_session(slides_workspace, [1], extra='[opening]\ndecks = ["welcome", "intro"]\n', name="d.toml")
    with pytest.raises(SlidesError, match=r"intro.*there: loop, welcome, wrap-up"):
        build_session_deck(session, exercises(slides_workspace))


@pytest.mark.parametrize("text, message", [
    ('exercises = [1]\n', "title is missing"),
    ('title = "x"\n', "exercises must list"),
    ('title = "x"\nexercises = [1]\nstart = "2pm"\n', "clock time"),
    ('title = "x"\nexercises = [1]\ndate = "22/10/2025"\n', "date must be"),
    ('title = "x"\nexercises = [1]\nvenu = "Seoul"\n', "unknown keys venu"),
    ('title = "x"\nexercises = [1]\n[[breaks]]\nminutes = 5\n', "needs after"),
    ('title = "x"\nexercises = [1]\n[opening]\nminutes = -5\n', "whole number of minutes"),
])
def test_session_file_mistakes_are_explained(tmp_path, text, message):
    import tomllib

    with pytest.raises(SlidesError, match=message):
        parse_session(tomllib.loads(text), tmp_path / "session.toml")


def test_invalid_toml_and_missing_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("title = ", encoding="utf-8")
    with pytest.raises(SlidesError, match="not valid TOML"):
        load_session(bad)
    with pytest.raises(SlidesError, match="does not exist"):
        load_session(tmp_path / "none.toml")


def test_the_repository_session_file_is_valid(repo):
    session = load_session(repo / "session.toml")
    assert session.title and session.date and session.venue == "Seoul"
    assert session.facilitators and all("facilitator" in f.lower() or "helper" in f.lower()
                                        for f in session.facilitators)
    available = {e.number for e in Workspace(repo).exercises()}
    wanted = [int(item) for item in session.exercises]
    if not set(wanted) <= available:
        pytest.skip(f"exercises {sorted(set(wanted) - available)} are not in the repository yet")
    _deck, plan = build_session_deck(session, Workspace(repo).exercises())
    assert [e.number for e in plan.exercises] == wanted
