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

from PIL import Image

from postloan_desktop.photos._open import (
    DECODE_ERRORS,
    DEFAULT_MAX_PIXELS,
    PhotoRejected,
    open_image,
    read_bytes,
)
from postloan_desktop.photos.phash import hash_photo
from postloan_desktop.photos.reading import ExifFacts, PhotoInfo, describe, read_exif
from postloan_desktop.photos.renditions import Renditions, draft_request, renditions_from

__all__ = ["ProcessedPhoto", "make_renditions", "process_photo", "read_photo"]


@dataclass(frozen=True)
class ProcessedPhoto:
    info: PhotoInfo
    renditions: Renditions
    data: bytes  # the original, exactly as read and hashed


@dataclass(frozen=True)
class _Decoded:
    image: Image.Image  # as stored (not yet turned upright), at the draft scale
    facts: ExifFacts
    format: str
    stored_size: tuple[int, int]  # in the file, before the draft scale


def _decode(path: Path, data: bytes, max_pixels: int) -> _Decoded:
    """Decode once, at the draft scale the report rendition needs."""
    with open_image(path, max_pixels=max_pixels, data=data) as image:
        facts = read_exif(image)
        image_format = image.format or "unknown"
        stored_size = image.size
        image.draft("RGB", draft_request(stored_size))
        try:
            image.load()
        except Image.DecompressionBombError as exc:
            raise PhotoRejected(path, "too_large", "the image has too many pixels") from exc
        except DECODE_ERRORS as exc:
            raise PhotoRejected(
                path, "corrupt", f"the image is damaged or incomplete ({exc})"
            ) from exc
        return _Decoded(image, facts, image_format, stored_size)


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
    decoded = _decode(path, data, max_pixels)
    renditions, thumb = renditions_from(decoded.image, orientation=decoded.facts.orientation)
    info = describe(
        path,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        image_format=decoded.format,
        stored_size=decoded.stored_size,
        facts=decoded.facts,
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
    decoded = _decode(path, data, max_pixels)
    return renditions_from(decoded.image, orientation=decoded.facts.orientation, rotation=rotation)[
        0
    ]
