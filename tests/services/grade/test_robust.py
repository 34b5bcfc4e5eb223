"""The grader itself holds against hostile hand-ins (issue 14 §4): huge zips, huge notebooks, FIFOs,
spreadsheet formulas in names. Each test attacks the grader with real files and a real grading run
beside an honest learner, who must still pass."""

from __future__ import annotations

import csv
import io
import json
import os
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.conftest import REPO, make_notebook, solution_code, write_notebook
from workshop.services.grade import submissions
from workshop.services.grade.grader import GradeOptions, gradable_exercises, grade
from workshop.core.notebook import MAX_NOTEBOOK_BYTES, NotebookError
from workshop.core.workspace import Workspace

NB = "passphrase.ipynb"
MB = 1024 * 1024


def _solved() -> bytes:
    return json.dumps(make_notebook([("markdown", "# mine"), solution_code(REPO, "01-passphrase")])).encode()


def _zip_of_copies(path: Path, members: list[tuple[str, bytes | int]]) -> None:
    """A zip whose members are given bytes, or N zero bytes deflated once and reused for every member
    (so a test can make 300 members of 21 MB in a moment; each is a real, valid deflate stream)."""
    streams: dict[int, tuple[bytes, int]] = {}
    local, central, offset = io.BytesIO(), io.BytesIO(), 0
    for name, body in members:
        if isinstance(body, int):
            if body not in streams:
                packer = zlib.compressobj(9, zlib.DEFLATED, -15)
                chunk, crc, packed = b" " * MB, 0, []
                for _ in range(body // MB):
                    packed.append(packer.compress(chunk))
                    crc = zlib.crc32(chunk, crc)
                packed.append(packer.flush())
                streams[body] = (b"".join(packed), crc)
            data, crc = streams[body]
            size, method = body, 8
        else:
            data, crc, size, method = body, zlib.crc32(body), len(body), 0
        raw = name.encode()
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size, len(raw), 0)
        local.write(header + raw + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data), size,
                                  len(raw), 0, 0, 0, 0, 0, offset) + raw)
        offset += len(header) + len(raw) + len(data)
    directory = central.getvalue()
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0)
    path.write_bytes(local.getvalue() + directory + end)


@pytest.mark.slow
def test_a_zip_of_hundreds_of_huge_members_costs_seconds_and_the_named_notebook_is_still_graded(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    # 300 members of 21 MB (over the notebook limit) and 300 of 19 MB (under it, so reading them is
    # allowed), none named like an exercise: matching by content would decompress 10 GB for each exercise.
    junk = [(f"junk/big-{n:03}.ipynb", 21 * MB) for n in range(300)]
    junk += [(f"junk/notes-{n:03}.ipynb", 19 * MB) for n in range(300)]
    _zip_of_copies(subs / "mallory.zip", junk + [(f"work/{NB}", _solved())])
    write_notebook(subs / "honest" / NB, [solution_code(REPO, "01-passphrase")])
    with zipfile.ZipFile(subs / "mallory.zip") as archive:  # the hand-made zip is a valid one
        assert archive.getinfo("junk/notes-000.ipynb").file_size == 19 * MB
        assert archive.open("junk/notes-000.ipynb").read(10) == b" " * 10

    started = time.perf_counter()
    learners, _ignored = submissions.discover(subs)
    exercises = [graded.exercise for graded in gradable_exercises(Workspace(REPO))[0]]
    for learner in learners:
        submissions.match(learner, exercises)
        learner.close()
    matching = time.perf_counter() - started
    assert matching < 15, f"matching took {matching:.1f} s"

    book = grade(Workspace(REPO), subs, tmp_path / "out", GradeOptions(exercises=["01"], jobs=2))
    assert book.entry("mallory", "01-passphrase").status == "passed"
    assert book.entry("honest", "01-passphrase").status == "passed"


def test_a_learners_reads_have_one_budget_and_a_failed_read_is_not_repeated(tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_LEARNER_BYTES", 3 * MB)
    subs = tmp_path / "subs"
    folder = subs / "kim"
    for n in range(5):
        (folder / f"n{n}.ipynb").parent.mkdir(parents=True, exist_ok=True)
        (folder / f"n{n}.ipynb").write_bytes(b"{" + b" " * MB + b"}")
    learners, _ = submissions.discover(subs)
    entry = learners[0].candidates[0].entry
    entry.left = submissions.MAX_LEARNER_BYTES
    read = 0
    for candidate in learners[0].candidates:
        try:
            read += len(candidate.read())
        except NotebookError as error:
            assert "in all" in str(error)
    assert read <= 3 * MB
    spent = entry.left
    for candidate in learners[0].candidates:  # asked again: the refusal is remembered, nothing is read
        try:
            candidate.read()
        except NotebookError:
            pass
    assert entry.left == spent


def _peak_rss_of_grading(subs: Path, out: Path) -> tuple[float, dict]:
    script = textwrap.dedent(f"""
        import json, resource, sys
        from pathlib import Path
        from workshop.services.grade.grader import GradeOptions, gradable_exercises, grade
        from workshop.core.workspace import Workspace
        book = grade(Workspace(Path({str(REPO)!r})), Path({str(subs)!r}), Path({str(out)!r}),
                     GradeOptions(exercises=["01"], jobs=2))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if sys.platform == "darwin":
            peak //= 1024
        try:  # Linux keeps ru_maxrss across exec: a big parent (pytest, late in a run) would count here.
            hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")]
            peak = int(hwm[0].split()[1])  # this process's own peak, in kB
        except (OSError, IndexError, ValueError):
            pass
        print(json.dumps({{"peak_mb": peak / 1024, "entries": {{f"{{k[0]}}": [v.status, v.reason]
                                                          for k, v in book.entries.items()}}}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return data["peak_mb"], data["entries"]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="peak memory is read with the resource module (POSIX)")
def test_huge_notebooks_cannot_blow_the_graders_memory(tmp_path):
    subs = tmp_path / "subs"
    size = 18 * MB
    bombs = {
        # 18 MB of code: compiling it in the grader took it to 7.3 GB before the limit on code.
        "code-list": "x = [" + "1," * (size // 2) + "]\n",
        "code-lines": "x = 1\n" * (size // 7),
    }
    for learner, code in bombs.items():
        write_notebook(subs / learner / NB, [code])
    # 18 MB of tiny JSON items: ~0.3 GB as Python objects, for nothing.
    cells = [{"cell_type": "raw", "metadata": {}, "source": ""}] * (size // 52)
    (subs / "json-items").mkdir()
    (subs / "json-items" / NB).write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                                      "nbformat_minor": 5}))
    write_notebook(subs / "honest" / NB, [solution_code(REPO, "01-passphrase")])
    for path in subs.glob(f"*/{NB}"):
        assert 16 * MB < path.stat().st_size < MAX_NOTEBOOK_BYTES or path.parent.name == "honest"

    peak, entries = _peak_rss_of_grading(subs, tmp_path / "out")
    assert entries["honest"][0] == "passed"
    for learner in ("code-list", "code-lines", "json-items"):
        status, reason = entries[learner]
        assert status == "invalid-notebook", (learner, status, reason)
        assert "KB of code" in reason or "too many pieces" in reason
    assert peak < 400, f"the grader's peak memory was {peak:.0f} MB"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_like_a_notebook_is_refused_not_waited_on(tmp_path):
    subs = tmp_path / "subs"
    (subs / "mallory" / "01-passphrase").mkdir(parents=True)
    os.mkfifo(subs / "mallory" / NB)
    os.mkfifo(subs / "mallory" / "01-passphrase" / "work.ipynb")
    write_notebook(subs / "honest" / NB, [solution_code(REPO, "01-passphrase")])
    script = textwrap.dedent(f"""
        import json
        from pathlib import Path
        from workshop.services.grade.grader import GradeOptions, gradable_exercises, grade
        from workshop.core.workspace import Workspace
        book = grade(Workspace(Path({str(REPO)!r})), Path({str(subs)!r}), Path({str(tmp_path / 'out')!r}),
                     GradeOptions(exercises=["01"], jobs=1))
        print(json.dumps({{"mallory": book.entry("mallory", "01-passphrase").status,
                          "honest": book.entry("honest", "01-passphrase").status,
                          "notes": book.notes.get("mallory", [])}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["honest"] == "passed" and result["mallory"] == "missing"
    assert any("not a regular file" in note for note in result["notes"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_notebook_swapped_for_a_fifo_after_the_scan_is_refused_at_once(tmp_path):
    folder = tmp_path / "subs" / "kim"
    write_notebook(folder / NB, ["x = 1"])
    learners, _ = submissions.discover(tmp_path / "subs")
    (folder / NB).unlink()
    os.mkfifo(folder / NB)  # nobody ever writes to it: an open() without O_NONBLOCK would wait forever
    started = time.perf_counter()
    with pytest.raises(NotebookError, match="not a regular file"):
        learners[0].candidates[0].read()
    assert time.perf_counter() - started < 2


FORMULAS = ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=2", "\r=3", "kim;=HYPERLINK(\"http://x\")",
            "lee\t=cmd|' /C calc'!A0", "park,=2+2", "choi|=3", "han; +4", "oh;\"=5", "yu\n=6", "ko =7"]


def test_csv_cells_are_never_formulas_whatever_the_separator(tmp_path):
    subs = tmp_path / "subs"
    for name in FORMULAS:
        safe = name.replace("/", "_").replace("\n", "_").replace("\r", "_").replace("\t", "_").replace("|", "_")
        (subs / safe).mkdir(parents=True, exist_ok=True)
    # Names a file system refuses reach the gradebook through zips and collect; test the writer on them too.
    from workshop.services.grade.gradebook import Entry, ExerciseInfo, Gradebook
    from workshop.services.grade.outputs import gradebook_csv

    book = Gradebook([ExerciseInfo("01-passphrase", 1, "Passphrase", 10)], FORMULAS + ["박서연"])
    for name in book.learners:
        book.entries[(name, "01-passphrase")] = Entry(name, "01-passphrase", "missing")
    text = gradebook_csv(book).lstrip("\ufeff")
    for separator in (",", ";", "\t", "|"):
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            for cell in row:
                start = cell.lstrip(" \"")
                assert start[:1] not in tuple("=+-@\t\r"), (separator, cell)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(FORMULAS) + 1  # no name split a row
    assert rows[-1]["learner"] == "박서연" and rows[0]["learner"] == "'=1+1"

    graded = grade(Workspace(REPO), subs, tmp_path / "out", GradeOptions(exercises=["01"], jobs=1))
    written = (tmp_path / "out" / "gradebook.csv").read_text(encoding="utf-8-sig")
    for separator in (",", ";", "\t", "|"):
        for row in csv.reader(io.StringIO(written, newline=""), delimiter=separator):
            for cell in row:
                assert cell.lstrip(" \"")[:1] not in tuple("=+-@"), (separator, cell)
    assert len(graded.learners) == len(list(subs.iterdir()))
