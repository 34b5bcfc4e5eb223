"""Hidden tests for grading exercise 06: the input a careless copy-paste or a hostile reader brings.

Recall first: most tests check that nothing sensitive survives, in any form. All data is invented.
nfd comes from the visible tests, test_redactor.py, which sits next to this file when it runs.
"""

import re
import unicodedata

import pytest

from redactor import default_patterns, find_names, normalize, redact
from test_redactor import nfd


def covered(text, secret):
    """True when every character of secret, where it stands in text, is inside a pattern match."""
    start = text.index(secret)
    inside = set()
    for regex in default_patterns().values():
        for match in re.compile(regex).finditer(text):
            inside.update(range(match.start(), match.end()))
    return set(range(start, start + len(secret))) <= inside


def kinds_found(text):
    return {kind for kind, regex in default_patterns().items() if re.compile(regex).search(text)}


def leaks(redacted, secrets):
    """The secrets (or their digits) still readable in a redacted text, whatever their form."""
    plain = unicodedata.normalize("NFKC", redacted).casefold()
    plain = re.sub(r"[\s\u200b-\u200d\u2060\ufeff]", "", plain)
    found = []
    for secret in secrets:
        needle = re.sub(r"\s", "", unicodedata.normalize("NFKC", secret).casefold())
        if needle in plain:
            found.append(secret)
    return found


# Task 1 · normalize ---------------------------------------------------------------------------

@pytest.mark.task(1)
@pytest.mark.points(2)
def test_korean_chat_letters_are_not_glued_into_syllables():
    """Lone Korean letters (ㅋㅠㅠ, ㅎㅎ) survive unchanged: they are not merged into syllables."""
    for text in ["ㅋㅠㅠ", "ㅎㅎ 김철수 ㅜㅜ", "ㄱㅏ"]:
        assert normalize(text) == text


@pytest.mark.task(1)
@pytest.mark.points(2)
def test_all_invisible_characters_are_removed():
    """Zero-width joiners, word joiners, byte-order marks, soft hyphens and direction marks go."""
    text = "\ufeff김\u200c철\u200d수 P\u00adark\u2060 L\u200ee\u200fe\u202a"
    assert normalize(text) == "김철수 Park Lee"


@pytest.mark.task(1)
def test_hangul_fillers_are_removed():
    """Hangul filler letters, which look like nothing, are removed from inside a name."""
    assert normalize("김\u3164철\u1160수") == "김철수"


@pytest.mark.task(1)
def test_styled_letters_become_plain():
    """Bold or italic letters pasted from social media (𝐊𝐢𝐦, 𝘗𝘢𝘳𝘬) become plain letters."""
    assert normalize("𝐊𝐢𝐦 𝘗𝘢𝘳𝘬") == "Kim Park"


@pytest.mark.task(1)
def test_normalising_twice_changes_nothing():
    """Normalising a normalised text changes nothing."""
    text = nfd("김\u200b철수 ０１０ ㅋㅋ Ｐａｒｋ 𝐊𝐢𝐦")
    assert normalize(normalize(text)) == normalize(text)


# Task 2 · find_names --------------------------------------------------------------------------

@pytest.mark.task(2)
@pytest.mark.points(2)
def test_latin_name_before_a_korean_particle():
    """A romanised name with a Korean particle glued to it (Park은, Lee가) is found."""
    assert find_names("Park은 Lee가 왔다고 했다", ["Park", "Lee"]) == [(0, 4, 0), (6, 9, 1)]


@pytest.mark.task(2)
def test_every_korean_particle():
    """The name is found before 은, 는, 이, 가, 의, 에게, 와, 과, 도 and 를 alike."""
    for particle in ["은", "는", "이", "가", "의", "에게", "와", "과", "도", "를"]:
        assert find_names("그때 김철수" + particle, ["김철수"]) == [(3, 6, 0)], particle


@pytest.mark.task(2)
def test_name_at_the_start_and_at_the_end():
    """A name at the very start and at the very end of the text is found."""
    assert find_names("Park met Park", ["Park"]) == [(0, 4, 0), (9, 13, 0)]


@pytest.mark.task(2)
def test_not_inside_other_words_at_either_end():
    """'Park' is not found in Spark, Parkinson or Sparks, but is found in Park's and park_2019."""
    assert find_names("Spark Parkinson Sparks", ["Park"]) == []
    assert find_names("Park's park_2019", ["Park"]) == [(0, 4, 0), (7, 11, 0)]


@pytest.mark.task(2)
def test_name_given_in_another_form():
    """A name given decomposed or in full width finds the ordinary text."""
    assert find_names("김철수와 Park", [nfd("김철수"), "Ｐａｒｋ"]) == [(0, 3, 0), (5, 9, 1)]


@pytest.mark.task(2)
def test_aliases_share_one_index():
    """The names of one person, given as a tuple, all get that person's index."""
    text = "김철수 (Kim Chul-su) and 이영희"
    assert find_names(text, [("김철수", "Kim Chul-su"), "이영희"]) == [(0, 3, 0), (5, 16, 0), (22, 25, 1)]


@pytest.mark.task(2)
def test_korean_name_with_spaces_between_syllables():
    """A Korean name written with spaces between its syllables (김 철수, 김 철 수) is found."""
    assert find_names("김 철수, 김 철 수", ["김철수"]) == [(0, 4, 0), (6, 11, 0)]


@pytest.mark.task(2)
def test_empty_names_are_ignored():
    """Blank names in the list do not match everywhere."""
    assert find_names("abc 김철수", ["", "  ", "김철수"]) == [(4, 7, 2)]


@pytest.mark.task(2)
def test_regex_characters_in_a_name_are_literal():
    """Dots and brackets in a name are taken literally."""
    assert find_names("Dr. Kim, Drx Kim, Lee (Jr.)", ["Dr. Kim", "Lee (Jr.)"]) == [(0, 7, 0), (18, 27, 1)]


@pytest.mark.task(2)
def test_chinese_name_in_chinese_text():
    """A Chinese name followed directly by Chinese text is found."""
    assert find_names("金哲秀说他来了", ["金哲秀"]) == [(0, 3, 0)]


# Task 3 · default_patterns --------------------------------------------------------------------

@pytest.mark.task(3)
@pytest.mark.points(2)
def test_phone_numbers_with_odd_spacing():
    """Korean numbers with spaces around dashes, dots, spaces, long dashes or nothing are found whole."""
    for number in ["010 - 1234 - 5678", "010 1234 5678", "01012345678", "010.1234.5678", "010—1234—5678"]:
        assert covered(f"번호는 {number} 입니다", number), number


@pytest.mark.task(3)
def test_landline_numbers():
    """Landlines with an area code, in brackets or not, are found whole."""
    for number in ["(02) 1234-5678", "031-123-4567", "02 123 4567", "0433-2812345"]:
        assert covered(f"사무실: {number}.", number), number


@pytest.mark.task(3)
@pytest.mark.points(2)
def test_chinese_numbers():
    """Chinese mobile numbers, with or without +86 or 0086, are found whole."""
    for number in ["+86 139 0000 1234", "139 0000 1234", "13900001234", "0086 139 0000 1234", "+86-139-0000-1234"]:
        assert covered(f"中国号码 {number} 联系", number), number


@pytest.mark.task(3)
def test_international_number_variants():
    """+82 numbers with dashes, a (0) or no spaces are found whole, and are phones."""
    for number in ["+82-10-0000-1234", "+82 (0)10 0000 1234", "+821000001234", "+1 555 010 0199"]:
        assert covered(f"call {number}, please", number), number
    assert "PHONE" in kinds_found("+82-10-0000-1234")


@pytest.mark.task(3)
def test_phone_glued_to_korean_words():
    """A number with Korean written right before and after it is found whole."""
    assert covered("번호는010-1234-5678입니다", "010-1234-5678")
    assert covered("전화0086 139 0000 1234로", "0086 139 0000 1234")


@pytest.mark.task(3)
def test_unusual_email_addresses():
    """Addresses with dots, plus signs and subdomains, or written with [at] and (dot), are found whole."""
    for address in ["kim.cs+tips@mail.example.co.kr", "kim [at] example.org", "kim (at) example (dot) org"]:
        assert covered(f"메일: {address} 입니다", address), address
    assert covered("메일은kim@example.org로", "kim@example.org")


@pytest.mark.task(3)
@pytest.mark.points(2)
def test_dates_in_many_forms():
    """Dates in English, Chinese and Korean forms, with dots or slashes, are found whole."""
    for date in ["1 March 2019", "March 1, 2019", "Mar 2019", "2019年3月1日", "3월 1일", "2019. 3. 1.",
                 "01/03/2019", "2019년 3월"]:
        assert covered(f"그날 {date} 밤", date), date


@pytest.mark.task(3)
@pytest.mark.points(2)
def test_identity_numbers_in_many_forms():
    """ID numbers with spaced dashes, without a dash, Chinese ones ending in X, passports, accounts."""
    for number in ["900101 - 1234567", "9001011234567", "99999919000101123X", "M12345678", "M123A4567",
                   "110-234-567890"]:
        assert covered(f"번호: {number} 끝", number), number


@pytest.mark.task(3)
def test_patterns_are_compiled_regexes():
    """Each pattern is a compiled regular expression."""
    assert all(isinstance(regex, re.Pattern) for regex in default_patterns().values())


# Task 4 · redact ------------------------------------------------------------------------------

@pytest.mark.task(4)
@pytest.mark.points(2)
def test_full_width_phone_number_is_redacted():
    """A phone number or an e-mail address typed in full-width characters is redacted."""
    text, _key = redact("번호 ０１０－１２３４－５６７８ 로 연락")
    assert text == "번호 [PHONE-1] 로 연락"
    text, _key = redact("메일 ｋｉｍ＠ｅｘａｍｐｌｅ．ｏｒｇ 로")
    assert text == "메일 [EMAIL-1] 로"


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_name_split_by_invisible_characters_is_redacted():
    """A name with zero-width characters inside it is redacted."""
    text, _key = redact("김\u200b철\u200d수는 왔다", names=["김철수"])
    assert text == "[PERSON-1]는 왔다"


@pytest.mark.task(4)
def test_decomposed_text_is_redacted():
    """A whole testimony stored decomposed (NFD) is redacted like a composed one."""
    text, _key = redact(nfd("김철수는 별빛리에서 왔다"), names=["김철수"], places=["별빛리"])
    assert text == "[PERSON-1]는 [PLACE-1]에서 왔다"


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_mixed_scripts():
    """Korean, English and Chinese in one text: one tag per person under all their names."""
    text, key = redact("Kim Chul-su (김철수, 金哲秀) called +82 10 0000 1234 from 별빛리.",
                       names=[("김철수", "Kim Chul-su", "金哲秀")], places=["별빛리"])
    assert text == "[PERSON-1] ([PERSON-1], [PERSON-1]) called [PHONE-1] from [PLACE-1]."
    assert key == {"[PERSON-1]": "김철수", "[PHONE-1]": "+82 10 0000 1234", "[PLACE-1]": "별빛리"}


@pytest.mark.task(4)
def test_same_person_in_any_case_or_form_gets_one_tag():
    """PARK, park and a decomposed or full-width spelling of a name all get the same tag."""
    text, key = redact("PARK, park, Ｐａｒｋ and " + nfd("김철수") + " and 김철수", names=["Park", "김철수"])
    assert text == "[PERSON-1], [PERSON-1], [PERSON-1] and [PERSON-2] and [PERSON-2]"
    assert set(key) == {"[PERSON-1]", "[PERSON-2]"}


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_overlapping_names_leave_no_fragment_in_the_text():
    """With 김철 and 철수 listed, 김철수 leaves no syllable visible."""
    text, _key = redact("김철수가 왔다", names=["김철", "철수"])
    assert text == "[PERSON-1]가 왔다"


@pytest.mark.task(4)
def test_tags_follow_the_order_in_the_text():
    """Tags are numbered in the order people first appear in the text, not in the list."""
    text, key = redact("이영희 then 김철수", names=["김철수", "이영희"])
    assert text == "[PERSON-1] then [PERSON-2]"
    assert key == {"[PERSON-1]": "이영희", "[PERSON-2]": "김철수"}


@pytest.mark.task(4)
def test_custom_patterns_replace_the_defaults():
    """Patterns given by the caller are used instead of the defaults; {} means names only."""
    text, key = redact("broker-17 at 010-1234-5678", patterns={"BROKER": r"broker-\d+"})
    assert text == "[BROKER-1] at 010-1234-5678"
    assert key == {"[BROKER-1]": "broker-17"}
    assert redact("김철수 010-1234-5678", names=["김철수"], patterns={})[0] == "[PERSON-1] 010-1234-5678"


@pytest.mark.task(4)
def test_nothing_sensitive_nothing_changed():
    """A text with nothing to redact comes back unchanged with an empty key."""
    assert redact("In 2009, 2,914 people arrived.", names=["김철수"]) == ("In 2009, 2,914 people arrived.", {})


@pytest.mark.task(4)
def test_key_and_text_agree():
    """Every tag in the text is in the key, and every tag in the key is in the text."""
    text, key = redact("김철수 010-1234-5678 kim@example.org 2019-03-01 별빛리 김철수",
                       names=["김철수"], places=["별빛리"])
    assert set(re.findall(r"\[[A-Z]+-\d+\]", text)) == set(key)


@pytest.mark.task(4)
def test_names_as_a_plain_string():
    """names='김철수' (a string, not a list) redacts the name, not its letters one by one."""
    text, key = redact("김철수는 수영을 했다", names="김철수")
    assert text == "[PERSON-1]는 수영을 했다"
    assert key == {"[PERSON-1]": "김철수"}


@pytest.mark.task(4)
def test_names_may_come_from_a_generator():
    """Names and places given as a generator (an iterable that runs once) are all found."""
    text, _key = redact("Park met Lee in 별빛리", names=(name for name in ["Park", "Lee"]),
                        places=(place for place in ["별빛리"]), patterns={})
    assert text == "[PERSON-1] met [PERSON-2] in [PLACE-1]"


@pytest.mark.task(4)
def test_a_pattern_that_matches_nothing_adds_no_tag():
    """A caller's pattern that can match an empty string adds no tag where it matches nothing."""
    assert redact("김철수 met 7", names=["김철수"], patterns={"NUMBER": r"\d*"}) == (
        "[PERSON-1] met [NUMBER-1]", {"[PERSON-1]": "김철수", "[NUMBER-1]": "7"})


@pytest.mark.task(2)
def test_a_name_of_separators_finds_nothing():
    """A 'name' made only of a hyphen or dashes has no letters: it finds nothing."""
    assert find_names("Kim - Lee", ["-", "\u2014"]) == []


@pytest.mark.task(2)
def test_other_romanizations_from_cheol():
    """Listed as ('김철수', 'Kim Cheol-su'), the person is also found as Kim Chul-su and Kim Ch'ŏl-su."""
    assert find_names("Kim Chul-su, Kim Ch'ŏl-su", [("김철수", "Kim Cheol-su")]) == [(0, 11, 0), (13, 25, 0)]


@pytest.mark.task(2)
def test_a_given_name_in_two_parts_and_a_rare_surname():
    """A given name written in two parts keeps them (Gim Chul Su), and a surname that SURNAME_SPELLINGS
    does not know still comes after the given name (Chul-su Hwang)."""
    assert find_names("Gim Chul Su", [("김철수", "Kim Chul Su")]) == [(0, 11, 0)]
    assert find_names("Chul-su Hwang", [("황철수", "Hwang Chul-su")]) == [(0, 13, 0)]


@pytest.mark.task(2)
def test_no_other_vowels_without_a_korean_name():
    """Without a Korean name in the list, other vowels are not tried either."""
    assert find_names("Kim Cheol-su", ["Kim Chul-su"]) == []


@pytest.mark.task(2)
def test_latin_letters_of_a_name_are_not_spread_apart():
    """Spaces between syllables are allowed in a Korean name only: 'Pa rk' is not Park."""
    assert find_names("Pa rk and Park", ["Park"]) == [(10, 14, 0)]


@pytest.mark.task(4)
def test_a_tag_numbered_zero_is_kept_and_followed():
    """A tag numbered 0 from an earlier pass stays, and the next tag of its kind is number 1."""
    assert redact("[PERSON-0] met 이영희", names=["이영희"], patterns={}) == (
        "[PERSON-0] met [PERSON-1]", {"[PERSON-1]": "이영희"})
