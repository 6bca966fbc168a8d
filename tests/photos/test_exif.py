"""What a photo's EXIF says, read the way an import reads it: all eight orientations (size and
pixels of both renditions), GPS in every hemisphere and in every broken form, missing and
broken tags, and EXIF blocks too damaged to parse."""

import datetime as dt
import struct
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

from postloan_desktop.photos.pipeline import process_photo, read_photo

from .conftest import (
    DOUBLE,
    SHORT,
    UNDEFINED,
    UPRIGHT,
    Entry,
    ascii_entry,
    corners,
    decode,
    make_exif,
    marked,
    numbered,
    rational_entry,
    raw_exif,
    stored_as,
    write_jpeg,
)

NOW = dt.datetime(2026, 11, 28, 16, 0)
# Pillow says what it skipped in a damaged EXIF block; that is what these tests make.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning"),
    pytest.mark.filterwarnings("ignore:Truncated File Read:UserWarning"),
    pytest.mark.filterwarnings("ignore:Metadata Warning:UserWarning"),
]
ORIENTATION = 0x0112
DATETIME_ORIGINAL = 0x9003


# --- orientation ---------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_is_turned_upright(tmp_path: Path, orientation: int) -> None:
    upright = marked((96, 64))  # landscape as the camera saw it
    stored = stored_as(upright, orientation)
    assert stored.size == ((64, 96) if orientation >= 5 else (96, 64))
    path = write_jpeg(tmp_path / f"o{orientation}.jpg", stored, make_exif(orientation=orientation))

    processed = process_photo(path, now=NOW)
    info = processed.info
    assert read_photo(path, now=NOW) == info
    assert info.orientation == orientation
    assert (info.width, info.height) == (96, 64)  # swapped back for 5-8
    report = decode(processed.renditions.report_jpeg)
    thumb = decode(processed.renditions.thumbnail_jpeg)
    assert report.size == processed.renditions.report_size == (96, 64)
    assert corners(report) == UPRIGHT
    assert corners(thumb) == UPRIGHT


@pytest.mark.parametrize("orientation", [3, 6, 7])
def test_orientation_survives_the_draft_scale_decode(tmp_path: Path, orientation: int) -> None:
    """A 3840x2560 photo is decoded at 3/8 scale (1440x960); it is turned upright all the
    same."""
    stored = stored_as(marked((96, 64)), orientation)
    big = stored.resize((stored.width * 40, stored.height * 40))
    path = write_jpeg(tmp_path / "big.jpg", big, make_exif(orientation=orientation))
    processed = process_photo(path, now=NOW)
    assert (processed.info.width, processed.info.height) == (3840, 2560)
    assert processed.renditions.report_size in ((1440, 960), (960, 1440))
    assert max(processed.renditions.thumb_size) == 320
    assert corners(decode(processed.renditions.report_jpeg)) == UPRIGHT
    assert corners(decode(processed.renditions.thumbnail_jpeg)) == UPRIGHT


def orientation_entry(kind: int, count: int, payload: bytes) -> bytes:
    return raw_exif([(ORIENTATION, kind, count, payload)])


@pytest.mark.parametrize(
    "exif",
    [
        pytest.param(make_exif(orientation=0), id="zero"),
        pytest.param(make_exif(orientation=9), id="nine"),
        pytest.param(make_exif(orientation=65535), id="huge"),
        pytest.param(raw_exif([ascii_entry(ORIENTATION, b"6\0")]), id="text"),
        pytest.param(raw_exif([rational_entry(ORIENTATION, (6, 1))]), id="rational"),
        pytest.param(orientation_entry(DOUBLE, 1, struct.pack("<d", 6.0)), id="double"),
        pytest.param(orientation_entry(UNDEFINED, 1, b"\x06"), id="undefined"),
    ],
)
def test_a_broken_orientation_counts_as_upright_in_size_and_pixels(
    tmp_path: Path, exif: object
) -> None:
    """What is reported, what is recorded and what the renditions show must agree: a tag that
    is not a whole number 1-8 is ignored everywhere, not read as 6 by one part and as 1 by
    another."""
    path = tmp_path / "odd.jpg"
    marked((96, 64)).save(path, "JPEG", quality=92, exif=exif)
    processed = process_photo(path, now=NOW)
    assert processed.info.orientation == 1
    assert (processed.info.width, processed.info.height) == (96, 64)
    assert processed.renditions.report_size == (96, 64)
    assert corners(decode(processed.renditions.report_jpeg)) == UPRIGHT


def test_orientation_repeated_takes_the_first_value_everywhere(tmp_path: Path) -> None:
    path = write_jpeg(
        tmp_path / "twice.jpg",
        stored_as(marked(), 6),
        orientation_entry(SHORT, 2, struct.pack("<HH", 6, 3)),
    )
    processed = process_photo(path, now=NOW)
    assert (processed.info.width, processed.info.height) == (96, 64)
    assert corners(decode(processed.renditions.report_jpeg)) == UPRIGHT


# --- GPS -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gps", "expected"),
    [
        ((31.23, 121.47), (31.23, 121.47)),  # Shanghai: N, E
        ((-33.8688, 151.2093), (-33.8688, 151.2093)),  # Sydney: S, E
        ((40.7128, -74.0060), (40.7128, -74.0060)),  # New York: N, W
        ((-22.9068, -43.1729), (-22.9068, -43.1729)),  # Rio: S, W
        ((0.0, 114.3), (0.0, 114.3)),  # on the equator is a real place
    ],
)
def test_gps_hemispheres(
    jpeg: Callable[..., Path], gps: tuple[float, float], expected: tuple[float, float]
) -> None:
    info = read_photo(jpeg(gps=gps), now=NOW)
    assert info.gps == pytest.approx(expected, abs=1e-5)
    assert not [w for w in info.warnings if w.startswith("gps")]


def dms_raw(degrees: int, minutes: int, seconds: int) -> tuple[Fraction, Fraction, Fraction]:
    return Fraction(degrees), Fraction(minutes), Fraction(seconds)


def gps_raw(lat_ref: str, lat: int, lon_ref: str, lon: int) -> dict[int, object]:
    return {1: lat_ref, 2: dms_raw(lat, 0, 0), 3: lon_ref, 4: dms_raw(lon, 0, 0)}


@pytest.mark.parametrize(
    ("raw", "warning"),
    [
        pytest.param(gps_raw("N", 0, "E", 0), "gps_zero", id="0,0"),
        pytest.param(gps_raw("N", 95, "E", 114), "gps_invalid", id="lat-95"),
        pytest.param(gps_raw("S", 30, "W", 190), "gps_invalid", id="lon-190"),
    ],
)
def test_gps_zero_and_out_of_range_are_dropped_with_a_warning(
    jpeg: Callable[..., Path], raw: dict[int, object], warning: str
) -> None:
    info = read_photo(jpeg(gps_raw=raw), now=NOW)
    assert info.gps is None
    assert warning in info.warnings
    assert "gps_missing" not in info.warnings


@pytest.mark.parametrize(
    "latitude",
    [
        pytest.param(rational_entry(2, (30, 0), (35, 1), (0, 1)), id="x/0"),
        pytest.param(rational_entry(2, (0, 0), (0, 0), (0, 0)), id="0/0"),
        pytest.param(rational_entry(2, (30, 1), (35, 1)), id="two-parts"),
        pytest.param(ascii_entry(2, b"30.59N\0"), id="text"),
    ],
)
def test_nonsense_gps_rationals_give_no_position(tmp_path: Path, latitude: Entry) -> None:
    exif = raw_exif(
        gps_ifd=[
            ascii_entry(1, b"N\0"),
            latitude,
            ascii_entry(3, b"E\0"),
            rational_entry(4, (114, 1), (18, 1), (0, 1)),
        ]
    )
    info = read_photo(write_jpeg(tmp_path / "gps.jpg", numbered(1), exif), now=NOW)
    assert info.gps is None
    assert {"gps_zero", "gps_invalid"} & set(info.warnings), info.warnings


def test_a_gps_block_without_coordinates_is_missing_gps(tmp_path: Path) -> None:
    """Phones without a fix write the GPS block with its version (and time) only: that is a
    photo without a position, not a position of 0,0."""
    exif = raw_exif(gps_ifd=[(0, 1, 4, b"\x02\x02\x00\x00")])
    info = read_photo(write_jpeg(tmp_path / "nofix.jpg", numbered(1), exif), now=NOW)
    assert info.gps is None
    assert "gps_missing" in info.warnings
    assert "gps_zero" not in info.warnings


def test_missing_hemisphere_refs_read_as_north_and_east(jpeg: Callable[..., Path]) -> None:
    raw = {2: dms_raw(30, 35, 24), 4: dms_raw(114, 18, 0)}
    info = read_photo(jpeg(gps_raw=raw), now=NOW)
    assert info.gps == pytest.approx((30.59, 114.3), abs=1e-5)


# --- capture time --------------------------------------------------------------------------


def with_datetime(tmp_path: Path, value: bytes) -> Path:
    exif = raw_exif(exif_ifd=[ascii_entry(DATETIME_ORIGINAL, value)])
    return write_jpeg(tmp_path / "taken.jpg", numbered(2), exif)


@pytest.mark.parametrize(
    "value",
    [
        b"garbage\0",
        b"0000:00:00 00:00:00\0",
        b"    :  :     :  :  \0",  # the EXIF way of saying "unknown"
        b"2026:02:30 10:00:00\0",  # no 30 February
        b"2026:11:28 25:00:00\0",
        b"\0\0\0\0",
        b"\xff\xfe\x00\x01",
    ],
)
def test_a_garbage_capture_time_is_missing(tmp_path: Path, value: bytes) -> None:
    info = read_photo(with_datetime(tmp_path, value), now=NOW)
    assert info.captured_at is None
    assert "capture_time_missing" in info.warnings


def test_capture_time_padded_with_nuls_is_read(tmp_path: Path) -> None:
    info = read_photo(with_datetime(tmp_path, b"2026:11:28 09:41:07\0\0\0\0"), now=NOW)
    assert info.captured_at == dt.datetime(2026, 11, 28, 9, 41, 7)
    assert "capture_time_missing" not in info.warnings


@pytest.mark.parametrize(
    ("taken", "warning"),
    [
        (dt.datetime(1970, 1, 1, 0, 0), "date_before_2000"),  # a camera whose clock was reset
        (dt.datetime(1999, 12, 31, 23, 59), "date_before_2000"),
        (dt.datetime(2026, 11, 28, 16, 30), "date_in_future"),  # half an hour from now
        (dt.datetime(2037, 1, 1, 8, 0), "date_in_future"),
    ],
)
def test_nonsense_capture_dates_warn(
    jpeg: Callable[..., Path], taken: dt.datetime, warning: str
) -> None:
    info = read_photo(jpeg(taken=taken), now=NOW)
    assert info.captured_at == taken  # kept: the person looking decides
    assert warning in info.warnings
    assert ({"date_before_2000", "date_in_future"} - {warning}).isdisjoint(info.warnings)


def test_a_plausible_capture_date_does_not_warn(jpeg: Callable[..., Path]) -> None:
    info = read_photo(jpeg(taken=dt.datetime(2000, 1, 1, 0, 0)), now=NOW)
    assert not {"date_before_2000", "date_in_future", "capture_time_missing"} & set(info.warnings)


# --- camera and software -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "model", "camera"),
    [
        ("HUAWEI", "P60 Pro", "HUAWEI P60 Pro"),
        ("Xiaomi", "Xiaomi 14", "Xiaomi 14"),  # the model repeats the make
        ("Apple", "iPhone 15", "Apple iPhone 15"),
        ("OPPO", None, "OPPO"),
        (None, "vivo X100", "vivo X100"),
        ("   ", "  ", None),
    ],
)
def test_camera_from_make_and_model(
    jpeg: Callable[..., Path], make: str | None, model: str | None, camera: str | None
) -> None:
    info = read_photo(jpeg(make=make, model=model), now=NOW)
    assert info.camera == camera


def test_text_tags_padded_with_nuls_or_stored_as_bytes_are_cleaned(tmp_path: Path) -> None:
    exif = raw_exif(
        [
            ascii_entry(0x010F, b"HUAWEI\0\0\0\0\0\0"),
            (0x0110, UNDEFINED, 9, b"P60\0Pro\0\0"),
            ascii_entry(0x0131, b"\0\0Meitu 9.1\0"),
        ]
    )
    info = read_photo(write_jpeg(tmp_path / "nul.jpg", numbered(3), exif), now=NOW)
    assert info.camera_make == "HUAWEI"
    assert info.camera_model == "P60Pro"
    assert info.software == "Meitu 9.1"
    assert "edited_by_software" in info.warnings


@pytest.mark.parametrize(
    ("software", "edited"),
    [
        ("Adobe Photoshop Lightroom Classic 13.0 (Windows)", True),
        ("GIMP 2.10.36", True),
        ("美图秀秀", True),
        ("醒图 9.6.0", True),
        ("Snapseed", True),
        ("HDR+ 1.0.540104767zd", False),  # the phone's own processing
        ("iOS 17.1", False),
        ("MediaTek Camera Application", False),
    ],
)
def test_editing_software_is_told_from_camera_firmware(
    tmp_path: Path, software: str, edited: bool
) -> None:
    """Written as the apps write it: UTF-8 bytes in the ASCII tag (Pillow's own writer would
    turn 美图秀秀 into question marks)."""
    exif = raw_exif([ascii_entry(0x0131, software.encode() + b"\0")])
    info = read_photo(write_jpeg(tmp_path / "sw.jpg", numbered(5), exif), now=NOW)
    assert info.software == software
    assert ("edited_by_software" in info.warnings) is edited


def test_chinese_make_and_model_are_read_as_utf8_and_latin1_stays_latin1(tmp_path: Path) -> None:
    exif = raw_exif(
        [
            ascii_entry(0x010F, "华为".encode() + b"\0"),
            ascii_entry(0x0110, "Mate 60 Pro 雅川青".encode() + b"\0"),
            ascii_entry(0x0131, "Caf\xe9 Cam 1.0".encode("latin-1") + b"\0"),
        ]
    )
    info = read_photo(write_jpeg(tmp_path / "cn.jpg", numbered(6), exif), now=NOW)
    assert info.camera == "华为 Mate 60 Pro 雅川青"
    assert info.software == "Caf\xe9 Cam 1.0"


# --- missing and damaged EXIF --------------------------------------------------------------


def test_no_exif_at_all(tmp_path: Path) -> None:
    info = read_photo(write_jpeg(tmp_path / "plain.jpg", numbered(4)), now=NOW)
    assert (info.orientation, info.captured_at, info.gps) == (1, None, None)
    assert (info.camera_make, info.camera_model, info.software) == (None, None, None)
    assert info.warnings == ("capture_time_missing", "gps_missing")


@pytest.mark.parametrize(
    "block",
    [
        pytest.param(b"Exif\0\0" + b"\xde\xad\xbe\xef" * 16, id="garbage-after-header"),
        pytest.param(b"Exif\0\0", id="nothing-after-header"),
        pytest.param(b"Exif\0\0II*\0" + struct.pack("<I", 99_999), id="ifd-past-the-end"),
        pytest.param(b"Exif\0\0II*\0\x08\0\0\0" + struct.pack("<H", 60_000), id="huge-count"),
        pytest.param(
            raw_exif([(0x8769, 4, 1, struct.pack("<I", 99_999))]), id="exif-ifd-past-the-end"
        ),
        pytest.param(
            raw_exif([(0x8825, 4, 1, struct.pack("<I", 99_999))]), id="gps-ifd-past-the-end"
        ),
        pytest.param(
            raw_exif([(0x010F, 2, 400, struct.pack("<I", 99_999))]), id="make-past-the-end"
        ),
    ],
)
def test_a_damaged_exif_block_reads_as_no_exif_and_the_photo_is_kept(
    tmp_path: Path, block: bytes
) -> None:
    path = write_jpeg(tmp_path / "damaged.jpg", marked(), block)
    assert block in path.read_bytes()  # the damaged block really is in the file
    processed = process_photo(path, now=NOW)
    assert processed.info.orientation == 1 and processed.info.gps is None
    assert (processed.info.width, processed.info.height) == (96, 64)
    assert corners(decode(processed.renditions.report_jpeg)) == UPRIGHT


def test_a_damaged_gps_block_does_not_lose_the_rest(tmp_path: Path) -> None:
    exif = raw_exif(
        [ascii_entry(0x010F, b"HUAWEI\0"), (0x0112, SHORT, 1, struct.pack("<H", 6))],
        exif_ifd=[ascii_entry(DATETIME_ORIGINAL, b"2026:11:28 09:00:00\0")],
        gps_ifd=[(2, 5, 3, struct.pack("<I", 99_999))],  # latitude pointing past the end
    )
    path = write_jpeg(tmp_path / "gps-damaged.jpg", stored_as(marked(), 6), exif)
    info = read_photo(path, now=NOW)
    assert info.camera == "HUAWEI"
    assert info.captured_at == dt.datetime(2026, 11, 28, 9, 0)
    assert info.gps is None
    assert (info.width, info.height, info.orientation) == (96, 64, 6)
