"""Tests you can read: what the testimony redactor must do.

Each test names its task with @pytest.mark.task(N). Run them with `workshop check 06`.
All names, numbers and addresses are invented.
"""

import re
import unicodedata

import pytest

from redactor import default_patterns, find_names, normalize, redact


def nfd(text):
    """The decomposed form of text, as a Mac often stores Korean."""
    return unicodedata.normalize("NFD", text)


def found(kind, text):
    """What the default pattern of this kind finds in text, as a list of strings."""
    return [match.group() for match in re.compile(default_patterns()[kind]).finditer(text)]


# Task 1 · normalize ---------------------------------------------------------------------------

@pytest.mark.task(1)
def test_decomposed_korean_becomes_composed():
    """Korean stored decomposed (as on a Mac) comes back composed (NFC)."""
    assert normalize(nfd("김철수")) == "김철수"


@pytest.mark.task(1)
def test_full_width_digits_and_letters_become_ordinary():
    """Full-width digits, dashes and letters become ordinary ones."""
    assert normalize("０１０－１２３４－５６７８") == "010-1234-5678"
    assert normalize("Ｐａｒｋ") == "Park"


@pytest.mark.task(1)
def test_zero_width_space_is_removed():
    """An invisible zero-width space inside a name is removed."""
    assert normalize("김\u200b철수") == "김철수"


@pytest.mark.task(1)
def test_ordinary_text_is_unchanged():
    """Ordinary text, letter case and Korean chat letters like ㅋㅋ and ㅠㅠ stay as they are."""
    text = "Park은 2019년에 왔다 ㅋㅋ ㅠㅠ"
    assert normalize(text) == text


# Task 2 · find_names --------------------------------------------------------------------------

@pytest.mark.task(2)
def test_finds_a_name_before_a_korean_particle():
    """김철수는: the name is found although the particle 는 is glued to it."""
    assert find_names("김철수는 강을 건넜다", ["김철수"]) == [(0, 3, 0)]


@pytest.mark.task(2)
def test_does_not_match_inside_a_longer_word():
    """'Park' is a name, 'Parkway' is a street: only the name is found."""
    assert find_names("Park lives on Parkway", ["Park"]) == [(0, 4, 0)]


@pytest.mark.task(2)
def test_ignores_letter_case():
    """PARK, park and Park are the same name."""
    assert find_names("PARK, park", ["Park"]) == [(0, 4, 0), (6, 10, 0)]


@pytest.mark.task(2)
def test_index_says_which_person():
    """Each span carries the position of the person in the list."""
    assert find_names("이영희와 김철수", ["김철수", "이영희"]) == [(0, 3, 1), (5, 8, 0)]


@pytest.mark.task(2)
def test_longest_name_wins():
    """With 김철 and 김철수 listed, 김철수 is one mention of 김철수, not 김철 plus 수."""
    assert find_names("김철수와 김철", ["김철", "김철수"]) == [(0, 3, 1), (5, 7, 0)]


# Task 3 · default_patterns --------------------------------------------------------------------

@pytest.mark.task(3)
def test_has_the_four_kinds():
    """The patterns come as a dict with the kinds PHONE, EMAIL, DATE and ID."""
    assert {"PHONE", "EMAIL", "DATE", "ID"} <= set(default_patterns())


@pytest.mark.task(3)
def test_korean_mobile_number():
    """A Korean mobile number is a PHONE, found whole, even with a particle glued to it."""
    assert found("PHONE", "번호는 010-1234-5678로") == ["010-1234-5678"]


@pytest.mark.task(3)
def test_seoul_number():
    """A Seoul number (area code 02) is a PHONE."""
    assert found("PHONE", "사무실 02-123-4567") == ["02-123-4567"]


@pytest.mark.task(3)
def test_international_number():
    """A number with a country code (+82) is a PHONE, found whole."""
    assert found("PHONE", "call +82 10 0000 1234 now") == ["+82 10 0000 1234"]


@pytest.mark.task(3)
def test_email_address():
    """An e-mail address is an EMAIL."""
    assert found("EMAIL", "write to kim@example.org today") == ["kim@example.org"]


@pytest.mark.task(3)
def test_dates():
    """A date written the international or the Korean way is a DATE."""
    assert found("DATE", "on 2019-03-01") == ["2019-03-01"]
    assert found("DATE", "2019년 3월 1일에") == ["2019년 3월 1일"]


@pytest.mark.task(3)
def test_resident_registration_number():
    """A resident-registration-style number (6 digits, dash, 7 digits) is an ID."""
    assert found("ID", "번호 900101-1234567") == ["900101-1234567"]


@pytest.mark.task(3)
def test_ordinary_numbers_are_left_alone():
    """A year and a count are not sensitive: no pattern matches them."""
    text = "In 2009, 2,914 people arrived."
    assert all(found(kind, text) == [] for kind in default_patterns())


# Task 4 · redact ------------------------------------------------------------------------------

@pytest.mark.task(4)
@pytest.mark.points(2)
def test_name_and_phone_in_korean():
    """김철수는 010-1234-5678로 → [PERSON-1]는 [PHONE-1]로, with the key kept apart."""
    text, key = redact("김철수는 010-1234-5678로", names=["김철수"])
    assert text == "[PERSON-1]는 [PHONE-1]로"
    assert key == {"[PERSON-1]": "김철수", "[PHONE-1]": "010-1234-5678"}


@pytest.mark.task(4)
def test_same_person_same_tag():
    """Each mention of the same person gets the same tag; the next person gets the next number."""
    text, key = redact("김철수와 이영희. 김철수가 먼저 갔다.", names=["김철수", "이영희"])
    assert text == "[PERSON-1]와 [PERSON-2]. [PERSON-1]가 먼저 갔다."
    assert key == {"[PERSON-1]": "김철수", "[PERSON-2]": "이영희"}


@pytest.mark.task(4)
def test_english_text():
    """In English, 'Park' is redacted but 'Parkway' is left alone."""
    text, _key = redact("Ms. Park met Mr. Lee near Parkway station.", names=["Park", "Lee"])
    assert text == "Ms. [PERSON-1] met Mr. [PERSON-2] near Parkway station."


@pytest.mark.task(4)
def test_places_get_place_tags():
    """Listed places become [PLACE-n]."""
    text, key = redact("별빛리에서 왔다", places=["별빛리"])
    assert text == "[PLACE-1]에서 왔다"
    assert key == {"[PLACE-1]": "별빛리"}


@pytest.mark.task(4)
def test_key_is_not_in_the_text():
    """Nothing the key holds appears in the redacted text."""
    text, key = redact("이영희 (kim@example.org, +82 10 0000 1234) 2019-03-01",
                       names=["이영희"])
    assert len(key) == 4
    for secret in key.values():
        assert secret not in text


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_redacting_again_keeps_old_tags_and_numbers_after_them():
    """Redacting a redacted text again leaves its tags alone; new people are numbered after them."""
    first, _key = redact("김철수와 이영희", names=["김철수"])
    assert redact(first, names=["김철수"])[0] == first
    second, key = redact(first, names=["이영희"])
    assert second == "[PERSON-1]와 [PERSON-2]"
    assert key == {"[PERSON-2]": "이영희"}


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


@pytest.mark.task(4)
@pytest.mark.points(3)
def test_a_whole_testimony_leaks_nothing():
    """A long mixed testimony full of awkward spellings: no name, place or number survives."""
    testimony = (
        "저는 " + nfd("김철수") + "입니다. 2019년 3월 1일 새벽, 동생 이\u200b영희와 함께 별빛리를 떠났습니다.\n"
        "브로커 번호는 ０１０－０１２３－４５６７ 이었고, 중국에서는 139 0000 1234, 한국에 와서는\n"
        "+82 (0)10 0000 9876 을 썼습니다. My brother KIM CHUL-SU emailed lee.yh [at] example.org on\n"
        "March 3, 2020; his ID was 900101 - 1234567 and his passport M123A4567. 이영희의 친구 Park은\n"
        "Parkway 근처 별 빛 리 출신이 아니라 별빛리 출신입니다. ㅠㅠ"
    )
    secrets = ["김철수", "이영희", "별빛리", "Kim Chul-su", "KIM CHUL-SU", "0123", "4567", "139", "9876",
               "lee.yh", "example", "900101", "1234567", "M123A4567", "2019", "March 3", "Park은"]
    text, _key = redact(testimony, names=[("김철수", "Kim Chul-su"), "이영희", "Park"], places=["별빛리"])
    assert leaks(text, secrets) == []
    assert "Parkway" in text and "ㅠㅠ" in text
    assert not re.search(r"\d{3}", text)


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_overlapping_names_leave_no_fragment():
    """Two listed names that overlap (김철 and 철수 in 김철수) leave no letter of the name outside."""
    spans = find_names("김철수가", ["김철", "철수"])
    assert len(spans) == 1 and spans[0][:2] == (0, 3)


@pytest.mark.task(4)
def test_same_number_written_two_ways_gets_one_tag():
    """The same phone number written with dashes and with spaces gets one tag."""
    text, _key = redact("010-1234-5678 or 010 1234 5678; 010-0000-1234")
    assert text == "[PHONE-1] or [PHONE-1]; [PHONE-2]"


@pytest.mark.task(2)
def test_a_single_string_is_one_name():
    """A plain string instead of a list is one name, not a list of letters."""
    assert find_names("김철수는 수영을 했다", "김철수") == [(0, 3, 0)]


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_email_with_a_name_in_it_is_redacted_whole():
    """An address that contains a listed name is one [EMAIL-1]: no piece of the address is left."""
    text, _key = redact("write to park.jisu@example.org or jisu.park@example.org", names=["Park"])
    assert text == "write to [EMAIL-1] or [EMAIL-2]"


@pytest.mark.task(4)
def test_entities_glued_together():
    """A name glued to a phone number glued to a place: all three are redacted."""
    text, _key = redact("김철수010-1234-5678별빛리", names=["김철수"], places=["별빛리"])
    assert text == "[PERSON-1][PHONE-1][PLACE-1]"


@pytest.mark.task(1)
def test_every_kind_of_space_becomes_a_plain_space():
    """A no-break space, an ideographic (full-width) space and a thin space become ' '."""
    assert normalize("김철수\u00a0010\u3000Park\u2009Lee") == "김철수 010 Park Lee"


@pytest.mark.task(2)
def test_flexible_spacing_in_romanised_names():
    """'Kim Chul-su' is also found written KIM  CHUL SU, Kim Chulsu, or broken over two lines."""
    for text in ["KIM  CHUL SU", "Kim Chulsu", "Kim\nChul-su", "kim chul‐su"]:
        assert find_names(text, ["Kim Chul-su"]) == [(0, len(text), 0)], text


@pytest.mark.task(1)
def test_every_invisible_character_is_removed():
    """Invisible characters that are not format characters go too: a variation selector, a Hangul
    filler, an invisible tag letter."""
    assert normalize("김\ufe0f철\u3164수\U000e0041") == "김철수"


@pytest.mark.task(2)
def test_other_romanizations_of_a_korean_name():
    """Listed as ('김철수', 'Kim Chul-su'), the person is also found as Chul-su Kim, Gim Cheol-su
    and Ch'ŏl-su KIM; ('이영희', 'Lee Young-hee') also as Ri Young-hee."""
    text = "Chul-su Kim, Gim Cheol-su, Ch'ŏl-su KIM; Ri Young-hee"
    assert find_names(text, [("김철수", "Kim Chul-su"), ("이영희", "Lee Young-hee")]) == [
        (0, 11, 0), (13, 25, 0), (27, 39, 0), (41, 53, 1)]


@pytest.mark.task(2)
def test_no_other_romanizations_without_a_korean_name():
    """Without a Korean name in the list, a Latin name is found only as it is written."""
    assert find_names("Gim Chul-su or Chul-su Kim", ["Kim Chul-su"]) == []


@pytest.mark.task(3)
def test_short_and_numeric_dates():
    """Korean short dates, numeric day and month, month and year, and a day before a month name
    without a year are DATEs."""
    for date in ["21. 3. 7.", "3/7", "3/7/21", "03/2019", "2019. 3.", "7 March", "3. 7."]:
        assert found("DATE", f"그날 {date} 새벽") == [date], date


@pytest.mark.task(3)
def test_numbers_dialled_from_abroad():
    """A number dialled from abroad (00, 001, 011 before the country code) is a PHONE, found whole;
    so are other numbers of nine or more digits in groups."""
    for number in ["001 82 10 0000 1234", "011 82 10-0000-1234", "00 86 139 0000 1234",
                   "(201) 555-0123", "07400 123456"]:
        assert found("PHONE", f"call {number} now") == [number], number


@pytest.mark.task(3)
def test_addresses_in_any_script():
    """An address with Korean or Chinese letters, or with a quoted name, is an EMAIL, found whole."""
    for address in ["김철수@예시.한국", "用户@例子.广告", '"kim chulsu"@example.org']:
        assert found("EMAIL", f"메일 {address} 로") == [address], address


@pytest.mark.task(3)
def test_versions_times_and_amounts_are_left_alone():
    """Version and section numbers, a time range and an amount are not sensitive: no pattern matches."""
    text = "version 2.0.14, section 4.2.10, from 9.30-10.15, +250 won"
    assert all(found(kind, text) == [] for kind in default_patterns())


@pytest.mark.task(1)
def test_format_characters_outside_the_list_are_removed_too():
    """Every format character (category Cf) goes, also those that INVISIBLE does not list, such as
    an Arabic number sign or an interlinear annotation mark."""
    assert normalize("김\u0600철\ufff9수") == "김철수"


@pytest.mark.task(1)
def test_half_width_korean_letters_stay():
    """Half-width Korean letters written alone (U+FFA1 to U+FFDC) stay as they are, like ㅋㅋ."""
    assert normalize("\uffa1\uffc2 \uffdc") == "\uffa1\uffc2 \uffdc"


@pytest.mark.task(2)
def test_vowels_and_apostrophes_of_other_romanizations():
    """Listed as ('김철수', "Kim Ch'ŏl-su"), the person is also found as Kim Cheol-su, Kim Chol-su and
    Kim Chŏl-su; ('이은주', 'Yi Ŭn-ju') as Lee Eun-ju and Ri Un-ju; ('이은주', 'Lee Eun-ju') as Yi Ŭn-ju."""
    text = "Kim Cheol-su, Kim Chol-su, Kim Chŏl-su"
    assert find_names(text, [("김철수", "Kim Ch'ŏl-su")]) == [(0, 12, 0), (14, 25, 0), (27, 38, 0)]
    assert find_names("Lee Eun-ju, Ri Un-ju", [("이은주", "Yi Ŭn-ju")]) == [(0, 10, 0), (12, 20, 0)]
    assert find_names("Yi Ŭn-ju", [("이은주", "Lee Eun-ju")]) == [(0, 8, 0)]


@pytest.mark.task(4)
def test_different_addresses_get_different_tags():
    """Two different e-mail addresses get two tags, even when they differ only by a dot."""
    text, key = redact("kim.cs@example.org, kimcs@example.org", patterns={"EMAIL": default_patterns()["EMAIL"]})
    assert text == "[EMAIL-1], [EMAIL-2]"
    assert key == {"[EMAIL-1]": "kim.cs@example.org", "[EMAIL-2]": "kimcs@example.org"}


@pytest.mark.task(4)
def test_old_tags_stay_whole_and_new_ones_come_after_the_highest():
    """Tags from an earlier pass stay whole even when a pattern matches inside them, and new tags of a
    kind are numbered after the highest one already there, wherever it stands."""
    text, key = redact("[PERSON-3] and [PERSON-1] met 이영희 at 7", names=["이영희"], patterns={"NUMBER": r"\d"})
    assert text == "[PERSON-3] and [PERSON-1] met [PERSON-4] at [NUMBER-1]"
    assert key == {"[PERSON-4]": "이영희", "[NUMBER-1]": "7"}


@pytest.mark.task(2)
def test_edges_only_where_the_name_has_a_letter():
    """A name that ends with a digit may be followed by a letter (park_2019abc), and one that starts
    with a digit may follow a letter (x7park): only a letter at the name's own edge needs a check."""
    assert find_names("park_2019abc x7park", ["park_2019", "7park"]) == [(0, 9, 0), (14, 19, 1)]


@pytest.mark.task(2)
def test_a_surname_alone_gets_no_other_spellings():
    """Listed as ('이영희', 'Lee'), the person is found as Lee, but "I" and "Yi" alone stay."""
    assert find_names("I met Lee and Yi", [("이영희", "Lee")]) == [(6, 9, 0)]


@pytest.mark.task(4)
def test_the_key_gives_the_first_name_listed():
    """Found under another of their names, a person's key still gives the first name listed."""
    assert redact("Kim Chul-su", names=[("김철수", "Kim Chul-su")], patterns={}) == (
        "[PERSON-1]", {"[PERSON-1]": "김철수"})
