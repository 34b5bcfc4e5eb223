"""Exercise 06's reference redactor against formats that well-kept libraries know better than any
hand-made list: phone numbers from Google's libphonenumber metadata (`phonenumbers`), dates from
the Unicode CLDR patterns (Babel), invisible characters from the Unicode Character Database
(`regex`). Test-only dependencies: learners' kernels never need them."""

from __future__ import annotations

import datetime
import re

import pytest

from tests.solutions.solution import solution_module

phonenumbers = pytest.importorskip("phonenumbers")
babel_dates = pytest.importorskip("babel.dates")
regex = pytest.importorskip("regex")

redactor = solution_module("06-redactor", "redactor")

#: Where the people in testimonies live, pass through or call from.
REGIONS = ["KR", "CN", "US", "GB", "JP", "RU", "TH", "VN", "LA", "MN", "DE", "FR"]
#: How numbers are dialled from abroad: from the US and Canada, from Korea (001, 002, 00700),
#: from most of the world (00).
EXIT_CODES = ["011", "001", "002", "00700", "00"]


def digits(text):
    """The digits of text, leaving out the numbers of tags like [PHONE-1]."""
    return re.sub(r"\D", "", redactor.TAG.sub("", text))


def leaks_digits(text, number):
    """True when a run of four or more of the number's digits is still readable in text."""
    left = digits(redactor.redact(text, patterns=None)[0])
    wanted = digits(number)
    return any(wanted[i:i + 4] in left for i in range(len(wanted) - 3))


def example_numbers():
    fmt = phonenumbers.PhoneNumberFormat
    for region in REGIONS:
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            number = phonenumbers.example_number_for_type(region, kind)
            if number is None:
                continue
            international = phonenumbers.format_number(number, fmt.INTERNATIONAL)
            yield region, "international", international
            yield region, "E.164", phonenumbers.format_number(number, fmt.E164)
            yield region, "RFC 3966", phonenumbers.format_number(number, fmt.RFC3966)
            for exit_code in EXIT_CODES:
                yield region, f"dialled with {exit_code}", exit_code + " " + international[1:]
            national = phonenumbers.format_number(number, fmt.NATIONAL)
            if len(digits(national)) >= 9 or region in ("KR", "CN", "JP"):
                yield region, "national", national


@pytest.mark.parametrize(("region", "form", "number"), list(example_numbers()))
def test_phone_numbers_from_libphonenumber_are_redacted(region, form, number):
    """Every example mobile and landline number of these countries, in every format libphonenumber
    writes and dialled from abroad, leaves no four of its digits readable in a Korean sentence."""
    text = f"브로커 번호는 {number}였습니다."
    assert not leaks_digits(text, number), redactor.redact(text)[0]


DATES = [datetime.date(2021, 3, 7), datetime.date(1998, 12, 25), datetime.date(2019, 10, 1)]
LOCALES = ["ko_KR", "en_US", "en_GB", "ja_JP", "zh_Hans_CN", "zh_Hant_TW", "de_DE"]


def formatted_dates():
    for locale in LOCALES:
        for length in ("short", "medium", "long", "full"):
            if locale == "de_DE" and length != "short":
                continue  # German month names are not in the task
            for date in DATES:
                yield locale, length, babel_dates.format_date(date, format=length, locale=locale)


@pytest.mark.parametrize(("locale", "length", "text"), list(formatted_dates()))
def test_dates_in_cldr_patterns_are_redacted(locale, length, text):
    """A date written by the Unicode CLDR pattern of a locale leaves no day, month or year readable."""
    redacted = redactor.redact(f"그날은 {text}이었다.")[0]
    assert digits(redacted) == "", redacted


@pytest.mark.parametrize("locale", ["en_US", "en_GB", "ko_KR"])
def test_day_and_month_without_a_year(locale):
    """CLDR's day-and-month skeletons (MMMd, Md, MMMMd) without a year are redacted too."""
    for skeleton in ("MMMd", "Md", "MMMMd"):
        text = babel_dates.format_skeleton(skeleton, datetime.date(2021, 3, 7), locale=locale)
        redacted = redactor.redact(f"on {text} we left")[0]
        assert digits(redacted) == "", (skeleton, text, redacted)


def test_every_default_ignorable_code_point_is_removed():
    """INVISIBLE is exactly Unicode's Default_Ignorable_Code_Point, as the `regex` module knows it,
    and normalize() removes each of them from inside a name."""
    ignorable = regex.compile(r"\p{Default_Ignorable_Code_Point}")
    listed = re.compile(f"[{redactor.INVISIBLE}]")
    for code in range(0x110000):
        ch = chr(code)
        assert bool(ignorable.fullmatch(ch)) == bool(listed.fullmatch(ch)), hex(code)
        if ignorable.fullmatch(ch):
            assert redactor.normalize(f"김{ch}철수") == "김철수", hex(code)


@pytest.mark.parametrize("text", ["version 2.0.14", "section 4.2.10", "from 9.30-10.15", "+250 won",
                                  "In 2009, 2,914 people arrived.", "3.5 kg", "Python 3.12"])
def test_versions_times_and_amounts_stay(text):
    """Version and section numbers, time ranges and amounts are not redacted."""
    assert redactor.redact(text)[0] == text
