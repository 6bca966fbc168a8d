import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from postloan_desktop.photos.pipeline import read_photo
from postloan_desktop.photos.provenance import (
    EarlierPhoto,
    check_capture_time,
    check_location,
    check_reuse,
    haversine_m,
    provenance_warnings,
)

WUHAN = (30.59, 114.30)
DAY = dt.date(2026, 5, 18)


def test_haversine_matches_known_distances() -> None:
    # One degree of latitude is about 111.2 km anywhere on the globe.
    assert haversine_m((30.0, 114.3), (31.0, 114.3)) == pytest.approx(111_195, rel=1e-3)
    # Wuhan to Beijing (39.90N 116.40E) is about 1,050 km in a straight line.
    assert haversine_m(WUHAN, (39.90, 116.40)) == pytest.approx(1_052_000, rel=0.01)
    assert haversine_m(WUHAN, WUHAN) == 0


def test_location_within_and_beyond_the_radius() -> None:
    near = (30.595, 114.30)  # about 560 m north
    far = (30.60, 114.30)  # about 1.1 km north
    assert check_location(near, WUHAN) == []
    assert check_location(far, WUHAN) == ["gps_far_from_site"]
    assert check_location(far, WUHAN, radius_m=2000) == []
    assert check_location(None, WUHAN) == ["gps_missing"]
    assert check_location(far, None) == []  # no known site: nothing to compare with


def test_capture_time_must_be_on_the_inspection_date() -> None:
    assert check_capture_time(dt.datetime(2026, 5, 18, 23, 59), DAY) == []
    assert check_capture_time(dt.datetime(2026, 5, 17, 10, 0), DAY) == [
        "capture_time_not_on_inspection_date"
    ]
    assert check_capture_time(None, DAY) == ["capture_time_missing"]


def test_reuse_identical_and_near_identical() -> None:
    earlier = [EarlierPhoto("a" * 64, "ffff0000ffff0000")]
    assert check_reuse("a" * 64, "0000000000000000", earlier) == ["reused_identical"]
    assert check_reuse("b" * 64, "ffff0000ffff0003", earlier) == ["reused_near_identical"]
    assert check_reuse("b" * 64, "0000ffff0000ffff", earlier) == []
    assert check_reuse("b" * 64, "ffff0000ffff0003", []) == []


def test_all_warnings_for_a_photo(jpeg: Callable[..., Path]) -> None:
    good = read_photo(
        jpeg("good.jpg", taken=dt.datetime(2026, 5, 18, 10, 5), gps=(30.591, 114.301))
    )
    assert provenance_warnings(good, inspection_date=DAY, site=WUHAN) == []

    reused = read_photo(jpeg("again.jpg", software="Snapseed 2.0"))
    warnings = provenance_warnings(
        reused,
        inspection_date=DAY,
        site=WUHAN,
        earlier=[EarlierPhoto(good.sha256, good.phash)],
    )
    assert warnings == [
        "capture_time_missing",
        "gps_missing",
        "reused_near_identical",
        "edited_by_software",
    ]
    same = provenance_warnings(
        good, inspection_date=DAY, site=WUHAN, earlier=[EarlierPhoto(good.sha256, good.phash)]
    )
    assert same == ["reused_identical"]
