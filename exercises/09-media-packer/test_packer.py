"""Tests you can read: what the media packer must do.

Each test names its task with @pytest.mark.task(N). Run them with `workshop check 09`.
Tests that need files make a pretend card in `tmp_path`, a fresh temporary folder per test.
"""

import os
import hashlib
import io
import unicodedata

import pytest

from packer import Report, list_files, parse_size, plan_pack, sha256_of, verify, write_manifest

GB = 1000**3


def make_card(root, files):
    """Write files (manifest path -> bytes) under the folder root, making sub-folders as needed."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


class WatchedFile:
    """A pretend file opened for reading bytes, that remembers how much each read asked for."""

    def __init__(self, data):
        self._data = io.BytesIO(data)
        self.asked = []

    def read(self, size=-1):
        self.asked.append(size)
        return self._data.read(size)

    def readinto(self, buffer):
        self.asked.append(len(buffer))
        return self._data.readinto(buffer)

    def readable(self):
        return True


@pytest.mark.task(1)
def test_an_8_gb_card_is_8_000_000_000_bytes():
    """'8 GB' on a package means 8,000,000,000 bytes (powers of 1000)."""
    assert parse_size("8 GB") == 8_000_000_000
    assert parse_size("500 MB") == 500_000_000


@pytest.mark.task(1)
def test_binary_units_count_in_1024s():
    """'4 GiB' means 4 × 1024³ = 4,294,967,296 bytes."""
    assert parse_size("4 GiB") == 4_294_967_296


@pytest.mark.task(1)
def test_any_case_with_or_without_a_space():
    """'8GB', '8 gb' and '1.5 kb' are read too."""
    assert parse_size("8GB") == parse_size("8 gb") == 8_000_000_000
    assert parse_size("1.5 kb") == 1500


@pytest.mark.task(1)
def test_not_a_size_is_an_error():
    """Text that is not a size raises ValueError."""
    for bad in ["", "GB", "eight GB", "8 XB"]:
        with pytest.raises(ValueError):
            parse_size(bad)


@pytest.mark.task(1)
def test_decimal_sizes_are_exact():
    """'2.01 GB' is exactly 2,010,000,000 bytes: no floating-point rounding down."""
    assert parse_size("2.01 GB") == 2_010_000_000


@pytest.mark.task(2)
def test_films_that_fit_share_a_card():
    """Two 3 GB films go on one 8 GB card."""
    assert plan_pack({"river.mp4": 3 * GB, "mountain.mp4": 3 * GB}, 8 * GB) == [["mountain.mp4", "river.mp4"]]


@pytest.mark.task(2)
def test_a_card_holds_its_capacity_and_not_one_byte_more():
    """Exactly 8,000,000,000 bytes fit on an 8 GB card; one byte more needs a second card."""
    assert len(plan_pack({"a.mp4": 4 * GB, "b.mp4": 4 * GB}, 8 * GB)) == 1
    assert len(plan_pack({"a.mp4": 4 * GB, "b.mp4": 4 * GB + 1}, 8 * GB)) == 2


@pytest.mark.task(2)
def test_fat32_refuses_a_file_of_4_gib():
    """On FAT32 a file of 4,294,967,295 bytes is fine, and one byte more raises ValueError."""
    assert plan_pack({"long.mp4": 4_294_967_295}, 8 * GB) == [["long.mp4"]]
    with pytest.raises(ValueError):
        plan_pack({"longer.mp4": 4_294_967_296}, 8 * GB)


@pytest.mark.task(2)
def test_exfat_takes_big_files():
    """An exFAT card takes a 5 GB film."""
    assert plan_pack({"series.mp4": 5 * GB}, 8 * GB, fs="exfat") == [["series.mp4"]]


@pytest.mark.task(2)
def test_every_file_once_and_no_card_overfull():
    """Every file is on exactly one card, and no card holds more than its capacity."""
    sizes = {f"episode-{n:02d}.mp4": (n % 7 + 1) * 300_000_000 for n in range(1, 25)}
    plan = plan_pack(sizes, 8 * GB)
    placed = [name for card in plan for name in card]
    assert sorted(placed) == sorted(sizes)
    assert all(sum(sizes[name] for name in card) <= 8 * GB for card in plan)


@pytest.mark.task(3)
def test_fingerprint_of_hello():
    """The SHA-256 of b'hello' is the well-known 2cf24dba…9824."""
    assert sha256_of(io.BytesIO(b"hello")) == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"


@pytest.mark.task(3)
def test_reads_in_chunks_of_chunk_size():
    """A file is read chunk_size bytes at a time, never all at once, and the fingerprint is right."""
    data = bytes(range(256)) * 40  # 10,240 bytes
    stream = WatchedFile(data)
    assert sha256_of(stream, chunk_size=4096) == hashlib.sha256(data).hexdigest()
    assert len(stream.asked) >= 3
    assert all(isinstance(size, int) and 0 < size <= 4096 for size in stream.asked)


@pytest.mark.task(3)
def test_a_file_bigger_than_a_chunk(tmp_path):
    """A real file of 2.5 MiB (more than one chunk) gets the right fingerprint."""
    data = bytes(range(256)) * (10 * 1024) + b"end"
    (tmp_path / "film.mp4").write_bytes(data)
    with open(tmp_path / "film.mp4", "rb") as film:
        assert sha256_of(film) == hashlib.sha256(data).hexdigest()


@pytest.mark.task(4)
def test_list_files_gives_sorted_slash_paths(tmp_path):
    """Files in sub-folders are listed by their path with '/', sorted, the manifest left out."""
    make_card(tmp_path, {"films/river.mp4": b"1", "books/reader.txt": b"2", "SHA256SUMS": b""})
    found = list_files(tmp_path)
    assert list(found) == ["books/reader.txt", "films/river.mp4"]
    assert found["films/river.mp4"].read_bytes() == b"1"


@pytest.mark.task(4)
def test_manifest_lines_are_sha256sum_lines(tmp_path):
    """Each line is the fingerprint, two spaces and the path, sorted by path."""
    make_card(tmp_path, {"films/river.mp4": b"world", "books/reader.txt": b"hello"})
    text = write_manifest(tmp_path)
    assert text == (
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824  books/reader.txt\n"
        "486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7  films/river.mp4\n"
    )


@pytest.mark.task(4)
def test_manifest_is_written_on_the_card(tmp_path):
    """The manifest is saved as SHA256SUMS at the top of the card, with the text returned."""
    make_card(tmp_path, {"a.txt": b"a"})
    text = write_manifest(tmp_path)
    assert (tmp_path / "SHA256SUMS").read_text(encoding="utf-8") == text


@pytest.mark.task(4)
def test_manifest_file_is_utf8_with_newline_line_ends(tmp_path):
    """The manifest file's bytes are its text in UTF-8, with \\n line ends (never \\r\\n), on every computer."""
    make_card(tmp_path, {"영화.mp4": b"film", "books/reader.txt": b"hello"})
    text = write_manifest(tmp_path)
    written = (tmp_path / "SHA256SUMS").read_bytes()
    assert written == text.encode("utf-8")
    assert b"\r" not in written and written.count(b"\n") == 2


@pytest.mark.task(4)
def test_the_card_may_be_given_as_text(tmp_path):
    """The card's folder may be given as text ("card"), not only as a Path."""
    make_card(tmp_path, {"films/river.mp4": b"world"})
    assert list(list_files(str(tmp_path))) == ["films/river.mp4"]
    assert write_manifest(str(tmp_path)).endswith("  films/river.mp4\n")


@pytest.mark.task(4)
def test_a_card_that_is_not_a_folder_is_an_error(tmp_path):
    """A root that is not a folder (a file, or nothing at all) raises NotADirectoryError."""
    (tmp_path / "film.mp4").write_bytes(b"film")
    for root in (tmp_path / "film.mp4", tmp_path / "no-such-card"):
        with pytest.raises(NotADirectoryError):
            list_files(root)


@pytest.mark.task(4)
def test_a_file_name_with_a_line_break_is_an_error(tmp_path):
    """A file whose name holds a line break (\\n or \\r) cannot be a manifest line: ValueError."""
    for number, name in enumerate(["two\nlines.txt", "carriage\rreturn.txt"]):
        card = tmp_path / str(number)
        card.mkdir()
        try:
            (card / name).write_bytes(b"x")
        except OSError:
            pytest.skip("this computer's file system does not allow line breaks in names")
        with pytest.raises(ValueError):
            write_manifest(card)


@pytest.mark.task(4)
def test_decomposed_korean_name_is_written_composed(tmp_path):
    """A name stored decomposed (NFD, as a Mac may do) is written composed (NFC) in the manifest."""
    name = unicodedata.normalize("NFD", "영화.mp4")
    make_card(tmp_path, {name: b"film"})
    path = write_manifest(tmp_path).split("  ", 1)[1].rstrip("\n")
    assert path == unicodedata.normalize("NFC", "영화.mp4")


@pytest.mark.task(5)
def test_an_untouched_card_is_ok(tmp_path):
    """A card checked against its own manifest: nothing changed, missing or extra."""
    make_card(tmp_path, {"films/river.mp4": b"film" * 100, "books/reader.txt": b"book"})
    report = verify(tmp_path, write_manifest(tmp_path))
    assert report == Report(changed=[], missing=[], extra=[])
    assert report.ok


@pytest.mark.task(5)
def test_one_flipped_byte_is_found(tmp_path):
    """Changing one byte of one file reports that file as changed."""
    make_card(tmp_path, {"films/river.mp4": b"film" * 100, "books/reader.txt": b"book"})
    manifest = write_manifest(tmp_path)
    make_card(tmp_path, {"films/river.mp4": b"film" * 99 + b"fiLm"})
    report = verify(tmp_path, manifest)
    assert report == Report(changed=["films/river.mp4"], missing=[], extra=[])
    assert not report.ok


@pytest.mark.task(5)
def test_missing_and_extra_files_are_found(tmp_path):
    """A deleted file is 'missing'; a file that was not packed is 'extra'."""
    make_card(tmp_path, {"films/river.mp4": b"film", "books/reader.txt": b"book"})
    manifest = write_manifest(tmp_path)
    (tmp_path / "books/reader.txt").unlink()
    make_card(tmp_path, {"notes/who-sent-this.txt": b"a name"})
    assert verify(tmp_path, manifest) == Report(changed=[], missing=["books/reader.txt"],
                                                extra=["notes/who-sent-this.txt"])


@pytest.mark.task(5)
def test_other_sha256sum_styles(tmp_path):
    """Upper-case fingerprints, ' *' binary-mode lines and './' paths are read."""
    make_card(tmp_path, {"films/river.mp4": b"film", "a.txt": b"a"})
    film = hashlib.sha256(b"film").hexdigest().upper()
    a = hashlib.sha256(b"a").hexdigest()
    assert verify(tmp_path, f"{film} *./films/river.mp4\n{a}  ./a.txt\n").ok


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_no_more_cards_than_needed():
    """Files of 6, 5, 4, 3 and 2 GB fit on two 10 GB cards, in whatever order they are given."""
    sizes = {"six": 6 * GB, "five": 5 * GB, "four": 4 * GB, "three": 3 * GB, "two": 2 * GB}
    assert len(plan_pack(sizes, 10 * GB, fs="exfat")) == 2
    backwards = dict(reversed(list(sizes.items())))
    assert len(plan_pack(backwards, 10 * GB, fs="exfat")) == 2


@pytest.mark.task(2)
def test_a_file_bigger_than_a_card_is_an_error_naming_it():
    """A file bigger than a whole card raises ValueError, and the message names the file."""
    with pytest.raises(ValueError, match="series-box.mp4"):
        plan_pack({"small.mp4": GB, "series-box.mp4": 20 * GB}, 16 * GB, fs="exfat")


@pytest.mark.task(5)
@pytest.mark.points(2)
def test_paths_leading_out_of_the_card_are_refused(tmp_path):
    """A manifest path that is absolute or climbs out with '..' raises ValueError."""
    card = tmp_path / "card"
    make_card(tmp_path, {"secret.txt": b"not on the card", "card/a.txt": b"a"})
    digest = hashlib.sha256(b"not on the card").hexdigest()
    for path in ["../secret.txt", "films/../../secret.txt", str(tmp_path / "secret.txt")]:
        with pytest.raises(ValueError):
            verify(card, f"{digest}  {path}\n")


def packed(tmp_path):
    make_card(tmp_path, {"films/river.mp4": bytes(range(256)) * 8192, "books/reader.txt": b"book",
                         "music/노래.mp3": b"song"})
    return write_manifest(tmp_path)


@pytest.mark.task(1)
def test_every_unit():
    """B, KB, MB, GB, TB and KiB, MiB, GiB, TiB all work."""
    assert [parse_size(f"1 {unit}") for unit in ["B", "KB", "MB", "GB", "TB"]] == [1, 10**3, 10**6, 10**9, 10**12]
    assert [parse_size(f"1 {unit}") for unit in ["KiB", "MiB", "GiB", "TiB"]] == [2**10, 2**20, 2**30, 2**40]


@pytest.mark.task(3)
def test_chunk_of_one_byte():
    """A chunk size of 1 still works; a chunk size of 0 raises ValueError."""
    assert sha256_of(io.BytesIO(b"hello"), chunk_size=1) == hashlib.sha256(b"hello").hexdigest()
    with pytest.raises(ValueError):
        sha256_of(io.BytesIO(b"hello"), chunk_size=0)


@pytest.mark.task(5)
def test_windows_line_ends_byte_order_mark_and_blank_lines(tmp_path):
    """A manifest saved by a Windows editor (CRLF, byte-order mark, blank lines) is read."""
    manifest = packed(tmp_path)
    edited = "\ufeff" + manifest.replace("\n", "\r\n") + "\r\n\r\n"
    assert verify(tmp_path, edited).ok


@pytest.mark.task(2)
def test_empty_files_are_packed_too():
    """A file of 0 bytes still goes on a card."""
    plan = plan_pack({"empty.txt": 0, "film.mp4": 8 * GB // 2}, 4 * GB)
    assert sorted(name for card in plan for name in card) == ["empty.txt", "film.mp4"]


@pytest.mark.task(1)
def test_a_fraction_of_a_byte_is_an_error():
    """'0.5 B' is not a whole number of bytes: ValueError."""
    with pytest.raises(ValueError):
        parse_size("0.5 B")


@pytest.mark.task(1)
def test_a_number_alone_is_bytes():
    """'123' and '123 B' are 123 bytes; spaces around are ignored."""
    assert parse_size("123") == parse_size("123 B") == parse_size("  123 b  ") == 123


@pytest.mark.task(5)
def test_a_path_listed_twice_is_an_error(tmp_path):
    """A manifest that lists the same path twice raises ValueError."""
    make_card(tmp_path, {"a.txt": b"a"})
    line = f"{hashlib.sha256(b'a').hexdigest()}  a.txt\n"
    with pytest.raises(ValueError):
        verify(tmp_path, line + line)


@pytest.mark.task(2)
def test_bad_sizes_and_capacities_are_errors():
    """A negative file size, or a card of 0 bytes, raises ValueError."""
    with pytest.raises(ValueError):
        plan_pack({"a.mp4": -1}, 8 * GB)
    with pytest.raises(ValueError):
        plan_pack({"a.mp4": 1}, 0)


@pytest.mark.task(2)
def test_file_system_name_in_any_case():
    """'FAT32' and 'exFAT' are understood in any case; another file system is a ValueError."""
    assert plan_pack({"a.mp4": GB}, 8 * GB, fs="FAT32") == [["a.mp4"]]
    with pytest.raises(ValueError):
        plan_pack({"big.mp4": 5 * GB}, 8 * GB, fs="FAT32")
    assert plan_pack({"big.mp4": 5 * GB}, 8 * GB, fs="exFAT") == [["big.mp4"]]
    with pytest.raises(ValueError):
        plan_pack({"a.mp4": GB}, 8 * GB, fs="ntfs")


@pytest.mark.task(2)
def test_a_capacity_that_is_not_positive_is_an_error():
    """A card of 0 bytes or less: ValueError, even with no files; a card of 1 byte holds a 1-byte file."""
    for sizes in ({"a.mp4": 1}, {}):
        with pytest.raises(ValueError):
            plan_pack(sizes, 0)
    assert plan_pack({"a.mp4": 1}, 1) == [["a.mp4"]]


@pytest.mark.task(2)
@pytest.mark.hint(2)
def test_each_file_takes_whole_clusters():
    """On a card with clusters of 4,096 bytes, a file of 1 byte takes 4,096 and one of 4,097 takes 8,192."""
    sizes = {"a.txt": 1, "b.txt": 1, "c.txt": 4097}
    assert plan_pack(sizes, 8192, cluster=4096) == [["c.txt"], ["a.txt", "b.txt"]]
    assert plan_pack(sizes, 8192) == [["a.txt", "b.txt", "c.txt"]]  # cluster=1: byte for byte


@pytest.mark.task(2)
def test_an_empty_file_takes_no_cluster():
    """An empty file takes no cluster: it goes with a file that fills the card."""
    assert plan_pack({"empty.txt": 0, "film.mp4": 8192}, 8192, cluster=4096) == [["empty.txt", "film.mp4"]]


@pytest.mark.task(2)
def test_a_file_that_fits_only_byte_for_byte_is_too_big():
    """A file of 8,193 bytes takes 12,288 with clusters of 4,096: too big for a card of 12,000 bytes."""
    with pytest.raises(ValueError, match="big.mp4"):
        plan_pack({"big.mp4": 8193}, 12_000, cluster=4096)
    assert plan_pack({"big.mp4": 8193}, 12_000) == [["big.mp4"]]


@pytest.mark.task(2)
def test_a_cluster_below_one_byte_is_an_error():
    """A cluster size of 0 or less raises ValueError."""
    for cluster in (0, -4096):
        with pytest.raises(ValueError):
            plan_pack({"a.txt": 1}, 8192, cluster=cluster)


@pytest.mark.task(5)
def test_malformed_lines_are_errors(tmp_path):
    """A line that is not '<64 hex>  <path>' raises ValueError."""
    make_card(tmp_path, {"a.txt": b"a"})
    for bad in ["abc  a.txt\n", f"{'g' * 64}  a.txt\n", f"{'a' * 64}a.txt\n", f"{'a' * 64}  \n",
                "SHA256 (a.txt) = " + "a" * 64 + "\n"]:
        with pytest.raises(ValueError):
            verify(tmp_path, bad)


@pytest.mark.task(4)
def test_two_names_that_are_the_same_after_normalising(tmp_path):
    """Two files whose names differ only in Unicode form raise ValueError (if the disk keeps both)."""
    make_card(tmp_path, {unicodedata.normalize("NFC", "café.txt"): b"1",
                         unicodedata.normalize("NFD", "café.txt"): b"2"})
    if len(os.listdir(tmp_path)) == 2:
        with pytest.raises(ValueError):
            list_files(tmp_path)
    else:  # this disk treats both forms as one name
        assert len(list_files(tmp_path)) == 1


@pytest.mark.task(4)
def test_a_folder_named_as_text_works_too(tmp_path):
    """write_manifest accepts the folder as a string as well as a Path."""
    make_card(tmp_path, {"books/reader.txt": b"hello"})
    assert write_manifest(str(tmp_path)) == (
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824  books/reader.txt\n")


@pytest.mark.task(5)
def test_a_rare_line_separator_inside_a_file_name(tmp_path):
    """A file name holding the rare U+2028 character round-trips (the text is split on '\\n' only)."""
    make_card(tmp_path, {"a\u2028b.txt": b"x", "c.txt": b"c"})
    assert verify(tmp_path, write_manifest(tmp_path)).ok


@pytest.mark.task(5)
def test_a_line_without_a_file_name_is_an_error(tmp_path):
    """A line whose path names no file ('./' or '.') is not a manifest line: ValueError."""
    make_card(tmp_path, {"a.txt": b"a"})
    for path in ("./", "."):
        with pytest.raises(ValueError):
            verify(tmp_path, "0" * 64 + "  " + path + "\n")


@pytest.mark.task(5)
def test_blank_lines_between_manifest_lines_are_skipped(tmp_path):
    """A blank line in the middle of a manifest is skipped, and the lines after it still count."""
    make_card(tmp_path, {"a.txt": b"hello", "b.txt": b"world"})
    lines = write_manifest(tmp_path).splitlines()
    assert verify(tmp_path, lines[0] + "\n\n" + lines[1] + "\n").ok
    assert verify(tmp_path, lines[0] + "\n\n").extra == ["b.txt"]
