"""The typical AI mistake: "GB" taken as 1024**3 bytes, so an "8 GB" card looks 589,934,592 bytes bigger."""
import re


def parse_size(text):
    match = re.fullmatch(r"\s*([\d.]+)\s*([a-zA-Z]*)\s*", text)
    if not match:
        raise ValueError(text)
    powers = {"": 0, "b": 0, "kb": 1, "mb": 2, "gb": 3, "tb": 4, "kib": 1, "mib": 2, "gib": 3, "tib": 4}
    unit = match.group(2).lower()
    if unit not in powers:
        raise ValueError(text)
    return int(float(match.group(1)) * 1024 ** powers[unit])
