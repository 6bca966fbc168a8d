"""What head office sent, stored first, applied when the pull is complete.

``store_page`` keeps a pulled page and the new cursor in one transaction: a laptop shut
mid-pull resumes after the last page it kept. ``apply_inbox`` then writes the records into
the real tables, parents first (``sync.wire.ENTITIES``), with upserts that never cascade.
A record is held back, not applied, while this laptop has an unsent change of it (the push
will meet head office's version and show the conflict) or an open conflict (head office's
newer side is kept with the conflict). A record that cannot be applied (a parent missing)
stays in the inbox and is counted, never dropped.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import (
    AppState,
    Borrower,
    Loan,
    SyncBlob,
    SyncConflict,
    SyncInbox,
    SyncOutbox,
    SyncRecord,
)
from postloan_desktop.storage.repositories import search_text
from postloan_desktop.storage.types import utcnow
from postloan_desktop.sync.outbox import APPLYING
from postloan_desktop.sync.tally import mix
from postloan_desktop.sync.wire import ENTITIES, BadRecord, Entity, from_wire

if TYPE_CHECKING:
    from postloan_desktop.sync import protocol as p

log = logging.getLogger(__name__)
CURSOR_KEY = "sync.cursor"
CHUNK = 500


@dataclass
class Applied:
    applied: int = 0
    held: int = 0  # waiting behind a local change or an open conflict
    failed: int = 0  # could not be applied (kept in the inbox)
    loans: set[uuid.UUID] = field(default_factory=set)  # whose due dates need recomputing
    blobs: set[str] = field(default_factory=set)  # named by the records applied


def get_state(session: Session, key: str) -> str | None:
    return session.scalar(select(AppState.value).where(AppState.key == key))


def set_state(session: Session, key: str, value: str) -> None:
    stmt = sqlite_insert(AppState).values(key=key, value=value)
    session.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def cursor(session: Session) -> int:
    return int(get_state(session, CURSOR_KEY) or 0)


def store_page(session: Session, page: p.PullAnswer) -> None:
    """Keep a pulled page and its cursor (the caller's transaction): one statement for the
    page, a newer version replacing an older one still waiting."""
    rows = [
        {
            "entity": record.entity,
            "record_id": record.id,
            "version": record.version,
            "deleted": record.deleted,
            "data": record.data,
        }
        for record in page.records
    ]
    if rows:
        stmt = sqlite_insert(SyncInbox)
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["entity", "record_id"],
                set_={k: stmt.excluded[k] for k in ("version", "deleted", "data")},
                where=SyncInbox.version < stmt.excluded.version,
            ),
            rows,
        )
    set_state(session, CURSOR_KEY, str(page.cursor))


def _keys(session: Session, query: Any) -> set[tuple[str, uuid.UUID]]:
    return {(e, i) for e, i in session.execute(query)}


def apply_inbox(session: Session, blobs: BlobStore) -> Applied:
    """Apply the inbox (the caller's transaction, on a session marked as applying)."""
    session.info[APPLYING] = True
    result = Applied()
    pending = _keys(session, select(SyncOutbox.entity, SyncOutbox.record_id))
    conflicts = _keys(
        session,
        select(SyncConflict.entity, SyncConflict.record_id).where(
            SyncConflict.resolved_at.is_(None)
        ),
    )
    for kind in ENTITIES:
        rows: list[Any] = list(
            session.execute(
                select(
                    SyncInbox.record_id, SyncInbox.version, SyncInbox.deleted, SyncInbox.data
                ).where(SyncInbox.entity == kind.name)
            )
        )
        if not rows:
            continue
        if kind.name == "inspection":  # earlier revisions first: later ones point at them
            rows.sort(key=lambda r: (r.data or {}).get("revision", 0))
        for start in range(0, len(rows), CHUNK):
            _apply_chunk(session, kind, rows[start : start + CHUNK], pending, conflicts, result)
    if result.blobs:
        want_downloads(session, blobs, result.blobs)
    return result


def _known_versions(
    session: Session, kind: Entity, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    rows = session.execute(
        select(SyncRecord.record_id, SyncRecord.version).where(
            SyncRecord.entity == kind.name, SyncRecord.record_id.in_(ids)
        )
    )
    return {record_id: version for record_id, version in rows}


def _apply_chunk(
    session: Session,
    kind: Entity,
    rows: list[Any],
    pending: set[tuple[str, uuid.UUID]],
    conflicts: set[tuple[str, uuid.UUID]],
    result: Applied,
) -> None:
    known = _known_versions(session, kind, [r.record_id for r in rows])
    todo: list[Any] = []
    done: list[uuid.UUID] = []
    for row in rows:
        key = (kind.name, row.record_id)
        if known.get(row.record_id, 0) >= row.version:
            done.append(row.record_id)  # an echo of our own change, or older than ours
        elif key in conflicts:
            session.execute(
                update(SyncConflict)
                .where(
                    SyncConflict.entity == kind.name,
                    SyncConflict.record_id == row.record_id,
                    SyncConflict.resolved_at.is_(None),
                )
                .values(
                    server_version=row.version, server_deleted=row.deleted, server_data=row.data
                )
            )
            done.append(row.record_id)
            result.held += 1
        elif key in pending:
            result.held += 1
        else:
            todo.append(row)
    _forget(session, kind, done)
    if not todo:
        return
    try:
        with session.begin_nested():
            _write(session, kind, todo, result)
    except (IntegrityError, BadRecord):
        # One bad record spoils the batch: apply one by one, keep the failures in the inbox.
        for row in todo:
            try:
                with session.begin_nested():
                    _write(session, kind, [row], result)
            except (IntegrityError, BadRecord) as exc:
                result.failed += 1
                log.warning("cannot apply %s %s yet: %s", kind.name, row.record_id, exc)


def _forget(session: Session, kind: Entity, ids: list[uuid.UUID]) -> None:
    """Take applied (or outdated) records out of the inbox."""
    if ids:
        session.execute(
            delete(SyncInbox)
            .where(SyncInbox.entity == kind.name, SyncInbox.record_id.in_(ids))
            .execution_options(synchronize_session=False)
        )


def _write(session: Session, kind: Entity, rows: list[Any], result: Applied) -> None:
    table: Any = kind.model.__table__
    pk = [c.key for c in table.primary_key.columns]
    live = [r for r in rows if not r.deleted]
    gone = [r for r in rows if r.deleted]
    values = [from_wire(kind.name, r.data) for r in live]
    for row in live:
        result.blobs.update(kind.blobs(row.data))
    if kind.model is Loan:
        _fill_loan_columns(session, values)
        result.loans.update(v["id"] for v in values)
    elif kind.name in ("inspection",):
        result.loans.update(v["loan_id"] for v in values)
    if values:
        session.execute(upsert(table, values[0]), values)
    for row in gone:
        if kind.model is not Loan and "id" in pk:
            session.execute(delete(table).where(table.c.id == row.record_id))
    _remember(session, kind, rows)
    _forget(session, kind, [r.record_id for r in rows])
    result.applied += len(rows)


def upsert(table: Any, sample: dict[str, Any]) -> Any:
    """INSERT … ON CONFLICT DO UPDATE of every column but the key (never a REPLACE, which
    would delete the row and cascade to its children)."""
    pk = [c.key for c in table.primary_key.columns]
    stmt = sqlite_insert(table)
    columns = [c for c in sample if c not in pk]
    if not columns:
        return stmt.on_conflict_do_nothing(index_elements=pk)
    return stmt.on_conflict_do_update(
        index_elements=pk, set_={c: stmt.excluded[c] for c in columns}
    )


def _fill_loan_columns(session: Session, values: list[dict[str, Any]]) -> None:
    """The loan columns a laptop derives: its search text (due dates come after)."""
    borrower_ids = {v["borrower_id"] for v in values}
    names = dict(
        (b_id, (name, number))
        for b_id, name, number in session.execute(
            select(Borrower.id, Borrower.name, Borrower.id_number).where(
                Borrower.id.in_(borrower_ids)
            )
        )
    )
    now = utcnow()
    for v in values:
        name, number = names.get(v["borrower_id"], ("", ""))
        v["search_text"] = search_text(name, v["contract_no"], number)
        v["updated_at"] = now


def _remember(session: Session, kind: Entity, rows: Iterable[Any]) -> None:
    values = [
        {
            "entity": kind.name,
            "record_id": r.record_id,
            "version": r.version,
            "deleted": r.deleted,
            "mix": mix(kind.name, r.record_id, r.version),
        }
        for r in rows
    ]
    remember(session, values)


def remember(session: Session, values: list[dict[str, Any]]) -> None:
    """Record the versions head office acknowledged (never lowering one)."""
    if not values:
        return
    stmt = sqlite_insert(SyncRecord)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["entity", "record_id"],
            set_={k: stmt.excluded[k] for k in ("version", "deleted", "mix")},
            where=SyncRecord.version < stmt.excluded.version,
        ),
        values,
    )


def want_downloads(session: Session, blobs: BlobStore, named: set[str]) -> None:
    """Queue the blobs the applied records name that this laptop does not hold (a queued
    one stays queued until it arrives)."""
    ordered = sorted(named)
    queued: set[str] = set()
    for start in range(0, len(ordered), CHUNK):
        queued.update(
            session.scalars(
                select(SyncBlob.sha256).where(
                    SyncBlob.direction == "down",
                    SyncBlob.sha256.in_(ordered[start : start + CHUNK]),
                )
            )
        )
    wanted = [s for s in ordered if s not in queued and not blobs.exists(s)]
    if wanted:
        session.execute(
            insert(SyncBlob), [{"sha256": s, "direction": "down", "priority": 1} for s in wanted]
        )
