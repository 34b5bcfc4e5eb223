"""Only JSON Lines are read: an API page or a JSON list (spread over several lines) breaks."""
import json


def read_measurements(text):
    measurements = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                measurements.append(json.loads(line))
            except json.JSONDecodeError:
                raise ValueError(f"line {number} is not JSON") from None
    return measurements
