"""Removes only the text chunks (tEXt, iTXt, zTXt): the eXIf chunk, which holds the GPS position,
and tIME survive. Also recomputes no checksum and checks none."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def strip_png(data):
    data = bytes(data)
    out = [data[:8]]
    for name, start, end in list_chunks(data):
        if name not in ("tEXt", "iTXt", "zTXt", "TRAILER"):
            out.append(data[start:end])
    return b"".join(out)
