"""Report and thumbnail renditions, derived from the original and rebuilt at will.

Pure image work: photos.pipeline decodes once and hands the decoded image here. JPEGs are
decoded at the DCT scale the report size needs (photos.scaling), so a 12-megapixel photo
usually needs no resize at all and a 200-megapixel one never occupies 600 MB of memory.
Renditions are upright RGB JPEGs without EXIF (no GPS or camera details leak into reports).
"""

import os
import tempfile
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image

REPORT_EDGE = 1600
THUMB_EDGE = 320
QUALITY = 85
ROTATIONS = (0, 90, 180, 270)
# Clockwise degrees (the user's "rotate right") to Pillow's transpose operations.
# EXIF orientation (2-8) to the operation that turns the stored pixels upright.
_ORIENT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_TRANSPOSE = {
    90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class Renditions:
    report_jpeg: bytes
    thumbnail_jpeg: bytes
    report_size: tuple[int, int]
    thumb_size: tuple[int, int]


def _to_rgb(image: Image.Image) -> Image.Image:
    """Flatten transparency onto white; convert palette, grey, CMYK and 16-bit to RGB."""
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda v: v / 256).convert("L")
    if image.mode != "RGB":
        image = image.convert("RGB")
    return image


def _fit(
    image: Image.Image,
    edge: int,
    resample: Image.Resampling,
    *,
    reducing_gap: float | None,
) -> Image.Image:
    """``image`` scaled down so that its long edge is at most ``edge`` (never up; a new
    image, the input is left alone)."""
    width, height = image.size
    if max(width, height) <= edge:
        return image
    scale = edge / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, resample, reducing_gap=reducing_gap)


def _jpeg(image: Image.Image, *, optimize: bool) -> bytes:
    """The JPEG encoding of ``image``. Pillow lets go of the GIL while it encodes to a real
    file but not to a ``BytesIO`` (measured: two threads encoding to ``BytesIO`` are no
    faster than one), so it encodes into an anonymous in-memory file (``memfd`` on Linux,
    an unlinked temporary file elsewhere) and reads the bytes back."""
    with _scratch_file() as file:
        image.save(file, "JPEG", quality=QUALITY, optimize=optimize)
        file.seek(0)
        return file.read()


def _scratch_file() -> BinaryIO:
    if hasattr(os, "memfd_create"):
        return open(os.memfd_create("postloan-rendition", os.MFD_CLOEXEC), "w+b")
    return tempfile.TemporaryFile()


def renditions_from(
    decoded: Image.Image, *, orientation: int = 1, rotation: int = 0
) -> tuple[Renditions, Image.Image]:
    """The report and thumbnail JPEGs of a decoded image as stored, turned upright by its
    EXIF ``orientation`` and then ``rotation`` degrees clockwise (the user's setting); also
    the thumbnail as an image. Scaling comes first and turning last, so only the small
    images are turned."""
    if rotation not in ROTATIONS:
        raise ValueError(f"rotation must be one of {ROTATIONS}, not {rotation!r}")
    # Hamming: for the small reduction a scaled decode may leave, within 46 dB PSNR of
    # Lanczos from the full-size decode at 40 % of its cost. The thumbnail is an area
    # average (box reduce) of the report image.
    report = _fit(_to_rgb(decoded), REPORT_EDGE, Image.Resampling.HAMMING, reducing_gap=None)
    thumb = _fit(report, THUMB_EDGE, Image.Resampling.LANCZOS, reducing_gap=1.0)
    report, thumb = (_turn(image, orientation, rotation) for image in (report, thumb))
    renditions = Renditions(
        report_jpeg=_jpeg(report, optimize=False),  # optimize: 9 % smaller, 80 % slower
        thumbnail_jpeg=_jpeg(thumb, optimize=True),
        report_size=report.size,
        thumb_size=thumb.size,
    )
    return renditions, thumb


def _turn(image: Image.Image, orientation: int, rotation: int) -> Image.Image:
    if orientation in _ORIENT:
        image = image.transpose(_ORIENT[orientation])
    if rotation:
        image = image.transpose(_TRANSPOSE[rotation])
    return image
