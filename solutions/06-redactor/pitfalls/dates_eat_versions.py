"""A date pattern of any one or two digits, a dot or slash, and more digits, with no check that a
day and a month are possible: version and section numbers (4.2.10) and time ranges (9.30-10.15)
become dates, and a document loses its references."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)

_solution_patterns = default_patterns


def default_patterns():
    patterns = _solution_patterns()
    loose = r"(?<!\d)\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?(?!\d)"
    patterns["DATE"] = re.compile(f"{loose}|{patterns['DATE'].pattern}", re.IGNORECASE)
    return patterns
