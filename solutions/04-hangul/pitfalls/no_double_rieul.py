"""Writes ㄹ as an initial always as r: 울릉도 becomes ulreungdo instead of ulleungdo."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def romanize_rr(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    letters: list[list[str] | None] = []
    for ch in text:
        try:
            letters.append(list(decompose(ch)))
        except ValueError:
            letters.append(None)
    # Linking: a final before a silent ㅇ becomes the next syllable's initial.
    for current, following in itertools.pairwise(letters):
        if current is None or following is None or following[0] != "ㅇ" or current[2] in ("", "ㅇ"):
            continue
        stays, moves = DOUBLE_FINALS.get(current[2], ("", current[2]))
        if moves == "ㅎ":  # ㅎ is silent before a vowel; the other half (if any) moves instead
            stays, moves = "", stays
        current[2] = stays
        if moves:
            following[0] = moves
    out = []
    previous: list[str] | None = None
    for ch, parts in zip(text, letters):
        if parts is None:
            out.append(ch)
        else:
            initial, vowel, final = parts
            after_l = previous is not None and previous[2] == "ㄹ"
            onset = RR_INITIALS[initial]
            out.append(onset + RR_VOWELS[vowel] + RR_FINALS[final])
        previous = parts
    return "".join(out)
