"""The typical AI mistake: a "remembered" figure from early news reports (2,927 in 2009) instead of the data."""


def peak_year(rows):
    if not rows:
        raise ValueError("there are no rows")
    return 2009, 2927
