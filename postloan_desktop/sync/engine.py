"""One sync with head office, in the order that keeps every guarantee:

1. upload the report PDFs the outbox names (head office checks a signature before it takes
   the record naming it);
2. push the outbox in small batches; each change is cleared only when head office answered
   "applied" or "already applied" for it; a conflict or a refusal becomes a ``SyncConflict``
   with both sides, for a person to decide;
3. upload the photos (their records are already there, "incomplete" until they arrive);
4. pull every page after the cursor into the inbox, then apply it;
5. download the blobs the new records name;
6. compare counts and digests with head office and keep the differences for the app to show.

Every step is resumable: a sync cut off anywhere (network, a shut lid, a killed process)
goes on from where it stopped the next time, and sends nothing twice that was acknowledged.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.storage.atomic import fsync_dir
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import (
    SyncBlob,
    SyncConflict,
    SyncInbox,
    SyncOutbox,
    SyncRecord,
)
from postloan_desktop.sync import protocol as p
from postloan_desktop.sync.client import Cancelled, SyncClient, SyncProblem
from postloan_desktop.sync.inbox import Applied, apply_inbox, cursor, remember, store_page
from postloan_desktop.sync.tally import mix, tally_digest
from postloan_desktop.sync.wire import ENTITIES

log = logging.getLogger(__name__)
FORGET_BATCH = 50

# phase (upload_reports, push, upload_photos, pull, download), done, total
Progress = Callable[[str, int, int], None]


@dataclass
class Difference:
    entity: str
    local_count: int
    server_count: int
    local_digest: str
    server_digest: str


@dataclass
class SyncReport:
    pushed: int = 0
    already: int = 0
    conflicts: int = 0
    rejected: int = 0
    uploaded_bytes: int = 0
    pulled: int = 0
    applied: Applied = field(default_factory=Applied)
    downloaded_bytes: int = 0
    differences: list[Difference] = field(default_factory=list)
    compared: bool = False  # the comparison ran on a quiet moment (nothing pending)


class SyncEngine:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        blobs: BlobStore,
        client: SyncClient,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        self.sessions = sessions
        self.blobs = blobs
        self.client = client
        self._progress = progress or (lambda _phase, _done, _total: None)
        self._cancelled = cancelled

    def _check(self) -> None:
        if self._cancelled():
            raise Cancelled()

    def run(self) -> SyncReport:
        report = SyncReport()
        self.upload(report, priority=0)
        self.push(report)
        self.upload(report, priority=None)
        self.pull(report)
        self.download(report)
        self.compare(report)
        return report

    # --- push ------------------------------------------------------------------------------

    def _session(self) -> Session:
        from postloan_desktop.sync.outbox import APPLYING

        session = self.sessions()
        session.info[APPLYING] = True
        return session

    def pending_changes(self) -> int:
        with self.sessions() as session:
            return session.scalar(select(func.count()).select_from(SyncOutbox)) or 0

    def _next_batch(self) -> list[p.Change]:
        with self._session() as session, session.begin():
            blocked = {
                (e, i)
                for e, i in session.execute(
                    select(SyncConflict.entity, SyncConflict.record_id).where(
                        SyncConflict.resolved_at.is_(None)
                    )
                )
            }
            rows = session.scalars(select(SyncOutbox).order_by(SyncOutbox.seq).limit(1000))
            batch: list[p.Change] = []
            bases: dict[tuple[str, uuid.UUID], int] = {}
            for row in rows:
                key = (row.entity, row.record_id)
                if key in blocked:
                    continue
                if key in bases:
                    base = bases[key] + 1
                else:
                    known = session.get(SyncRecord, key)
                    base = known.version if known is not None else 0
                bases[key] = base
                batch.append(
                    p.Change(
                        change_id=row.change_id,
                        entity=row.entity,
                        id=row.record_id,
                        base_version=base,
                        deleted=row.deleted,
                        data=row.data,
                    )
                )
                row.sent = True  # from now on this change id always carries this record
                if len(batch) >= p.PUSH_BATCH:
                    break
            return batch

    def push(self, report: SyncReport) -> None:
        total = self.pending_changes()
        done = 0
        while True:
            self._check()
            batch = self._next_batch()
            if not batch:
                return
            answer = self.client.push(batch)
            stop = self._settle(batch, answer, report)
            done += len(batch)
            self._progress("push", done, max(total, done))
            if stop:
                return

    def _settle(self, batch: list[p.Change], answer: p.PushAnswer, report: SyncReport) -> bool:
        """Clear what head office took; returns True when the rest must wait (a blob it needs
        first is not there yet)."""
        stop = False
        with self._session() as session, session.begin():
            acknowledged: list[dict[str, Any]] = []
            for change, result in zip(batch, answer.results, strict=True):
                key = (change.entity, change.id)
                if result.outcome in (p.Outcome.APPLIED, p.Outcome.ALREADY_APPLIED):
                    session.execute(
                        delete(SyncOutbox).where(SyncOutbox.change_id == change.change_id)
                    )
                    version = result.version or 0
                    acknowledged.append(
                        {
                            "entity": change.entity,
                            "record_id": change.id,
                            "version": version,
                            "deleted": change.deleted,
                            "mix": mix(change.entity, change.id, version),
                        }
                    )
                    if result.outcome is p.Outcome.APPLIED:
                        report.pushed += 1
                    else:
                        report.already += 1
                elif result.outcome is p.Outcome.REJECTED and result.code == "blob_missing":
                    stop = True  # stays pending; its blob goes up first next time
                else:
                    self._to_conflict(session, key, change, result)
                    if result.outcome is p.Outcome.CONFLICT:
                        report.conflicts += 1
                    else:
                        report.rejected += 1
            remember(session, acknowledged)
        return stop

    def _to_conflict(
        self,
        session: Session,
        key: tuple[str, uuid.UUID],
        change: p.Change,
        result: p.ChangeResult,
    ) -> None:
        open_one = session.scalar(
            select(SyncConflict).where(
                SyncConflict.entity == key[0],
                SyncConflict.record_id == key[1],
                SyncConflict.resolved_at.is_(None),
            )
        )
        newest = session.scalar(
            select(SyncOutbox)
            .where(SyncOutbox.entity == key[0], SyncOutbox.record_id == key[1])
            .order_by(SyncOutbox.seq.desc())
            .limit(1)
        )
        local_data = newest.data if newest is not None else change.data
        local_deleted = newest.deleted if newest is not None else change.deleted
        current = result.current
        if open_one is None:
            session.add(
                SyncConflict(
                    entity=key[0],
                    record_id=key[1],
                    kind="conflict" if result.outcome is p.Outcome.CONFLICT else "rejected",
                    code=result.code,
                    detail=result.detail,
                    local_deleted=local_deleted,
                    local_data=local_data,
                    server_version=current.version if current else (result.version or 0),
                    server_deleted=current.deleted if current else False,
                    server_data=current.data if current else None,
                )
            )
        session.execute(
            delete(SyncOutbox).where(SyncOutbox.entity == key[0], SyncOutbox.record_id == key[1])
        )
        log.warning(
            "sync %s of %s %s: %s %s", result.outcome, key[0], key[1], result.code, result.detail
        )

    # --- blobs -----------------------------------------------------------------------------

    def upload(self, report: SyncReport, *, priority: int | None) -> None:
        with self.sessions() as session:
            query = select(SyncBlob.sha256).where(SyncBlob.direction == "up")
            if priority is not None:
                query = query.where(SyncBlob.priority == priority)
            wanted = list(session.scalars(query.order_by(SyncBlob.priority, SyncBlob.sha256)))
        if not wanted:
            return
        missing: dict[str, int] = {}
        for start in range(0, len(wanted), 1000):
            missing.update(self.client.missing(wanted[start : start + 1000]))
        done_already = sorted(set(wanted) - set(missing))
        self._forget("up", done_already)
        total = sum(self.blobs.path_for(s).stat().st_size for s in missing if self.blobs.exists(s))
        sent = 0

        phase = "upload_reports" if priority == 0 else "upload_photos"

        def count(n: int) -> None:
            nonlocal sent
            sent += n
            self._progress(phase, sent, max(total, sent))

        # What went up is crossed off in batches (one local commit per blob costs more than
        # the check that finds an uploaded blob at head office if a crash loses a batch).
        sent_up: list[str] = []
        try:
            for sha in missing:
                self._check()
                if not self.blobs.exists(sha):
                    # Its photo was removed before it went up (the blob went with it):
                    # nothing to send. A record still naming it shows as incomplete.
                    log.warning("blob %s to upload is no longer in the local store", sha)
                    sent_up.append(sha)
                    continue
                report.uploaded_bytes += self.client.upload(
                    sha,
                    self.blobs.path_for(sha),
                    on_bytes=count,
                    cancelled=self._cancelled,
                    received=missing[sha],
                )
                sent_up.append(sha)
                if len(sent_up) >= FORGET_BATCH:
                    self._forget("up", sent_up)
                    sent_up = []
        finally:
            self._forget("up", sent_up)

    def _forget(self, direction: str, shas: list[str]) -> None:
        if not shas:
            return
        with self.sessions() as session, session.begin():
            session.execute(
                delete(SyncBlob).where(SyncBlob.direction == direction, SyncBlob.sha256.in_(shas))
            )

    def download(self, report: SyncReport) -> None:
        with self.sessions() as session:
            wanted = list(
                session.scalars(
                    select(SyncBlob.sha256)
                    .where(SyncBlob.direction == "down")
                    .order_by(SyncBlob.priority)
                )
            )
        parts = self.blobs.root / "tmp"
        for index, sha in enumerate(wanted):
            self._check()
            if not self.blobs.exists(sha):
                part = parts / f"download-{sha}"
                try:
                    self.client.download(sha, part, cancelled=self._cancelled)
                except SyncProblem as exc:
                    if exc.code == "refused" and exc.status == 404:
                        continue  # not at head office yet: its laptop has not sent it
                    raise
                size = part.stat().st_size
                final = self.blobs.path_for(sha)
                final.parent.mkdir(parents=True, exist_ok=True)
                with part.open("rb") as stream:
                    os.fsync(stream.fileno())
                os.replace(part, final)
                fsync_dir(final.parent)
                report.downloaded_bytes += size
            self._forget("down", [sha])
            self._progress("download", index + 1, len(wanted))

    # --- pull ------------------------------------------------------------------------------

    def pull(self, report: SyncReport) -> None:
        while True:
            self._check()
            with self.sessions() as session:
                after = cursor(session)
            page = self.client.pull(after)
            with self._session() as session, session.begin():
                store_page(session, page)
            report.pulled += len(page.records)
            self._progress("pull", report.pulled, report.pulled + (p.PAGE if page.more else 0))
            if not page.more:
                break
        with self._session() as session, session.begin():
            applied = apply_inbox(session, self.blobs)
        report.applied = applied

    # --- comparison ------------------------------------------------------------------------

    def local_tallies(self, session: Session) -> dict[str, p.Tally]:
        rows = session.execute(
            select(SyncRecord.entity, func.count(), func.coalesce(func.sum(SyncRecord.mix), 0))
            .where(SyncRecord.deleted.is_(False))
            .group_by(SyncRecord.entity)
        ).all()
        return {e: p.Tally(count=c, digest=tally_digest(int(t))) for e, c, t in rows}

    def compare(self, report: SyncReport) -> None:
        """Compare what both sides hold; a difference is reported, never "fixed"."""
        server = self.client.reconcile()
        with self.sessions() as session:
            if cursor(session) != server.cursor:
                return  # head office moved on meanwhile: compare next time
            pending = session.scalar(select(func.count()).select_from(SyncOutbox)) or 0
            local = self.local_tallies(session)
            counts = {
                kind.name: session.scalar(select(func.count()).select_from(kind.model.__table__))
                or 0
                for kind in ENTITIES
            }
            unsettled = set(
                session.scalars(
                    select(SyncConflict.entity).where(SyncConflict.resolved_at.is_(None))
                )
            ) | set(session.scalars(select(SyncInbox.entity)))
        if pending:
            return
        report.compared = True
        empty = p.Tally(count=0, digest=tally_digest(0))
        for kind in ENTITIES:
            if kind.name in unsettled:
                continue  # a record waits for a person (a conflict) or its parent: not a fault
            mine = local.get(kind.name, empty)
            theirs = server.tallies.get(kind.name, empty)
            if mine != theirs or counts[kind.name] != mine.count:
                report.differences.append(
                    Difference(
                        entity=kind.name,
                        local_count=counts[kind.name],
                        server_count=theirs.count,
                        local_digest=mine.digest,
                        server_digest=theirs.digest,
                    )
                )
