"""Keeps JFIF's APP0 whole, with the thumbnail it may carry."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def strip_jpeg(data: bytes) -> bytes:
    data = bytes(data)
    kept = []
    for name, start, end in list_segments(data):
        payload = data[start + 4:end]
        if name == "APP0" and payload.startswith(b"JFIF\x00") and len(payload) >= 12:
            kept.append(data[start:end])
        elif name == "APP14" and payload.startswith(b"Adobe") and len(payload) >= 12:
            kept.append(b"\xff\xee" + struct.pack(">H", 14) + payload[:12])
        elif name.startswith("APP") or name in ("COM", "TRAILER"):
            continue
        else:
            kept.append(data[start:end])
    return b"".join(kept)
