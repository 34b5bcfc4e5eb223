"""The reply filter: hints pass, more than a few lines of code are cut, and the learner is told why."""

from __future__ import annotations

import pytest

from workshop.ai.reply import MAX_REPLY_CHARS, filter_reply

PLACEHOLDER = "[code removed by the workshop tutor]"

FULL_SOLUTION_FENCED = """Here is how you could do it:

```python
def load_wordlist(text):
    words = []
    for line in text.splitlines():
        words.append(line.split()[-1])
    return words
```

This works because split() drops the tab."""

INDENTED = """Try this:

    words = []
    for line in text.splitlines():
        words.append(line)
    return words

Then run the tests."""

BARE = """Write it like this:
def load_wordlist(text):
    words = []
    for line in text.splitlines():
        words.append(line.strip())
    return words
That is all you need."""


@pytest.mark.parametrize("text", [FULL_SOLUTION_FENCED, INDENTED, BARE])
def test_more_than_three_lines_of_code_are_cut(text):
    reply = filter_reply(text, max_code_lines=3)
    assert reply.cut and reply.code_lines >= 4
    assert PLACEHOLDER in reply.text
    assert "words.append" not in reply.text and "def load_wordlist" not in reply.text
    assert "you write it" in reply.note
    # The prose around the code stays.
    assert reply.text.splitlines()[0].startswith(("Here is", "Try this", "Write it"))


def test_a_guiding_question_passes_untouched():
    text = "What does `line.split()` give for '11111\\tbaba'? Which part is the word?"
    reply = filter_reply(text)
    assert not reply.cut and reply.text == text and reply.note == ""


def test_a_two_line_snippet_may_stay():
    text = "Print what you get:\n\n```python\nparts = line.split()\nprint(parts)\n```\n\nWhat do you see?"
    reply = filter_reply(text)
    assert not reply.cut and reply.code_lines == 2 and "parts = line.split()" in reply.text


def test_small_blocks_add_up():
    text = "First:\n```\na = 1\nb = 2\n```\nthen:\n```\nc = 3\nd = 4\n```"
    reply = filter_reply(text)
    assert reply.cut and reply.code_lines == 4 and "a = 1" not in reply.text and "c = 3" not in reply.text


def test_prose_that_starts_like_code_is_not_counted():
    text = ("If you split each line, what is the first part?\nFor each line, ask: is it a comment?\n"
            "Return the list only after the loop.\n1. Split the line.\n    Then look at the first part.")
    reply = filter_reply(text)
    assert not reply.cut and reply.code_lines == 0


def test_reasoning_sections_are_dropped_before_counting():
    text = "<think>def f():\n    a = 1\n    b = 2\n    return a + b</think>Ask yourself what isdigit() says."
    reply = filter_reply(text)
    assert reply.text == "Ask yourself what isdigit() says." and not reply.cut


def test_the_limit_is_configurable():
    assert filter_reply("```\nx = 1\ny = 2\n```", max_code_lines=1).cut
    assert not filter_reply("```\nx = 1\ny = 2\n```", max_code_lines=2).cut


def test_very_long_replies_are_shortened():
    reply = filter_reply("word " * 2000)
    assert reply.truncated and len(reply.text) <= MAX_REPLY_CHARS + 2 and "shortened" in reply.note


def test_terminal_control_codes_are_removed():
    reply = filter_reply("\x1b[2J\x1b[31mRed?\x07 Look at\tthe loop.")
    assert reply.text == "[2J[31mRed? Look at\tthe loop." and "\x1b" not in reply.text


# -- what a reply gives away, whatever its length ------------------------------------------------------

TASK = ("load_wordlist",)
OWN = 'def load_wordlist(text):\n    result = []\n    for item in text.split("\\n"):\n        result.append(item)\n    return result\n'


@pytest.mark.parametrize("text", [
    # a whole (wrong) function in three lines: under any line limit, still the answer
    "Try:\n```python\ndef load_wordlist(text):\n    return [l.split()[-1] for l in text.splitlines()]\n```",
    # the same on one bare line
    "def load_wordlist(text): return [l.split()[-1] for l in text.splitlines() if l]",
    # the fix as a single line of inline code
    "Replace your loop with `return [l.split()[-1] for l in text.splitlines()]` and it passes.",
    # a lambda assigned to the task's function
    "Or simply:\n\n    load_wordlist = lambda t: [w for w in t.split()]\n",
    # a two-line loop body that is the fix
    "Do this:\n```\nfor item in text.splitlines():\n    result.append(item.split()[1])\n```",
])
def test_a_complete_function_or_the_fix_is_removed_whatever_its_length(text):
    reply = filter_reply(text, max_code_lines=3, functions=TASK, learner_code=OWN)
    assert reply.cut and reply.gave_away, reply
    assert PLACEHOLDER in reply.text
    assert "split()[" not in reply.text and "lambda" not in reply.text
    assert "does the task for you" in reply.note


def test_quoting_the_learners_own_code_is_not_giving_away():
    text = ("Your line\n\n```python\n    return result\n```\n\nruns after the loop. What is in `result.append(item)` "
            "for a line with a tab?")
    reply = filter_reply(text, functions=TASK, learner_code=OWN)
    assert not reply.cut and reply.text == text


def test_a_pointer_at_a_method_stays():
    text = "What does `item.split()` give for '11111\\tbaba'? Try `print(item.split())` once."
    reply = filter_reply(text, functions=TASK, learner_code=OWN)
    assert not reply.cut and reply.text == text


def test_cut_off_and_left_out_are_said():
    from workshop.ai.reply import FilteredReply

    note = FilteredReply("Look at the", 0, cut_off=True, left_out=("the failing tests' code",)).note
    assert "cut off" in note and "max_tokens" in note and "the failing tests' code" in note


def test_a_function_body_cut_off_mid_block_still_counts():
    text = ("Here:\n```python\ndef load_wordlist(text):\n    words = []\n    for item in text.splitlines():\n"
            "        words.append(item.split()[-1]")  # the reply stopped at max_tokens
    reply = filter_reply(text, max_code_lines=10, functions=TASK, learner_code=OWN)
    assert reply.gave_away and "split()[-1]" not in reply.text
