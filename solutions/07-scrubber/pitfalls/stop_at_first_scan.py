"""Walks the segments correctly, but stops at the first SOS and copies the rest as it is: metadata
placed after the image data, and data after the end marker, survive."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def strip_jpeg(data):
    data = bytes(data)
    list_segments(data)  # checks the file
    out = [data[:2]]
    pos = 2
    while True:
        code = data[pos + 1]
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if code == 0xDA:
            out.append(data[pos:])
            return b"".join(out)
        if not (0xE0 <= code <= 0xEF or code == 0xFE) or data[pos + 4:pos + 9] == b"JFIF\x00":
            out.append(data[pos:pos + 2 + length])
        pos += 2 + length
