"""First fit in name order instead of largest first: uses more cards than needed."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def plan_pack(sizes: Mapping[str, int], capacity: int, fs: str = "fat32") -> list[list[str]]:
    system = fs.lower()
    if system not in FILE_SYSTEMS:
        raise ValueError(f"unknown file system {fs!r}: use one of {', '.join(FILE_SYSTEMS)}")
    if capacity <= 0:
        raise ValueError(f"a card's capacity must be more than 0 bytes, not {capacity}")
    for name, size in sizes.items():
        if size < 0:
            raise ValueError(f"{name} has a negative size: {size}")
        if system == "fat32" and size > FAT32_MAX_FILE:
            raise ValueError(f"{name} is {size:,} bytes: FAT32 cannot hold a file over {FAT32_MAX_FILE:,} "
                             "bytes; split it, make it smaller, or use an exFAT card")
        if size > capacity:
            raise ValueError(f"{name} is {size:,} bytes: bigger than a whole card ({capacity:,} bytes)")
    cards: list[list[str]] = []
    free: list[int] = []
    for name in sorted(sizes):
        for number, room in enumerate(free):
            if sizes[name] <= room:
                cards[number].append(name)
                free[number] -= sizes[name]
                break
        else:
            cards.append([name])
            free.append(capacity - sizes[name])
    return [sorted(card) for card in cards]
