"""Every kind of bad file an officer's card or phone produces is refused with a reason and a
message naming the file: damaged, not an image, empty, past the pixel limit (refused from the
header, never decoded), or unreadable because the card went away."""

import errno
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from postloan_desktop.photos._open import DEFAULT_MAX_PIXELS, PhotoRejected, open_image
from postloan_desktop.photos.pipeline import process_photo, read_photo

from .conftest import scene, sof_claiming


def encoded(fmt: str, size: tuple[int, int] = (640, 480)) -> bytes:
    buffer = io.BytesIO()
    scene(size).save(buffer, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return buffer.getvalue()


def flipped(data: bytes, start: int, length: int) -> bytes:
    return (
        data[:start] + bytes(255 - b for b in data[start : start + length]) + data[start + length :]
    )


def damaged_png_header(data: bytes) -> bytes:
    broken = bytearray(data)
    broken[20] ^= 0xFF  # inside IHDR: its CRC no longer matches
    return bytes(broken)


JPEG = encoded("JPEG")
PNG = encoded("PNG", (64, 48))

DAMAGED: dict[str, Callable[[], bytes]] = {
    "cut-in-the-header": lambda: JPEG[:10],
    "cut-in-the-tables": lambda: JPEG[:200],
    "cut-in-half": lambda: JPEG[: len(JPEG) // 2],
    "end-marker-missing": lambda: JPEG[:-2],
    "scan-data-overwritten": lambda: flipped(JPEG, len(JPEG) // 2, 500),
    "frame-header-overwritten": lambda: JPEG.replace(b"\xff\xc0", b"\xff\xc0" + b"\0" * 8, 1),
    "jpeg-marker-then-noise": lambda: b"\xff\xd8\xff" + bytes(range(256)) * 12,
    "claims-zero-width": lambda: sof_claiming(JPEG, 0, 480),
    "png-cut": lambda: PNG[: len(PNG) // 2],
    "png-header-crc": lambda: damaged_png_header(PNG),
    "webp-cut": lambda: encoded("WEBP", (64, 48))[:60],
    "tiff-cut": lambda: encoded("TIFF", (64, 48))[:2000],
}

NOT_IMAGES: dict[str, bytes] = {
    "notes.jpg": "客户说下周还款\n".encode(),
    "saved-web-page.jpg": b"<!doctype html><html><body>404 Not Found</body></html>",
    "scan.jpeg": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n",
    "zeros.png": b"\0" * 4096,
    "animation.jpg": encoded("GIF", (64, 48)),  # a GIF is an image, but not a photo we take
    "IMG_0001.HEIC": b"ftypheic" + b"\0" * 64,
}


def rejected(path: Path) -> PhotoRejected:
    with pytest.raises(PhotoRejected) as caught:
        read_photo(path)
    assert path.name in str(caught.value)
    return caught.value


@pytest.mark.parametrize("kind", DAMAGED)
def test_damaged_images_are_corrupt(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.jpg"
    path.write_bytes(DAMAGED[kind]())
    problem = rejected(path)
    assert problem.reason == "corrupt", str(problem)
    assert "damaged" in str(problem)


@pytest.mark.parametrize("name", NOT_IMAGES)
def test_other_files_with_an_image_extension_are_not_images(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(NOT_IMAGES[name])
    problem = rejected(path)
    assert problem.reason == "not_an_image", str(problem)


@pytest.mark.parametrize("name", ["empty.jpg", "empty.png", "empty.heic"])
def test_zero_byte_files_are_empty(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.touch()
    problem = rejected(path)
    assert problem.reason == "empty"
    assert "0 bytes" in str(problem)


def test_a_folder_named_like_a_photo_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "DCIM.jpg"
    path.mkdir()
    assert rejected(path).reason == "unreadable"


# --- pixel limit ---------------------------------------------------------------------------


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every pixel decode Pillow starts."""
    started: list[str] = []
    real_load = ImageFile.ImageFile.load

    def spy(self: ImageFile.ImageFile) -> object:
        started.append(f"{self.format} {self.size}")
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return started


@pytest.mark.parametrize(
    ("width", "height", "megapixels"),
    [
        (60_000, 60_000, None),  # 3.6 gigapixels: past Pillow's own bomb limit too
        (20_000, 15_000, 300),  # between ours and Pillow's: our check says how many
        (16_384, 15_300, 251),
    ],
)
def test_a_jpeg_claiming_too_many_pixels_is_refused_from_its_header(
    tmp_path: Path, loads: list[str], width: int, height: int, megapixels: int | None
) -> None:
    path = tmp_path / "bomb.jpg"
    path.write_bytes(sof_claiming(encoded("JPEG", (64, 48)), width, height))
    problem = rejected(path)
    assert problem.reason == "too_large"
    if megapixels is not None:
        assert f"({megapixels} megapixels)" in str(problem) and "250 megapixels" in str(problem)
    assert loads == []  # refused before a single pixel was decoded


def test_a_png_bomb_is_refused_without_decoding(tmp_path: Path, loads: list[str]) -> None:
    path = tmp_path / "bomb.png"
    data = bytearray(PNG)
    data[16:24] = (50_000).to_bytes(4, "big") * 2
    import zlib

    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")
    path.write_bytes(bytes(data))
    assert rejected(path).reason == "too_large"
    assert loads == []


def test_a_genuine_200_megapixel_jpeg_header_passes_the_check(tmp_path: Path) -> None:
    path = tmp_path / "200mp.jpg"
    path.write_bytes(sof_claiming(encoded("JPEG", (64, 48)), 16_320, 12_240))
    with open_image(path, max_pixels=DEFAULT_MAX_PIXELS) as image:
        assert image.size == (16_320, 12_240)
    # And it goes on to be decoded at 1/8 scale (libjpeg pads the missing scan data).
    processed = process_photo(path)
    assert (processed.info.width, processed.info.height) == (16_320, 12_240)
    assert processed.renditions.report_size == (1600, 1200)


# --- the card goes away --------------------------------------------------------------------


def test_a_read_error_from_the_card_is_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "IMG_0412.JPG"
    path.write_bytes(JPEG)
    real = Path.read_bytes

    def card_pulled(self: Path) -> bytes:
        if self.name == "IMG_0412.JPG":
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", card_pulled)
    problem = rejected(path)
    assert problem.reason == "unreadable"
    assert "cannot read the file (Input/output error)" in str(problem)


def test_a_file_gone_since_the_folder_was_listed_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "IMG_0413.JPG"
    path.write_bytes(JPEG)
    listed = sorted(tmp_path.iterdir())
    path.unlink()
    problem = rejected(listed[0])
    assert problem.reason == "unreadable"
    assert "No such file or directory" in str(problem)


def test_what_was_read_is_what_is_hashed_even_if_the_file_changes_after(
    tmp_path: Path,
) -> None:
    """The bytes are read once: replacing the file meanwhile cannot mix two photos."""
    path = tmp_path / "IMG_0414.JPG"
    path.write_bytes(JPEG)
    data = path.read_bytes()
    path.write_bytes(PNG)  # replaced between the read and the decode
    processed = process_photo(path, data=data)
    assert processed.info.format == "JPEG" and processed.data == data


def test_photos_check_gives_each_bad_file_its_reason(tmp_path: Path) -> None:
    files = {
        "truncated.jpg": JPEG[: len(JPEG) // 3],
        "notes.jpg": b"not a photo",
        "empty.jpg": b"",
        "bomb.jpg": sof_claiming(JPEG, 60_000, 60_000),
        "good.jpg": JPEG,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    paths = [str(tmp_path / name) for name in files] + [str(tmp_path / "gone.jpg")]
    result = subprocess.run(
        [sys.executable, "-m", "postloan_desktop", "photos", "check", *paths],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    reasons = {
        Path(line["file"]).name: line.get("reason", "ok")
        for line in map(json.loads, result.stdout.splitlines())
    }
    assert reasons == {
        "truncated.jpg": "corrupt",
        "notes.jpg": "not_an_image",
        "empty.jpg": "empty",
        "bomb.jpg": "too_large",
        "good.jpg": "ok",
        "gone.jpg": "unreadable",
    }


def test_the_pillow_limit_is_put_back_after_a_refusal(tmp_path: Path) -> None:
    before = Image.MAX_IMAGE_PIXELS
    path = tmp_path / "bomb.jpg"
    path.write_bytes(sof_claiming(JPEG, 60_000, 60_000))
    rejected(path)
    assert before == Image.MAX_IMAGE_PIXELS
