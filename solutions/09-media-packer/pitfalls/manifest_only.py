"""verify walks the manifest only: files on the card that are not in it go unnoticed, and
manifest paths are trusted, even '../' ones that lead outside the card."""
import unicodedata
from pathlib import Path


def verify(root, manifest):
    changed, missing = [], []
    for line in manifest.splitlines():
        if not line.strip():
            continue
        digest, path = line.split("  ", 1)
        path = unicodedata.normalize("NFC", path)
        target = Path(root) / path
        if not target.is_file():
            missing.append(path)
            continue
        with target.open("rb") as stream:
            if sha256_of(stream) != digest.lower():
                changed.append(path)
    return Report(sorted(changed), sorted(missing), [])
