"""Hidden tests for grading exercise 07: photos built to trip a scrubber up.

Metadata in odd places (between tables, after the image data, after the end marker, inside other
blocks), marker bytes inside other segments' data, damaged files. All images are built here, with
the builders of the visible tests (test_scrubber.py, which sits next to this file when it runs).
"""

import random
import struct
import zlib

import pytest

from scrubber import exif_orientation, list_chunks, list_segments, scrub, strip_jpeg, strip_png
from test_scrubber import (COMMENT, DHT, DQT, DRI, EOI, EXIF_CHUNK, IHDR, IPTC, ITXT,
                           PLTE, PNG_SIGNATURE, SCAN, SOF0, SOI, SOS, TEXT, TRNS, XMP, ZTXT, chunk, exif,
                           jpeg, names, png, segment)

GPS_BYTES = struct.pack(">6I", 1, 1, 2, 1, 3, 1)
STANDARD = ["SOI", "APP0", "APP1", "DQT", "SOF0", "DHT", "DRI", "SOS", "EOI"]
# A quantisation table whose values include the bytes FF E1 (and FF D9, FF DA): still one table.
DQT_TRAP = segment(0xDB, b"\x00" + bytes(range(1, 20)) + b"\xff\xe1\x00\x08\xff\xd9\xff\xda" + bytes(range(28, 65)))
# A thumbnail: a whole small JPEG, with its own markers, inside the EXIF block.
THUMBNAIL = SOI + DQT_TRAP + SOF0 + DHT + SOS + SCAN + EOI
EXIF_THUMB = segment(0xE1, exif(orientation=6)[4:] + THUMBNAIL)
ADOBE = segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01")
ICC = segment(0xE2, b"ICC_PROFILE\x00\x01\x01" + b"\x00" * 40 + b"desc Example Phone 12")
MPF = segment(0xE2, b"MPF\x00II*\x00\x08\x00\x00\x00")
DUCKY = segment(0xEC, b"Ducky\x00\x01\x00\x04\x00\x00\x00\x3c\x00\x02\x00\x10Kim Chul-su 2019")
APP11 = segment(0xEB, b"JP\x00\x00\x00\x01 hidden note")
APP15 = segment(0xEF, b"vendor serial 000123")
SCAN2 = bytes([0x21, 0x43, 0xFF, 0x00, 0x65, 0x87])


def random_scan(size, seed=7):
    """Compressed-looking data of about size bytes: every FF stuffed, a restart marker every 4 KB."""
    rng = random.Random(seed)
    blocks = [rng.randbytes(4096).replace(b"\xff", b"\xff\x00") for _ in range(size // 4096)]
    return b"".join(block + bytes([0xFF, 0xD0 + index % 8]) for index, block in enumerate(blocks))


def app1_tiff(data):
    """The TIFF block of the first EXIF APP1 in a JPEG, found with a walk of our own."""
    pos = 2
    while data[pos + 1] != 0xDA:
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if data[pos + 1] == 0xE1 and data[pos + 4:pos + 10] == b"Exif\x00\x00":
            return data[pos + 10:pos + 2 + length]
        pos += 2 + length
    return None


def crcs_ok(data):
    pos = 8
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        body = data[pos + 4:pos + 8 + length]
        if zlib.crc32(body) != int.from_bytes(data[pos + 8 + length:pos + 12 + length], "big"):
            return False
        pos += 12 + length
    return True


# Task 1 · list_segments -------------------------------------------------------------------------

@pytest.mark.task(1)
@pytest.mark.points(2)
def test_markers_inside_a_thumbnail_are_not_segments():
    """A thumbnail inside the EXIF block has markers of its own: they are not segments of the photo."""
    assert names(list_segments(jpeg(EXIF_THUMB))) == STANDARD


@pytest.mark.task(1)
@pytest.mark.points(2)
def test_marker_bytes_inside_a_table_are_not_segments():
    """FF E1, FF D9 and FF DA inside a quantisation table are table values, not markers."""
    data = jpeg(exif(), tables=(DQT_TRAP, SOF0, DHT, DRI))
    assert names(list_segments(data)) == STANDARD
    assert data[list_segments(data)[3][1]:list_segments(data)[3][2]] == DQT_TRAP


@pytest.mark.task(1)
def test_restart_markers_and_stuffed_bytes_stay_in_the_scan():
    """Restart markers FF D0–FF D7 and stuffed FF 00 bytes in a long scan are all scan data."""
    scan = random_scan(40_000)
    data = jpeg(scan=scan)
    segments = list_segments(data)
    assert names(segments) == ["SOI", "APP0", "DQT", "SOF0", "DHT", "DRI", "SOS", "EOI"]
    assert data[segments[-2][1]:segments[-2][2]] == SOS + scan


@pytest.mark.task(1)
def test_metadata_after_the_scan_is_listed():
    """Metadata placed after the image data is found and listed before EOI."""
    data = jpeg(after_scan=(exif(), COMMENT))
    assert names(list_segments(data))[-4:] == ["SOS", "APP1", "COM", "EOI"]


@pytest.mark.task(1)
@pytest.mark.points(2)
def test_truncated_photo_with_a_thumbnail_is_an_error():
    """A photo cut short is an error even though its EXIF thumbnail has an end marker of its own."""
    data = jpeg(EXIF_THUMB)
    for cut in [len(data) - 2, len(data) - 8]:
        with pytest.raises(ValueError):
            list_segments(data[:cut])


@pytest.mark.task(1)
def test_impossible_length_is_an_error():
    """A segment length below 2 (it counts itself) or past the end of the file raises ValueError."""
    for bad in [b"\xff\xe1\x00\x01", b"\xff\xe1\x00\x00", b"\xff\xe1\xff\xff"]:
        with pytest.raises(ValueError):
            list_segments(SOI + bad + DQT + SOS + SCAN + EOI)


@pytest.mark.task(1)
def test_accepts_a_bytearray():
    """A bytearray works as well as bytes."""
    assert names(list_segments(bytearray(jpeg()))) == ["SOI", "APP0", "DQT", "SOF0", "DHT", "DRI", "SOS", "EOI"]


# Task 2 · strip_jpeg ----------------------------------------------------------------------------

@pytest.mark.task(2)
@pytest.mark.points(2)
def test_thumbnail_inside_exif_is_gone():
    """The EXIF thumbnail (which may show the uncropped photo) is removed with the EXIF block."""
    clean = strip_jpeg(jpeg(EXIF_THUMB))
    assert clean == jpeg()
    assert DQT_TRAP not in clean


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_marker_bytes_in_a_table_do_not_corrupt_it():
    """A quantisation table containing FF E1 comes out byte for byte, with the EXIF gone."""
    tables = (DQT_TRAP, SOF0, DHT, DRI)
    assert strip_jpeg(jpeg(EXIF_THUMB, XMP, tables=tables)) == jpeg(tables=tables)


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_metadata_between_the_tables_is_removed():
    """EXIF, comments and IPTC placed between the tables are removed; the tables stay in order."""
    data = jpeg(tables=(DQT, exif(), SOF0, COMMENT, DHT, IPTC, DRI))
    assert strip_jpeg(data) == jpeg()


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_metadata_between_two_scans_is_removed():
    """Metadata between the scans of a progressive JPEG is removed; both scans stay."""
    data = jpeg(after_scan=(COMMENT, DHT, exif(), SOS + SCAN2, XMP))
    assert strip_jpeg(data) == jpeg(after_scan=(DHT, SOS + SCAN2))


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_data_after_the_end_marker_is_removed():
    """Data after the end marker (a second picture with its own EXIF, a note) is removed."""
    assert strip_jpeg(jpeg(trailer=jpeg(exif()))) == jpeg()
    assert strip_jpeg(jpeg(trailer=b"GPS 1.0345 S 4.0851 W")) == jpeg()


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_other_application_blocks_are_removed():
    """Vendor blocks in APP2–APP15 (profiles, multi-picture data, notes, serial numbers) are removed."""
    assert strip_jpeg(jpeg(ICC, MPF, DUCKY, APP11, APP15)) == jpeg()


@pytest.mark.task(2)
def test_jfif_extension_thumbnail_is_removed():
    """A JFIF extension block (JFXX), which holds a thumbnail, is removed."""
    jfxx = segment(0xE0, b"JFXX\x00\x10" + THUMBNAIL)
    assert strip_jpeg(jpeg(jfxx)) == jpeg()


@pytest.mark.task(2)
def test_photo_without_jfif_header():
    """A phone photo that starts with EXIF and has no JFIF header comes out with just the image."""
    assert strip_jpeg(jpeg(exif(), app0=b"")) == jpeg(app0=b"")


@pytest.mark.task(2)
def test_clean_jpeg_is_unchanged():
    """A JPEG without metadata comes back byte for byte."""
    assert strip_jpeg(jpeg()) == jpeg()


@pytest.mark.task(2)
def test_damaged_or_foreign_files_raise():
    """strip_jpeg raises ValueError for a PNG, for text, and for a JPEG cut short."""
    for data in [png(), b"just text", jpeg(exif())[:-2]]:
        with pytest.raises(ValueError):
            strip_jpeg(data)


# Task 3 · list_chunks, strip_png ----------------------------------------------------------------

@pytest.mark.task(3)
@pytest.mark.points(2)
def test_png_metadata_after_the_image_data_is_removed():
    """Text and EXIF chunks placed after the image data are removed too."""
    assert strip_png(png(after_image=(TEXT, EXIF_CHUNK, ITXT))) == png()


@pytest.mark.task(3)
def test_several_image_chunks_are_kept_in_order():
    """An image split over several IDAT chunks keeps them all, in order, byte for byte."""
    compressed = zlib.compress(b"\x00\x00\x01\x00\x01\x00")
    parts = tuple(chunk(b"IDAT", compressed[i:i + 4]) for i in range(0, len(compressed), 4))
    assert strip_png(png(TEXT, idat=parts)) == png(idat=parts)


@pytest.mark.task(3)
def test_time_and_unknown_chunks_are_removed():
    """tIME (when it was changed), colour profiles with names, and unknown private chunks are removed."""
    time = chunk(b"tIME", struct.pack(">HBBBBB", 2019, 3, 1, 4, 30, 0))
    private = chunk(b"prVt", b"device serial 000123")
    iccp = chunk(b"iCCP", b"Example Phone\x00\x00" + zlib.compress(b"profile"))
    assert strip_png(png(time, private, iccp)) == png()


@pytest.mark.task(3)
def test_colour_chunks_are_kept():
    """gAMA, cHRM, sRGB, pHYs and bKGD, which change how the picture looks, are kept in place."""
    colour = (chunk(b"gAMA", struct.pack(">I", 45455)), chunk(b"cHRM", bytes(32)), chunk(b"sRGB", b"\x00"),
              chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1)), chunk(b"bKGD", b"\x00"))
    assert strip_png(png(*colour, TEXT)) == png(*colour)


@pytest.mark.task(3)
def test_animation_chunks_are_kept():
    """The chunks of an animated PNG (acTL, fcTL, fdAT) are kept."""
    actl = chunk(b"acTL", struct.pack(">II", 1, 0))
    fctl = chunk(b"fcTL", struct.pack(">IIIIIHHBB", 0, 2, 2, 0, 0, 1, 10, 0, 0))
    fdat = chunk(b"fdAT", struct.pack(">I", 1) + zlib.compress(b"\x00\x01\x00\x00\x01\x00"))
    assert strip_png(png(actl, fctl, TEXT, after_image=(fdat,))) == png(actl, fctl, after_image=(fdat,))


@pytest.mark.task(3)
def test_palette_and_transparency_survive():
    """The palette (PLTE) and transparency (tRNS) come out byte for byte."""
    clean = strip_png(png(TEXT, EXIF_CHUNK))
    assert PLTE in clean and TRNS in clean
    assert names(list_chunks(clean)) == ["IHDR", "PLTE", "tRNS", "IDAT", "IEND"]
    assert crcs_ok(clean)


@pytest.mark.task(3)
@pytest.mark.points(2)
def test_truncated_png_is_an_error():
    """A PNG cut short (in a chunk, or before IEND) raises ValueError."""
    data = png(TEXT)
    for cut in [8, 12, 30, len(data) - 12, len(data) - 5, len(data) - 1]:
        with pytest.raises(ValueError):
            list_chunks(data[:cut])
        with pytest.raises(ValueError):
            strip_png(data[:cut])


@pytest.mark.task(3)
def test_impossible_chunk_length_is_an_error():
    """A chunk length far beyond the end of the file raises ValueError (and does not hang)."""
    with pytest.raises(ValueError):
        list_chunks(PNG_SIGNATURE + IHDR + b"\xff\xff\xff\xf0tEXt" + b"x" * 20)


@pytest.mark.task(3)
def test_png_scrubbing_twice_changes_nothing():
    """Scrubbing a scrubbed PNG gives the same bytes."""
    once = strip_png(png(TEXT, EXIF_CHUNK, after_image=(ZTXT,)))
    assert strip_png(once) == once


# Task 4 · exif_orientation, scrub ---------------------------------------------------------------


@pytest.mark.task(4)
def test_png_orientation():
    """A PNG's eXIf chunk gives its orientation."""
    assert exif_orientation(png(EXIF_CHUNK)) == 6
    assert exif_orientation(png(TEXT)) is None


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_kept_block_holds_only_the_orientation():
    """The EXIF block written with keep_orientation has one tag, the orientation, and nothing else."""
    clean = scrub(jpeg(EXIF_THUMB, XMP), keep_orientation=True)
    tiff = app1_tiff(clean)
    order = ">" if tiff[:2] == b"MM" else "<"
    ifd = struct.unpack(order + "I", tiff[4:8])[0]
    assert struct.unpack(order + "H", tiff[ifd:ifd + 2])[0] == 1
    assert struct.unpack(order + "H", tiff[ifd + 2:ifd + 4])[0] == 0x0112
    assert len(tiff) <= 64
    assert names(list_segments(clean)).count("APP1") == 1


@pytest.mark.task(4)
def test_keep_orientation_twice_changes_nothing():
    """Scrubbing twice with keep_orientation gives the same bytes as once."""
    once = scrub(jpeg(exif(orientation=6, order="<"), COMMENT), keep_orientation=True)
    assert scrub(once, keep_orientation=True) == once


@pytest.mark.task(4)
def test_orientation_as_the_last_bytes_of_the_block():
    """An orientation entry that ends exactly where the EXIF block ends is read, in a JPEG and a PNG."""
    tiff = b"MM\x00\x2a\x00\x00\x00\x08\x00\x01" + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0)
    assert exif_orientation(jpeg(segment(0xE1, b"Exif\x00\x00" + tiff))) == 6
    assert exif_orientation(png(chunk(b"eXIf", tiff))) == 6


@pytest.mark.task(4)
def test_png_exif_cut_inside_the_entry_gives_none():
    """A PNG eXIf chunk whose TIFF block ends inside the orientation entry gives None."""
    tiff = b"MM\x00\x2a\x00\x00\x00\x08\x00\x01" + struct.pack(">HHIH", 0x0112, 3, 1, 6)
    assert exif_orientation(png(chunk(b"eXIf", tiff))) is None


@pytest.mark.task(4)
def test_only_the_counted_entries_are_read():
    """The IFD holds as many entries as its count says: bytes after them are not an entry."""
    make = struct.pack(">HHI", 0x010F, 2, 4) + b"Cam\x00"
    fake = struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0)
    tiff = b"MM\x00\x2a\x00\x00\x00\x08" + b"\x00\x01" + make + fake
    assert exif_orientation(jpeg(segment(0xE1, b"Exif\x00\x00" + tiff))) is None
