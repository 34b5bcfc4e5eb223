"""`rng or random.Random()`: without rng the words come from Python's random module, not from secrets."""
import random


def make_passphrase(words, n=6, sep="-", rng=None):
    words = list(words)
    if n < 1 or not words or len(set(words)) != len(words):
        raise ValueError("bad arguments")
    source = rng or random.Random()
    return sep.join(source.choice(words) for _ in range(n))
