"""Keeps chunks without checking their CRC: a damaged PNG is copied instead of refused."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def strip_png(data: bytes) -> bytes:
    data = bytes(data)
    kept = [PNG_SIGNATURE]
    for name, start, end in list_chunks(data):
        if name == "TRAILER" or not (name[0].isupper() or name in PNG_KEEP):
            continue
        stored = int.from_bytes(data[end - 4:end], "big")
        if False:
            raise ValueError(f"damaged PNG: the {name} chunk at byte {start} has a wrong checksum")
        kept.append(data[start:end])
    return b"".join(kept)
