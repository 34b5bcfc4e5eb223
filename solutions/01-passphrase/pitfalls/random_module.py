"""The typical AI mistake: random.choice instead of secrets. Predictable once its state is known."""
import random


def make_passphrase(words, n=6, sep="-", rng=None):
    if n < 1:
        raise ValueError("n must be at least 1")
    words = list(words)
    if not words or len(set(words)) != len(words):
        raise ValueError("bad word list")
    source = rng if rng is not None else random
    return sep.join(source.choice(words) for _ in range(n))
