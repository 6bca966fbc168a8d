"""Site photos of an inspection: import files safely and in parallel, list them, caption,
link, rotate and remove them.

An import reads and decodes each file once in a worker thread (photos.pipeline), writes the
original and both renditions to the blob store (atomic, by SHA-256), then records the photo
in its own transaction. If anything fails, the blobs this import wrote are removed again
unless a record names them: no record without its blobs, no orphan blob left behind. The same
file twice in one inspection is one photo. A bad file is a line in the import summary, never
the end of the import; a full disk ends it, keeping what was recorded.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.errors import (
    InvalidInput,
    NotFound,
    PostloanError,
    StorageProblem,
)
from postloan_desktop.domain.ids import CollateralId, InspectionId, PhotoId, UserId, new_id
from postloan_desktop.services.inspections import editable_inspection, get_inspection
from postloan_desktop.storage import audit
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import Borrower, Collateral, Inspection, Loan, Photo

if TYPE_CHECKING:
    from postloan_desktop.photos.pipeline import ProcessedPhoto
    from postloan_desktop.photos.provenance import EarlierPhoto

# Pillow and the photos package are imported where they are used: start-up needs neither.

log = logging.getLogger(__name__)

# Finished photos are recorded together, one transaction (and one fsync) for up to this many,
# or for what finished within this many seconds: progress still moves several times a second.
RECORD_BATCH = 8
RECORD_EVERY_S = 0.25


@dataclass(frozen=True)
class PhotoRecord:
    id: PhotoId
    inspection_id: InspectionId
    sha256: str
    original_name: str
    size_bytes: int
    width: int
    height: int
    captured_local: dt.datetime | None
    gps: tuple[float, float] | None
    camera: str
    software: str
    thumb_sha256: str
    report_sha256: str
    rotation: int
    caption: str
    item_key: str | None
    collateral_id: CollateralId | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class PhotoImported:
    photo: PhotoRecord
    duplicate: bool  # the same file was already in this inspection


@dataclass(frozen=True)
class ImportProblem:
    path: Path
    reason: str  # PhotoRejected.reason, or "storage" / "error"
    message: str


@dataclass(frozen=True)
class ImportProgress:
    done: int
    total: int
    path: Path  # the file just finished


@dataclass
class ImportSummary:
    imported: list[PhotoRecord] = field(default_factory=list)
    duplicates: list[PhotoRecord] = field(default_factory=list)
    rejected: list[ImportProblem] = field(default_factory=list)
    not_started: list[Path] = field(default_factory=list)  # cancelled or stopped before them
    stopped_by: str | None = None  # why the import ended early (a full disk, say)

    @property
    def cancelled(self) -> bool:
        return bool(self.not_started) and self.stopped_by is None


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
        size_bytes=photo.size_bytes,
        width=photo.width,
        height=photo.height,
        captured_local=photo.captured_local,
        gps=gps,
        camera=photo.camera,
        software=photo.software,
        thumb_sha256=photo.thumb_sha256,
        report_sha256=photo.report_sha256,
        rotation=photo.rotation,
        caption=photo.caption,
        item_key=photo.item_key,
        collateral_id=CollateralId(photo.collateral_id) if photo.collateral_id else None,
        warnings=tuple(photo.warnings),
    )


@dataclass(frozen=True)
class _Target:
    """What every file of one import shares, read once before any decoding."""

    inspection_id: InspectionId
    actor_id: UserId
    inspected_on: dt.date
    site: tuple[float, float] | None
    earlier: tuple[EarlierPhoto, ...]
    present: frozenset[str]  # the originals this inspection has already
    item_key: str | None
    collateral_id: uuid.UUID | None


@dataclass(frozen=True)
class _Stored:
    """A file processed and its blobs written, waiting to be recorded."""

    processed: ProcessedPhoto
    report: str
    thumb: str
    created: tuple[str, ...]  # blobs this import added to the store


@dataclass(frozen=True)
class _SameAs:
    """A file with the same bytes as another file of the same import."""

    sha256: str


_Outcome = _Stored | PhotoRecord | _SameAs


class PhotoService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        blobs: BlobStore,
        *,
        radius_m: float = 1000.0,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        workers: int | None = None,
    ) -> None:
        self._sessions = sessions
        self._blobs = blobs
        self.radius_m = radius_m
        self._now = now
        # One more thread than cores: while one waits for its blobs to reach the disk
        # (three fsyncs a photo), the cores keep decoding.
        self.workers = workers or (os.cpu_count() or 2) + 1
        self._blob_lock = threading.Lock()

    # --- import -------------------------------------------------------------------------------

    def import_file(
        self,
        *,
        inspection_id: InspectionId,
        path: Path,
        actor_id: UserId,
        item_key: str | None = None,
        collateral_id: uuid.UUID | None = None,
    ) -> PhotoImported:
        """Import one file; a bad file raises ``PhotoRejected`` (an ``InvalidInput``)."""
        target = self._target(inspection_id, actor_id, item_key, collateral_id)
        stored = self._process(target, path, set(), threading.Lock())
        if isinstance(stored, PhotoRecord):
            return PhotoImported(stored, duplicate=True)
        assert isinstance(stored, _Stored)
        return PhotoImported(self._commit(target, [(path, stored)])[0], duplicate=False)

    def import_files(
        self,
        *,
        inspection_id: InspectionId,
        paths: Sequence[Path],
        actor_id: UserId,
        item_key: str | None = None,
        collateral_id: uuid.UUID | None = None,
        progress: Callable[[ImportProgress], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> ImportSummary:
        """Import ``paths`` on ``workers`` threads. Finished files are recorded a few at a
        time (each with all its blobs); bad files are listed in the summary; ``cancelled``
        stops the import between files (what is done stays done). Call it off the GUI thread:
        ``progress`` is called on the calling thread as each file is processed or refused."""
        target = self._target(inspection_id, actor_id, item_key, collateral_id)
        summary = ImportSummary()
        deferred: list[tuple[Path, _SameAs]] = []
        claimed: set[str] = set()
        claim_lock = threading.Lock()
        pending = list(dict.fromkeys(paths))  # the same path twice is one file
        total = len(pending)
        done = 0
        with cf.ThreadPoolExecutor(self.workers, thread_name_prefix="photo-import") as pool:
            running: dict[cf.Future[_Outcome], Path] = {}
            queue = iter(pending)

            def top_up() -> None:
                # A small window in flight: a cancel takes effect within a file or two, and
                # at most a few originals are held in memory at once.
                while len(running) < self.workers * 2 and summary.stopped_by is None:
                    if cancelled():
                        return
                    path = next(queue, None)
                    if path is None:
                        return
                    running[pool.submit(self._process, target, path, claimed, claim_lock)] = path

            ready: list[tuple[Path, _Stored]] = []  # processed, blobs written, not recorded
            oldest = 0.0

            def record_ready() -> None:
                self._record(target, ready, summary)
                ready.clear()

            try:
                top_up()
                while running:
                    finished, _ = cf.wait(
                        running, timeout=RECORD_EVERY_S, return_when=cf.FIRST_COMPLETED
                    )
                    for future in finished:
                        path = running.pop(future)
                        stored = self._settle(path, future, summary, deferred)
                        if stored is not None:
                            if not ready:
                                oldest = time.monotonic()
                            ready.append((path, stored))
                        done += 1
                        if progress is not None:
                            progress(ImportProgress(done=done, total=total, path=path))
                    top_up()
                    if ready and (
                        not running
                        or len(ready) >= RECORD_BATCH
                        or time.monotonic() - oldest >= RECORD_EVERY_S
                    ):
                        record_ready()
            finally:  # ended by an exception (in ``progress``, say): let go of what is in flight
                self._discard(d for _, stored in ready for d in stored.created)
                for future in running:
                    if not future.cancel() and future.exception() is None:
                        outcome = future.result()
                        if isinstance(outcome, _Stored):
                            self._discard(outcome.created)
            summary.not_started = list(queue)
        for path, same in deferred:  # its twin has been recorded (or refused) by now
            twin = self._existing(target.inspection_id, same.sha256)
            if twin is not None:
                summary.duplicates.append(twin)
            else:
                message = f"{path.name}: the same file as another one that was not imported"
                summary.rejected.append(ImportProblem(path, "duplicate", message))
        return summary

    def _settle(
        self,
        path: Path,
        future: cf.Future[_Outcome],
        summary: ImportSummary,
        deferred: list[tuple[Path, _SameAs]],
    ) -> _Stored | None:
        """A worker's outcome into the summary; a processed file is returned to be recorded
        (even if another file hit a full disk meanwhile: its blobs are written)."""
        try:
            result = future.result()
        except Exception as exc:
            self._refuse(path, exc, summary)
            return None
        if isinstance(result, _SameAs):
            deferred.append((path, result))
        elif isinstance(result, PhotoRecord):
            summary.duplicates.append(result)
        else:
            return result
        return None

    @staticmethod
    def _refuse(path: Path, exc: Exception, summary: ImportSummary) -> None:
        if isinstance(exc, StorageProblem):
            summary.stopped_by = str(exc)
            summary.rejected.append(ImportProblem(path, "storage", str(exc)))
        elif isinstance(exc, InvalidInput):
            reason = getattr(exc, "reason", "invalid")
            summary.rejected.append(ImportProblem(path, reason, str(exc)))
        elif isinstance(exc, PostloanError):  # the inspection was submitted meanwhile, say
            summary.stopped_by = str(exc)
            summary.rejected.append(ImportProblem(path, "error", str(exc)))
        else:  # a bug or a library's surprise: one file, not the import
            log.error("importing %s failed", path, exc_info=exc)
            summary.rejected.append(ImportProblem(path, "error", f"{path.name}: {exc!r}"))

    def _record(
        self, target: _Target, ready: list[tuple[Path, _Stored]], summary: ImportSummary
    ) -> None:
        """Record the ready files in one transaction (one fsync for several photos); if that
        fails, one by one, so that one bad record costs only its own file."""
        try:
            records = self._commit(target, ready, discard=False)
        except Exception:
            for path, stored in ready:
                try:
                    summary.imported.append(self._commit(target, [(path, stored)])[0])
                except Exception as exc:
                    # Another import of the same file into this inspection got there first.
                    twin = self._existing(target.inspection_id, stored.processed.info.sha256)
                    if twin is not None:
                        summary.duplicates.append(twin)
                    else:
                        self._refuse(path, exc, summary)
        else:
            summary.imported.extend(records)

    def _target(
        self,
        inspection_id: InspectionId,
        actor_id: UserId,
        item_key: str | None,
        collateral_id: uuid.UUID | None,
    ) -> _Target:
        from postloan_desktop.photos.provenance import EarlierPhoto

        with self._sessions() as session:  # fail early, before any decoding
            inspection = editable_inspection(session, inspection_id, actor_id)
            lineage = _lineage(session, inspection)
            earlier = tuple(
                EarlierPhoto(sha, phash)
                for sha, phash in session.execute(
                    select(Photo.sha256, Photo.phash).where(Photo.inspection_id.not_in(lineage))
                ).tuples()
            )
            return _Target(
                inspection_id=inspection_id,
                actor_id=actor_id,
                inspected_on=inspection.inspected_on or self._now().date(),
                site=self._site(session, inspection, collateral_id),
                earlier=earlier,
                present=frozenset(
                    session.execute(
                        select(Photo.sha256).where(Photo.inspection_id == inspection_id)
                    ).scalars()
                ),
                item_key=item_key,
                collateral_id=collateral_id,
            )

    def _process(
        self, target: _Target, path: Path, claimed: set[str], claim_lock: threading.Lock
    ) -> _Outcome:
        """Worker thread: decode, check and write the blobs of one file; the existing
        record instead if the inspection already has this file."""
        from postloan_desktop.photos.pipeline import process_photo

        processed = process_photo(path, now=self._now())
        sha = processed.info.sha256
        with claim_lock:
            if sha in claimed:  # another file of this import has the same bytes
                return _SameAs(sha)
            claimed.add(sha)
        # (One recorded meanwhile by another import shows at commit: see _record.)
        existing = self._existing(target.inspection_id, sha) if sha in target.present else None
        if existing is not None:
            return existing
        renditions = processed.renditions
        report = hashlib.sha256(renditions.report_jpeg).hexdigest()
        thumb = hashlib.sha256(renditions.thumbnail_jpeg).hexdigest()
        created: list[str] = []
        try:
            for digest, data in (
                (sha, processed.data),
                (report, renditions.report_jpeg),
                (thumb, renditions.thumbnail_jpeg),
            ):
                with self._blob_lock:
                    new = not self._blobs.exists(digest)
                stored = self._blobs.put_bytes(data)
                if new:
                    created.append(stored)
        except BaseException:
            self._discard(created)
            raise
        return _Stored(processed=processed, report=report, thumb=thumb, created=tuple(created))

    def _existing(self, inspection_id: InspectionId, sha256: str) -> PhotoRecord | None:
        with self._sessions() as session:
            photo = session.execute(
                select(Photo).where(Photo.inspection_id == inspection_id, Photo.sha256 == sha256)
            ).scalar_one_or_none()
            return _record(photo) if photo is not None else None

    def _commit(
        self, target: _Target, batch: list[tuple[Path, _Stored]], *, discard: bool = True
    ) -> list[PhotoRecord]:
        """Record processed files in one transaction; if it fails and ``discard``, let their
        blobs go."""
        try:
            with self._sessions.begin() as session:
                editable_inspection(session, target.inspection_id, target.actor_id)  # still?
                photos = [self._photo(session, target, path, stored) for path, stored in batch]
                session.flush()  # one flush for the batch: defaults filled in, outbox written
                return [_record(photo) for photo in photos]
        except BaseException:
            if discard:
                self._discard(d for _, stored in batch for d in stored.created)
            raise

    def _photo(self, session: Session, target: _Target, path: Path, stored: _Stored) -> Photo:
        from postloan_desktop.photos.provenance import provenance_warnings

        info = stored.processed.info
        warnings = list(info.warnings)
        for code in provenance_warnings(
            info,
            inspection_date=target.inspected_on,
            site=target.site,
            earlier=target.earlier,
            radius_m=self.radius_m,
        ):
            if code not in warnings:
                warnings.append(code)
        photo = Photo(
            id=new_id(),  # known now: the batch is flushed once, at commit
            inspection_id=target.inspection_id,
            sha256=info.sha256,
            original_name=path.name[:255],
            size_bytes=info.size_bytes,
            width=info.width,
            height=info.height,
            captured_local=info.captured_at,
            latitude=info.gps[0] if info.gps else None,
            longitude=info.gps[1] if info.gps else None,
            camera=(info.camera or "")[:100],
            software=(info.software or "")[:100],
            phash=info.phash,
            report_sha256=stored.report,
            thumb_sha256=stored.thumb,
            item_key=target.item_key,
            collateral_id=target.collateral_id,
            warnings=warnings,
            imported_by=target.actor_id,
        )
        session.add(photo)
        audit.record(
            session,
            action="photo.import",
            entity_type="inspection",
            entity_id=target.inspection_id,
            actor_id=target.actor_id,
            details={"photo": str(photo.id), "sha256": info.sha256, "warnings": warnings},
        )
        return photo

    def _discard(self, digests: Iterable[str]) -> None:
        """Remove blobs an import wrote, unless a photo record names them meanwhile."""
        digests = list(digests)
        if not digests:
            return
        with self._blob_lock, self._sessions() as session:
            for digest in digests:
                named = session.execute(
                    select(func.count())
                    .select_from(Photo)
                    .where(
                        or_(
                            Photo.sha256 == digest,
                            Photo.report_sha256 == digest,
                            Photo.thumb_sha256 == digest,
                        )
                    )
                ).scalar_one()
                if not named:
                    self._blobs.remove(digest)

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

    # --- reading ------------------------------------------------------------------------------

    def photos(self, inspection_id: InspectionId) -> list[PhotoRecord]:
        """The inspection's photos in the order they were taken (then imported)."""
        with self._sessions() as session:
            rows = session.execute(
                select(Photo)
                .where(Photo.inspection_id == inspection_id)
                .order_by(Photo.captured_local, Photo.imported_at, Photo.original_name)
            ).scalars()
            return [_record(p) for p in rows]

    def photo(self, photo_id: PhotoId) -> PhotoRecord:
        with self._sessions() as session:
            return _record(_get_photo(session, photo_id))

    def counts_by_item(self, inspection_id: InspectionId) -> dict[str, int]:
        """How many photos are linked to each checklist item of the inspection."""
        with self._sessions() as session:
            rows = session.execute(
                select(Photo.item_key, func.count())
                .where(Photo.inspection_id == inspection_id, Photo.item_key.is_not(None))
                .group_by(Photo.item_key)
            ).tuples()
            return {key: count for key, count in rows if key is not None}

    def blob(self, sha256: str) -> bytes:
        """A stored blob's bytes (a thumbnail, a report rendition, an original)."""
        return self._blobs.read(sha256)

    def blob_path(self, sha256: str) -> Path:
        return self._blobs.path_for(sha256)

    # --- edits --------------------------------------------------------------------------------

    def set_caption(self, *, photo_id: PhotoId, caption: str, actor_id: UserId) -> PhotoRecord:
        caption = caption.strip()
        if len(caption) > 500:
            raise InvalidInput("a caption can be at most 500 characters")
        with self._sessions.begin() as session:
            photo = self._editable(session, photo_id, actor_id)
            photo.caption = caption
            self._audit(session, photo, actor_id, "photo.caption", {"caption": caption})
            return _record(photo)

    def link(
        self,
        *,
        photo_id: PhotoId,
        actor_id: UserId,
        item_key: str | None,
        collateral_id: uuid.UUID | None,
    ) -> PhotoRecord:
        """Link the photo to a checklist item and/or a collateral item; None unlinks."""
        with self._sessions.begin() as session:
            photo = self._editable(session, photo_id, actor_id)
            if collateral_id is not None:
                inspection = get_inspection(session, photo.inspection_id)
                collateral = session.get(Collateral, collateral_id)
                if collateral is None or collateral.loan_id != inspection.loan_id:
                    raise NotFound("that collateral item does not belong to this loan")
            photo.item_key = item_key or None
            photo.collateral_id = collateral_id
            self._audit(
                session,
                photo,
                actor_id,
                "photo.link",
                {"item": item_key, "collateral": str(collateral_id) if collateral_id else None},
            )
            return _record(photo)

    def rotate(self, *, photo_id: PhotoId, actor_id: UserId, clockwise: int = 90) -> PhotoRecord:
        """Turn the photo's renditions; the original is never touched (the rotation is a
        setting the renditions are rebuilt with)."""
        from postloan_desktop.photos.pipeline import make_renditions

        if clockwise % 90:
            raise InvalidInput("photos turn in steps of 90 degrees")
        with self._sessions() as session:
            photo = self._editable(session, photo_id, actor_id)
            rotation = (photo.rotation + clockwise) % 360
            original = self._blobs.path_for(photo.sha256)
            old = (photo.report_sha256, photo.thumb_sha256)
        renditions = make_renditions(original, rotation=rotation)
        created: list[str] = []
        try:
            digests = []
            for data in (renditions.report_jpeg, renditions.thumbnail_jpeg):
                digest = hashlib.sha256(data).hexdigest()
                with self._blob_lock:
                    new = not self._blobs.exists(digest)
                self._blobs.put_bytes(data)
                if new:
                    created.append(digest)
                digests.append(digest)
            with self._sessions.begin() as session:
                photo = self._editable(session, photo_id, actor_id)
                photo.rotation = rotation
                photo.report_sha256, photo.thumb_sha256 = digests
                width, height = photo.width, photo.height
                if clockwise % 180:
                    photo.width, photo.height = height, width
                self._audit(session, photo, actor_id, "photo.rotate", {"rotation": rotation})
                record = _record(photo)
        except BaseException:
            self._discard(created)
            raise
        self._discard(old)
        return record

    def remove(self, *, photo_id: PhotoId, actor_id: UserId) -> None:
        """Take a photo out of a draft inspection; its blobs go unless another record uses them."""
        with self._sessions.begin() as session:
            photo = self._editable(session, photo_id, actor_id)
            blobs = (photo.sha256, photo.report_sha256, photo.thumb_sha256)
            self._audit(
                session,
                photo,
                actor_id,
                "photo.remove",
                {"sha256": photo.sha256, "name": photo.original_name},
            )
            session.delete(photo)
        self._discard(blobs)

    def _editable(self, session: Session, photo_id: PhotoId, actor_id: UserId) -> Photo:
        photo = _get_photo(session, photo_id)
        editable_inspection(session, photo.inspection_id, actor_id)
        return photo

    @staticmethod
    def _audit(
        session: Session, photo: Photo, actor_id: UserId, action: str, details: dict[str, object]
    ) -> None:
        audit.record(
            session,
            action=action,
            entity_type="inspection",
            entity_id=photo.inspection_id,
            actor_id=actor_id,
            details={"photo": str(photo.id), **details},
        )


def _get_photo(session: Session, photo_id: uuid.UUID) -> Photo:
    photo = session.get(Photo, photo_id)
    if photo is None:
        raise NotFound(f"photo {photo_id} does not exist")
    return photo


def _lineage(session: Session, inspection: Inspection) -> list[uuid.UUID]:
    """The inspection and its earlier revisions: their photos are not "earlier inspections"."""
    ids = [inspection.id]
    previous = inspection.previous_revision_id
    while previous is not None and previous not in ids:
        ids.append(previous)
        older = session.get(Inspection, previous)
        previous = older.previous_revision_id if older is not None else None
    return ids
