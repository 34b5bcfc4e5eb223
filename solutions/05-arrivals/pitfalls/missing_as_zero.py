"""An unknown number of women treated as zero: years without a split report a share of 0%."""


def female_share(row):
    female = row.get("female") or 0
    total = row.get("total")
    if not total:
        return None
    if female > total:
        raise ValueError("more women than arrivals")
    return female / total * 100
