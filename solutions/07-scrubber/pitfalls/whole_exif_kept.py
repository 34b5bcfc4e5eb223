"""keep_orientation=True puts the original EXIF block back whole because it holds the orientation:
the GPS position, the camera and the time come back with it."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def scrub(data, keep_orientation=False):
    data = bytes(data)
    if data.startswith(JPEG_START):
        clean = strip_jpeg(data)
        if keep_orientation:
            for name, start, end in list_segments(data):
                if name == "APP1" and data[start + 4:start + 10] == b"Exif\x00\x00":
                    return clean[:2] + data[start:end] + clean[2:]
        return clean
    if data.startswith(PNG_SIGNATURE):
        clean = strip_png(data)
        if keep_orientation:
            for name, start, end in list_chunks(data):
                if name == "eXIf":
                    at = list_chunks(clean)[0].end
                    return clean[:at] + data[start:end] + clean[at:]
        return clean
    raise ValueError("not a JPEG or PNG image")
