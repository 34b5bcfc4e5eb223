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
