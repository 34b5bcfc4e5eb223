"""Rounds to the nearest whole table: 13 people (2.17 tables) get 2 tables and one person stands."""


def tables_needed(people, per_table=6):
    return round(people / per_table)
