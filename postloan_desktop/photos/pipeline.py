"""One photo, one read, one decode: hash, EXIF, perceptual hash and both renditions.

``process_photo`` reads the file's bytes once (so what is hashed, decoded and stored are the
same bytes even if the card is pulled out meanwhile), decodes them once at the DCT scale
the report needs, and derives everything else from that decode. It touches neither the
database nor the blob store, so it runs in worker threads: Pillow and hashlib release the
GIL while they work, which is what lets an import use every core.

HEIC/HEIF files are decoded in a separate process: libheif (through pi-heif) crashes the whole
process on some damaged files instead of raising an error, and a damaged photo must cost a
line in the import summary, not the officer's unsaved work. The helper processes are started
on the first HEIC and reused.
"""

import concurrent.futures as cf
import datetime as dt
import hashlib
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PIL import Image

from postloan_desktop.photos._open import (
    DECODE_ERRORS,
    DEFAULT_MAX_PIXELS,
    PhotoRejected,
    looks_like_heif,
    open_image,
    read_bytes,
    require_heif,
)
from postloan_desktop.photos.phash import hash_photo
from postloan_desktop.photos.reading import ExifFacts, PhotoInfo, describe, read_exif
from postloan_desktop.photos.renditions import REPORT_EDGE, Renditions, renditions_from
from postloan_desktop.photos.scaling import decode_eighths, draft_jpeg

__all__ = [
    "PhotoRejected",
    "ProcessedPhoto",
    "captured_at",
    "make_renditions",
    "process_photo",
    "read_photo",
]


@dataclass(frozen=True)
class ProcessedPhoto:
    info: PhotoInfo
    renditions: Renditions
    data: bytes  # the original, exactly as read and hashed


@dataclass(frozen=True)
class _Decoded:
    image: Image.Image  # as stored (not yet turned upright), at the decode scale
    facts: ExifFacts
    format: str
    stored_size: tuple[int, int]  # in the file, before the decode scale


def _decode(path: Path, data: bytes, max_pixels: int) -> _Decoded:
    """Decode once, at the DCT scale the report rendition needs."""
    with open_image(path, max_pixels=max_pixels, data=data) as image:
        facts = read_exif(image)
        image_format = image.format or "unknown"
        stored_size = image.size
        draft_jpeg(image, decode_eighths(stored_size, REPORT_EDGE))
        # Hand the decoder the whole file in one call: Pillow feeds it 64 KiB at a time by
        # default and takes the GIL back after each, and with the other import threads
        # holding it, a 12-megapixel JPEG waited for the GIL about 20 times.
        image.decodermaxblock = max(len(data), image.decodermaxblock)
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
    if looks_like_heif(path, data) and not _in_helper:
        return _isolated(path, process_photo, path, max_pixels=max_pixels, now=now, data=data)
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
    if looks_like_heif(path, data) and not _in_helper:
        return _isolated(
            path, make_renditions, path, rotation=rotation, max_pixels=max_pixels, data=data
        )
    decoded = _decode(path, data, max_pixels)
    return renditions_from(decoded.image, orientation=decoded.facts.orientation, rotation=rotation)[
        0
    ]


def captured_at(path: Path, *, head: bytes | None = None) -> dt.datetime | None:
    """The EXIF capture time from the header alone (nothing decoded); HEIC in a helper.
    Raises ``PhotoRejected`` for what is not a readable image."""
    if looks_like_heif(path, head) and not _in_helper:
        return _isolated(path, captured_at, path)
    with open_image(path, max_pixels=_HEADER_ONLY) as image:
        return read_exif(image).captured_at


_HEADER_ONLY = 1 << 62  # no pixel limit: nothing is decoded, the import checks it


# --- HEIC out of process -----------------------------------------------------------------------

_T = TypeVar("_T")
_in_helper = False  # True inside a helper process: decode right there
_pool: cf.ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _helper_started() -> None:
    global _in_helper
    _in_helper = True


def _helper_pool() -> cf.ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = cf.ProcessPoolExecutor(
                max_workers=os.cpu_count() or 2,
                mp_context=multiprocessing.get_context("spawn"),  # no fork of a Qt process
                initializer=_helper_started,
            )
        return _pool


def _drop_pool(pool: cf.ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is pool:
            _pool = None  # the next HEIC starts fresh helpers
    pool.shutdown(wait=False, cancel_futures=True)


def _isolated(path: Path, work: Callable[..., _T], *args: object, **kwargs: object) -> _T:
    """Run ``work(*args, **kwargs)`` in a helper process. When a helper dies, every file it
    was working on fails with it, so each gets one more try on fresh helpers; a file that
    kills a helper twice is damaged."""
    require_heif(path)
    for attempt in (1, 2):
        pool = _helper_pool()
        try:
            return pool.submit(work, *args, **kwargs).result()
        except BrokenProcessPool as exc:
            _drop_pool(pool)
            if attempt == 2:
                raise PhotoRejected(
                    path, "corrupt", "the image is damaged: the HEIC decoder could not read it"
                ) from exc
    raise AssertionError("unreachable")
