"""Provenance checks: was this photo taken on the day, at the place, and for the first time?

Pure functions over what ``read_photo`` found; each returns warning codes for a person to
look at, never a verdict.
"""

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from postloan_desktop.photos.phash import NEAR_DUPLICATE_MAX_DISTANCE, distance
from postloan_desktop.photos.reading import PhotoInfo, edited_by_software

EARTH_RADIUS_M = 6_371_008.8
DEFAULT_RADIUS_M = 1000.0


@dataclass(frozen=True)
class EarlierPhoto:
    """A photo attached to an earlier inspection: its SHA-256 and perceptual hash."""

    sha256: str
    phash: str


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def check_capture_time(captured_at: dt.datetime | None, inspection_date: dt.date) -> list[str]:
    if captured_at is None:
        return ["capture_time_missing"]
    if captured_at.date() != inspection_date:
        return ["capture_time_not_on_inspection_date"]
    return []


def check_location(
    gps: tuple[float, float] | None,
    site: tuple[float, float] | None,
    *,
    radius_m: float = DEFAULT_RADIUS_M,
) -> list[str]:
    if gps is None:
        return ["gps_missing"]
    if site is not None and haversine_m(gps, site) > radius_m:
        return ["gps_far_from_site"]
    return []


def check_reuse(
    sha256: str,
    phash: str,
    earlier: Iterable[EarlierPhoto],
    *,
    max_distance: int = NEAR_DUPLICATE_MAX_DISTANCE,
) -> list[str]:
    near = False
    for photo in earlier:
        if photo.sha256 == sha256:
            return ["reused_identical"]
        if len(photo.phash) == len(phash) and distance(photo.phash, phash) <= max_distance:
            near = True
    return ["reused_near_identical"] if near else []


def check_editing(info: PhotoInfo) -> list[str]:
    return ["edited_by_software"] if edited_by_software(info.software) else []


def provenance_warnings(
    info: PhotoInfo,
    *,
    inspection_date: dt.date,
    site: tuple[float, float] | None = None,
    earlier: Iterable[EarlierPhoto] = (),
    radius_m: float = DEFAULT_RADIUS_M,
    max_distance: int = NEAR_DUPLICATE_MAX_DISTANCE,
) -> list[str]:
    """Every provenance warning for one photo of an inspection held on ``inspection_date``
    at ``site`` (latitude, longitude), compared with photos of earlier inspections."""
    return [
        *check_capture_time(info.captured_at, inspection_date),
        *check_location(info.gps, site, radius_m=radius_m),
        *check_reuse(info.sha256, info.phash, earlier, max_distance=max_distance),
        *check_editing(info),
    ]
