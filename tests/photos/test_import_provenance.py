"""Provenance warnings as an import records them: taken on another day, far from the borrower
or from the collateral photographed, the same or a near-identical photo already used in an
inspection of any loan (but not in an earlier revision of this one), edited by software."""

import datetime as dt
import io
from pathlib import Path

import pytest

from postloan_desktop.domain.errors import NotFound
from postloan_desktop.photos.provenance import haversine_m
from postloan_desktop.services.photos import PhotoRecord, PhotoService

from .conftest import (
    NOW,
    Setting,
    answer_everything,
    make_exif,
    numbered,
    other_loans_inspection,
    scene,
)

PROVENANCE = {
    "capture_time_not_on_inspection_date",
    "gps_far_from_site",
    "reused_identical",
    "reused_near_identical",
    "edited_by_software",
}


def north(site: tuple[float, float], metres: float) -> tuple[float, float]:
    return (site[0] + metres / 111_195, site[1])


def photo(folder: Path, name: str, number: int = 0, **exif: object) -> Path:
    path = folder / name
    numbered(number, (320, 240)).save(path, "JPEG", quality=90, exif=make_exif(**exif))  # type: ignore[arg-type]
    return path


def imported(
    s: Setting,
    path: Path,
    *,
    service: PhotoService | None = None,
    inspection: object = None,
    actor: object = None,
    collateral_id: object = None,
) -> PhotoRecord:
    result = (service or s.service).import_file(
        inspection_id=inspection or s.inspection,  # type: ignore[arg-type]
        path=path,
        actor_id=actor or s.inspector,  # type: ignore[arg-type]
        collateral_id=collateral_id,  # type: ignore[arg-type]
    )
    assert not result.duplicate
    return result.photo


def test_a_photo_from_another_day_is_flagged(photo_setting: Setting, tmp_path: Path) -> None:
    s = photo_setting
    eve = photo(tmp_path, "eve.jpg", 1, taken=dt.datetime(2026, 11, 27, 23, 50), gps=s.site)
    dawn = photo(tmp_path, "dawn.jpg", 2, taken=dt.datetime(2026, 11, 28, 0, 10), gps=s.site)
    assert imported(s, eve).warnings == ("capture_time_not_on_inspection_date",)
    assert imported(s, dawn).warnings == ()


def test_the_radius_around_the_borrower_is_the_services(
    photo_setting: Setting, tmp_path: Path
) -> None:
    s = photo_setting
    strict = PhotoService(s.sessions, s.blobs, radius_m=500, now=lambda: NOW)
    assert haversine_m(north(s.site, 800), s.site) == pytest.approx(800, rel=0.01)
    far = photo(tmp_path, "far.jpg", 1, taken=NOW, gps=north(s.site, 800))
    near = photo(tmp_path, "near.jpg", 2, taken=NOW, gps=north(s.site, 400))
    also_far = photo(tmp_path, "also-far.jpg", 3, taken=NOW, gps=north(s.site, 800))
    assert imported(s, far, service=strict).warnings == ("gps_far_from_site",)
    assert imported(s, near, service=strict).warnings == ()
    assert imported(s, also_far).warnings == ()  # the default radius is 1 km


def test_a_collateral_photo_is_judged_by_where_the_collateral_is(
    photo_setting: Setting, tmp_path: Path
) -> None:
    s = photo_setting
    assert haversine_m(s.site, s.collateral_site) > 5000
    at_collateral = photo(tmp_path, "house.jpg", 1, taken=NOW, gps=s.collateral_site)
    at_borrower = photo(tmp_path, "shop.jpg", 2, taken=NOW, gps=s.site)
    at_collateral_unlinked = photo(tmp_path, "house2.jpg", 3, taken=NOW, gps=s.collateral_site)

    record = imported(s, at_collateral, collateral_id=s.collateral_id)
    assert record.warnings == () and record.collateral_id == s.collateral_id
    record = imported(s, at_borrower, collateral_id=s.collateral_id)
    assert record.warnings == ("gps_far_from_site",)
    assert imported(s, at_collateral_unlinked).warnings == ("gps_far_from_site",)


def test_another_loans_collateral_is_refused_before_anything_is_stored(
    photo_setting: Setting, tmp_path: Path
) -> None:
    s = photo_setting
    from sqlalchemy import select

    from postloan_desktop.storage.models import Collateral

    with s.sessions() as session:
        foreign = session.execute(
            select(Collateral.id).where(Collateral.loan_id != s.loan_id).limit(1)
        ).scalar_one()
    with pytest.raises(NotFound):
        imported(s, photo(tmp_path, "x.jpg", taken=NOW, gps=s.site), collateral_id=foreign)
    assert list(s.blobs) == [] and s.photo_rows() == []


def recompressed(source: Path, target: Path) -> Path:
    """The same picture saved again smaller, as a chat app or a screenshot would."""
    with open(source, "rb") as stream:
        data = stream.read()
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.resize((image.width * 3 // 4, image.height * 3 // 4)).save(target, quality=60)
    return target


def test_a_photo_used_in_an_inspection_of_any_loan_is_reused(
    photo_setting: Setting, tmp_path: Path
) -> None:
    s = photo_setting
    other, other_inspector = other_loans_inspection(s)
    original = photo(tmp_path, "IMG_2001.JPG", 1, taken=NOW, gps=s.site)
    imported(s, original, inspection=other, actor=other_inspector)

    same = tmp_path / "IMG_2001 (copy).JPG"
    same.write_bytes(original.read_bytes())
    resized = recompressed(original, tmp_path / "wechat_2001.jpg")
    fresh = photo(tmp_path, "IMG_2002.JPG", 2, taken=NOW, gps=s.site)
    assert imported(s, same).warnings == ("reused_identical",)
    reused = imported(s, resized).warnings
    assert "reused_near_identical" in reused and "reused_identical" not in reused
    assert not PROVENANCE & set(imported(s, fresh).warnings)


def test_photos_of_earlier_revisions_of_the_same_inspection_are_not_reuse(
    photo_setting: Setting, tmp_path: Path
) -> None:
    s = photo_setting
    original = photo(tmp_path, "IMG_3001.JPG", 1, taken=NOW, gps=s.site)
    first = imported(s, original)
    answer_everything(s, s.inspection)
    s.inspections.submit(inspection_id=s.inspection, actor_id=s.inspector)
    s.inspections.return_for_revision(
        inspection_id=s.inspection, actor_id=s.supervisor, comment="请补拍抵押物照片"
    )
    revision = s.inspections.reopen(inspection_id=s.inspection, actor_id=s.inspector)
    # The officer takes the photo out of the new revision (if it came along) and puts it back.
    for carried in s.service.photos(revision):
        s.service.remove(photo_id=carried.id, actor_id=s.inspector)
    assert s.blobs.exists(first.sha256)  # still the returned revision's
    again = imported(s, original, inspection=revision)
    assert again.sha256 == first.sha256 and again.inspection_id == revision
    assert not PROVENANCE & set(again.warnings)
    resized = imported(s, recompressed(original, tmp_path / "small.jpg"), inspection=revision)
    assert not PROVENANCE & set(resized.warnings)

    # The same file in an inspection of another loan is reuse all the same.
    other, other_inspector = other_loans_inspection(s)
    elsewhere = imported(s, original, inspection=other, actor=other_inspector)
    assert "reused_identical" in elsewhere.warnings
    s.assert_consistent()


def test_a_photo_saved_by_an_editor_is_flagged(photo_setting: Setting, tmp_path: Path) -> None:
    s = photo_setting
    edited = photo(
        tmp_path, "edited.jpg", 1, taken=NOW, gps=s.site, software="Adobe Photoshop 25.0"
    )
    camera = photo(tmp_path, "camera.jpg", 2, taken=NOW, gps=s.site, software="P60 Pro 4.0.0")
    record = imported(s, edited)
    assert record.warnings == ("edited_by_software",)
    assert record.software == "Adobe Photoshop 25.0"
    assert imported(s, camera).warnings == ()


def test_exif_warnings_are_recorded_with_the_provenance_ones(
    photo_setting: Setting, tmp_path: Path
) -> None:
    s = photo_setting
    path = tmp_path / "scan.png"
    scene((200, 150)).save(path)
    record = imported(s, path)
    assert record.warnings == ("capture_time_missing", "gps_missing")  # each said once
    future = photo(tmp_path, "f.jpg", 3, taken=NOW + dt.timedelta(days=400), gps=(0.0, 0.0))
    assert set(imported(s, future).warnings) == {
        "date_in_future",
        "gps_zero",
        "gps_missing",
        "capture_time_not_on_inspection_date",
    }
