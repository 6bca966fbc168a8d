"""Photos for the tests are made here with Pillow; no binary fixtures are committed."""

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

ExifMaker = Callable[..., Image.Exif]


def scene(size: tuple[int, int] = (400, 300), *, variant: int = 0) -> Image.Image:
    """A picture with structure a perceptual hash can see: shapes on a gradient."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    if variant:
        image = image.transpose(Image.Transpose.ROTATE_90).resize(size)
    draw = ImageDraw.Draw(image)
    w, h = size
    if variant == 0:
        draw.rectangle((w // 8, h // 4, w // 2, h * 3 // 4), fill=(200, 30, 30))
        draw.ellipse((w * 5 // 8, h // 8, w * 7 // 8, h // 2), fill=(20, 20, 220))
    else:
        for i in range(0, w, w // 6):
            draw.rectangle((i, 0, i + w // 12, h), fill=(250, 250, 0))
    return image


def dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return Fraction(degrees), Fraction(minutes), Fraction(seconds, 100)


def make_exif(
    *,
    orientation: int | None = None,
    taken: dt.datetime | None = None,
    gps: tuple[float, float] | None = None,
    gps_raw: dict[int, object] | None = None,
    software: str | None = None,
    make: str | None = None,
    model: str | None = None,
) -> Image.Exif:
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    if software is not None:
        exif[0x0131] = software
    if make is not None:
        exif[0x010F] = make
    if model is not None:
        exif[0x0110] = model
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if gps is not None:
        lat, lon = gps
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[0] = b"\x02\x03\x00\x00"
        gps_ifd[1] = "N" if lat >= 0 else "S"
        gps_ifd[2] = dms(abs(lat))
        gps_ifd[3] = "E" if lon >= 0 else "W"
        gps_ifd[4] = dms(abs(lon))
    if gps_raw is not None:
        exif.get_ifd(0x8825).update(gps_raw)
    return exif


@pytest.fixture
def jpeg(tmp_path: Path) -> Callable[..., Path]:
    def write(
        name: str = "photo.jpg",
        *,
        size: tuple[int, int] = (400, 300),
        variant: int = 0,
        **exif_fields: object,
    ) -> Path:
        path = tmp_path / name
        scene(size, variant=variant).save(path, "JPEG", quality=90, exif=make_exif(**exif_fields))
        return path

    return write
