"""Importing a site photo into an inspection: stored untouched with its renditions, the same
file once, bad files refused with nothing left behind, provenance warnings recorded."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.enums import Role
from postloan_desktop.domain.errors import InvalidInput, NotAllowed
from postloan_desktop.domain.ids import InspectionId, LoanId, UserId
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.photos import PhotoService
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import Borrower, Loan, Photo, UserRole

NOW = dt.datetime(2026, 11, 28, 16, 0)


@pytest.fixture
def setting(
    inspections: InspectionService,
    demo_copy_sessions: sessionmaker[Session],
    tmp_path: Path,
) -> tuple[PhotoService, InspectionId, UserId, tuple[float, float], BlobStore]:
    with demo_copy_sessions() as session:
        loan, lat, lon = session.execute(
            select(Loan, Borrower.latitude, Borrower.longitude)
            .join(Borrower, Loan.borrower_id == Borrower.id)
            .where(Loan.balance_fen > 0)
            .order_by(Loan.contract_no)
            .limit(1)
        ).one()
        inspector = (
            session.execute(
                select(UserRole.user_id).where(
                    UserRole.role == Role.INSPECTOR, UserRole.branch_id == loan.branch_id
                )
            )
            .scalars()
            .first()
        )
    inspection = inspections.start(loan_id=LoanId(loan.id), actor_id=UserId(inspector))
    blobs = BlobStore(tmp_path / "blobs")
    service = PhotoService(demo_copy_sessions, blobs, now=lambda: NOW)
    return service, inspection, UserId(inspector), (lat, lon), blobs


def blob_count(blobs: BlobStore) -> int:
    return len(list(blobs))


def test_a_good_photo_is_stored_with_renditions_and_no_warnings(
    setting: tuple[PhotoService, InspectionId, UserId, tuple[float, float], BlobStore],
    jpeg: Callable[..., Path],
) -> None:
    service, inspection, inspector, site, blobs = setting
    path = jpeg(size=(2400, 1800), taken=NOW.replace(hour=10), gps=site)
    result = service.import_file(inspection_id=inspection, path=path, actor_id=inspector)
    photo = result.photo
    assert not result.duplicate
    assert photo.warnings == ()
    assert blobs.read(photo.sha256) == path.read_bytes()  # the original, untouched
    assert blobs.exists(photo.report_sha256) and blobs.exists(photo.thumb_sha256)
    assert blob_count(blobs) == 3
    assert [p.id for p in service.photos(inspection)] == [photo.id]


def test_the_same_file_twice_is_one_photo(
    setting: tuple[PhotoService, InspectionId, UserId, tuple[float, float], BlobStore],
    jpeg: Callable[..., Path],
) -> None:
    service, inspection, inspector, site, blobs = setting
    path = jpeg(taken=NOW, gps=site)
    first = service.import_file(inspection_id=inspection, path=path, actor_id=inspector)
    copy = path.with_name("IMG_copy.jpg")
    copy.write_bytes(path.read_bytes())
    second = service.import_file(inspection_id=inspection, path=copy, actor_id=inspector)
    assert second.duplicate and second.photo.id == first.photo.id
    assert len(service.photos(inspection)) == 1 and blob_count(blobs) == 3


def test_old_far_away_photos_are_flagged(
    setting: tuple[PhotoService, InspectionId, UserId, tuple[float, float], BlobStore],
    jpeg: Callable[..., Path],
) -> None:
    service, inspection, inspector, _site, _blobs = setting
    path = jpeg(taken=dt.datetime(2026, 3, 1, 9, 0), gps=(39.90, 116.40))  # Beijing, March
    photo = service.import_file(inspection_id=inspection, path=path, actor_id=inspector).photo
    assert "capture_time_not_on_inspection_date" in photo.warnings
    assert any(w.startswith("gps_far") for w in photo.warnings), photo.warnings


def test_a_corrupt_file_leaves_nothing_behind(
    setting: tuple[PhotoService, InspectionId, UserId, tuple[float, float], BlobStore],
    jpeg: Callable[..., Path],
    demo_copy_sessions: sessionmaker[Session],
) -> None:
    service, inspection, inspector, _site, blobs = setting
    good = jpeg()
    broken = good.with_name("broken.jpg")
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(InvalidInput):
        service.import_file(inspection_id=inspection, path=broken, actor_id=inspector)
    assert blob_count(blobs) == 0
    with demo_copy_sessions() as session:
        assert session.execute(select(func.count()).select_from(Photo)).scalar_one() == 0


def test_a_failure_while_recording_removes_the_blobs_it_wrote(
    setting: tuple[PhotoService, InspectionId, UserId, tuple[float, float], BlobStore],
    jpeg: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service, inspection, inspector, site, blobs = setting
    kept = service.import_file(
        inspection_id=inspection, path=jpeg("kept.jpg", taken=NOW, gps=site), actor_id=inspector
    )
    assert blob_count(blobs) == 3

    import postloan_desktop.services.photos as photos_module

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk went away")

    monkeypatch.setattr(photos_module.audit, "record", fail)
    with pytest.raises(OSError):
        service.import_file(
            inspection_id=inspection,
            path=jpeg("lost.jpg", variant=1, taken=NOW, gps=site),
            actor_id=inspector,
        )
    assert blob_count(blobs) == 3  # only the first photo's blobs
    assert [p.id for p in service.photos(inspection)] == [kept.photo.id]


def test_only_the_branchs_inspectors_add_photos(
    setting: tuple[PhotoService, InspectionId, UserId, tuple[float, float], BlobStore],
    jpeg: Callable[..., Path],
    demo_copy_sessions: sessionmaker[Session],
) -> None:
    service, inspection, inspector, _site, blobs = setting
    with demo_copy_sessions() as session:
        branch = (
            session.execute(select(UserRole.branch_id).where(UserRole.user_id == inspector))
            .scalars()
            .first()
        )
        stranger = (
            session.execute(select(UserRole.user_id).where(UserRole.branch_id != branch))
            .scalars()
            .first()
        )
    with pytest.raises(NotAllowed):
        service.import_file(inspection_id=inspection, path=jpeg(), actor_id=UserId(stranger))
    assert blob_count(blobs) == 0
