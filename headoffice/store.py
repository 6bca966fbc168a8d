"""Records as laptops see them: written with a sequence number, pulled after a cursor,
tallied for the after-sync comparison.

``SeqAllocator`` locks the ``counters`` row for the rest of the transaction (``SELECT … FOR
UPDATE`` on PostgreSQL; SQLite's write lock is taken at BEGIN). Writers of records therefore
commit one after another in ``seq`` order, and a laptop that pulled up to ``seq`` N never
misses a record committed later with a smaller number.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import Session

from headoffice.db import SEQ
from headoffice.models import ALL_BRANCHES, Blob, Counter, Record, RecordBlob
from postloan_desktop.storage.types import utcnow
from postloan_desktop.sync import protocol as p
from postloan_desktop.sync.tally import mix, tally_digest
from postloan_desktop.sync.wire import entity as wire_entity


class SeqAllocator:
    """Hands out sequence numbers under the counter's lock; ``close`` writes the last one."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._counter: Counter | None = None
        self._next = 0

    def lock(self) -> None:
        """Take the counter's lock now: a push reads the records it checks under it, so two
        pushes of the same record cannot both pass the version check."""
        if self._counter is None:
            counter = self._session.scalar(
                select(Counter).where(Counter.name == SEQ).with_for_update()
            )
            if counter is None:
                raise RuntimeError("the database has no sequence counter: run db upgrade")
            self._counter = counter
            self._next = counter.value

    def take(self) -> int:
        self.lock()
        self._next += 1
        return self._next

    def close(self) -> None:
        if self._counter is not None and self._counter.value != self._next:
            self._counter.value = self._next
            self._session.flush()


def current_seq(session: Session) -> int:
    return session.scalar(select(Counter.value).where(Counter.name == SEQ)) or 0


def _set_blobs(session: Session, record: Record, blobs: Sequence[str], *, new: bool) -> None:
    if not new:
        session.execute(
            delete(RecordBlob).where(
                RecordBlob.entity == record.entity, RecordBlob.record_id == record.id
            )
        )
    for sha in sorted(set(blobs)):
        session.add(
            RecordBlob(
                sha256=sha, entity=record.entity, record_id=record.id, branch_id=record.branch_id
            )
        )


def put_record(
    session: Session,
    seqs: SeqAllocator,
    entity: str,
    record_id: uuid.UUID,
    branch_id: uuid.UUID,
    data: dict[str, Any],
    *,
    blobs: Sequence[str] = (),
    by: uuid.UUID | None = None,
    existing: Record | None = None,
    known_new: bool = False,
    force: bool = False,
) -> Record | None:
    """Write ``data`` (wire form) as the record's new version; returns the record, or None
    when it already held exactly this (re-importing an unchanged file changes nothing) and
    ``force`` is not set."""
    if existing is not None or known_new:
        record = existing
    else:
        record = session.get(Record, (entity, record_id))
    new = record is None
    unchanged = (
        record is not None
        and not record.deleted
        and record.data == data
        and record.branch_id == branch_id
    )
    if unchanged and not force:
        return None
    seq = seqs.take()  # first: it may query, and a query flushes
    version = 1 if record is None else record.version + 1
    if record is None:
        record = Record(entity=entity, id=record_id)
        session.add(record)
    record.branch_id = branch_id
    record.parent_id = parent_of(entity, data)
    record.version = version
    record.deleted = False
    record.data = data
    record.blobs = list(blobs)
    record.mix = mix(entity, record_id, version)
    record.updated_at = utcnow()
    record.updated_by = by
    record.seq = seq
    session.flush()
    _set_blobs(session, record, blobs, new=new)
    return record


def parent_of(name: str, data: dict[str, Any]) -> uuid.UUID | None:
    parent = wire_entity(name).parent
    value = data.get(parent[0]) if parent is not None else None
    return uuid.UUID(value) if isinstance(value, str) else None


def delete_record(
    session: Session, seqs: SeqAllocator, record: Record, *, by: uuid.UUID | None
) -> Record:
    """A tombstone: the record stays, marked deleted, with a new version and ``seq``."""
    seq = seqs.take()
    record.version += 1
    record.deleted = True
    record.mix = mix(record.entity, record.id, record.version)
    record.updated_at = utcnow()
    record.updated_by = by
    record.seq = seq
    session.flush()
    _set_blobs(session, record, (), new=False)
    return record


def present_blobs(session: Session, shas: Iterable[str]) -> set[str]:
    wanted = sorted(set(shas))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(session.scalars(select(Blob.sha256).where(Blob.sha256.in_(chunk))))
    return found


def wire(record: Record, present: set[str] | None = None) -> p.WireRecord:
    blobs = [] if record.deleted else list(record.blobs or [])
    complete = present is None or all(b in present for b in blobs)
    return p.WireRecord(
        entity=record.entity,
        id=record.id,
        version=record.version,
        deleted=record.deleted,
        data=None if record.deleted else record.data,
        blobs=blobs,
        complete=complete,
    )


def scope(branches: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    return sorted({*branches, ALL_BRANCHES})


def pull_page(
    session: Session, branches: Iterable[uuid.UUID], cursor: int, limit: int
) -> p.PullAnswer:
    rows = list(
        session.scalars(
            select(Record)
            .where(Record.branch_id.in_(scope(branches)), Record.seq > cursor)
            .order_by(Record.seq)
            .limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    present = present_blobs(session, (b for r in rows for b in (r.blobs or [])))
    return p.PullAnswer(
        records=[wire(r, present) for r in rows],
        cursor=rows[-1].seq if rows else cursor,
        more=more,
    )


def tallies(session: Session, branches: Iterable[uuid.UUID]) -> p.ReconcileAnswer:
    """Per record type: how many live records the branch has, and the digest of their
    (id, version) pairs — the same sum the laptop makes of what it holds — as of ``cursor``,
    the last sequence number among the branch's records: the cursor a laptop holds once it
    has pulled them all (other branches' writes do not move it). One statement, so the sums
    and the cursor come from one snapshot on PostgreSQL too."""
    live = Record.deleted.is_(False)
    rows = session.execute(
        select(
            Record.entity,
            func.sum(case((live, 1), else_=0)),
            func.sum(case((live, Record.mix), else_=0)),
            func.max(Record.seq),
        )
        .where(Record.branch_id.in_(scope(branches)))
        .group_by(Record.entity)
    ).all()
    return p.ReconcileAnswer(
        cursor=max((int(last) for *_, last in rows), default=0),
        tallies={
            entity: p.Tally(count=int(count), digest=tally_digest(int(total)))
            for entity, count, total, _last in rows
            if count
        },
    )
