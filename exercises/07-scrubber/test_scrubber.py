"""Tests you can read: what the photo metadata scrubber must do.

Each test names its task with @pytest.mark.task(N). Run them with `workshop check 07`.
No real photo is used: the helpers below build small JPEG and PNG files byte by byte, with the
same structure a camera writes. The GPS position in them points at open sea.
"""

import random
import struct
import zlib

import pytest

from scrubber import exif_orientation, list_chunks, list_segments, scrub, strip_jpeg, strip_png

# --- building a JPEG -----------------------------------------------------------------------------


def segment(marker, payload):
    """A JPEG segment: FF, the marker byte, a 2-byte length that counts itself, then the payload."""
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def exif(orientation=None, order=">"):
    """An APP1 EXIF segment: camera make, maybe an orientation, and a GPS position (1°2'3"S 4°5'6"W).

    order is ">" for a big-endian ("MM") TIFF block, "<" for little-endian ("II").
    """
    def entry(tag, kind, count, value):
        return struct.pack(order + "HHI", tag, kind, count) + value.ljust(4, b"\x00")

    make = b"ExampleCam\x00"
    ifd0 = [entry(0x010F, 2, len(make), struct.pack(order + "I", 0))]  # offset filled in below
    if orientation is not None:
        ifd0.append(entry(0x0112, 3, 1, struct.pack(order + "H", orientation)))
    ifd0.append(entry(0x8825, 4, 1, b"\x00\x00\x00\x00"))
    ifd0_size = 2 + 12 * len(ifd0) + 4
    make_at = 8 + ifd0_size
    gps_at = make_at + len(make) + 1
    ifd0[0] = entry(0x010F, 2, len(make), struct.pack(order + "I", make_at))
    ifd0[-1] = entry(0x8825, 4, 1, struct.pack(order + "I", gps_at))
    gps = [entry(1, 2, 2, b"S\x00"), entry(2, 5, 3, struct.pack(order + "I", gps_at + 2 + 4 * 12 + 4)),
           entry(3, 2, 2, b"W\x00"), entry(4, 5, 3, struct.pack(order + "I", gps_at + 2 + 4 * 12 + 4 + 24))]
    position = struct.pack(order + "6I", 1, 1, 2, 1, 3, 1) + struct.pack(order + "6I", 4, 1, 5, 1, 6, 1)
    tiff = ((b"MM" if order == ">" else b"II") + struct.pack(order + "HI", 42, 8)
            + struct.pack(order + "H", len(ifd0)) + b"".join(ifd0) + b"\x00\x00\x00\x00"
            + make + b"\x00"
            + struct.pack(order + "H", len(gps)) + b"".join(gps) + b"\x00\x00\x00\x00" + position)
    return segment(0xE1, b"Exif\x00\x00" + tiff)


SOI = b"\xff\xd8"
EOI = b"\xff\xd9"
APP0 = segment(0xE0, b"JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x00\x00")
DQT = segment(0xDB, b"\x00" + bytes(range(1, 65)))
SOF0 = segment(0xC0, b"\x08\x00\x10\x00\x10\x01\x01\x11\x00")
DHT = segment(0xC4, b"\x00" + bytes([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]) + bytes(range(12)))
DRI = segment(0xDD, b"\x00\x02")
SOS = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
# Compressed image data: FF 00 is a stuffed FF byte, FF D0 and FF D1 are restart markers.
SCAN = bytes([0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78, 0xFF, 0x00, 0xE1, 0x9A, 0xFF, 0xD1,
              0xBC, 0xFF, 0x00, 0xD9, 0xDE])
XMP = segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>1,2.05S</exif:GPSLatitude>")
IPTC = segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0c\x1c\x02\x5a\x00\x07Example")
COMMENT = segment(0xFE, b"taken at the safe house")


def jpeg(*metadata, tables=(DQT, SOF0, DHT, DRI), after_scan=(), trailer=b"", app0=APP0, scan=SCAN):
    """A small JPEG: SOI, APP0 (JFIF), the metadata segments given, the tables, the scan, EOI."""
    return (SOI + app0 + b"".join(metadata) + b"".join(tables) + SOS + scan + b"".join(after_scan)
            + EOI + trailer)


# --- building a PNG ------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(kind, data):
    """A PNG chunk: 4-byte length, 4-letter type, data, CRC of type + data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


IHDR = chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 3, 0, 0, 0))  # 2×2 pixels, with a palette
PLTE = chunk(b"PLTE", bytes([200, 30, 30, 30, 30, 200]))
TRNS = chunk(b"tRNS", bytes([255, 0]))
IDAT = chunk(b"IDAT", zlib.compress(b"\x00\x00\x01\x00\x01\x00"))
IEND = chunk(b"IEND", b"")
TEXT = chunk(b"tEXt", b"Location\x001.0345 S 4.0851 W")
ITXT = chunk(b"iTXt", "Description\x00\x00\x00ko\x00\x00촬영 장소: 별빛리".encode())
ZTXT = chunk(b"zTXt", b"Author\x00\x00" + zlib.compress(b"Kim Chul-su"))
EXIF_CHUNK = chunk(b"eXIf", exif(orientation=6)[10:])  # the TIFF block of an EXIF segment


def png(*metadata, after_image=(), trailer=b"", idat=(IDAT,)):
    """A small PNG: signature, IHDR, PLTE, tRNS, the metadata chunks given, IDAT, IEND."""
    return (PNG_SIGNATURE + IHDR + PLTE + TRNS + b"".join(metadata) + b"".join(idat)
            + b"".join(after_image) + IEND + trailer)


def names(segments):
    return [name for name, _start, _end in segments]


# Task 1 · list_segments -------------------------------------------------------------------------

@pytest.mark.task(1)
def test_lists_the_segments_in_order():
    """A simple JPEG gives SOI, APP0, APP1, DQT, SOF0, DHT, DRI, SOS, EOI."""
    assert names(list_segments(jpeg(exif()))) == ["SOI", "APP0", "APP1", "DQT", "SOF0", "DHT", "DRI", "SOS",
                                                  "EOI"]


@pytest.mark.task(1)
def test_segments_cover_the_file_exactly():
    """Each segment is data[start:end]; together they are the whole file, in order."""
    data = jpeg(exif())
    segments = list_segments(data)
    assert segments[0][1:] == (0, 2)
    assert b"".join(data[start:end] for _name, start, end in segments) == data
    assert data[segments[2][1]:segments[2][2]] == exif()


@pytest.mark.task(1)
def test_scan_data_belongs_to_sos():
    """The compressed data after SOS, with its FF 00 and restart markers, is part of the SOS segment."""
    data = jpeg()
    name, start, end = list_segments(data)[-2]
    assert name == "SOS"
    assert data[start:end] == SOS + SCAN


@pytest.mark.task(1)
def test_not_a_jpeg_is_an_error():
    """Text, a PNG or nothing at all is not a JPEG: ValueError."""
    for data in [b"", b"hello, world", png()]:
        with pytest.raises(ValueError):
            list_segments(data)


@pytest.mark.task(1)
def test_a_jpeg_without_end_marker_is_an_error():
    """A JPEG cut short (no FF D9 at the end) raises ValueError."""
    with pytest.raises(ValueError):
        list_segments(jpeg(exif())[:-2])


# Task 2 · strip_jpeg ----------------------------------------------------------------------------

@pytest.mark.task(2)
@pytest.mark.points(2)
def test_exif_with_gps_is_removed():
    """The EXIF block (with its GPS position) goes; every other byte stays as it was."""
    assert strip_jpeg(jpeg(exif())) == jpeg()


@pytest.mark.task(2)
def test_xmp_iptc_and_comments_are_removed():
    """XMP (APP1), IPTC (APP13) and comments (COM) are removed too."""
    assert strip_jpeg(jpeg(exif(), XMP, IPTC, COMMENT)) == jpeg()


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_ff_e1_inside_a_quantisation_table_is_not_a_segment():
    """The bytes FF E1 inside a quantisation table are table values: the table stays intact."""
    table = segment(0xDB, b"\x00" + bytes(range(1, 20)) + b"\xff\xe1\x00\x08" + bytes(range(24, 65)))
    assert strip_jpeg(jpeg(exif(), tables=(table, SOF0, DHT))) == jpeg(tables=(table, SOF0, DHT))


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_metadata_after_the_image_data_is_removed():
    """Metadata hidden after the compressed image data, before the end marker, is removed."""
    assert strip_jpeg(jpeg(after_scan=(exif(), COMMENT))) == jpeg()


@pytest.mark.task(2)
def test_scrubbing_twice_changes_nothing():
    """Scrubbing a scrubbed JPEG gives the same bytes."""
    once = strip_jpeg(jpeg(exif(), XMP, COMMENT))
    assert strip_jpeg(once) == once


@pytest.mark.task(2)
def test_every_other_app_block_is_removed():
    """An allow list: vendor blocks in APP2 to APP15 (profiles, notes, serial numbers) are removed too."""
    icc = segment(0xE2, b"ICC_PROFILE\x00\x01\x01" + b"\x00" * 20)
    note = segment(0xEB, b"JP\x00\x00\x00\x01 a note")
    serial = segment(0xEF, b"vendor serial 000123")
    assert strip_jpeg(jpeg(icc, note, serial)) == jpeg()


# Task 3 · list_chunks, strip_png ----------------------------------------------------------------

@pytest.mark.task(3)
def test_lists_png_chunks():
    """The chunks of a PNG come back by type, in order, covering the file after the signature."""
    data = png(TEXT)
    chunks = list_chunks(data)
    assert names(chunks) == ["IHDR", "PLTE", "tRNS", "tEXt", "IDAT", "IEND"]
    assert b"".join(data[start:end] for _name, start, end in chunks) == data[8:]


@pytest.mark.task(3)
@pytest.mark.points(2)
def test_text_and_exif_chunks_are_removed():
    """tEXt, iTXt, zTXt and eXIf chunks go; IHDR, PLTE, tRNS, IDAT and IEND stay byte for byte."""
    assert strip_png(png(TEXT, ITXT, ZTXT, EXIF_CHUNK)) == png()


@pytest.mark.task(3)
def test_every_checksum_is_valid():
    """Every chunk of the scrubbed PNG has a correct CRC."""
    data = strip_png(png(TEXT, EXIF_CHUNK))
    for _name, start, end in list_chunks(data):
        assert zlib.crc32(data[start + 4:end - 4]) == int.from_bytes(data[end - 4:end], "big")


@pytest.mark.task(3)
def test_not_a_png_is_an_error():
    """A JPEG, text or nothing is not a PNG: ValueError."""
    for data in [b"", b"hello", jpeg()]:
        with pytest.raises(ValueError):
            strip_png(data)


# Task 4 · exif_orientation, scrub ---------------------------------------------------------------

@pytest.mark.task(4)
def test_reads_the_orientation():
    """A photo taken in portrait (orientation 6) says so in its EXIF."""
    assert exif_orientation(jpeg(exif(orientation=6))) == 6


@pytest.mark.task(4)
def test_no_exif_no_orientation():
    """Without EXIF, or without the tag, there is no orientation: None."""
    assert exif_orientation(jpeg()) is None
    assert exif_orientation(jpeg(exif())) is None


@pytest.mark.task(4)
def test_scrub_removes_everything_by_default():
    """By default scrub() removes all metadata, orientation included, from a JPEG or a PNG."""
    assert scrub(jpeg(exif(orientation=6), COMMENT)) == jpeg()
    assert scrub(png(TEXT, EXIF_CHUNK)) == png()


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_scrub_can_keep_only_the_orientation():
    """With keep_orientation=True the photo stays upright, and the GPS and camera are still gone."""
    clean = scrub(jpeg(exif(orientation=6), COMMENT), keep_orientation=True)
    assert exif_orientation(clean) == 6
    assert b"ExampleCam" not in clean and b"taken at" not in clean
    assert struct.pack(">6I", 1, 1, 2, 1, 3, 1) not in clean
    assert clean.endswith(SOS + SCAN + EOI)


ADOBE = segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01")


@pytest.mark.task(2)
def test_adobe_colour_block_is_kept():
    """Adobe's APP14 block, needed to decode some pictures' colours, is kept byte for byte."""
    assert strip_jpeg(jpeg(exif(), ADOBE)) == jpeg(ADOBE)


@pytest.mark.task(2)
def test_jfif_thumbnail_is_dropped():
    """A thumbnail inside the JFIF header is dropped; the JFIF header itself stays."""
    with_thumbnail = segment(0xE0, b"JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x01\x01" + b"\x10\x20\x30")
    assert strip_jpeg(jpeg(app0=with_thumbnail)) == jpeg()


@pytest.mark.task(3)
@pytest.mark.points(2)
def test_wrong_checksum_is_an_error():
    """A damaged image chunk (wrong CRC) raises ValueError instead of passing the damage on."""
    bad = IDAT[:-1] + bytes([IDAT[-1] ^ 0x01])
    with pytest.raises(ValueError):
        strip_png(PNG_SIGNATURE + IHDR + PLTE + bad + IEND)


GPS_BYTES = struct.pack(">6I", 1, 1, 2, 1, 3, 1)


DQT_TRAP = segment(0xDB, b"\x00" + bytes(range(1, 20)) + b"\xff\xe1\x00\x08\xff\xd9\xff\xda" + bytes(range(28, 65)))


THUMBNAIL = SOI + DQT_TRAP + SOF0 + DHT + SOS + SCAN + EOI


EXIF_THUMB = segment(0xE1, exif(orientation=6)[4:] + THUMBNAIL)


ICC = segment(0xE2, b"ICC_PROFILE\x00\x01\x01" + b"\x00" * 40 + b"desc Example Phone 12")


MPF = segment(0xE2, b"MPF\x00II*\x00\x08\x00\x00\x00")


DUCKY = segment(0xEC, b"Ducky\x00\x01\x00\x04\x00\x00\x00\x3c\x00\x02\x00\x10Kim Chul-su 2019")


APP15 = segment(0xEF, b"vendor serial 000123")


SCAN2 = bytes([0x21, 0x43, 0xFF, 0x00, 0x65, 0x87])


def random_scan(size, seed=7):
    """Compressed-looking data of about size bytes: every FF stuffed, a restart marker every 4 KB."""
    rng = random.Random(seed)
    blocks = [rng.randbytes(4096).replace(b"\xff", b"\xff\x00") for _ in range(size // 4096)]
    return b"".join(block + bytes([0xFF, 0xD0 + index % 8]) for index, block in enumerate(blocks))


def crcs_ok(data):
    pos = 8
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        body = data[pos + 4:pos + 8 + length]
        if zlib.crc32(body) != int.from_bytes(data[pos + 8 + length:pos + 12 + length], "big"):
            return False
        pos += 12 + length
    return True


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_png_keeps_only_the_orientation():
    """A PNG scrubbed with keep_orientation keeps its orientation in a new eXIf before the image data."""
    clean = scrub(png(TEXT, EXIF_CHUNK), keep_orientation=True)
    assert exif_orientation(clean) == 6
    found = names(list_chunks(clean))
    assert found.count("eXIf") == 1 and found.index("eXIf") < found.index("IDAT")
    assert b"ExampleCam" not in clean and GPS_BYTES not in clean and b"Location" not in clean
    assert IDAT in clean and crcs_ok(clean)


@pytest.mark.task(1)
@pytest.mark.points(2)
def test_truncated_anywhere_is_an_error():
    """A JPEG cut short anywhere (in a length, a segment, the scan data, before EOI) raises ValueError."""
    data = jpeg(exif())
    for cut in [2, 3, 5, 30, len(data) - 60, len(data) - 10, len(data) - 3, len(data) - 1]:
        with pytest.raises(ValueError):
            list_segments(data[:cut])


@pytest.mark.task(1)
def test_bytes_after_the_end_are_a_trailer():
    """Bytes after the end marker come back as one TRAILER segment."""
    extra = b"GPS 1.0345 S 4.0851 W"
    data = jpeg(trailer=extra)
    assert list_segments(data)[-1] == ("TRAILER", len(data) - len(extra), len(data))
    assert names(list_segments(data))[-2] == "EOI"


@pytest.mark.task(1)
def test_fill_bytes_before_a_marker():
    """Extra FF bytes before a marker are padding, allowed by the JPEG standard."""
    data = SOI + APP0 + b"\xff\xff" + DQT + SOF0 + DHT + SOS + SCAN + b"\xff\xff" + EOI
    assert names(list_segments(data)) == ["SOI", "APP0", "DQT", "SOF0", "DHT", "SOS", "EOI"]
    data = SOI + APP0 + b"\xff" + DQT + SOF0 + b"\xff\xff\xff" + DHT + SOS + SCAN + EOI
    assert names(list_segments(data)) == ["SOI", "APP0", "DQT", "SOF0", "DHT", "SOS", "EOI"]


@pytest.mark.task(3)
def test_trailer_is_listed_and_removed():
    """Bytes after IEND are listed as a TRAILER and removed."""
    data = png(trailer=b"GPS 1.0345 S 4.0851 W")
    assert names(list_chunks(data))[-2:] == ["IEND", "TRAILER"]
    assert strip_png(data) == png()


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_damaged_exif_gives_none():
    """A damaged EXIF block (bad byte order, offsets past its end, cut short) gives None, no crash."""
    for payload in [b"Exif\x00\x00XX\x00\x2a\x00\x00\x00\x08", b"Exif\x00\x00MM\x00\x2a\xff\xff\xff\xf0",
                    b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x05\x01\x12", b"Exif\x00\x00"]:
        assert exif_orientation(jpeg(segment(0xE1, payload))) is None


@pytest.mark.task(3)
def test_chunk_type_must_be_letters():
    """A chunk type that is not four ASCII letters means the file is damaged: ValueError."""
    with pytest.raises(ValueError):
        list_chunks(PNG_SIGNATURE + IHDR + chunk(b"1D@T", b"abc") + IDAT + IEND)


@pytest.mark.task(2)
@pytest.mark.points(3)
def test_everything_everywhere():
    """Metadata in every place at once: nothing of it survives, the picture is intact, twice is once."""
    data = jpeg(EXIF_THUMB, XMP, ICC, DUCKY, tables=(DQT_TRAP, COMMENT, SOF0, IPTC, DHT, DRI, APP15),
                after_scan=(exif(), DHT, MPF, SOS + SCAN2, COMMENT), trailer=jpeg(exif()))
    clean = strip_jpeg(data)
    assert clean == jpeg(tables=(DQT_TRAP, SOF0, DHT, DRI), after_scan=(DHT, SOS + SCAN2))
    for secret in [GPS_BYTES, b"ExampleCam", b"safe house", b"Kim Chul-su", b"GPSLatitude", b"serial"]:
        assert secret not in clean
    assert strip_jpeg(clean) == clean


@pytest.mark.task(4)
def test_impossible_orientation_gives_none():
    """An orientation outside 1 to 8 is not an orientation: None."""
    assert exif_orientation(jpeg(exif(orientation=0))) is None
    assert exif_orientation(jpeg(exif(orientation=9))) is None


@pytest.mark.task(4)
def test_little_endian_orientation():
    """EXIF written little-endian ("II", as many phones do) gives its orientation too."""
    assert exif_orientation(jpeg(exif(orientation=8, order="<"))) == 8


@pytest.mark.task(3)
def test_first_chunk_must_be_ihdr():
    """A PNG that does not start with IHDR is damaged: ValueError."""
    with pytest.raises(ValueError):
        list_chunks(PNG_SIGNATURE + TEXT + IHDR + IDAT + IEND)


@pytest.mark.task(1)
def test_stray_bytes_between_segments_are_listed():
    """Stray bytes where a marker should start (as photo editors leave them) are one STRAY segment."""
    data = SOI + APP0 + b"\x00\x01\x02" + DQT + SOS + SCAN + EOI
    assert names(list_segments(data)) == ["SOI", "APP0", "STRAY", "DQT", "SOS", "EOI"]
    start = len(SOI + APP0)
    assert list_segments(data)[2] == ("STRAY", start, start + 3)


@pytest.mark.task(1)
def test_no_marker_after_stray_bytes_is_an_error():
    """Bytes that are not a marker, with no marker after them at all, mean a damaged file: ValueError."""
    with pytest.raises(ValueError):
        list_segments(SOI + APP0 + b"\x00\x01\x02")


@pytest.mark.task(2)
def test_stray_bytes_are_dropped():
    """A photo with stray bytes between its segments is scrubbed, not refused; the stray bytes go."""
    assert strip_jpeg(jpeg(exif(6), tables=(DQT, b"\x00\x00\x01", SOF0, DHT))) == jpeg(tables=(DQT, SOF0, DHT))


@pytest.mark.task(1)
def test_a_marker_that_cannot_start_a_segment():
    """FF 00 or a second SOI where a segment should start means a damaged file: ValueError."""
    for bad in (b"\xff\x00", b"\xff\xd8"):
        with pytest.raises(ValueError):
            list_segments(SOI + APP0 + bad + DQT + SOS + SCAN + EOI)


@pytest.mark.task(4)
def test_other_formats_are_refused():
    """GIF, PDF, text or nothing cannot be scrubbed here: ValueError."""
    for data in [b"GIF89a\x01\x00\x01\x00", b"%PDF-1.7", b"", b"hello"]:
        with pytest.raises(ValueError):
            scrub(data)
        with pytest.raises(ValueError):
            exif_orientation(data)


@pytest.mark.task(4)
def test_upright_photo_gets_no_block():
    """An upright photo (orientation 1), or one without orientation, needs nothing: plain scrub."""
    assert scrub(jpeg(exif(orientation=1)), keep_orientation=True) == jpeg()
    assert scrub(jpeg(exif()), keep_orientation=True) == jpeg()


@pytest.mark.task(1)
def test_errors_explain_themselves():
    """The ValueError for a damaged or foreign file has a message in words."""
    for data in [b"GIF89a...", jpeg()[:-2]]:
        with pytest.raises(ValueError) as caught:
            list_segments(data)
        assert len(str(caught.value).split()) >= 3


@pytest.mark.task(4)
def test_kept_block_comes_before_the_image():
    """The new EXIF block sits at the start of the file, before the tables and the image data."""
    found = names(list_segments(scrub(jpeg(exif(orientation=6)), keep_orientation=True)))
    assert found.index("APP1") < found.index("DQT")
    assert found[0] == "SOI"


@pytest.mark.task(2)
@pytest.mark.points(2)
def test_large_image_data_is_copied_exactly():
    """A large scan with many stuffed bytes and restart markers is copied byte for byte."""
    scan = random_scan(300_000)
    assert strip_jpeg(jpeg(exif(), scan=scan)) == jpeg(scan=scan)


@pytest.mark.task(4)
def test_orientation_after_an_xmp_block():
    """The orientation is found in the EXIF block even when an XMP block (also APP1) comes first."""
    assert exif_orientation(jpeg(XMP, exif(orientation=3))) == 3


@pytest.mark.task(1)
def test_two_scans_with_a_table_between():
    """A progressive JPEG has several scans, with tables between them: the walk goes on after a scan."""
    data = jpeg(after_scan=(DHT, SOS + SCAN2))
    assert names(list_segments(data)) == ["SOI", "APP0", "DQT", "SOF0", "DHT", "DRI", "SOS", "DHT", "SOS", "EOI"]


@pytest.mark.task(1)
def test_a_jpeg_must_start_with_its_start_marker():
    """Data that does not start with FF D8 is not a JPEG, even when a whole JPEG follows: ValueError."""
    for data in [b"\x00\x00" + jpeg()[2:], b"\x00" + jpeg()]:
        with pytest.raises(ValueError):
            list_segments(data)


@pytest.mark.task(2)
def test_adobe_block_keeps_its_first_twelve_bytes():
    """Of a longer Adobe APP14 block, only its first 12 bytes of data stay, with the length made right."""
    longer = segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01" + b"vendor note 000123")
    assert strip_jpeg(jpeg(longer)) == jpeg(ADOBE)


@pytest.mark.task(3)
def test_png_must_start_with_its_signature():
    """A PNG whose 8-byte signature is wrong, even in its last byte, raises ValueError."""
    with pytest.raises(ValueError):
        list_chunks(PNG_SIGNATURE[:7] + b"\x00" + png()[8:])


@pytest.mark.task(3)
def test_png_cut_in_its_last_chunk_is_an_error():
    """A PNG that ends in the middle of its IEND chunk raises ValueError."""
    for cut in [1, 4, 8]:
        with pytest.raises(ValueError):
            list_chunks(png()[:-cut])


def minimal_exif(orientation):
    """The minimal TIFF block that the task describes, holding only this orientation."""
    return (b"MM\x00\x2a\x00\x00\x00\x08" + b"\x00\x01" + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)
            + b"\x00\x00\x00\x00")


@pytest.mark.task(4)
def test_orientation_one_is_read():
    """Orientation 1 (upright) is an orientation like the others: exif_orientation gives 1."""
    assert exif_orientation(jpeg(exif(orientation=1))) == 1


@pytest.mark.task(4)
@pytest.mark.points(2)
def test_the_kept_block_is_exactly_the_minimal_one():
    """The new block is exactly the 26-byte TIFF of the task, in an APP1 right after SOI and JFIF's APP0
    (right after SOI without APP0), or in an eXIf chunk right after IHDR."""
    block = b"\xff\xe1" + struct.pack(">H", 2 + 6 + 26) + b"Exif\x00\x00" + minimal_exif(6)
    assert scrub(jpeg(exif(orientation=6)), keep_orientation=True) == SOI + APP0 + block + jpeg()[len(SOI + APP0):]
    no_jfif = SOI + exif(orientation=6) + DQT + SOS + SCAN + EOI
    assert scrub(no_jfif, keep_orientation=True) == SOI + block + DQT + SOS + SCAN + EOI
    assert scrub(png(EXIF_CHUNK), keep_orientation=True) == (PNG_SIGNATURE + IHDR + chunk(b"eXIf", minimal_exif(6))
                                                             + png()[8 + len(IHDR):])


@pytest.mark.task(4)
def test_exif_without_its_header_gives_none():
    """An EXIF block that is not the TIFF the task describes (not 42 after the byte order, cut short in
    its header, its list of tags past its end) gives None."""
    entry = b"\x00\x01" + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0) + b"\x00\x00\x00\x00"
    for tiff in [b"MM\x00\x2b\x00\x00\x00\x08" + entry, b"MM\x00\x2a\x00", b"MM\x00\x2a\x00\x00\x00\x08\x00",
                 b"MM\x00\x2a\x00\x00\x00\x30" + entry]:
        assert exif_orientation(jpeg(segment(0xE1, b"Exif\x00\x00" + tiff))) is None


@pytest.mark.task(2)
def test_only_jfif_and_adobe_blocks_are_kept():
    """An APP0 that is not JFIF, an APP14 that is not Adobe, and an APP1 that starts with "Adobe" go."""
    jfxx = segment(0xE0, b"JFXX\x00\x10" + bytes(range(40)))
    other14 = segment(0xEE, b"Vendor\x00 colour note 000123")
    adobe_in_app1 = segment(0xE1, b"Adobe\x00\x64\x00\x00\x00\x00\x01 XMP note")
    assert strip_jpeg(jpeg(jfxx, other14, adobe_in_app1)) == jpeg()
