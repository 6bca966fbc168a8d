"""Site photos of an inspection: import one file safely, list them, caption and link them.

An import reads and checks the file (photos.reading), makes its renditions from one decode
(photos.renditions), writes the original and both renditions to the blob store (atomic,
by SHA-256), then records the photo in one transaction. If anything fails, the blobs this
import wrote are removed again: no record without its blobs, no orphan blob left behind.
The same file twice in one inspection is one photo.
"""

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.errors import InvalidInput, NotFound
from postloan_desktop.domain.ids import InspectionId, PhotoId, UserId
from postloan_desktop.services.inspections import editable_inspection
from postloan_desktop.storage import audit
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import Borrower, Collateral, Inspection, Loan, Photo


@dataclass(frozen=True)
class PhotoRecord:
    id: PhotoId
    inspection_id: InspectionId
    sha256: str
    original_name: str
    width: int
    height: int
    captured_local: dt.datetime | None
    gps: tuple[float, float] | None
    camera: str
    thumb_sha256: str
    report_sha256: str
    caption: str
    item_key: str | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class PhotoImported:
    photo: PhotoRecord
    duplicate: bool  # the same file was already in this inspection


def _record(photo: Photo) -> PhotoRecord:
    gps = (
        (photo.latitude, photo.longitude)
        if photo.latitude is not None and photo.longitude is not None
        else None
    )
    return PhotoRecord(
        id=PhotoId(photo.id),
        inspection_id=InspectionId(photo.inspection_id),
        sha256=photo.sha256,
        original_name=photo.original_name,
        width=photo.width,
        height=photo.height,
        captured_local=photo.captured_local,
        gps=gps,
        camera=photo.camera,
        thumb_sha256=photo.thumb_sha256,
        report_sha256=photo.report_sha256,
        caption=photo.caption,
        item_key=photo.item_key,
        warnings=tuple(photo.warnings),
    )


class PhotoService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        blobs: BlobStore,
        *,
        radius_m: float = 1000.0,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self._sessions = sessions
        self._blobs = blobs
        self.radius_m = radius_m
        self._now = now

    def import_file(
        self,
        *,
        inspection_id: InspectionId,
        path: Path,
        actor_id: UserId,
        item_key: str | None = None,
        collateral_id: uuid.UUID | None = None,
    ) -> PhotoImported:
        from postloan_desktop.photos.provenance import EarlierPhoto, provenance_warnings
        from postloan_desktop.photos.reading import read_photo
        from postloan_desktop.photos.renditions import make_renditions

        with self._sessions() as session:  # fail early, before any decoding
            inspection = editable_inspection(session, inspection_id, actor_id)
            inspected_on = inspection.inspected_on or self._now().date()
            site = self._site(session, inspection, collateral_id)
            earlier = [
                EarlierPhoto(sha, phash)
                for sha, phash in session.execute(
                    select(Photo.sha256, Photo.phash).where(Photo.inspection_id != inspection_id)
                ).tuples()
            ]

        info = read_photo(path, now=self._now())
        with self._sessions() as session:
            same = session.execute(
                select(Photo).where(
                    Photo.inspection_id == inspection_id, Photo.sha256 == info.sha256
                )
            ).scalar_one_or_none()
            if same is not None:
                return PhotoImported(_record(same), duplicate=True)
        renditions = make_renditions(path)
        warnings = list(info.warnings)
        for code in provenance_warnings(
            info, inspection_date=inspected_on, site=site, earlier=earlier, radius_m=self.radius_m
        ):
            if code not in warnings:
                warnings.append(code)

        report = hashlib.sha256(renditions.report_jpeg).hexdigest()
        thumb = hashlib.sha256(renditions.thumbnail_jpeg).hexdigest()
        created: list[str] = []  # blobs this import added, removed again if it fails
        try:
            writes: tuple[tuple[str, Callable[[], str]], ...] = (
                (info.sha256, lambda: self._blobs.put_file(path)),
                (report, lambda: self._blobs.put_bytes(renditions.report_jpeg)),
                (thumb, lambda: self._blobs.put_bytes(renditions.thumbnail_jpeg)),
            )
            for digest, write in writes:
                new = not self._blobs.exists(digest)
                stored = write()
                if new:
                    created.append(stored)
                if stored != digest:
                    raise InvalidInput(f"{path.name} changed while it was being read: try again")
            with self._sessions.begin() as session:
                editable_inspection(session, inspection_id, actor_id)  # still a draft?
                photo = Photo(
                    inspection_id=inspection_id,
                    sha256=info.sha256,
                    original_name=path.name,
                    size_bytes=info.size_bytes,
                    width=info.width,
                    height=info.height,
                    captured_local=info.captured_at,
                    latitude=info.gps[0] if info.gps else None,
                    longitude=info.gps[1] if info.gps else None,
                    camera=info.camera or "",
                    software=info.software or "",
                    phash=info.phash,
                    report_sha256=report,
                    thumb_sha256=thumb,
                    item_key=item_key,
                    collateral_id=collateral_id,
                    warnings=warnings,
                    imported_by=actor_id,
                )
                session.add(photo)
                session.flush()
                audit.record(
                    session,
                    action="photo.import",
                    entity_type="inspection",
                    entity_id=inspection_id,
                    actor_id=actor_id,
                    details={"photo": str(photo.id), "sha256": info.sha256, "warnings": warnings},
                )
                return PhotoImported(_record(photo), duplicate=False)
        except BaseException:
            for digest in created:
                self._blobs.remove(digest)
            raise

    def _site(
        self, session: Session, inspection: Inspection, collateral_id: uuid.UUID | None
    ) -> tuple[float, float] | None:
        """The known location a photo should be near: the collateral's, else the borrower's."""
        if collateral_id is not None:
            collateral = session.get(Collateral, collateral_id)
            if collateral is None or collateral.loan_id != inspection.loan_id:
                raise NotFound("that collateral item does not belong to this loan")
            if collateral.latitude is not None and collateral.longitude is not None:
                return (collateral.latitude, collateral.longitude)
        loan = session.get(Loan, inspection.loan_id)
        assert loan is not None
        borrower = session.get(Borrower, loan.borrower_id)
        assert borrower is not None
        if borrower.latitude is not None and borrower.longitude is not None:
            return (borrower.latitude, borrower.longitude)
        return None

    def photos(self, inspection_id: InspectionId) -> list[PhotoRecord]:
        with self._sessions() as session:
            rows = session.execute(
                select(Photo)
                .where(Photo.inspection_id == inspection_id)
                .order_by(Photo.captured_local, Photo.imported_at)
            ).scalars()
            return [_record(p) for p in rows]
