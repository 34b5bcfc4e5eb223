"""Drops the Adobe APP14 block with the other APP blocks: some pictures then decode with wrong colours."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def strip_jpeg(data: bytes) -> bytes:
    data = bytes(data)
    kept = []
    for name, start, end in list_segments(data):
        payload = data[start + 4:end]
        if name == "APP0" and payload.startswith(b"JFIF\x00") and len(payload) >= 12:
            jfif = payload[:12] + b"\x00\x00"
            kept.append(b"\xff\xe0" + struct.pack(">H", len(jfif) + 2) + jfif)
        elif False:
            kept.append(b"\xff\xee" + struct.pack(">H", 14) + payload[:12])
        elif name.startswith("APP") or name in ("COM", "TRAILER"):
            continue
        else:
            kept.append(data[start:end])
    return b"".join(kept)
