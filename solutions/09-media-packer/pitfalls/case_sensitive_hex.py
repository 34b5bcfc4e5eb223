"""Compares fingerprints as written: a manifest in upper-case hexadecimal marks every file changed."""
# ruff: noqa: F821  (appended to the solution notebook, whose names it uses)


def verify(root: str | os.PathLike, manifest: str) -> Report:
    line_pattern = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")
    expected: dict[str, str] = {}
    for number, line in enumerate(manifest.lstrip("\ufeff").split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        match = line_pattern.fullmatch(line)
        if not match:
            raise ValueError(f"manifest line {number} is not '<sha256>  <path>': {line!r}")
        raw_path = unicodedata.normalize("NFC", match.group(2))
        parts = raw_path.split("/")
        if raw_path.startswith("/") or re.match(r"[A-Za-z]:", raw_path) or ".." in parts:
            raise ValueError(f"manifest line {number} leads outside the card: {raw_path!r}")
        path = "/".join(part for part in parts if part not in ("", "."))
        if not path:
            raise ValueError(f"manifest line {number} has no file name")
        if path in expected:
            raise ValueError(f"manifest line {number} lists {path!r} a second time")
        expected[path] = match.group(1)
    present = list_files(root)
    changed = []
    for path, fingerprint in expected.items():
        if path in present:
            with present[path].open("rb") as stream:
                if sha256_of(stream) != fingerprint:
                    changed.append(path)
    missing = [path for path in expected if path not in present]
    extra = [path for path in present if path not in expected]
    return Report(sorted(changed), sorted(missing), sorted(extra))
