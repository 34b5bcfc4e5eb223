"""Tests you can read: what the vocabulary annotator must do.

Each test names its task with @pytest.mark.task(N). Run them with `workshop check 03`.
The glossaries in the tests of tasks 2 and 3 are built directly from Entry, so that those tasks
can be checked even before load_glossary works. 가나, 가나다 and 라마 are made-up words.
"""

import unicodedata

import pytest

from vocabulary import Entry, annotate, find_terms, load_glossary

SOURCE = "see glossary.csv"
GLOSSARY = {
    "단물": Entry("단물", "주스", "juice", SOURCE),
    "곽밥": Entry("곽밥", "도시락", "lunch box", SOURCE),
    "손전화": Entry("손전화", "휴대 전화", "mobile phone", SOURCE),
    "낙지": Entry("낙지", "오징어", "squid", "kbc card news (2018)", false_friend=True),
}
MADE_UP = {
    "가나": Entry("가나", "바사", "made-up", "test"),
    "가나다": Entry("가나다", "라마", "made-up", "test"),
}


@pytest.mark.task(1)
def test_reads_rows_into_entries():
    """Each row becomes an Entry, found by its northern word."""
    glossary = load_glossary("north,south,english,source\n단물,주스,juice,NIKL newsletter (2018)\n")
    assert glossary == {"단물": Entry("단물", "주스", "juice", "NIKL newsletter (2018)", False)}


@pytest.mark.task(1)
def test_false_friend_column():
    """A row marked false_friend=yes is a false friend; an empty cell is not."""
    glossary = load_glossary(
        "north,south,english,false_friend,source\n"
        "단물,주스,juice,,NIKL newsletter (2018)\n"
        "낙지,오징어,squid,yes,kbc card news (2018)\n"
    )
    assert glossary["낙지"].false_friend is True
    assert glossary["단물"].false_friend is False


@pytest.mark.task(1)
def test_a_row_without_a_source_is_rejected():
    """A pair nobody can trace cannot be checked: a row with an empty source is a ValueError."""
    with pytest.raises(ValueError):
        load_glossary("north,south,english,source\n단물,주스,juice,NIKL newsletter (2018)\n곽밥,도시락,lunch box,\n")


@pytest.mark.task(1)
def test_a_glossary_without_a_source_column_is_rejected():
    """A glossary with no source column at all is a ValueError."""
    with pytest.raises(ValueError):
        load_glossary("north,south,english\n단물,주스,juice\n")


@pytest.mark.task(1)
def test_the_glossary_file_of_the_exercise():
    """glossary.csv has the seven entries of the exercise, every one with a source that gives a link."""
    with open("glossary.csv", encoding="utf-8") as handle:
        glossary = load_glossary(handle.read())
    pairs = {north: entry.south for north, entry in glossary.items()}
    assert pairs == {"단물": "주스", "물크림": "로션", "곽밥": "도시락", "살결물": "스킨",
                     "가락지빵": "도넛", "손전화": "휴대 전화", "낙지": "오징어"}
    assert all("http" in entry.source for entry in glossary.values())
    assert [north for north, entry in glossary.items() if entry.false_friend] == ["낙지"]


@pytest.mark.task(2)
def test_finds_a_word_before_a_particle():
    """단물 is found in 단물을, where a particle is glued to it."""
    assert find_terms("단물을 마셨다", GLOSSARY) == ["단물"]


@pytest.mark.task(2)
def test_finds_every_occurrence_in_order():
    """Words come in the order of the text, once for each time they appear."""
    assert find_terms("곽밥과 단물, 그리고 또 단물", GLOSSARY) == ["곽밥", "단물", "단물"]


@pytest.mark.task(2)
def test_the_longest_word_wins():
    """Where a short and a long glossary word start at the same place, the long one is found."""
    assert find_terms("가나다", MADE_UP) == ["가나다"]
    assert find_terms("가나라", MADE_UP) == ["가나"]


@pytest.mark.task(2)
def test_text_without_glossary_words():
    """A text without glossary words gives an empty list."""
    assert find_terms("오늘은 비가 온다", GLOSSARY) == []


@pytest.mark.task(3)
def test_annotates_a_word_before_a_particle():
    """'단물을 마셨다' becomes '단물[주스]을 마셨다'."""
    assert annotate("단물을 마셨다", GLOSSARY) == "단물[주스]을 마셨다"


@pytest.mark.task(3)
def test_annotates_every_word():
    """Every glossary word of the text gets its note; the rest stays as it was."""
    assert annotate("곽밥과 단물을 사서, 손전화로 알렸다.", GLOSSARY) == (
        "곽밥[도시락]과 단물[주스]을 사서, 손전화[휴대 전화]로 알렸다.")


@pytest.mark.task(3)
def test_a_false_friend_is_flagged():
    """낙지 (squid in the North, octopus in the South) gets a note with a warning mark."""
    assert annotate("낙지를 볶았다", GLOSSARY) == "낙지[!오징어]를 볶았다"


@pytest.mark.task(3)
def test_annotating_twice_changes_nothing():
    """Running annotate on its own result gives the same text."""
    once = annotate("낙지와 단물, 곽밥, 손전화", GLOSSARY)
    assert annotate(once, GLOSSARY) == once


@pytest.mark.task(3)
def test_the_longest_word_is_annotated():
    """A long glossary word is annotated as itself, not as the short word inside it."""
    assert annotate("가나다", MADE_UP) == "가나다[라마]"


@pytest.mark.task(3)
def test_only_glossary_words_are_annotated():
    """Words that are not in the glossary given are left alone."""
    only_juice = {"단물": GLOSSARY["단물"]}
    assert annotate("손전화로 알렸다", only_juice) == "손전화로 알렸다"
    assert annotate("손전화로 알렸다", {}) == "손전화로 알렸다"


@pytest.mark.task(3)
def test_decomposed_text_is_annotated():
    """Korean in decomposed form (NFD) is annotated like composed text."""
    assert annotate(unicodedata.normalize("NFD", "단물을 마셨다"), GLOSSARY) == "단물[주스]을 마셨다"


HEADER = "north,south,english,false_friend,source\n"


def nfd(text):
    return unicodedata.normalize("NFD", text)


@pytest.mark.task(1)
def test_a_repeated_northern_word_is_an_error():
    """The same northern word twice, even in two Unicode forms: ValueError."""
    with pytest.raises(ValueError):
        load_glossary(HEADER + "단물,주스,juice,,A\n단물,음료,drink,,B\n")
    with pytest.raises(ValueError):
        load_glossary(HEADER + "단물,주스,juice,,A\n" + nfd("단물") + ",주스,juice,,B\n")


@pytest.mark.task(1)
def test_ways_of_saying_yes():
    """The false_friend column is read whatever the case of its yes."""
    rows = "".join(f"word{i},w,x,{flag},S\n" for i, flag in enumerate(["Yes", "TRUE", "y", "1", "no", "0", ""]))
    glossary = load_glossary(HEADER + rows)
    assert [glossary[f"word{i}"].false_friend for i in range(7)] == [True] * 4 + [False] * 3


@pytest.mark.task(1)
def test_a_row_without_its_words_is_an_error():
    """A row without a northern or without a southern word: ValueError."""
    with pytest.raises(ValueError):
        load_glossary(HEADER + ",주스,juice,,NIKL newsletter (2018)\n")
    with pytest.raises(ValueError):
        load_glossary(HEADER + "단물,,juice,,NIKL newsletter (2018)\n")


@pytest.mark.task(1)
def test_blank_rows_are_skipped():
    """Blank lines and rows of empty cells are skipped."""
    glossary = load_glossary(HEADER + "\n단물,주스,juice,,A\n,,,,\n\n곽밥,도시락,lunch box,,B\n")
    assert list(glossary) == ["단물", "곽밥"]


@pytest.mark.task(1)
def test_byte_order_mark():
    """A file saved with a byte-order mark is read like any other."""
    glossary = load_glossary("\ufeff" + HEADER + "단물,주스,juice,,NIKL newsletter (2018)\n")
    assert glossary["단물"].south == "주스"


@pytest.mark.task(2)
def test_empty_text_and_empty_glossary():
    """Empty text, or an empty glossary, finds nothing."""
    assert find_terms("", GLOSSARY) == []
    assert find_terms("단물을 마셨다", {}) == []


@pytest.mark.task(3)
@pytest.mark.points(2)
def test_a_note_holding_a_glossary_word():
    """When a note itself is a glossary word, a second run still changes nothing."""
    glossary = {"가나": Entry("가나", "다라", "", "t"), "다라": Entry("다라", "마바", "", "t")}
    once = annotate("가나 다라", glossary)
    assert once == "가나[다라] 다라[마바]"
    assert annotate(once, glossary) == once
