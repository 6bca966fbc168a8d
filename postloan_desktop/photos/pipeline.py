"""One photo, one read, one decode: hash, EXIF, perceptual hash and both renditions.

``process_photo`` reads the file's bytes once (so what is hashed, decoded and stored are the
same bytes even if the card is pulled out meanwhile), decodes them once at the draft scale
the report needs, and derives everything else from that decode. It touches neither the
database nor the blob store, so it runs in worker threads: Pillow and hashlib release the
GIL while they work, which is what lets an import use every core.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from postloan_desktop.photos._open import (
    DECODE_ERRORS,
    DEFAULT_MAX_PIXELS,
    PhotoRejected,
    open_image,
    read_bytes,
)
from postloan_desktop.photos.phash import hash_photo
from postloan_desktop.photos.reading import PhotoInfo, describe, read_exif
from postloan_desktop.photos.renditions import Renditions, draft_request, renditions_from

__all__ = ["ProcessedPhoto", "make_renditions", "process_photo", "read_photo"]


@dataclass(frozen=True)
class ProcessedPhoto:
    info: PhotoInfo
    renditions: Renditions
    data: bytes  # the original, exactly as read and hashed


def _decode_upright(
    path: Path, data: bytes, max_pixels: int
) -> tuple[Image.Image, str, tuple[int, int], Image.Image]:
    """The decoded image turned upright by its EXIF orientation, its format, its stored
    size, and the (header-only) opened image for EXIF reading."""
    image = open_image(path, max_pixels=max_pixels, data=data)
    image_format = image.format or "unknown"
    stored_size = image.size
    image.draft("RGB", draft_request(stored_size))
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
    except Image.DecompressionBombError as exc:
        image.close()
        raise PhotoRejected(path, "too_large", "the image has too many pixels") from exc
    except DECODE_ERRORS as exc:
        image.close()
        raise PhotoRejected(
            path, "corrupt", f"the image is damaged or incomplete ({exc})"
        ) from exc
    return upright, image_format, stored_size, image


def process_photo(
    path: Path,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    now: dt.datetime | None = None,
    data: bytes | None = None,
) -> ProcessedPhoto:
    """Read, check and decode ``path`` once; return its facts and renditions.

    Raises ``PhotoRejected`` (an ``InvalidInput``) with ``reason`` one of empty,
    not_an_image, corrupt, too_large, unreadable. ``now`` (naive local time) decides what
    counts as a capture time in the future."""
    if data is None:
        data = read_bytes(path)
    upright, image_format, stored_size, opened = _decode_upright(path, data, max_pixels)
    with opened:
        facts = read_exif(opened)
    renditions, thumb = renditions_from(upright)
    info = describe(
        path,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        image_format=image_format,
        stored_size=stored_size,
        facts=facts,
        phash=hash_photo(thumb),
        now=now,
    )
    return ProcessedPhoto(info=info, renditions=renditions, data=data)


def read_photo(
    path: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS, now: dt.datetime | None = None
) -> PhotoInfo:
    """What an import would find out about ``path``, without importing it."""
    return process_photo(path, max_pixels=max_pixels, now=now).info


def make_renditions(
    path: Path,
    *,
    rotation: int = 0,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    data: bytes | None = None,
) -> Renditions:
    """Rebuild the renditions of a stored original with the user's ``rotation``."""
    if data is None:
        data = read_bytes(path)
    upright, _, _, opened = _decode_upright(path, data, max_pixels)
    opened.close()
    return renditions_from(upright, rotation=rotation)[0]
