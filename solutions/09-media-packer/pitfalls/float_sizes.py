"""Decimal units right, but the number read as a float: '2.01 GB' becomes 2,009,999,999 bytes."""
import re


def parse_size(text):
    units = {"": 1, "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
             "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    if not match or match.group(2).lower() not in units:
        raise ValueError(text)
    size = float(match.group(1)) * units[match.group(2).lower()]
    if size != int(size) and size < 1:
        raise ValueError(text)
    return int(size)
