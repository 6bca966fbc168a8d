"""The outbox: every local change to field work, recorded in the transaction that made it.

``install`` hooks the session factory: after each flush, every inspection, answer, photo,
collateral note, report version and audit entry the flush wrote gets an outbox row holding
the record as written (or its deletion), in the order the changes were made. So a change
and its outbox row commit together or not at all: nothing is lost to a crash between them.

Rows of one record that were not sent yet are folded into one (an answer typed in ten
keystrokes is one change), except across an inspection's status change: head office replays
changes in order, and a signed inspection must arrive after the answers it froze. A row
that was sent is never rewritten: the same change id must always carry the same record.

Sessions that apply what head office sent (``session.info[APPLYING]``) record nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.ids import new_id
from postloan_desktop.storage.models import SyncBlob, SyncOutbox
from postloan_desktop.sync.wire import BY_MODEL, ORDER, Entity, to_wire

APPLYING = "postloan.sync.applying"


def install(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    event.listen(factory, "after_flush", record_changes)
    return factory


def _field(obj: Any) -> Entity | None:
    found = BY_MODEL.get(type(obj))
    return found if found is not None and found.field else None


def record_changes(session: Session, _context: Any) -> None:
    if session.info.get(APPLYING):
        return
    made: list[tuple[int, int, Entity, Any, bool]] = []
    for phase, objects in ((0, session.new), (1, session.dirty), (2, session.deleted)):
        for obj in objects:
            kind = _field(obj)
            if kind is None:
                continue
            if phase == 1 and not _wire_changed(kind, obj):
                continue
            order = ORDER[kind.name] if phase < 2 else -ORDER[kind.name]
            made.append((phase, order, kind, obj, phase == 2))
    if not made:
        return
    made.sort(key=lambda m: (m[0], m[1]))
    conn = session.connection()
    rows: list[dict[str, Any]] = []  # new outbox rows, in the order the changes were made
    wanted: dict[str, int] = {}  # blobs to upload, with their priority
    for phase, _order, kind, obj, deleted in made:
        data = None if deleted else to_wire(obj)
        record_id = obj.id  # every field record has a UUID key
        # A record inserted by this flush has no unsent row to fold into.
        pending = None if phase == 0 else _pending(conn, kind, record_id)
        if pending is not None and _foldable(kind, pending.data, data, pending.deleted, deleted):
            conn.execute(
                update(SyncOutbox)
                .where(SyncOutbox.seq == pending.seq)
                .values(data=data, deleted=deleted)
            )
        else:
            rows.append(
                {
                    "change_id": new_id(),
                    "entity": kind.name,
                    "record_id": record_id,
                    "deleted": deleted,
                    "data": data,
                    "sent": False,
                }
            )
        if data is not None:
            for sha in kind.blobs(data):
                wanted.setdefault(sha, 0 if kind.name == "report_version" else 1)
    # One statement each, whatever the number of rows: a batch of photos is one flush.
    if rows:
        conn.execute(insert(SyncOutbox), rows)
    if wanted:
        conn.execute(
            sqlite_insert(SyncBlob).on_conflict_do_nothing(),
            [{"sha256": sha, "direction": "up", "priority": p} for sha, p in wanted.items()],
        )


def _pending(conn: Any, kind: Entity, record_id: Any) -> Any:
    """The newest unsent outbox row of a record, if any."""
    return conn.execute(
        select(SyncOutbox.seq, SyncOutbox.data, SyncOutbox.deleted)
        .where(
            SyncOutbox.entity == kind.name,
            SyncOutbox.record_id == record_id,
            SyncOutbox.sent.is_(False),
        )
        .order_by(SyncOutbox.seq.desc())
        .limit(1)
    ).first()


def _wire_changed(kind: Entity, obj: Any) -> bool:
    """Whether a flush changes a column that travels (not only a local counter)."""
    state = inspect(obj)
    return any(state.attrs[column.key].history.has_changes() for column in kind.wire_columns())


def _foldable(
    kind: Entity,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    was_deleted: bool,
    deleted: bool,
) -> bool:
    if was_deleted or deleted or before is None or after is None:
        return False
    if kind.name == "inspection":
        return bool(before.get("status") == after.get("status"))
    return kind.name not in ("report_version", "audit")
