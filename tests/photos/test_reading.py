import datetime as dt
import struct
import zlib
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from PIL import Image

from postloan_desktop.domain.errors import InvalidInput
from postloan_desktop.photos._open import DEFAULT_MAX_PIXELS, PhotoRejected, open_image
from postloan_desktop.photos.pipeline import read_photo

from .conftest import scene

NOW = dt.datetime(2026, 5, 20, 12, 0)


def reject_reason(path: Path, max_pixels: int = DEFAULT_MAX_PIXELS) -> str:
    with pytest.raises(PhotoRejected) as caught:
        read_photo(path, max_pixels=max_pixels)
    assert isinstance(caught.value, InvalidInput)
    assert path.name in str(caught.value)
    return caught.value.reason


def test_plain_jpeg_is_read_with_its_hash_and_size(jpeg: Callable[..., Path]) -> None:
    import hashlib

    path = jpeg()
    info = read_photo(path, now=NOW)
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert info.size_bytes == path.stat().st_size
    assert (info.format, info.width, info.height, info.orientation) == ("JPEG", 400, 300, 1)
    assert info.captured_at is None and info.gps is None and info.camera is None
    assert info.warnings == ("capture_time_missing", "gps_missing")
    assert len(info.phash) == 16


def test_orientation_6_swaps_width_and_height(jpeg: Callable[..., Path]) -> None:
    info = read_photo(jpeg(orientation=6), now=NOW)
    assert (info.width, info.height, info.orientation) == (300, 400, 6)


def test_capture_time_gps_and_camera_are_read_back(jpeg: Callable[..., Path]) -> None:
    taken = dt.datetime(2026, 5, 18, 9, 41, 7)
    path = jpeg(taken=taken, gps=(30.59, 114.30), make="HUAWEI", model="P60 Pro")
    info = read_photo(path, now=NOW)
    assert info.captured_at == taken
    assert info.gps is not None
    assert info.gps == pytest.approx((30.59, 114.30), abs=1e-5)
    assert info.camera == "HUAWEI P60 Pro"
    assert info.warnings == ()


def test_southern_and_western_refs_make_negative_coordinates(
    jpeg: Callable[..., Path],
) -> None:
    info = read_photo(jpeg(gps=(-33.8688, -70.6693)), now=NOW)
    assert info.gps == pytest.approx((-33.8688, -70.6693), abs=1e-5)


def test_zero_gps_is_missing_with_a_warning(jpeg: Callable[..., Path]) -> None:
    info = read_photo(jpeg(gps=(0.0, 0.0)), now=NOW)
    assert info.gps is None
    assert "gps_zero" in info.warnings


def test_zero_over_zero_rationals_are_missing(jpeg: Callable[..., Path]) -> None:
    nothing = (Fraction(0), Fraction(0), Fraction(0))
    raw = {1: "N", 2: nothing, 3: "E", 4: nothing}
    info = read_photo(jpeg(gps_raw=raw), now=NOW)
    assert info.gps is None
    assert "gps_zero" in info.warnings


def test_photoshop_software_warns_edited(jpeg: Callable[..., Path]) -> None:
    info = read_photo(jpeg(software="Adobe Photoshop 25.0 (Windows)"), now=NOW)
    assert info.software == "Adobe Photoshop 25.0 (Windows)"
    assert "edited_by_software" in info.warnings


def test_camera_firmware_is_not_an_editor(jpeg: Callable[..., Path]) -> None:
    info = read_photo(jpeg(software="P60 Pro 4.0.0.120"), now=NOW)
    assert "edited_by_software" not in info.warnings


def test_nonsense_dates_warn(jpeg: Callable[..., Path]) -> None:
    old = read_photo(jpeg("old.jpg", taken=dt.datetime(1999, 12, 31, 23, 0)), now=NOW)
    future = read_photo(jpeg("future.jpg", taken=dt.datetime(2026, 5, 21, 8, 0)), now=NOW)
    assert "date_before_2000" in old.warnings
    assert "date_in_future" in future.warnings
    assert "date_in_future" not in old.warnings


def test_png_without_exif_is_read(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    scene().save(path)
    info = read_photo(path, now=NOW)
    assert (info.format, info.width, info.height) == ("PNG", 400, 300)


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    assert reject_reason(path) == "empty"


def test_text_named_jpg_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("客户说下周还款\n", encoding="utf-8")
    assert reject_reason(path) == "not_an_image"


def test_truncated_jpeg_is_corrupt(jpeg: Callable[..., Path]) -> None:
    path = jpeg(size=(800, 600))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert reject_reason(path) == "corrupt"


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    assert reject_reason(tmp_path / "gone.jpg") == "unreadable"


def _png_claiming(path: Path, width: int, height: int) -> None:
    """A small valid PNG whose IHDR (with a correct CRC) claims ``width`` x ``height``."""
    Image.new("RGB", (8, 8), "white").save(path)
    data = bytearray(path.read_bytes())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    path.write_bytes(bytes(data))


def test_png_claiming_30000_by_30000_is_too_large_without_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    _png_claiming(path, 30_000, 30_000)  # 900 megapixels, also past Pillow's own limit
    assert reject_reason(path) == "too_large"


def test_pixel_limit_is_ours_not_pillows(tmp_path: Path) -> None:
    path = tmp_path / "small.png"
    scene((100, 100)).save(path)
    assert reject_reason(path, max_pixels=9_999) == "too_large"
    assert read_photo(path, max_pixels=10_000).width == 100


def test_header_of_200_megapixel_photo_passes_the_default_limit(tmp_path: Path) -> None:
    """16320 x 12240 (a 200 MP phone sensor) is above Pillow's own bomb limit but within
    ours. Only the header is read, so no 200 MP buffer is ever allocated."""
    path = tmp_path / "200mp.png"
    _png_claiming(path, 16_320, 12_240)
    pillow_limit = Image.MAX_IMAGE_PIXELS
    pixels = 16_320 * 12_240
    assert pixels > 2 * (pillow_limit or 0)
    with open_image(path, max_pixels=DEFAULT_MAX_PIXELS) as image:
        assert image.size == (16_320, 12_240)
    restored = Image.MAX_IMAGE_PIXELS
    assert restored == pillow_limit  # put back after the header was read
    assert reject_reason(path, max_pixels=pixels - 1) == "too_large"
