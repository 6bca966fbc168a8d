"""Importing a site photo into an inspection: stored untouched with its renditions, the same
file once, bad files refused with nothing left behind, provenance warnings recorded."""

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from postloan_desktop.domain.errors import InvalidInput, NotAllowed
from postloan_desktop.domain.ids import UserId
from postloan_desktop.storage import audit
from postloan_desktop.storage.models import UserRole

from .conftest import NOW, Setting


def test_a_good_photo_is_stored_with_renditions_and_no_warnings(
    photo_setting: Setting, jpeg: Callable[..., Path]
) -> None:
    s = photo_setting
    path = jpeg(size=(2400, 1800), taken=NOW.replace(hour=10), gps=s.site)
    result = s.service.import_file(inspection_id=s.inspection, path=path, actor_id=s.inspector)
    photo = result.photo
    assert not result.duplicate
    assert photo.warnings == ()
    assert s.blobs.read(photo.sha256) == path.read_bytes()  # the original, untouched
    assert s.blobs.exists(photo.report_sha256) and s.blobs.exists(photo.thumb_sha256)
    assert len(list(s.blobs)) == 3
    assert [p.id for p in s.service.photos(s.inspection)] == [photo.id]


def test_the_same_file_twice_is_one_photo(
    photo_setting: Setting, jpeg: Callable[..., Path]
) -> None:
    s = photo_setting
    path = jpeg(taken=NOW, gps=s.site)
    first = s.service.import_file(inspection_id=s.inspection, path=path, actor_id=s.inspector)
    copy = path.with_name("IMG_copy.jpg")
    copy.write_bytes(path.read_bytes())
    second = s.service.import_file(inspection_id=s.inspection, path=copy, actor_id=s.inspector)
    assert second.duplicate and second.photo.id == first.photo.id
    assert len(s.service.photos(s.inspection)) == 1 and len(list(s.blobs)) == 3


def test_a_file_another_import_recorded_meanwhile_is_a_duplicate(
    photo_setting: Setting, jpeg: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports of one file racing: the second read the inspection's photos before the
    first committed, so only the commit finds the twin. It is a duplicate, not an error."""
    s = photo_setting
    path = jpeg(taken=NOW, gps=s.site)
    service = s.service
    real_target = service._target

    def target_then_other_import(*args: object) -> object:
        target = real_target(*args)  # taken before the other import's photo exists
        with monkeypatch.context() as inner:
            inner.setattr(service, "_target", real_target)
            service.import_files(inspection_id=s.inspection, paths=[path], actor_id=s.inspector)
        return target

    monkeypatch.setattr(service, "_target", target_then_other_import)
    copy = path.with_name("IMG_copy.jpg")
    copy.write_bytes(path.read_bytes())
    summary = service.import_files(inspection_id=s.inspection, paths=[copy], actor_id=s.inspector)
    assert summary.imported == [] and summary.rejected == []
    assert [d.sha256 for d in summary.duplicates] == [hashlib.sha256(path.read_bytes()).hexdigest()]
    assert len(service.photos(s.inspection)) == 1 and len(list(s.blobs)) == 3


def test_old_far_away_photos_are_flagged(photo_setting: Setting, jpeg: Callable[..., Path]) -> None:
    s = photo_setting
    path = jpeg(taken=dt.datetime(2026, 3, 1, 9, 0), gps=(39.90, 116.40))  # Beijing, March
    photo = s.service.import_file(inspection_id=s.inspection, path=path, actor_id=s.inspector)
    assert "capture_time_not_on_inspection_date" in photo.photo.warnings
    assert "gps_far_from_site" in photo.photo.warnings


def test_a_corrupt_file_leaves_nothing_behind(
    photo_setting: Setting, jpeg: Callable[..., Path]
) -> None:
    s = photo_setting
    good = jpeg()
    broken = good.with_name("broken.jpg")
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(InvalidInput):
        s.service.import_file(inspection_id=s.inspection, path=broken, actor_id=s.inspector)
    assert list(s.blobs) == []
    assert s.photo_rows() == []


def test_a_failure_while_recording_removes_the_blobs_it_wrote(
    photo_setting: Setting, jpeg: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    s = photo_setting
    kept = s.service.import_file(
        inspection_id=s.inspection,
        path=jpeg("kept.jpg", taken=NOW, gps=s.site),
        actor_id=s.inspector,
    )
    assert len(list(s.blobs)) == 3

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk went away")

    monkeypatch.setattr(audit, "record", fail)
    with pytest.raises(OSError):
        s.service.import_file(
            inspection_id=s.inspection,
            path=jpeg("lost.jpg", variant=1, taken=NOW, gps=s.site),
            actor_id=s.inspector,
        )
    assert len(list(s.blobs)) == 3  # only the first photo's blobs
    assert [p.id for p in s.service.photos(s.inspection)] == [kept.photo.id]
    s.assert_consistent()


def test_only_the_branchs_inspectors_add_photos(
    photo_setting: Setting, jpeg: Callable[..., Path]
) -> None:
    s = photo_setting
    with s.sessions() as session:
        branch = (
            session.execute(select(UserRole.branch_id).where(UserRole.user_id == s.inspector))
            .scalars()
            .first()
        )
        stranger = (
            session.execute(select(UserRole.user_id).where(UserRole.branch_id != branch))
            .scalars()
            .first()
        )
    assert stranger is not None
    with pytest.raises(NotAllowed):
        s.service.import_file(inspection_id=s.inspection, path=jpeg(), actor_id=UserId(stranger))
    with pytest.raises(NotAllowed):  # a supervisor of the branch does not add photos either
        s.service.import_file(inspection_id=s.inspection, path=jpeg(), actor_id=s.supervisor)
    assert list(s.blobs) == []
