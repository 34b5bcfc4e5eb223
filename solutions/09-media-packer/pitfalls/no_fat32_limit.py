"""Only the card's capacity is checked: a 4.5 GB film is planned onto a FAT32 card that cannot hold it."""


def plan_pack(sizes, capacity, fs="fat32"):
    if capacity <= 0:
        raise ValueError("capacity")
    cards, free = [], []
    for name in sorted(sizes, key=lambda item: -sizes[item]):
        if sizes[name] > capacity:
            raise ValueError(f"{name} is bigger than a card")
        for number, room in enumerate(free):
            if sizes[name] <= room:
                cards[number].append(name)
                free[number] -= sizes[name]
                break
        else:
            cards.append([name])
            free.append(capacity - sizes[name])
    return [sorted(card) for card in cards]
