"""The e-mail pattern every tutorial shows, [A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}: an
address in Korean or Chinese letters, or with a quoted name, is not found, or only its ASCII tail."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)

_solution_patterns = default_patterns


def default_patterns():
    patterns = _solution_patterns()
    patterns["EMAIL"] = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
    return patterns
