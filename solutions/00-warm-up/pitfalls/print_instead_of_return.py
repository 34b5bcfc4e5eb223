"""Shows the number of tables with print instead of returning it: the caller gets None."""


def tables_needed(people, per_table=6):
    print((people + per_table - 1) // per_table)
