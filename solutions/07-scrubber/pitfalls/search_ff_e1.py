"""The typical AI mistake: search the whole file for the metadata markers (FF E1, FF ED, FF FE)
and cut out the length found there. Those bytes also occur inside other segments' data (a
quantisation table, a thumbnail), and cutting there corrupts the picture."""


def strip_jpeg(data):
    data = bytes(data)
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG")
    if b"\xff\xd9" not in data:
        raise ValueError("truncated JPEG")
    for marker in (b"\xff\xe1", b"\xff\xed", b"\xff\xfe"):
        while True:
            at = data.find(marker)
            if at < 0:
                break
            length = int.from_bytes(data[at + 2:at + 4], "big")
            data = data[:at] + data[at + 2 + length:]
    return data
