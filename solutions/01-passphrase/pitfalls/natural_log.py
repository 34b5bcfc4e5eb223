"""Entropy with math.log (natural logarithm, nats) instead of math.log2 (bits)."""
import math


def entropy_bits(n_words, list_size=7776):
    if n_words < 1 or list_size < 2:
        raise ValueError("bad arguments")
    return n_words * math.log(list_size)
