"""Report and thumbnail renditions, derived from the original and rebuilt at will.

One decode serves both: JPEGs decode in draft mode at the smallest scale (1/2, 1/4, 1/8) that
still covers the report size, so a 200-megapixel photo never occupies 600 MB of memory.
Renditions are upright RGB JPEGs without EXIF (no GPS or camera details leak into reports).
"""

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from postloan_desktop.photos._open import (
    DECODE_ERRORS,
    DEFAULT_MAX_PIXELS,
    PhotoRejected,
    open_image,
)

REPORT_EDGE = 1600
THUMB_EDGE = 320
QUALITY = 85
ROTATIONS = (0, 90, 180, 270)
# Clockwise degrees (the user's "rotate right") to Pillow's transpose operations.
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


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=QUALITY, optimize=True)
    return buffer.getvalue()


def make_renditions(
    path: Path, *, rotation: int = 0, max_pixels: int = DEFAULT_MAX_PIXELS
) -> Renditions:
    """Decode ``path`` once and return the report (long edge ≤ 1600 px) and thumbnail
    (≤ 320 px) JPEGs, upright by EXIF orientation, then turned ``rotation`` degrees
    clockwise (the user's rotate setting)."""
    if rotation not in ROTATIONS:
        raise ValueError(f"rotation must be one of {ROTATIONS}, not {rotation!r}")
    with open_image(path, max_pixels=max_pixels) as image:
        image.draft("RGB", (REPORT_EDGE, REPORT_EDGE))
        try:
            image.load()
            upright = ImageOps.exif_transpose(image)
        except Image.DecompressionBombError as exc:
            raise PhotoRejected(path, "too_large", "the image has too many pixels") from exc
        except DECODE_ERRORS as exc:
            raise PhotoRejected(
                path, "corrupt", f"the image is damaged or incomplete ({exc})"
            ) from exc
    if rotation:
        upright = upright.transpose(_TRANSPOSE[rotation])
    report = _to_rgb(upright)
    report.thumbnail((REPORT_EDGE, REPORT_EDGE), Image.Resampling.LANCZOS)
    thumb = report.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS)
    return Renditions(
        report_jpeg=_jpeg(report),
        thumbnail_jpeg=_jpeg(thumb),
        report_size=report.size,
        thumb_size=thumb.size,
    )
