"""Hidden tests for grading exercise 04: edge cases a careful reviewer would try.

nfd comes from the visible tests, test_hangul.py, which sits next to this file when it runs.
"""

import unicodedata

import pytest

from hangul import apply_dueum, compose, decompose, romanize_rr
from test_hangul import nfd

# Syllable k takes initial k mod 19, vowel k mod 21 and final k mod 28 (none included): in 84 syllables
# every table entry occurs three to five times, each time in other company, so a wrong table, divisor
# or offset shows. With the first and last syllables of the block, 85 syllables. (All 11,172 would be
# 45,000 calls, every pair of initial and vowel 1,200: in a split check each call crosses a process,
# ~50 µs, and proves no more than these.)
SYLLABLES = sorted({chr(0xAC00 + ((k % 19) * 21 + k % 21) * 28 + k % 28) for k in range(84)}
                   | {chr(0xAC00), chr(0xD7A3)})


def nfc(text):
    return unicodedata.normalize("NFC", text)


# Task 1 · decompose

@pytest.mark.task(1)
def test_first_and_last_syllables_of_the_block():
    """The first and the last syllable of Unicode's Hangul block are taken apart correctly."""
    assert decompose("가") == ("ㄱ", "ㅏ", "")
    assert decompose("힣") == ("ㅎ", "ㅣ", "ㅎ")


@pytest.mark.task(1)
def test_code_points_just_outside_the_block():
    """The characters just before and just after the Hangul syllables are not syllables."""
    for ch in (chr(0xABFF), chr(0xD7A4)):
        with pytest.raises(ValueError):
            decompose(ch)


@pytest.mark.task(1)
def test_decomposed_syllable():
    """A syllable stored as separate letters (NFD) is taken apart like the composed one."""
    assert decompose(nfd("한")) == ("ㅎ", "ㅏ", "ㄴ")
    assert decompose(nfd("닭")) == ("ㄷ", "ㅏ", "ㄺ")


@pytest.mark.task(1)
def test_empty_and_too_long_input():
    """Nothing at all, or two syllables, is not one syllable."""
    for text in ("", "한국", " 한"):
        with pytest.raises(ValueError):
            decompose(text)


@pytest.mark.task(1)
def test_lone_conjoining_letter():
    """A lone letter of the kind decomposed text uses is not a syllable."""
    with pytest.raises(ValueError):
        decompose("\u1112")  # HANGUL CHOSEONG HIEUH


@pytest.mark.task(1)
@pytest.mark.points(2)
def test_every_syllable_gives_letters_from_the_tables():
    """Syllables that use every initial, vowel and final give letters from the tables, all different triples."""
    from hangul import FINALS, INITIALS, VOWELS

    seen = set()
    for syllable in SYLLABLES:
        initial, vowel, final = decompose(syllable)
        assert initial in INITIALS and vowel in VOWELS and final in FINALS
        seen.add((initial, vowel, final))
    assert len(seen) == len(SYLLABLES)


# Task 2 · compose

@pytest.mark.task(2)
@pytest.mark.points(2)
def test_every_syllable_round_trips():
    """Syllables that use every initial, vowel and final come back unchanged from decompose then compose."""
    assert [compose(*decompose(syllable)) for syllable in SYLLABLES] == SYLLABLES


@pytest.mark.task(2)
def test_empty_or_joined_letters_are_not_letters():
    """An empty initial or vowel, or two letters glued together, is an error."""
    for parts in (("", "ㅏ"), ("ㄱ", ""), ("ㄱㄲ", "ㅏ"), ("ㄱ", "ㅗㅏ"), ("ㄱ", "ㅏ", "ㄱㄲ")):
        with pytest.raises(ValueError):
            compose(*parts)


@pytest.mark.task(2)
def test_double_final_cannot_start_a_syllable():
    """A consonant cluster that only ends syllables cannot start one."""
    with pytest.raises(ValueError):
        compose("ㄳ", "ㅏ")


@pytest.mark.task(2)
def test_result_is_one_composed_character():
    """compose returns a single character, already in composed form."""
    result = compose("ㄷ", "ㅏ", "ㄺ")
    assert len(result) == 1 and result == nfc(result)


# Task 3 · apply_dueum

@pytest.mark.task(3)
def test_only_the_first_of_two_changeable_syllables():
    """When both syllables could change, only the first does."""
    assert apply_dueum("로력") == "노력"
    assert apply_dueum("로동") == "노동"


@pytest.mark.task(3)
@pytest.mark.points(2)
def test_rieul_before_i_and_y_vowels():
    """ㄹ at the start, before ㅣ and each kind of y-vowel."""
    cases = {"리용": "이용", "례절": "예절", "류행": "유행", "량심": "양심", "료금": "요금", "렬차": "열차"}
    assert {word: apply_dueum(word) for word in cases} == cases


@pytest.mark.task(3)
def test_rieul_before_other_vowels():
    """ㄹ at the start, before vowels that are not y-vowels."""
    cases = {"래일": "내일", "락원": "낙원", "루각": "누각", "뢰성": "뇌성"}
    assert {word: apply_dueum(word) for word in cases} == cases


@pytest.mark.task(3)
def test_nieun_before_i_and_y_vowels():
    """ㄴ at the start, before ㅣ and y-vowels."""
    cases = {"닉명": "익명", "뉴대": "유대", "년세": "연세", "뇨소": "요소"}
    assert {word: apply_dueum(word) for word in cases} == cases


@pytest.mark.task(3)
def test_nieun_before_other_vowels_stays():
    """ㄴ before other vowels is fine in the South too."""
    for word in ("나라", "노동", "누구", "내일"):
        assert apply_dueum(word) == word


@pytest.mark.task(3)
def test_one_syllable_words():
    """A word of a single syllable, such as a surname, follows the rule too."""
    assert apply_dueum("리") == "이"
    assert apply_dueum("류") == "유"
    assert apply_dueum("림") == "임"


@pytest.mark.task(3)
def test_applying_twice_changes_nothing_more():
    """Respelling an already respelled word changes nothing."""
    for word in ("로동신문", "력사", "녀자", "료리", "리", "량강도", "근로"):
        once = apply_dueum(word)
        assert apply_dueum(once) == once


@pytest.mark.task(3)
def test_exceptions_in_decomposed_form():
    """Exceptions and words match whatever their Unicode form."""
    assert apply_dueum("라디오", exceptions=[nfd("라디오")]) == "라디오"
    assert apply_dueum(nfd("라디오")) == nfc("라디오")


@pytest.mark.task(3)
def test_one_exception_as_a_string():
    """A single exception given as a plain string exempts that word only."""
    assert apply_dueum("라디오", exceptions="라디오") == "라디오"
    assert apply_dueum("락원", exceptions="라디오") == "낙원"


@pytest.mark.task(3)
def test_result_is_composed_even_when_unchanged():
    """The result is in composed form (NFC), even when the rule changed nothing."""
    assert apply_dueum(nfd("근로")) == nfc("근로")
    assert apply_dueum(nfd("노동")) == nfc("노동")


# Task 4 · romanize_rr


@pytest.mark.task(4)
def test_finals_by_sound():
    """Final consonants are written as they sound at the end of a word."""
    cases = {"옷": "ot", "낮": "nat", "밭": "bat", "앞": "ap", "부엌": "bueok", "닭": "dak"}
    assert {word: romanize_rr(word) for word in cases} == cases


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_linking_of_simple_and_double_finals():
    """Finals move before a silent ㅇ, including double finals and doubled consonants."""
    cases = {"닭이": "dalgi", "값이": "gapsi", "있어": "isseo", "밖에": "bakke", "신의주": "sinuiju"}
    assert {word: romanize_rr(word) for word in cases} == cases


@pytest.mark.task(4)
def test_ieung_final_does_not_move():
    """ㅇ as a final stays where it is."""
    assert romanize_rr("강원") == "gangwon"
    assert romanize_rr("청진") == "cheongjin"


@pytest.mark.task(4)
def test_no_linking_across_a_space():
    """Finals do not move into the next word."""
    assert romanize_rr("한국 어") == "hanguk eo"


@pytest.mark.task(4)
def test_double_rieul_inside_a_word():
    """ㄹㄹ inside a word."""
    assert romanize_rr("빨래") == "ppallae"


@pytest.mark.task(4)
def test_empty_and_lower_case_ascii():
    """Empty text gives empty text; Hangul gives lower-case ASCII letters only."""
    assert romanize_rr("") == ""
    result = romanize_rr("함경북도 개성 혜산")
    assert result.isascii() and result == result.lower()
