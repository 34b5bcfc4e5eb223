"""The plain-data codec of split checks: every value crosses as what it was, by the receiver's own code."""

from __future__ import annotations

import json
import math
import random

import pytest

from workshop.engine import wire


def _across(value):
    """Encode here, send as JSON text (as the socket does) with its blobs, decode on a fresh codec over there."""
    here = wire.Codec(None)
    sent = json.dumps(here.encode(value), ensure_ascii=False, separators=(",", ":"))
    there = wire.Codec(lambda *a: pytest.fail("no handle expected"))
    there.blobs_in = here.blobs_out
    return there.decode(json.loads(sent))


@pytest.mark.parametrize("value", [
    ["correct", "horse", "battery", "staple"] * 2000,  # a word list: the common argument of exercise 01
    ["a", None, True, False, "b"],
    [0, 1, -5, 2**53 - 1, -(2**53) + 1],
    [0.5, -1.25, 1e300],
    [],
])
def test_lists_of_plain_values_cross_unchanged(value):
    back = _across(value)
    assert back == value
    assert [type(item) for item in back] == [type(item) for item in value]


def test_integers_too_large_for_json_cross_exactly_in_a_list():
    value = [1, 2**53, -(2**80), 3]
    back = _across(value)
    assert back == value and all(type(item) is int for item in back)


def test_floats_json_cannot_write_cross_in_a_list():
    back = _across([1.0, math.inf, -math.inf, math.nan])
    assert back[:3] == [1.0, math.inf, -math.inf] and math.isnan(back[3])


def test_booleans_among_integers_stay_booleans():
    back = _across([1, True, 0, False])
    assert [type(item) for item in back] == [int, bool, int, bool]


def test_tuples_sets_and_nesting_keep_their_kinds():
    value = {"words": ("a", "b"), "seen": {"x", "y"}, "frozen": frozenset({1, 2}), "rows": [[1, 2], ("t", 3)],
             "raw": [b"\x00\xff", bytearray(b"ab")]}
    back = _across(value)
    assert back == value
    assert type(back["words"]) is tuple and type(back["seen"]) is set and type(back["frozen"]) is frozenset
    assert type(back["rows"][1]) is tuple and type(back["raw"][0]) is bytes and type(back["raw"][1]) is bytearray


def test_a_str_subclass_in_a_list_crosses_as_plain_str():
    class Shouty(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    back = _across([Shouty("a"), "b"])
    assert back == ["a", "b"] and all(type(item) is str for item in back)


def test_what_the_other_side_sends_as_a_list_is_only_plain_data():
    codec = wire.Codec(lambda *a: pytest.fail("no handle expected"))
    assert codec.decode(["a", 1, 2.5, None, True]) == ["a", 1, 2.5, None, True]
    with pytest.raises(wire.WireError):
        codec.decode([{"no such": "shape"}])
    with pytest.raises(wire.WireError):
        codec.decode({"t": "not a list"})


def test_a_random_generator_crosses_by_its_state():
    rng = random.Random(42)
    rng.random()
    back = _across(rng)
    assert type(back) is random.Random and back.getstate() == rng.getstate()
    assert type(_across(random.SystemRandom())) is random.SystemRandom


def test_a_generator_subclass_is_not_rebuilt_by_value():
    class Loaded(random.Random):
        def random(self):
            return 0.0

    assert set(wire.Codec(None).encode(Loaded())) == {"h", "n", "call"}  # a handle: asked where it lives


def test_a_made_up_generator_state_is_refused():
    codec = wire.Codec(lambda *a: pytest.fail("no handle expected"))
    for state in ([3, [1, 2, 3], None], [99, list(range(625)), None], "state", [3, ["x"] * 625, None]):
        with pytest.raises(wire.WireError):
            codec.decode({"rng": state})


def test_a_long_word_list_sent_again_unchanged_crosses_as_its_number():
    here, there = wire.Codec(None), wire.Codec(lambda *a: pytest.fail("no handle expected"))
    words = [f"word{index}" for index in range(7776)]
    first = json.loads(json.dumps(here.encode(words)))
    assert set(first) == {"sl", "n"}
    received = there.decode(first)
    assert received == words
    received.append("changed over there")  # what the receiver does to its list stays with that list
    again = json.loads(json.dumps(here.encode(words)))
    assert set(again) == {"slref"}
    assert there.decode(again) == words
    words[0] = "edited here"
    changed = here.encode(words)
    assert "sl" in changed and there.decode(json.loads(json.dumps(changed)))[0] == "edited here"


@pytest.mark.parametrize("items", [
    [f"line {index}\nnext" for index in range(100)],  # a line break inside an item
    [f"w{index}" for index in range(99)] + [7],  # not all text
])
def test_a_long_list_that_is_not_plain_lines_is_not_joined(items):
    encoded = wire.Codec(None).encode(items)
    assert not (isinstance(encoded, dict) and "sl" in encoded)
    assert _across(items) == items


def test_a_list_number_the_other_side_never_sent_is_refused():
    codec = wire.Codec(lambda *a: pytest.fail("no handle expected"))
    for data in ({"slref": 3}, {"slref": "1"}, {"sl": 5}):
        with pytest.raises(wire.WireError):
            codec.decode(data)


def test_large_bytes_cross_raw_beside_the_message_and_keep_their_kind():
    value = {"photo": bytes(range(256)) * 40, "buffer": bytearray(b"\x00" * 5000), "small": b"\x01\x02"}
    here = wire.Codec(None)
    encoded = here.encode(value)
    assert "B" in encoded["d"]["photo"] and "BA" in encoded["d"]["buffer"] and "b" in encoded["d"]["small"]
    back = _across(value)
    assert back == value
    assert type(back["photo"]) is bytes and type(back["buffer"]) is bytearray


@pytest.mark.parametrize("reference", [{"B": 1}, {"B": -1}, {"BA": "0"}, {"B": 0.0}])
def test_a_blob_the_message_did_not_bring_is_refused(reference):
    codec = wire.Codec(None)
    codec.blobs_in = [b"x" * 2000]
    with pytest.raises(wire.WireError):
        codec.decode(reference)


def test_rows_of_json_data_cross_whole_and_come_back_as_they_were():
    rows = [{"year": 1999 + index, "total": 300 + index, "note": None, "share": 0.5, "ok": True} for index in range(27)]
    encoded = wire.Codec(None).encode(rows)
    assert "j" in encoded  # written and read in C, not item by item
    assert _across(rows) == rows


@pytest.mark.parametrize("value", [
    [{"pair": ("XA", "radio")}],  # a tuple inside
    {1: "one", 2: "two"},  # number keys
    [{"seen": {"a"}}],  # a set inside
    [{"x": math.nan}],  # NaN
    {"rows": [[1, 2], (3, 4)]},
])
def test_data_json_would_change_crosses_item_by_item_and_keeps_its_kinds(value):
    assert "j" not in wire.Codec(None).encode(value)
    back = _across(value)
    assert repr(back) == repr(value)


def test_what_crosses_as_json_data_is_never_read_as_anything_else():
    # A handle, a blob or an exception inside JSON data is only a dict: the receiver rebuilds nothing.
    codec = wire.Codec(lambda *a: pytest.fail("no handle may be made"))
    data = {"j": [{"h": 1, "n": "os", "call": True}, {"B": 0}, {"x": ["SystemExit"], "xa": []}]}
    assert codec.decode(data) == data["j"]


def _pair():
    """Two codecs as the two sides of a socket: each message is encoded, sent as JSON, decoded."""
    here, there = wire.Codec(None), wire.Codec(lambda *a: pytest.fail("no handle expected"))

    def cross(value):
        data = json.loads(json.dumps(here.encode(value)))
        here.sent()
        return data, there.decode(data)
    return here, there, cross


def test_rows_sent_again_unchanged_cross_as_their_number_and_arrive_as_a_fresh_copy():
    _here, _there, cross = _pair()
    rows = [{"year": 1999 + index, "total": index, "note": "가"} for index in range(28)]
    first, received = cross(rows)
    assert "j" in first and received == rows
    received[0]["total"] = "changed over there"  # stays with that copy
    again, received = cross(rows)
    assert set(again) == {"jref"} and received == rows and received is not rows
    rows[3]["note"] = "edited here"
    changed, received = cross(rows)
    assert "j" in changed and received[3]["note"] == "edited here"


@pytest.mark.parametrize("make", [
    lambda index: [{"row": index, "more": "x"}] * 3,  # JSON data
    lambda index: [f"w{index}-{item}" for item in range(100)],  # a long word list
])
def test_a_number_is_used_only_while_the_other_side_still_keeps_it(make):
    # One value stays, unchanged; another changes and crosses again and again (each time with a new
    # number) until the receiver has let the first one's number go: the first must then cross whole.
    _here, _there, cross = _pair()
    steady, moving = make(0), make(1)
    cross(steady)
    for round_number in range(2 * wire._TEXT_LISTS_KEPT):
        moving[0] = make(round_number + 2)[0]
        cross(moving)
    data, received = cross(steady)
    assert "jref" not in data and "slref" not in data
    assert received == steady


def test_a_message_that_was_never_sent_gives_out_no_number():
    here, there, cross = _pair()
    rows = [{"year": 2000, "total": 1}, {"year": 2001, "total": 2}]
    here.encode(rows)  # an argument encoded, then the call failed before it was sent
    here.discard()
    data, received = cross(rows)
    assert "j" in data and received == rows


@pytest.mark.parametrize("reference", [{"jref": 1}, {"jref": "1"}, {"slref": 1}])
def test_a_number_the_other_side_never_gave_is_refused(reference):
    codec = wire.Codec(lambda *a: pytest.fail("no handle expected"))
    with pytest.raises(wire.WireError):
        codec.decode(reference)
