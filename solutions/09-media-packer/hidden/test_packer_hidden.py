"""Hidden tests for grading exercise 09: edge cases of sizes, cards, fingerprints and manifests.

make_card and WatchedFile come from the visible tests, test_packer.py, which sits next to this file
when it runs.
"""

import hashlib
import io
import os
import unicodedata

import pytest

from packer import Report, list_files, parse_size, plan_pack, sha256_of, verify, write_manifest
from test_packer import GB, WatchedFile, make_card

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


# -- Task 1 ---------------------------------------------------------------------------------------

@pytest.mark.task(1)
@pytest.mark.points(2)
def test_decimals_give_an_exact_number_of_bytes():
    """'2.01 GB' is exactly 2,010,000,000 bytes (no floating-point rounding down)."""
    assert parse_size("2.01 GB") == 2_010_000_000
    assert parse_size("4.02 MB") == 4_020_000
    assert parse_size("1.5 KiB") == 1536


@pytest.mark.task(1)
def test_malformed_sizes_are_errors():
    """A negative size, two units or a unit alone raise ValueError."""
    for bad in ["-8 GB", "8 GB GB", "8 GB 2", "  ", "8..5 GB", "8 gigs"]:
        with pytest.raises(ValueError):
            parse_size(bad)


# -- Task 2 ---------------------------------------------------------------------------------------


@pytest.mark.task(2)
def test_the_fat32_error_names_the_file():
    """The FAT32 error says which file is too big."""
    with pytest.raises(ValueError, match="drama-01.mp4"):
        plan_pack({"ok.mp4": GB, "drama-01.mp4": 4_500_000_000}, 32 * GB)


@pytest.mark.task(2)
def test_nothing_to_pack_needs_no_card():
    """No files: no cards."""
    assert plan_pack({}, 8 * GB) == []


@pytest.mark.task(2)
def test_names_on_a_card_are_in_order_and_input_untouched():
    """Names on each card are in alphabetical order, and the sizes given are not changed."""
    sizes = {"c.mp4": GB, "a.mp4": GB, "b.mp4": GB}
    plan = plan_pack(sizes, 8 * GB)
    assert plan == [["a.mp4", "b.mp4", "c.mp4"]]
    assert sizes == {"c.mp4": GB, "a.mp4": GB, "b.mp4": GB}


@pytest.mark.task(2)
def test_many_small_files():
    """Two thousand small files are planned within capacity."""
    sizes = {f"page-{n:04d}.html": 1_000 + n for n in range(2000)}
    plan = plan_pack(sizes, 200_000)
    assert sorted(name for card in plan for name in card) == sorted(sizes)
    assert all(sum(sizes[name] for name in card) <= 200_000 for card in plan)
    assert len(plan) <= 1 + sum(sizes.values()) * 2 // 200_000


# -- Task 3 ---------------------------------------------------------------------------------------

@pytest.mark.task(3)
def test_empty_stream():
    """Nothing to read gives the fingerprint of no bytes (e3b0c442…b855)."""
    assert sha256_of(io.BytesIO(b"")) == EMPTY_SHA256


@pytest.mark.task(3)
@pytest.mark.points(2)
def test_default_chunks_are_at_most_1_mib():
    """With the default chunk size, 3 MiB are read in pieces of at most 1 MiB."""
    data = os.urandom(3 * 1024 * 1024 + 5)
    stream = WatchedFile(data)
    assert sha256_of(stream) == hashlib.sha256(data).hexdigest()
    assert all(isinstance(size, int) and 0 < size <= 1024 * 1024 for size in stream.asked)


@pytest.mark.task(3)
def test_size_an_exact_multiple_of_the_chunk():
    """Data of exactly two chunks gets the right fingerprint."""
    data = b"x" * 8192
    assert sha256_of(WatchedFile(data), chunk_size=4096) == hashlib.sha256(data).hexdigest()


# -- Task 4 ---------------------------------------------------------------------------------------

@pytest.mark.task(4)
def test_writing_twice_gives_the_same_manifest(tmp_path):
    """Writing the manifest again does not list the manifest itself."""
    make_card(tmp_path, {"a.txt": b"a", "b/c.txt": b"c"})
    assert write_manifest(tmp_path) == write_manifest(tmp_path)
    assert "SHA256SUMS" not in write_manifest(tmp_path)


@pytest.mark.task(4)
def test_only_the_top_manifest_is_left_out(tmp_path):
    """A file named SHA256SUMS inside a sub-folder is an ordinary file and is listed."""
    make_card(tmp_path, {"old/SHA256SUMS": b"old", "SHA256SUMS": b"top"})
    assert list(list_files(tmp_path)) == ["old/SHA256SUMS"]


@pytest.mark.task(4)
def test_empty_card_and_empty_file(tmp_path):
    """An empty folder gives an empty manifest; an empty file has the fingerprint of no bytes."""
    assert write_manifest(tmp_path) == ""
    assert (tmp_path / "SHA256SUMS").read_bytes() == b""
    make_card(tmp_path, {"empty.txt": b""})
    assert write_manifest(tmp_path) == f"{EMPTY_SHA256}  empty.txt\n"


@pytest.mark.task(4)
def test_manifest_uses_newline_line_ends(tmp_path):
    """The manifest file uses '\\n' line ends on every computer and is UTF-8."""
    make_card(tmp_path, {"노래/첫 번째.mp3": b"song", "a.txt": b"a"})
    write_manifest(tmp_path)
    raw = (tmp_path / "SHA256SUMS").read_bytes()
    assert b"\r" not in raw
    assert "노래/첫 번째.mp3".encode("utf-8") in raw


@pytest.mark.task(4)
def test_sorted_by_path_text(tmp_path):
    """Paths are sorted as text: 'B.txt' < 'a-b.txt' < 'a/b.txt' < 'b.txt'."""
    make_card(tmp_path, {"b.txt": b"1", "a/b.txt": b"2", "a-b.txt": b"3", "B.txt": b"4"})
    text = write_manifest(tmp_path)
    assert [line.split("  ", 1)[1] for line in text.splitlines()] == ["B.txt", "a-b.txt", "a/b.txt", "b.txt"]


@pytest.mark.task(4)
def test_deep_folders_and_hidden_files(tmp_path):
    """Files deep in folders, and hidden files, are listed."""
    make_card(tmp_path, {"a/b/c/d.txt": b"d", ".hidden": b"h", "x/.DS_Store": b"mac"})
    assert list(list_files(tmp_path)) == [".hidden", "a/b/c/d.txt", "x/.DS_Store"]


@pytest.mark.task(4)
def test_decomposed_folder_names_are_composed(tmp_path):
    """A decomposed (NFD) folder name is composed (NFC) in the path too."""
    folder = unicodedata.normalize("NFD", "영화 모음")
    make_card(tmp_path, {f"{folder}/첫 번째.mp4": b"film"})
    assert list(list_files(tmp_path)) == [unicodedata.normalize("NFC", "영화 모음/첫 번째.mp4")]


@pytest.mark.task(4)
def test_fingerprints_match_the_files(tmp_path):
    """Each line's fingerprint is the SHA-256 of that file's bytes."""
    files = {"films/river.mp4": os.urandom(1024 * 1024 + 17), "b.txt": b"b"}
    make_card(tmp_path, files)
    for line in write_manifest(tmp_path).splitlines():
        digest, path = line.split("  ", 1)
        assert digest == hashlib.sha256(files[path]).hexdigest()


# -- Task 5 ---------------------------------------------------------------------------------------

def packed(tmp_path):
    make_card(tmp_path, {"films/river.mp4": bytes(range(256)) * 8192, "books/reader.txt": b"book",
                         "music/노래.mp3": b"song"})
    return write_manifest(tmp_path)


@pytest.mark.task(5)
@pytest.mark.points(2)
def test_a_flipped_byte_deep_in_a_big_file(tmp_path):
    """One flipped byte in the middle of a 2 MiB file is found."""
    manifest = packed(tmp_path)
    data = bytearray((tmp_path / "films/river.mp4").read_bytes())
    data[len(data) // 2 + 3] ^= 0x01
    (tmp_path / "films/river.mp4").write_bytes(data)
    assert verify(tmp_path, manifest) == Report(["films/river.mp4"], [], [])


@pytest.mark.task(5)
def test_a_truncated_file_is_changed(tmp_path):
    """A file cut short (a copy that stopped half-way) is changed, not missing."""
    manifest = packed(tmp_path)
    (tmp_path / "films/river.mp4").write_bytes(b"")
    assert verify(tmp_path, manifest) == Report(["films/river.mp4"], [], [])


@pytest.mark.task(5)
@pytest.mark.points(2)
def test_decomposed_names_on_the_card_match_the_manifest(tmp_path):
    """A card whose file names are stored decomposed (NFD) matches a composed (NFC) manifest."""
    manifest = f"{hashlib.sha256(b'song').hexdigest()}  음악/노래.mp3\n"
    make_card(tmp_path, {unicodedata.normalize("NFD", "음악/노래.mp3"): b"song"})
    assert verify(tmp_path, manifest).ok


@pytest.mark.task(5)
def test_decomposed_names_in_the_manifest(tmp_path):
    """A manifest whose paths are decomposed (NFD) matches composed names on the card."""
    manifest = unicodedata.normalize("NFD", f"{hashlib.sha256(b'song').hexdigest()}  음악/노래.mp3\n")
    make_card(tmp_path, {"음악/노래.mp3": b"song"})
    assert verify(tmp_path, manifest).ok


@pytest.mark.task(5)
@pytest.mark.points(2)
def test_hidden_files_a_computer_added_are_extra(tmp_path):
    """Hidden files added by a computer (.DS_Store, ._river.mp4) are reported as extra, sorted."""
    manifest = packed(tmp_path)
    make_card(tmp_path, {"films/._river.mp4": b"apple double", ".DS_Store": b"mac"})
    assert verify(tmp_path, manifest) == Report([], [], [".DS_Store", "films/._river.mp4"])


@pytest.mark.task(5)
def test_the_manifest_on_the_card_is_not_extra(tmp_path):
    """The SHA256SUMS file written on the card is not reported as extra."""
    manifest = packed(tmp_path)
    assert (tmp_path / "SHA256SUMS").exists()
    assert verify(tmp_path, manifest) == Report([], [], [])


@pytest.mark.task(5)
def test_empty_card_everything_missing(tmp_path):
    """Checked against an empty folder, every file in the manifest is missing, in order."""
    manifest = packed(tmp_path / "original")
    (tmp_path / "empty").mkdir()
    report = verify(tmp_path / "empty", manifest)
    assert report == Report([], ["books/reader.txt", "films/river.mp4", "music/노래.mp3"], [])


@pytest.mark.task(5)
def test_empty_manifest_everything_extra(tmp_path):
    """Against an empty manifest, every file on the card is extra."""
    make_card(tmp_path, {"b.txt": b"b", "a.txt": b"a"})
    assert verify(tmp_path, "") == Report([], [], ["a.txt", "b.txt"])


@pytest.mark.task(5)
def test_many_problems_at_once(tmp_path):
    """Changed, missing and extra files are all reported together, each list sorted."""
    manifest = packed(tmp_path)
    make_card(tmp_path, {"music/노래.mp3": b"other song", "books/reader.txt": b"b00k", "zz.txt": b"z",
                         "aa.txt": b"a"})
    (tmp_path / "films/river.mp4").unlink()
    assert verify(tmp_path, manifest) == Report(["books/reader.txt", "music/노래.mp3"], ["films/river.mp4"],
                                                ["aa.txt", "zz.txt"])
