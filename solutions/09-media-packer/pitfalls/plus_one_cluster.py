"""Rounds up with (size // cluster + 1) * cluster: an empty file, or one of exactly one cluster, takes a cluster too many."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def plan_pack(sizes, capacity, fs="fat32", cluster=1):
    system = fs.lower()
    if system not in FILE_SYSTEMS:
        raise ValueError(f"unknown file system {fs!r}")
    if capacity <= 0 or cluster < 1:
        raise ValueError("capacity and cluster must be positive")
    taken = {name: (size // cluster + 1) * cluster if cluster > 1 else size for name, size in sizes.items()}
    for name, size in sizes.items():
        if size < 0 or (system == "fat32" and size > FAT32_MAX_FILE) or taken[name] > capacity:
            raise ValueError(f"{name} cannot go on a card")
    cards, free = [], []
    for name in sorted(sizes, key=lambda item: (-taken[item], item)):
        for number, room in enumerate(free):
            if taken[name] <= room:
                cards[number].append(name)
                free[number] -= taken[name]
                break
        else:
            cards.append([name])
            free.append(capacity - taken[name])
    return [sorted(card) for card in cards]
