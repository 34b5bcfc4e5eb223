"""Letters checked with `in` on strings: "" and glued letters like "ㄱㄲ" pass as valid and build a wrong syllable."""

INITIAL_LETTERS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWEL_LETTERS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINAL_LETTERS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


def compose(initial, vowel, final=""):
    if initial not in INITIAL_LETTERS or vowel not in VOWEL_LETTERS or final not in FINAL_LETTERS:
        raise ValueError("not a valid letter")
    f = FINAL_LETTERS.find(final) + 1 if final else 0
    return chr(0xAC00 + (INITIAL_LETTERS.find(initial) * 21 + VOWEL_LETTERS.find(vowel)) * 28 + f)
