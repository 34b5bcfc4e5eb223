"""Plans with the files' sizes in bytes and ignores the cluster size: a card with 4 KiB clusters gets more than it can hold."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def plan_pack(sizes, capacity, fs="fat32", cluster=1):
    system = fs.lower()
    if system not in FILE_SYSTEMS:
        raise ValueError(f"unknown file system {fs!r}")
    if capacity <= 0 or cluster < 1:
        raise ValueError("capacity and cluster must be positive")
    for name, size in sizes.items():
        if size < 0 or (system == "fat32" and size > FAT32_MAX_FILE) or size > capacity:
            raise ValueError(f"{name} cannot go on a card")
    cards, free = [], []
    for name in sorted(sizes, key=lambda item: (-sizes[item], item)):
        for number, room in enumerate(free):
            if sizes[name] <= room:
                cards[number].append(name)
                free[number] -= sizes[name]
                break
        else:
            cards.append([name])
            free.append(capacity - sizes[name])
    return [sorted(card) for card in cards]
