"""Tests you can read: what the Hangul toolkit must do.

Each test names its task with @pytest.mark.task(N). Run them with `workshop check 04`.
"""

import unicodedata

import pytest

from hangul import apply_dueum, compose, decompose, romanize_rr


def nfd(text):
    """The same text, decomposed into separate letters (as some PDFs and Mac file names store it)."""
    return unicodedata.normalize("NFD", text)


@pytest.mark.task(1)
def test_syllable_with_a_final():
    """한 is ㅎ + ㅏ + ㄴ."""
    assert decompose("한") == ("ㅎ", "ㅏ", "ㄴ")


@pytest.mark.task(1)
def test_syllable_without_a_final():
    """A syllable with no final consonant has "" as its final."""
    assert decompose("가") == ("ㄱ", "ㅏ", "")
    assert decompose("로") == ("ㄹ", "ㅗ", "")


@pytest.mark.task(1)
def test_compound_vowel_and_double_final():
    """Compound vowels (ㅙ) and double finals (ㄺ) are one letter each."""
    assert decompose("왜") == ("ㅇ", "ㅙ", "")
    assert decompose("닭") == ("ㄷ", "ㅏ", "ㄺ")


@pytest.mark.task(1)
def test_not_a_syllable_is_an_error():
    """A Latin letter or a lone consonant is not a syllable: ValueError."""
    with pytest.raises(ValueError):
        decompose("a")
    with pytest.raises(ValueError):
        decompose("ㄱ")


@pytest.mark.task(2)
def test_compose_a_syllable():
    """ㅎ + ㅏ + ㄴ make 한; without a final, ㄱ + ㅏ make 가."""
    assert compose("ㅎ", "ㅏ", "ㄴ") == "한"
    assert compose("ㄱ", "ㅏ") == "가"


@pytest.mark.task(2)
def test_compose_undoes_decompose():
    """Taking a syllable apart and putting it back gives the same syllable."""
    for syllable in "로동신문평양닭왜":
        assert compose(*decompose(syllable)) == syllable


@pytest.mark.task(2)
def test_letters_in_the_wrong_place_are_an_error():
    """A vowel where a consonant belongs, or ㄸ as a final: ValueError."""
    with pytest.raises(ValueError):
        compose("ㅏ", "ㄱ")
    with pytest.raises(ValueError):
        compose("ㄱ", "ㅏ", "ㄸ")


@pytest.mark.task(2)
def test_empty_or_joined_letters_are_an_error():
    """An empty initial or vowel, or two letters glued together, is not a letter: ValueError."""
    for parts in (("", "ㅏ"), ("ㄱ", ""), ("ㄱㄲ", "ㅏ"), ("ㄱ", "ㅏ", "ㄱㄲ")):
        with pytest.raises(ValueError):
            compose(*parts)


@pytest.mark.task(3)
def test_rodong_sinmun():
    """The North's 로동신문 is written 노동신문 in the South (ㄹ before ㅗ becomes ㄴ)."""
    assert apply_dueum("로동신문") == "노동신문"


@pytest.mark.task(3)
def test_rieul_before_y_vowel():
    """력사 becomes 역사: ㄹ before a "y" vowel becomes ㅇ, and the final ㄱ stays."""
    assert apply_dueum("력사") == "역사"


@pytest.mark.task(3)
def test_nieun_before_y_vowel():
    """녀자 becomes 여자: ㄴ before a "y" vowel becomes ㅇ."""
    assert apply_dueum("녀자") == "여자"


@pytest.mark.task(3)
def test_only_the_first_syllable_changes():
    """근로 stays 근로, and 료리 becomes 요리, not 요이: the rule is for the start of a word."""
    assert apply_dueum("근로") == "근로"
    assert apply_dueum("료리") == "요리"


@pytest.mark.task(3)
def test_a_compound_keeps_its_second_part_as_written():
    """The stated limit: 남존녀비 and 신녀성 come back unchanged; the part 녀비 alone becomes 여비."""
    assert apply_dueum("남존녀비") == "남존녀비"
    assert apply_dueum("신녀성") == "신녀성"
    assert apply_dueum("녀비") == "여비"


@pytest.mark.task(3)
def test_names_are_matched_by_their_keys():
    """For matching, the Northern 리철수 and the Southern 이철수 give the same key, 이철수."""
    assert apply_dueum("리철수") == apply_dueum("이철수") == "이철수"


@pytest.mark.task(3)
def test_exceptions_keep_their_first_sound():
    """Loanwords in the exceptions are not respelled; your own list replaces the default one."""
    assert apply_dueum("라디오") == "라디오"
    assert apply_dueum("라디오", exceptions=["뉴스"]) == "나디오"
    assert apply_dueum("래일", exceptions=["래일"]) == "래일"


@pytest.mark.task(3)
def test_decomposed_input_is_normalised():
    """A word stored decomposed (NFD) gives the same, composed answer."""
    assert apply_dueum(nfd("로동신문")) == "노동신문"


@pytest.mark.task(3)
def test_rieul_before_other_vowels_becomes_nieun():
    """ㄹ at the start before a vowel that is not ㅣ or a y-vowel becomes ㄴ: 래일 → 내일, 락원 → 낙원."""
    assert apply_dueum("래일") == "내일"
    assert apply_dueum("락원") == "낙원"
    assert apply_dueum("루각") == "누각"


@pytest.mark.task(3)
def test_one_exception_given_as_a_string():
    """exceptions may be one word as a string: only words starting with that word keep their sound."""
    assert apply_dueum("로봇공학", exceptions="로봇") == "로봇공학"
    assert apply_dueum("로동", exceptions="로봇") == "노동"


@pytest.mark.task(4)
def test_romanize_place_names():
    """평양, 서울 and 부산 in Revised Romanization, lower case."""
    assert romanize_rr("평양") == "pyeongyang"
    assert romanize_rr("서울") == "seoul"
    assert romanize_rr("부산") == "busan"


@pytest.mark.task(4)
def test_final_consonant_as_it_sounds():
    """A final ㄱ before another consonant is written k: 백두산 is baekdusan."""
    assert romanize_rr("백두산") == "baekdusan"


@pytest.mark.task(4)
def test_final_moves_before_a_silent_ieung():
    """한국어 is hangugeo: the ㄱ of 국 is pronounced at the start of 어."""
    assert romanize_rr("한국어") == "hangugeo"


@pytest.mark.task(4)
def test_double_rieul_is_ll():
    """울릉도 is ulleungdo: ㄹ after a final ㄹ is written l, not r."""
    assert romanize_rr("울릉도") == "ulleungdo"


@pytest.mark.task(4)
def test_other_characters_are_kept():
    """Spaces, digits and Latin letters pass through unchanged."""
    assert romanize_rr("서울 2025") == "seoul 2025"


@pytest.mark.task(4)
def test_silent_hieut():
    """ㅎ before a silent ㅇ is not pronounced."""
    cases = {"좋아": "joa", "싫어": "sireo", "않아": "ana"}
    assert {word: romanize_rr(word) for word in cases} == cases


@pytest.mark.task(3)
def test_already_southern_words_do_not_change():
    """Words already spelled the Southern way come back unchanged."""
    for word in ("노동신문", "역사", "여자", "이", "근로", "평양"):
        assert apply_dueum(word) == word


@pytest.mark.task(4)
def test_decomposed_input_romanizes():
    """Decomposed (NFD) text is romanized like composed text."""
    assert romanize_rr(nfd("한국어")) == romanize_rr("한국어")
    assert romanize_rr(nfd("평양")) == "pyeongyang"


@pytest.mark.task(3)
def test_empty_and_non_hangul_words():
    """An empty word, or one that does not start with Hangul, is returned as it is."""
    assert apply_dueum("") == ""
    assert apply_dueum("TV") == "TV"
    assert apply_dueum("2025년") == "2025년"


@pytest.mark.task(3)
def test_exception_followed_by_a_particle():
    """A loanword with a particle after it is still exempt."""
    assert apply_dueum("라디오를") == "라디오를"
    assert apply_dueum("뉴스가") == "뉴스가"
