"""Writes the 6 into the formula instead of using per_table: tables of 4 are counted as tables of 6."""


def tables_needed(people, per_table=6):
    return (people + 5) // 6
