"""Knows international numbers only with + or 00 and Korean and Chinese shapes: a number dialled
from the US (011 82 …) or written the American or British way ((201) 555-0123, 07400 123456)
gets through."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)

_solution_patterns = default_patterns


def default_patterns():
    patterns = _solution_patterns()
    sep = r"\s*[-.\u2010-\u2015\u2212]?\s*"
    phone = "|".join([
        rf"(?:\+|00)(?=(?:[\s().\-]{{0,3}}\d){{8}})\s*\d{{1,3}}(?:\s*\(0\))?(?:{sep}\d{{1,5}}){{2,5}}",
        rf"(?:\(0\d{{1,3}}\)|0\d{{1,3}}){sep}\d{{3,4}}{sep}\d{{4}}",
        rf"1[3-9]\d{sep}\d{{4}}{sep}\d{{4}}",
    ])
    patterns["PHONE"] = re.compile(rf"(?<![\d+])(?:{phone})(?!\d)")
    return patterns
