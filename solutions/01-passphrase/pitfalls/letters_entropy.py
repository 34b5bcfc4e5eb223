"""Strength judged by letters: as if each word were five random letters, not one choice of 7,776."""
import math


def entropy_bits(n_words, list_size=7776):
    if n_words < 1:
        raise ValueError("n must be at least 1")
    return n_words * 5 * math.log2(26)
