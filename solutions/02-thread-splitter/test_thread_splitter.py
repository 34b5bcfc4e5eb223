"""Tests you can read: what the thread splitter must do.

Each test names its task with @pytest.mark.task(N). Run them with `workshop check 02`.
"""

import unicodedata
import re

import pytest

from thread_splitter import char_weight, pack_words, split_thread, weighted_length

NUMBER_AT_END = re.compile(r" (\d+)/(\d+)$")


def x_weight(text):
    """X's weight of a text made only of ASCII and Hangul syllables, counted independently."""
    assert all(ord(ch) < 128 or "가" <= ch <= "힣" for ch in text), "only ASCII and Hangul here"
    return sum(2 if "가" <= ch <= "힣" else 1 for ch in text)


def without_numbers(posts):
    """The posts with their ' 3/12' endings taken off."""
    return [NUMBER_AT_END.sub("", post) for post in posts]


STORY = (
    "2014년 유엔 북한인권조사위원회는 북한에서 반인도범죄가 자행되었다고 결론 내렸습니다. "
    "정치범 수용소에 갇힌 사람은 8만에서 12만 명으로 추산됩니다. "
    "In 2014 the UN Commission of Inquiry found crimes against humanity in North Korea. "
    "위원회는 공개 청문회에서 증인과 전문가 80명 이상의 증언을 들었고, 240건이 넘는 비공개 면담을 했습니다. "
    "More than 80 witnesses and experts spoke in public; more than 240 interviews were held in confidence. "
) * 3


@pytest.mark.task(1)
def test_latin_letters_digits_and_punctuation_weigh_one():
    """Latin letters (accented too), digits and ASCII punctuation weigh 1."""
    for ch in "aZé7!? ":
        assert char_weight(ch) == 1, ch


@pytest.mark.task(1)
def test_hangul_weighs_two():
    """A Hangul syllable or letter weighs 2."""
    for ch in "한글ㄱ":
        assert char_weight(ch) == 2, ch


@pytest.mark.task(1)
def test_chinese_japanese_and_emoji_weigh_two():
    """Chinese and Japanese characters and emoji weigh 2."""
    for ch in "中あ🙂":
        assert char_weight(ch) == 2, ch


@pytest.mark.task(1)
def test_dashes_and_curly_quotes_weigh_one():
    """General punctuation in X's light ranges (em dash, curly quotes) weighs 1."""
    for ch in "—“”‘’":
        assert char_weight(ch) == 1, ch


@pytest.mark.task(2)
def test_hello_counts_five():
    """'hello' counts 5."""
    assert weighted_length("hello") == 5


@pytest.mark.task(2)
def test_korean_counts_double():
    """'안녕' counts 4: two syllables of weight 2."""
    assert weighted_length("안녕") == 4
    assert weighted_length("hello 안녕") == 10


@pytest.mark.task(2)
def test_140_hangul_syllables_fit_141_do_not():
    """140 Hangul syllables weigh exactly 280; 141 weigh more than a post holds."""
    assert weighted_length("가" * 140) == 280
    assert weighted_length("가" * 141) > 280


@pytest.mark.task(2)
def test_a_link_counts_23_however_long():
    """A link counts 23, whatever its length."""
    long_link = "https://example.org/reports/2014/commission-of-inquiry/full-text"
    assert weighted_length(long_link) == 23
    assert weighted_length(f"read {long_link} now") == 5 + 23 + 4


@pytest.mark.task(2)
def test_decomposed_korean_weighs_as_composed():
    """Korean typed in decomposed form (NFD) counts as composed: 안녕 weighs 4 either way."""
    assert weighted_length(unicodedata.normalize("NFD", "안녕")) == 4


@pytest.mark.task(3)
def test_fills_posts_greedily():
    """Each post takes the next word while it fits, space included."""
    assert pack_words(["aa", "bb", "cc"], 5) == ["aa bb", "cc"]
    assert pack_words(["aa", "bb", "cc"], 8) == ["aa bb cc"]


@pytest.mark.task(3)
def test_korean_words_are_measured_by_weight():
    """'가나다 라마' weighs 11, so it does not fit in a post of 10."""
    assert pack_words(["가나다", "라마"], 10) == ["가나다", "라마"]
    assert pack_words(["가나다", "라마"], 11) == ["가나다 라마"]


@pytest.mark.task(3)
def test_words_stay_whole_and_in_order():
    """Posts keep every word whole and in order, each post within the budget."""
    words = STORY.split()
    posts = pack_words(words, 60)
    assert " ".join(posts).split() == words
    for post in posts:
        assert x_weight(post) <= 60, post


@pytest.mark.task(3)
def test_a_word_longer_than_a_post_is_cut():
    """Only a word longer than a post is cut, filling each post as far as it goes."""
    assert pack_words(["abcdefghij"], 4) == ["abcd", "efgh", "ij"]


@pytest.mark.task(4)
def test_short_text_is_one_post_without_a_number():
    """A text that fits in one post comes back as that post, with no number."""
    assert split_thread("hello world") == ["hello world"]


@pytest.mark.task(4)
def test_posts_are_numbered():
    """Each post of a thread ends with ' its number/total'."""
    assert split_thread("one two three four five six", limit=15) == [
        "one two 1/3", "three four 2/3", "five six 3/3"]


@pytest.mark.task(4)
def test_every_post_with_its_number_fits():
    """Every post, number included, stays within the limit as X counts it."""
    posts = split_thread(STORY, limit=280)
    assert len(posts) > 1
    for post in posts:
        assert x_weight(post) <= 280, post


@pytest.mark.task(4)
def test_posts_rejoin_to_the_original_words():
    """Without their numbers, the posts give back the words of the text, in order."""
    posts = split_thread(STORY, limit=100)
    assert " ".join(without_numbers(posts)).split() == STORY.split()


@pytest.mark.task(4)
def test_the_number_grows_at_ten_posts():
    """With ten posts or more, ' 10/17' is longer than ' 9/9': every post still fits."""
    posts = split_thread(" ".join(["abc"] * 50), limit=20)
    assert len(posts) >= 10
    assert posts[9].endswith(f" 10/{len(posts)}")
    for post in posts:
        assert len(post) <= 20, post


@pytest.mark.task(4)
def test_141_hangul_syllables_need_two_posts():
    """140 Hangul syllables are one post; 141 become two numbered posts that fit."""
    assert split_thread("가" * 140) == ["가" * 140]
    posts = split_thread("가" * 141)
    assert len(posts) == 2
    assert all(x_weight(post) <= 280 for post in posts)
    assert "".join(without_numbers(posts)) == "가" * 141


@pytest.mark.task(4)
def test_without_numbers_posts_use_the_whole_limit():
    """With number=False there are no numbers, and each post may use the whole limit."""
    posts = split_thread("one two three four five six", limit=15, number=False)
    assert posts == ["one two three", "four five six"]


@pytest.mark.task(4)
def test_decomposed_text_is_split_in_composed_form():
    """split_thread puts decomposed Korean into composed form (NFC) before splitting."""
    text = unicodedata.normalize("NFD", "안녕하세요 북한인권")
    assert split_thread(text) == [unicodedata.normalize("NFC", text)]


@pytest.mark.task(1)
def test_ellipsis_and_bullet_signs():
    """The ellipsis sign and the bullet count the way X counts them."""
    assert char_weight("…") == 2
    assert char_weight("•") == 2


@pytest.mark.task(1)
def test_edges_of_the_punctuation_ranges():
    """Code points at both ends of each punctuation range, and just outside them."""
    assert [char_weight(ch) for ch in "\u2000\u200d\u2010\u201f\u2032\u2037"] == [1] * 6
    assert [char_weight(ch) for ch in "\u200e\u2020\u2038\u1fff"] == [2] * 4


@pytest.mark.task(3)
def test_a_budget_below_one_is_an_error():
    """A budget below 1 raises ValueError, even with no words to pack."""
    for words in (["a"], []):
        with pytest.raises(ValueError):
            pack_words(words, 0)


@pytest.mark.task(3)
def test_the_last_piece_of_a_cut_word_goes_on_like_a_word():
    """After a cut, the next words join the last piece when they fit, and posts fill exactly to the budget."""
    assert pack_words(["abcdefg", "hi", "jk"], 4) == ["abcd", "efg", "hi", "jk"]
    assert pack_words(["abcdef", "g"], 4) == ["abcd", "ef g"]


@pytest.mark.task(4)
def test_ten_posts_or_more_take_room_for_two_digits_not_more():
    """With 10 to 99 posts, the numbers take room 6 (' 10/15'), not more: 30 short words in posts of 12 make 15."""
    posts = split_thread(" ".join(["ab"] * 30), limit=12)
    assert len(posts) == 15
    assert posts[0] == "ab ab 1/15" and posts[-1] == "ab ab 15/15"


@pytest.mark.task(4)
def test_numbers_take_exactly_the_room_they_need():
    """With fewer than 10 posts, ' 1/3' takes 4 characters: the text gets the rest of the limit, to the last character."""
    assert split_thread("aaaaaa bbbbbb cccccc", limit=10) == ["aaaaaa 1/3", "bbbbbb 2/3", "cccccc 3/3"]


@pytest.mark.task(4)
def test_a_limit_that_leaves_no_room_is_an_error():
    """A limit too small for the numbers and one character raises ValueError."""
    with pytest.raises(ValueError):
        split_thread("one two three", limit=4)


def nfd(text):
    return unicodedata.normalize("NFD", text)


@pytest.mark.task(3)
def test_budget_too_small_is_an_error():
    """A budget of 0, or one too small for a Korean syllable: ValueError."""
    with pytest.raises(ValueError):
        pack_words(["a"], 0)
    with pytest.raises(ValueError):
        pack_words(["가"], 1)


@pytest.mark.task(1)
def test_not_one_character_is_an_error():
    """An empty string or two characters: ValueError."""
    for bad in ("", "ab", "한글"):
        with pytest.raises(ValueError):
            char_weight(bad)


@pytest.mark.task(4)
def test_only_spaces_gives_no_posts():
    """Empty text, or only spaces and line breaks: no posts."""
    assert split_thread("") == []
    assert split_thread("  \n\t ") == []


@pytest.mark.task(3)
def test_cut_pieces_rejoin_to_the_word():
    """The pieces of a cut word, put back together, are the word."""
    word = "반인도범죄" * 30
    posts = pack_words(["앞", word, "뒤"], 50)
    assert all(x_weight(post) <= 50 for post in posts)
    assert "".join(posts).replace(" ", "") == "앞" + word + "뒤"


@pytest.mark.task(3)
def test_a_cut_word_keeps_accents_and_joined_emoji_whole():
    """A long word is cut between characters as a reader sees them: an accent stays on its letter, a joined emoji stays whole."""
    accented = "q\u0303" * 6  # q with a tilde: no single code point for it, even after NFC
    posts = pack_words([accented], 4)
    assert "".join(posts) == accented
    assert all(not unicodedata.combining(post[0]) for post in posts)
    family = "\U0001F469\u200d\U0001F469\u200d\U0001F467"  # one emoji made of three joined ones
    posts = pack_words(["ab" + family * 3], 10)  # the emoji weighs 2 + 1 + 2 + 1 + 2 = 8
    assert "".join(posts) == "ab" + family * 3
    assert all(not post.startswith("\u200d") and not post.endswith("\u200d") for post in posts)


@pytest.mark.task(3)
def test_empty_words_are_skipped():
    """Empty strings among the words are no words: posts still join words by a single space."""
    assert pack_words(["a", "", "b", ""], 10) == ["a b"]


@pytest.mark.task(3)
def test_decomposed_word_is_cut_between_syllables():
    """A decomposed Korean word is never cut inside a syllable."""
    posts = pack_words([nfd("가나다라마바")], 5)
    assert "".join(posts) == "가나다라마바"
    assert all(x_weight(post) <= 5 for post in posts)
    assert all(unicodedata.normalize("NFC", post) == post for post in posts)


@pytest.mark.task(3)
def test_a_budget_of_one_holds_one_light_character():
    """A budget of 1 is allowed: each post holds one character of weight 1."""
    assert pack_words(["a", "b"], 1) == ["a", "b"]
    assert pack_words(["abc"], 1) == ["a", "b", "c"]


@pytest.mark.task(4)
def test_the_smallest_limit_with_room_for_text():
    """A limit of 5 leaves 1 character next to ' 1/6': the text is cut into posts of one character."""
    posts = split_thread("abc def", limit=5)
    assert posts == ["a 1/6", "b 2/6", "c 3/6", "d 4/6", "e 5/6", "f 6/6"]
