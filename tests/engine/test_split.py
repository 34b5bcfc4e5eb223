"""A split check's two processes, for real: what a test sees of the learner's module across the socket."""

from __future__ import annotations

import random
import sys
import types

import pytest

from workshop.engine import split

pytestmark = pytest.mark.skipif(not split.available(), reason="split checks need fork (POSIX)")

LEARNER = '''
import random
from typing import NamedTuple
import pytest

class Report(NamedTuple):
    changed: list
    missing: list = []
    @property
    def ok(self):
        return not self.changed and not self.missing

class TooShort(ValueError):
    pass

class Yes:
    def __eq__(self, other):
        return True
    __hash__ = object.__hash__

def append_one(items):
    items.append(1)
    return len(items)

def roll():
    return random.random()

def mark_rows(rows):
    for row in rows:
        row["seen"] = True
    rows.append({"year": 2026})

def fill(buffer):
    buffer[:4] = b"done"
    return len(buffer)

def fingerprint(stream, size=1 << 20):
    import hashlib
    digest = hashlib.sha256()
    while chunk := stream.read(size):
        digest.update(chunk)
    return digest.hexdigest()

def pick(rng, words):
    return rng.choice(words)

def check(text):
    if len(text) < 3:
        raise TooShort(f"too short: {text!r}")
    return Report(changed=[text])

def yes():
    return Yes()

def skip_me():
    pytest.skip("skipped by the code under test")

def exit_now():
    pytest.exit("stop the tests", 0)
'''


@pytest.fixture
def learner(tmp_path):
    module_file = str(tmp_path / "learner_mod.py")
    (tmp_path / "learner_mod.py").write_text(LEARNER, encoding="utf-8")

    def run(sock):
        module = types.ModuleType("learner_mod")
        module.__file__ = module_file
        exec(compile(LEARNER, module_file, "exec"), module.__dict__)  # noqa: S102 - the test's own module
        sys.modules["learner_mod"] = module
        split.serve_learner(sock, "learner_mod", module_file, lambda: None)

    side, _pid = split.start(None, str(tmp_path), run)
    first = side.endpoint.receive()
    yield side.module("learner_mod", first["exports"])
    side.close()


def test_values_come_back_as_plain_data_and_shapes_of_this_process(learner):
    report = learner.check("abcd")
    assert report == learner.Report(changed=["abcd"]) and report.missing == []
    assert type(report) is learner.Report and report.ok is False  # the property, evaluated over there


def test_exceptions_keep_their_type_and_the_learners_line(learner):
    with pytest.raises(ValueError, match="too short") as raised:
        learner.check("ab")
    assert isinstance(raised.value, learner.TooShort)
    assert raised.value._learner_line == LEARNER.splitlines().index("        raise TooShort(f\"too short: {text!r}\")") + 1


def test_a_list_changed_in_place_is_changed_here_too(learner):
    items = [0]
    assert learner.append_one(items) == 2
    assert items == [0, 1]


def test_a_long_list_changed_in_place_is_changed_here_too_every_time(learner):
    words = [f"w{index}" for index in range(7776)]
    assert learner.append_one(words) == 7777
    assert words[-1] == 1
    assert learner.append_one(words) == 7778  # sent again as it is now, not as it was
    assert words[-2:] == [1, 1]


def test_rows_changed_in_place_are_changed_here_too(learner):
    rows = [{"year": 1999 + index, "total": index} for index in range(30)]
    learner.mark_rows(rows)
    assert len(rows) == 31 and all(row.get("seen") for row in rows[:30]) and rows[-1] == {"year": 2026}
    learner.mark_rows(rows)  # the same list again: its new state crosses
    assert len(rows) == 32


def test_a_large_buffer_filled_in_place_is_filled_here_too(learner):
    buffer = bytearray(64 * 1024)
    assert learner.fill(buffer) == 64 * 1024
    assert buffer[:4] == b"done" and not any(buffer[4:])


def test_a_file_of_the_test_is_read_in_large_chunks_across(learner, tmp_path):
    import hashlib

    data = bytes(range(256)) * (12 * 1024) + b"end"  # 3 MiB and more: chunks of 1 MiB cross raw
    (tmp_path / "film.mp4").write_bytes(data)
    with open(tmp_path / "film.mp4", "rb") as film:
        assert learner.fingerprint(film) == hashlib.sha256(data).hexdigest()


def test_the_random_module_is_one_state_for_both(learner):
    random.seed(7)
    first = learner.roll()
    random.seed(7)
    assert learner.roll() == first == random.Random(7).random()


def test_objects_of_the_test_are_called_back(learner):
    class First:
        def choice(self, words):
            return words[0]

    assert learner.pick(First(), ["sun", "moon"]) == "sun"
    assert learner.pick(random.Random(3), ["sun", "moon"]) == random.Random(3).choice(["sun", "moon"])


def test_a_seeded_generator_of_the_test_is_drawn_from_as_if_here(learner):
    # It crosses by its state and comes back advanced: the learner's draws are the test's draws.
    words = [f"w{index}" for index in range(7776)]
    rng, expected = random.Random(11), random.Random(11)
    assert learner.pick(rng, words) == expected.choice(words)
    assert rng.random() == expected.random()


def test_a_generator_class_of_the_test_is_still_asked_here(learner):
    class Recording(random.Random):
        def __init__(self):
            super().__init__(5)
            self.asked = 0

        def choice(self, words):
            self.asked += 1
            return super().choice(words)

    rng = Recording()
    assert learner.pick(rng, ["sun", "moon"]) == random.Random(5).choice(["sun", "moon"])
    assert rng.asked == 1


def test_an_object_whose_eq_says_yes_is_equal_only_to_itself(learner):
    value = learner.yes()
    assert value != 1 and value != "anything" and value != learner.yes()
    assert value == value


def test_pytests_own_outcomes_from_learner_code_are_plain_errors(learner):
    for function in (learner.skip_me, learner.exit_now):
        with pytest.raises(Exception) as raised:
            function()
        assert not isinstance(raised.value, (pytest.skip.Exception, pytest.exit.Exception))


def test_the_test_process_hands_out_no_module_class_or_function(learner, tmp_path):
    class Holder:
        def __init__(self):
            self.os = __import__("os")

    side = next(cell.cell_contents for cell in learner.pick.__closure__  # the test side behind the stand-in
                if isinstance(cell.cell_contents, split.TestSide))
    handle = side.codec.handle(Holder())
    assert "err" in side.handle({"op": "get", "h": handle, "n": "os"})
    assert "err" in side.handle({"op": "call", "h": handle, "m": "__init__", "a": [], "k": {}})


@pytest.mark.parametrize("source, expected", [
    ("import random\n", True),
    ("from random import choice\n", True),
    ("from random import random as draw\n", True),
    ("import random as r\n", True),
    ("import secrets\nfrom random import Random\n", False),  # its own generators, not the module's
    ("x = 1\n", False),
])
def test_the_random_state_is_followed_only_for_code_that_can_draw_from_it(source, expected):
    module = types.ModuleType("probe")
    exec(compile(source, "probe.py", "exec"), module.__dict__)  # noqa: S102 - the test's own source
    assert split.uses_random(module) is expected
