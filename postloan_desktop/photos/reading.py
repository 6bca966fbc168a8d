"""What a photo's EXIF says about when, where and with what it was taken, sanitised, and the
warnings that deserves on its own (photos.pipeline decodes; photos.provenance compares)."""

import contextlib
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from postloan_desktop.photos._open import DECODE_ERRORS, PhotoRejected

__all__ = [
    "EDITORS",
    "ExifFacts",
    "PhotoInfo",
    "PhotoRejected",
    "describe",
    "edited_by_software",
    "read_exif",
]

_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_ORIENTATION = 0x0112
_MAKE = 0x010F
_MODEL = 0x0110
_SOFTWARE = 0x0131
_DATETIME_ORIGINAL = 0x9003
_EARLIEST_SANE = dt.datetime(2000, 1, 1)

# Lower-case fragments of Software values written by photo editors (not by cameras).
EDITORS = (
    "photoshop",
    "lightroom",
    "gimp",
    "美图",
    "meitu",
    "snapseed",
    "picsart",
    "醒图",
    "pixlr",
)


@dataclass(frozen=True)
class PhotoInfo:
    path: Path
    sha256: str
    size_bytes: int
    format: str
    width: int
    height: int
    orientation: int
    captured_at: dt.datetime | None
    gps: tuple[float, float] | None
    camera_make: str | None
    camera_model: str | None
    software: str | None
    phash: str
    warnings: tuple[str, ...] = field(default=())

    @property
    def camera(self) -> str | None:
        parts = [p for p in (self.camera_make, self.camera_model) if p]
        if len(parts) == 2 and parts[1].lower().startswith(parts[0].lower()):
            return parts[1]  # "Apple" + "Apple iPhone 15" style duplicates
        return " ".join(parts) or None


def _text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        return None
    # Pillow reads ASCII tags as Latin-1; Chinese phones and editors write UTF-8 there.
    with contextlib.suppress(UnicodeError):  # not UTF-8 after all: keep it as read
        value = value.encode("latin-1").decode("utf-8")
    cleaned = value.replace("\x00", "").strip()
    return cleaned or None


def _datetime(value: object) -> dt.datetime | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return dt.datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


def _degrees(value: object) -> float | None:
    """EXIF degrees/minutes/seconds rationals to decimal degrees; None if any is 0/0."""
    if not isinstance(value, Sequence) or len(value) != 3:
        return None
    try:
        parts = [float(v) for v in value]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if any(math.isnan(p) or math.isinf(p) for p in parts):
        return None
    return parts[0] + parts[1] / 60 + parts[2] / 3600


def _gps(gps_ifd: dict[int, object]) -> tuple[tuple[float, float] | None, list[str]]:
    if gps_ifd.get(2) is None and gps_ifd.get(4) is None:
        return None, []  # no block, or one without a position (a phone without a fix)
    lat = _degrees(gps_ifd.get(2))
    lon = _degrees(gps_ifd.get(4))
    if lat is None or lon is None:
        return None, ["gps_zero"]
    if _text(gps_ifd.get(1)) == "S":
        lat = -lat
    if _text(gps_ifd.get(3)) == "W":
        lon = -lon
    if lat == 0 and lon == 0:
        return None, ["gps_zero"]
    if abs(lat) > 90 or abs(lon) > 180:
        return None, ["gps_invalid"]
    return (lat, lon), []


def edited_by_software(software: str | None) -> bool:
    return software is not None and any(e in software.lower() for e in EDITORS)


@dataclass(frozen=True)
class ExifFacts:
    """What the EXIF block says, sanitised: absent or nonsense values are None."""

    orientation: int = 1
    captured_at: dt.datetime | None = None
    gps: tuple[float, float] | None = None
    gps_warnings: tuple[str, ...] = ()
    camera_make: str | None = None
    camera_model: str | None = None
    software: str | None = None


def read_exif(image: Image.Image) -> ExifFacts:
    """EXIF facts of an opened image; a broken EXIF block reads as no EXIF at all."""
    try:
        exif = image.getexif()
        exif_ifd = dict(exif.get_ifd(_EXIF_IFD))
        gps_ifd = dict(exif.get_ifd(_GPS_IFD))
    except DECODE_ERRORS:
        return ExifFacts()
    orientation = exif.get(_ORIENTATION, 1)
    if not isinstance(orientation, int) or not 1 <= orientation <= 8:
        orientation = 1
    gps, gps_warnings = _gps(gps_ifd)
    return ExifFacts(
        orientation=orientation,
        captured_at=_datetime(exif_ifd.get(_DATETIME_ORIGINAL)),
        gps=gps,
        gps_warnings=tuple(gps_warnings),
        camera_make=_text(exif.get(_MAKE)),
        camera_model=_text(exif.get(_MODEL)),
        software=_text(exif.get(_SOFTWARE)),
    )


def describe(
    path: Path,
    *,
    sha256: str,
    size_bytes: int,
    image_format: str,
    stored_size: tuple[int, int],
    facts: ExifFacts,
    phash: str,
    now: dt.datetime | None = None,
) -> PhotoInfo:
    """The ``PhotoInfo`` of a decoded photo with the warnings its EXIF deserves on its own.
    ``stored_size`` is as stored, before orientation; ``now`` (naive local time) decides what
    counts as a capture time in the future."""
    width, height = stored_size
    if facts.orientation in (5, 6, 7, 8):
        width, height = height, width
    warnings: list[str] = []
    if facts.captured_at is None:
        warnings.append("capture_time_missing")  # what support asks first
    else:
        if facts.captured_at < _EARLIEST_SANE:
            warnings.append("date_before_2000")
        if facts.captured_at > (now or dt.datetime.now()):
            warnings.append("date_in_future")
    warnings.extend(facts.gps_warnings or (["gps_missing"] if facts.gps is None else []))
    if edited_by_software(facts.software):
        warnings.append("edited_by_software")
    return PhotoInfo(
        path=path,
        sha256=sha256,
        size_bytes=size_bytes,
        format=image_format,
        width=width,
        height=height,
        orientation=facts.orientation,
        captured_at=facts.captured_at,
        gps=facts.gps,
        camera_make=facts.camera_make,
        camera_model=facts.camera_model,
        software=facts.software,
        phash=phash,
        warnings=tuple(warnings),
    )
