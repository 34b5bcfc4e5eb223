"""Paths are not Unicode-normalised: a Korean name stored decomposed by a Mac does not match."""
import os
from pathlib import Path


def list_files(root):
    root = Path(root)
    found = {}
    for folder, _subfolders, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            key = path.relative_to(root).as_posix()
            if key != MANIFEST_NAME:
                found[key] = path
    return dict(sorted(found.items()))
