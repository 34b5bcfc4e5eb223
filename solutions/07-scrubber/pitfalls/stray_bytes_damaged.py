"""Calls every byte that is not FF where a marker should start "damaged": ordinary photos from
photo editors, with a few stray bytes between segments, are refused instead of scrubbed, and the
user shares the unscrubbed original instead."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)

_solution_list_segments = list_segments


def list_segments(data):
    segments = _solution_list_segments(data)
    for segment in segments:
        if segment.name == "STRAY":
            raise ValueError(f"damaged JPEG: expected a marker (FF) at byte {segment.start}")
    return segments
