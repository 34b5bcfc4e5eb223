"""Exercise 07's reference scrubber against files that a well-kept image library writes (Pillow):
JPEG with EXIF and GPS, the same with stray bytes between segments, a two-picture MPO, PNG with
eXIf and text chunks. Synthetic pictures only. Test-only dependency: learners never need Pillow."""

from __future__ import annotations

import io
import warnings

import pytest

from tests.solutions.solution import solution_module

Image = pytest.importorskip("PIL.Image")
PngImagePlugin = pytest.importorskip("PIL.PngImagePlugin")

scrubber = solution_module("07-scrubber", "scrubber")

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def picture(colour=(200, 30, 60)):
    """A small synthetic picture with some structure, so that compression has something to do."""
    image = Image.new("RGB", (64, 48), colour)
    for x in range(64):
        image.putpixel((x, x % 48), (x * 4, 255 - x * 4, 90))
    return image


def camera_exif(orientation=6):
    exif = Image.Exif()
    exif[0x010F] = "ExampleCam"      # make
    exif[0x0110] = "Model 1"         # model
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "S", 2: (1.0, 2.0, 3.0), 3: "W", 4: (4.0, 5.0, 6.0)})  # open sea
    return exif


def saved(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def pixels(data):
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


def test_pillow_jpeg_with_exif_and_gps():
    """A JPEG that Pillow writes with EXIF and GPS: the scrubbed copy has no EXIF at all and decodes
    to the very same pixels; with keep_orientation it keeps only the orientation."""
    photo = saved(picture(), "JPEG", exif=camera_exif(), comment=b"safe house")
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(GPS_IFD)
    clean = scrubber.scrub(photo)
    with Image.open(io.BytesIO(clean)) as image:
        assert dict(image.getexif()) == {} and "comment" not in image.info and "exif" not in image.info
    assert pixels(clean) == pixels(photo)
    upright = scrubber.scrub(photo, keep_orientation=True)
    with Image.open(io.BytesIO(upright)) as image:
        assert dict(image.getexif()) == {ORIENTATION: 6}
    assert pixels(upright) == pixels(photo)


def test_pillow_jpeg_with_stray_bytes_between_segments():
    """Stray bytes between segments, as some editors leave them: Pillow (libjpeg) still decodes the
    photo, and the scrubber cleans it instead of calling it damaged."""
    photo = saved(picture(), "JPEG", exif=camera_exif())
    segments = scrubber.list_segments(photo)
    cut = next(segment.start for segment in segments if segment.name == "DQT")
    stray = photo[:cut] + b"\x00\x00\x17" + photo[cut:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert pixels(stray) == pixels(photo)
    assert "STRAY" in [segment.name for segment in scrubber.list_segments(stray)]
    clean = scrubber.scrub(stray)
    assert clean == scrubber.scrub(photo)
    assert pixels(clean) == pixels(photo)


def test_pillow_mpo_second_picture_is_dropped():
    """A two-picture MPO (a 3D photo's second view after the first end marker): the scrubbed copy
    is the first picture alone, with no MPF or EXIF block."""
    first, second = picture(), picture((20, 180, 40))
    mpo = saved(first, "MPO", save_all=True, append_images=[second], exif=camera_exif())
    with Image.open(io.BytesIO(mpo)) as image:
        assert getattr(image, "n_frames", 1) == 2
    names = [segment.name for segment in scrubber.list_segments(mpo)]
    assert names[-1] == "TRAILER" and "APP2" in names
    clean = scrubber.scrub(mpo)
    assert "TRAILER" not in [segment.name for segment in scrubber.list_segments(clean)]
    with Image.open(io.BytesIO(clean)) as image:
        assert image.format == "JPEG" and getattr(image, "n_frames", 1) == 1
        assert dict(image.getexif()) == {}
    assert pixels(clean) == pixels(mpo)  # Pillow shows the first picture of an MPO


def test_pillow_png_with_exif_and_text_chunks():
    """A PNG with an eXIf chunk and text chunks (one holding an EXIF block as hex text, as some
    tools write it): all go, the pixels stay, and the orientation is read from eXIf only."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "1.0345 S 4.0851 W")
    info.add_text("Raw profile type exif", "exif\n      20\n4d4d002a00000008", zip=True)
    info.add_itxt("Comment", "안전가옥에서 찍음")
    screenshot = saved(picture(), "PNG", exif=camera_exif(orientation=8), pnginfo=info)
    assert scrubber.exif_orientation(screenshot) == 8
    clean = scrubber.scrub(screenshot)
    assert [chunk.name for chunk in scrubber.list_chunks(clean)] == ["IHDR", "IDAT", "IEND"]
    with Image.open(io.BytesIO(clean)) as image:
        assert image.text == {} and dict(image.getexif()) == {}
    assert pixels(clean) == pixels(screenshot)
    assert scrubber.exif_orientation(scrubber.scrub(screenshot, keep_orientation=True)) == 8
