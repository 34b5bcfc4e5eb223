"""Hidden tests for grading exercise 03: edge cases a careful reviewer would try."""

import unicodedata

import pytest

from vocabulary import Entry, annotate, find_terms, load_glossary

HEADER = "north,south,english,false_friend,source\n"
JUICE = Entry("단물", "주스", "juice", "NIKL newsletter (2018)")
GLOSSARY = {
    "단물": JUICE,
    "곽밥": Entry("곽밥", "도시락", "lunch box", "NIKL newsletter (2018)"),
    "낙지": Entry("낙지", "오징어", "squid", "kbc card news (2018)", True),
}


def nfd(text):
    return unicodedata.normalize("NFD", text)


# -- task 1 ------------------------------------------------------------------------------------


@pytest.mark.task(1)
def test_windows_line_ends_and_spaces_around_cells():
    """CRLF line ends and spaces around cells give clean entries."""
    glossary = load_glossary("north,south,english,source\r\n 단물 , 주스 ,juice , NIKL newsletter (2018) \r\n")
    assert glossary == {"단물": Entry("단물", "주스", "juice", "NIKL newsletter (2018)", False)}


@pytest.mark.task(1)
@pytest.mark.points(2)
def test_decomposed_glossary_gives_composed_words():
    """A glossary saved in decomposed form (NFD) is found with composed words."""
    glossary = load_glossary(nfd(HEADER + "단물,주스,juice,,NIKL newsletter (2018)\n"))
    assert "단물" in glossary
    assert glossary["단물"].south == "주스"


@pytest.mark.task(1)
def test_a_source_of_only_spaces_is_no_source():
    """A source cell holding only spaces: ValueError."""
    with pytest.raises(ValueError):
        load_glossary(HEADER + "단물,주스,juice,,   \n")


@pytest.mark.task(1)
def test_missing_word_columns_are_an_error():
    """A glossary without a north or a south column: ValueError."""
    with pytest.raises(ValueError):
        load_glossary("word,meaning,source\n단물,주스,A\n")


@pytest.mark.task(1)
def test_empty_text_is_an_error():
    """An empty text has no columns at all: ValueError."""
    with pytest.raises(ValueError):
        load_glossary("")


@pytest.mark.task(1)
def test_header_only_is_an_empty_glossary():
    """A glossary with its column names and no rows is empty."""
    assert load_glossary(HEADER) == {}


@pytest.mark.task(1)
def test_optional_columns_may_be_missing():
    """Without english and false_friend columns, entries still load."""
    glossary = load_glossary("north,south,source\n단물,주스,NIKL newsletter (2018)\n")
    assert glossary["단물"] == Entry("단물", "주스", "", "NIKL newsletter (2018)", False)


@pytest.mark.task(1)
def test_quoted_cells_and_extra_columns():
    """A quoted cell with a comma is one cell; columns the tool does not know are ignored."""
    glossary = load_glossary(
        'north,note,south,source,english\n낙지,"In the South, octopus",오징어,'
        '"kbc, card news (2018)",squid\n'
    )
    assert glossary["낙지"] == Entry("낙지", "오징어", "squid", "kbc, card news (2018)")


# -- task 2 ------------------------------------------------------------------------------------


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_decomposed_text_is_searched():
    """Decomposed (NFD) text is searched like composed text, and words come back composed."""
    assert find_terms(nfd("곽밥과 단물"), GLOSSARY) == ["곽밥", "단물"]


@pytest.mark.task(2)
def test_decomposed_glossary_words():
    """Glossary words written in decomposed form are still found."""
    glossary = {nfd("단물"): Entry(nfd("단물"), "주스", "juice", "A")}
    assert find_terms("단물을 마셨다", glossary) == ["단물"]


@pytest.mark.task(2)
def test_a_word_inside_a_longer_word():
    """A glossary word inside a longer word is found."""
    assert find_terms("사과단물", GLOSSARY) == ["단물"]


@pytest.mark.task(2)
def test_the_earlier_word_wins_an_overlap():
    """When two glossary words overlap, the one that starts first is found."""
    glossary = {"가나": Entry("가나", "x", "", "t"), "나다라": Entry("나다라", "y", "", "t")}
    assert find_terms("가나다라", glossary) == ["가나"]


@pytest.mark.task(2)
def test_glossary_words_with_special_characters():
    """Glossary words with characters that mean something in a regular expression are found as written."""
    glossary = {"C++": Entry("C++", "x", "", "t"), "a.b": Entry("a.b", "y", "", "t")}
    assert find_terms("C++ and a.b but not axb", glossary) == ["C++", "a.b"]


# -- task 3 ------------------------------------------------------------------------------------

@pytest.mark.task(3)
def test_empty_text_and_empty_glossary_annotate_nothing():
    """Empty text stays empty; with an empty glossary the text is unchanged."""
    assert annotate("", GLOSSARY) == ""
    assert annotate("단물을 마셨다", {}) == "단물을 마셨다"


@pytest.mark.task(3)
@pytest.mark.points(2)
def test_decomposed_text_and_glossary():
    """Decomposed text with a decomposed glossary comes back composed and annotated."""
    glossary = load_glossary(nfd(HEADER + "단물,주스,juice,,NIKL newsletter (2018)\n"))
    result = annotate(nfd("단물을 마셨다"), glossary)
    assert result == "단물[주스]을 마셨다"
    assert annotate(nfd(result), glossary) == result


@pytest.mark.task(3)
def test_a_false_friend_twice():
    """A flagged false friend is not flagged again on a second run."""
    once = annotate("낙지를 볶았다", GLOSSARY)
    assert annotate(once, GLOSSARY) == once


@pytest.mark.task(3)
def test_text_in_brackets_is_left_alone():
    """A word inside square brackets is not annotated."""
    assert annotate("[단물] 단물", GLOSSARY) == "[단물] 단물[주스]"


@pytest.mark.task(3)
def test_every_occurrence_and_the_layout_are_kept():
    """Each occurrence is annotated; spaces, line breaks and punctuation stay as they were."""
    text = "단물,  단물!\n\n곽밥?\t단물"
    assert annotate(text, GLOSSARY) == "단물[주스],  단물[주스]!\n\n곽밥[도시락]?\t단물[주스]"


@pytest.mark.task(3)
def test_text_without_glossary_words_is_unchanged():
    """A text without glossary words comes back exactly as it was."""
    text = "오늘은 비가 온다. (Rain today!) [note]"
    assert annotate(text, GLOSSARY) == text
