"""Only the first light range (U+0000–U+10FF) weighs 1: dashes and curly quotes count 2."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def char_weight(ch: str) -> int:
    if len(ch) != 1:
        raise ValueError(f"char_weight() takes exactly one character, not {len(ch)}")
    code = ord(ch)
    for start, end in LIGHT_RANGES[:1]:
        if start <= code <= end:
            return 1
    return 2
