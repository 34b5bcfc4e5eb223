"""Hidden tests for grading exercise 02: edge cases a careful reviewer would try.

without_numbers comes from the visible tests, test_thread_splitter.py, which sits next to this file
when it runs.
"""

import re
import unicodedata

import pytest

from thread_splitter import char_weight, pack_words, split_thread, weighted_length
from test_thread_splitter import without_numbers

LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
LINK = re.compile(r"https?://\S*[^\s.,:;!?'\")\]}>]", re.IGNORECASE)


def reference_weight(text):
    """X's count, written independently of the learner's code."""
    text = unicodedata.normalize("NFC", text)
    rest, links = LINK.subn("", text)
    return 23 * links + sum(1 if any(a <= ord(ch) <= b for a, b in LIGHT) else 2 for ch in rest)


def nfd(text):
    return unicodedata.normalize("NFD", text)


# -- task 1 ------------------------------------------------------------------------------------

@pytest.mark.task(1)
def test_edge_of_the_first_range():
    """The last code point of the first light range and the first one after it."""
    assert char_weight("\u10ff") == 1
    assert char_weight("\u1100") == 2


@pytest.mark.task(1)
def test_greek_and_cyrillic_are_light():
    """Greek and Cyrillic letters are in the first light range."""
    assert all(char_weight(ch) == 1 for ch in "αβγПривет")


# -- task 2 ------------------------------------------------------------------------------------

@pytest.mark.task(2)
def test_empty_text_counts_nothing():
    """An empty text counts 0."""
    assert weighted_length("") == 0


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_decomposed_korean_counts_like_composed():
    """Korean in decomposed form (NFD) counts the same as composed (NFC)."""
    text = "안녕하세요 북한인권"
    assert weighted_length(nfd(text)) == weighted_length(text) == 19


@pytest.mark.task(2)
def test_decomposed_accent_counts_once():
    """'café' with a separate accent mark counts like 'café' with one letter é."""
    assert weighted_length(nfd("café")) == 4


@pytest.mark.task(2)
def test_a_short_link_still_counts_23():
    """A link shorter than 23 characters still counts 23."""
    assert weighted_length("http://a.co") == 23


@pytest.mark.task(2)
def test_two_links_and_korean():
    """Two links and Korean text around them."""
    text = "보고서: https://example.org/a 그리고 HTTPS://EXAMPLE.ORG/B"
    assert weighted_length(text) == reference_weight(text) == 3 * 2 + 2 + 23 + 1 + 3 * 2 + 1 + 23


@pytest.mark.task(2)
def test_full_stop_after_a_link():
    """A full stop right after a link is a character of its own."""
    assert weighted_length("see https://example.org/report.") == 4 + 23 + 1


@pytest.mark.task(2)
def test_a_bare_scheme_is_not_a_link():
    """'https://' with nothing after it is not a link."""
    assert weighted_length("https://") == 8


@pytest.mark.task(2)
def test_line_breaks_and_tabs_count():
    """Line breaks and tabs count like any light character."""
    assert weighted_length("a\nb\tc") == 5


@pytest.mark.task(2)
def test_mixed_scripts():
    """A mix of scripts, punctuation and an emoji."""
    text = "“자유” — freedom, свобода, 自由 🙂…"
    assert weighted_length(text) == reference_weight(text)


# -- task 3 ------------------------------------------------------------------------------------

@pytest.mark.task(3)
def test_no_words_no_posts():
    """No words give no posts."""
    assert pack_words([], 10) == []


@pytest.mark.task(3)
def test_a_word_exactly_the_budget_fits():
    """A word exactly as heavy as the budget is one post, not cut."""
    assert pack_words(["가나다라마"], 10) == ["가나다라마"]


@pytest.mark.task(3)
def test_korean_word_is_cut_by_weight():
    """A long Korean word is cut into pieces by weight, not by number of letters."""
    assert pack_words(["가나다라마"], 4) == ["가나", "다라", "마"]


@pytest.mark.task(3)
def test_a_long_link_stays_whole():
    """A link longer than the budget in letters, but counting 23, is not cut."""
    link = "https://example.org/" + "x" * 80
    assert pack_words(["see", link], 30) == [f"see {link}"]


# -- task 4 ------------------------------------------------------------------------------------


@pytest.mark.task(4)
def test_exactly_the_limit_is_one_post():
    """A text exactly as heavy as the limit is one post; one character more makes two."""
    exact = "가" * 139 + "ab"
    assert reference_weight(exact) == 280
    assert split_thread(exact) == [exact]
    assert len(split_thread(exact + "c")) == 2


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_nine_posts_then_ten():
    """At the step from nine posts to ten, every post still fits with its number."""
    nine = split_thread(" ".join(["abc"] * 36), limit=20)
    assert len(nine) == 9 and nine[-1].endswith(" 9/9")
    for n_words in (37, 40, 45):
        ten_or_more = split_thread(" ".join(["abc"] * n_words), limit=20)
        assert len(ten_or_more) >= 10
        assert all(len(post) <= 20 for post in nine + ten_or_more)
        assert " ".join(without_numbers(ten_or_more)).split() == ["abc"] * n_words


@pytest.mark.task(4)
def test_a_hundred_posts_and_more():
    """Threads of a hundred posts or more: the numbers are right and every post fits."""
    posts = split_thread(" ".join(["word"] * 400), limit=20)
    total = len(posts)
    assert total >= 100
    for index, post in enumerate(posts, start=1):
        assert post.endswith(f" {index}/{total}")
        assert len(post) <= 20


@pytest.mark.task(4)
def test_decomposed_text_is_split_as_composed():
    """Decomposed Korean is split and counted as composed text."""
    posts = split_thread(nfd("가" * 141))
    assert len(posts) == 2
    assert all(reference_weight(post) <= 280 for post in posts)
    assert "".join(without_numbers(posts)) == "가" * 141


@pytest.mark.task(4)
def test_line_breaks_separate_words():
    """Line breaks and tabs separate words like spaces."""
    assert split_thread("one\ntwo\tthree") == ["one two three"]


@pytest.mark.task(4)
def test_links_are_counted_as_23_when_splitting():
    """Long links let more text into a post, because they count 23."""
    link = "https://example.org/" + "x" * 200
    text = f"read {link} and {link}"
    assert split_thread(text) == [text]


@pytest.mark.task(4)
def test_posts_are_not_ended_early():
    """A post is not ended while the next word would still have fitted."""
    words = ("북한 인권 증언 기록 보호 " * 30).split()
    posts = split_thread(" ".join(words), limit=50, number=False)
    for post, following in zip(posts, posts[1:]):
        assert reference_weight(post) <= 50
        assert reference_weight(post + " " + following.split()[0]) > 50


@pytest.mark.task(4)
def test_mixed_text_every_post_fits():
    """A long mixed text with links: every numbered post fits and the words come back."""
    text = ("자유 freedom “말” — https://example.org/coi 증언… свобода 🙂 " * 40).strip()
    posts = split_thread(text, limit=120)
    assert all(reference_weight(post) <= 120 for post in posts)
    assert " ".join(without_numbers(posts)).split() == text.split()


@pytest.mark.task(4)
def test_limit_too_small_is_an_error():
    """A limit with no room for text next to the numbers: ValueError."""
    with pytest.raises(ValueError):
        split_thread("one two three four", limit=4)
