"""HEIC from an iPhone (tests/photos/data/iphone.heic: 640x480 stored with orientation 6,
Apple iPhone 15, taken 2026-11-20 10:15:00 at 31°13'48"N 121°28'12"E), read through pi-heif."""

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from postloan_desktop.photos import _open
from postloan_desktop.photos._open import PhotoRejected, heif_available
from postloan_desktop.photos.pipeline import process_photo, read_photo

from .conftest import HEIC, decode

NOW = dt.datetime(2026, 11, 28, 16, 0)


def test_heic_is_read_with_its_exif() -> None:
    info = read_photo(HEIC, now=NOW)
    assert info.format == "HEIF"
    assert info.sha256 == hashlib.sha256(HEIC.read_bytes()).hexdigest()
    assert info.size_bytes == HEIC.stat().st_size
    assert (info.width, info.height) == (480, 640)  # portrait, as the phone was held
    assert (info.camera_make, info.camera_model, info.camera) == (
        "Apple",
        "iPhone 15",
        "Apple iPhone 15",
    )
    assert info.captured_at == dt.datetime(2026, 11, 20, 10, 15, 0)
    assert info.gps == pytest.approx((31 + 13 / 60 + 48 / 3600, 121 + 28 / 60 + 12 / 3600))
    assert info.warnings == ()


def test_heic_renditions_are_portrait_jpegs_turned_once() -> None:
    """libheif already applies the rotation; turning it again by the EXIF tag would lay the
    photo on its side."""
    processed = process_photo(HEIC, now=NOW)
    report = decode(processed.renditions.report_jpeg)
    thumb = decode(processed.renditions.thumbnail_jpeg)
    assert (report.format, report.mode, report.size) == ("JPEG", "RGB", (480, 640))
    assert (thumb.format, thumb.size) == ("JPEG", (240, 320))
    assert len(report.getexif()) == 0  # no GPS or camera details in report images
    assert heif_available()  # decoding happened in a helper process; register it here too
    with Image.open(HEIC) as direct:
        reference = direct.convert("RGB")
    for x, y in ((20, 20), (460, 20), (240, 320), (20, 620), (460, 620)):
        expected = reference.getpixel((x, y))
        actual = report.getpixel((x, y))
        assert isinstance(expected, tuple) and isinstance(actual, tuple)
        assert all(abs(a - b) < 24 for a, b in zip(actual, expected, strict=True)), (x, y)


def test_photos_check_accepts_heic(tmp_path: Path) -> None:
    copy = tmp_path / "IMG_4021.HEIC"  # as iPhones name them
    shutil.copy(HEIC, copy)
    result = subprocess.run(
        [sys.executable, "-m", "postloan_desktop", "photos", "check", str(copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout)
    assert (line["width"], line["height"]) == (480, 640)
    assert line["camera"] == "Apple iPhone 15"
    assert line["captured_at"] == "2026-11-20T10:15:00"
    assert line["gps"] == pytest.approx([31.23, 121.47], abs=1e-6)
    assert "error" not in line


@pytest.mark.parametrize("name", ["IMG_4021.HEIC", "IMG_4021.heif"])
def test_without_pi_heif_heic_is_refused_naming_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
) -> None:
    monkeypatch.setattr(_open, "_heif_registered", False)
    copy = tmp_path / name
    shutil.copy(HEIC, copy)
    with pytest.raises(PhotoRejected) as caught:
        read_photo(copy, now=NOW)
    assert caught.value.reason == "not_an_image"
    message = str(caught.value)
    assert name in message and "HEIC" in message and "pi-heif" in message


def damaged_heic(
    tmp_path: Path, name: str, *, at: int | None = None, byte: int = 0x94, cut: int | None = None
) -> Path:
    data = bytearray(HEIC.read_bytes())
    if at is not None:
        assert data[at] != byte
        data[at] = byte
    if cut is not None:
        del data[cut:]
    path = tmp_path / name
    path.write_bytes(bytes(data))
    return path


def mdat_payload(data: bytes) -> int:
    """Offset of the first byte of the coded picture (after the mdat box header and the NAL
    length): a damaged length there makes libheif run off the end of the data."""
    return data.index(b"mdat") + 4 + 2


@pytest.mark.parametrize("cut", [30, 200, 1000, 3000, 4800])
def test_a_truncated_heic_is_corrupt(tmp_path: Path, cut: int) -> None:
    path = damaged_heic(tmp_path, "IMG_4021.HEIC", cut=cut)
    with pytest.raises(PhotoRejected) as caught:
        read_photo(path, now=NOW)
    assert caught.value.reason == "corrupt", str(caught.value)
    assert "IMG_4021.HEIC" in str(caught.value)


def test_a_heic_whose_picture_data_is_damaged_is_corrupt(tmp_path: Path) -> None:
    """libheif says "Unexpected end of file" (an EOFError, not an OSError) for this one."""
    at = mdat_payload(HEIC.read_bytes())
    path = damaged_heic(tmp_path, "IMG_4022.HEIC", at=at, byte=0x45)
    with pytest.raises(PhotoRejected) as caught:
        read_photo(path, now=NOW)
    assert caught.value.reason == "corrupt"
    assert "damaged or incomplete" in str(caught.value)


def test_a_heic_with_a_damaged_item_type_is_refused_not_a_crash(tmp_path: Path) -> None:
    data = HEIC.read_bytes()
    path = damaged_heic(tmp_path, "IMG_4023.HEIC", at=data.index(b"Exif", data.index(b"iinf")))
    result = subprocess.run(
        [sys.executable, "-m", "postloan_desktop", "photos", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, f"exit status {result.returncode}"
    assert json.loads(result.stdout)["reason"] in ("corrupt", "not_an_image")
