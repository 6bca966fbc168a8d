"""Applying a laptop's changes: each one checked, applied once, answered one by one.

For every change in a push, in order:

1. a change id seen before is answered ``already_applied`` (nothing is written again);
2. the record is checked against its table (``sync.wire.from_wire``), its type must be one
   laptops make, and its id must be the one the change names;
3. a base version other than head office's current one is a ``conflict``, answered with
   head office's record so the laptop can show both sides; later changes of the same record
   in the push are conflicts too;
4. the rules (``headoffice.rules``) check the branch, the caller's roles, the inspection's
   state machine and, for a signed report, its signatures; a refusal is ``rejected`` with a
   code and a reason;
5. the record is written with the next version and sequence number, and the change id kept.

The whole push is one transaction: either all its answers hold or, on an error, none does
and the laptop sends it again (which is safe: the change ids make it idempotent).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from headoffice.accounts import Caller
from headoffice.models import AppliedChange, Record
from headoffice.rules import Refused, RuleContext, check_change
from headoffice.store import SeqAllocator, delete_record, present_blobs, put_record, wire
from postloan_desktop.sync import protocol as p
from postloan_desktop.sync.wire import BadRecord, entity, from_wire, values_to_wire

ReportChecker = Callable[[bytes, uuid.UUID, int], str | None]


class Batch(RuleContext):
    """What one push sees: head office's records, with this push's writes on top."""

    def __init__(
        self,
        session: Session,
        caller: Caller,
        read_blob: Callable[[str], bytes | None],
        check_report: ReportChecker,
    ) -> None:
        self.session = session
        self.caller = caller
        self._read_blob = read_blob
        self.check_report = check_report
        self.seqs = SeqAllocator(session)
        # Records read or written by this push, held strongly: the session's identity map
        # holds unchanged rows weakly, and the rules ask for the same inspection and loan
        # for every answer of a push.
        self._records: dict[tuple[str, uuid.UUID], Record | None] = {}
        self.seen: dict[uuid.UUID, AppliedChange] = {}

    def stored(self, name: str, record_id: uuid.UUID) -> Record | None:
        """Head office's record, a tombstone included."""
        key = (name, record_id)
        if key not in self._records:
            self._records[key] = self.session.get(Record, key)
        return self._records[key]

    def wrote(self, record: Record) -> None:
        self._records[(record.entity, record.id)] = record

    def record(self, name: str, record_id: uuid.UUID) -> Record | None:
        found = self.stored(name, record_id)
        return None if found is None or found.deleted else found

    def children(self, name: str, parent_id: uuid.UUID) -> list[Record]:
        return list(
            self.session.scalars(
                select(Record).where(
                    Record.entity == name,
                    Record.parent_id == parent_id,
                    Record.deleted.is_(False),
                )
            )
        )

    def blob(self, sha256: str) -> bytes | None:
        if not present_blobs(self.session, [sha256]):
            return None
        return self._read_blob(sha256)


def apply_push(
    session: Session,
    caller: Caller,
    request: p.PushRequest,
    *,
    read_blob: Callable[[str], bytes | None],
    check_report: ReportChecker,
) -> p.PushAnswer:
    batch = Batch(session, caller, read_blob, check_report)
    batch.seqs.lock()
    ids = [change.change_id for change in request.changes]
    batch.seen = {
        applied.change_id: applied
        for applied in session.scalars(
            select(AppliedChange).where(AppliedChange.change_id.in_(ids))
        )
    }
    results: list[p.ChangeResult] = []
    conflicted: set[tuple[str, uuid.UUID]] = set()
    for change in request.changes:
        results.append(_apply_one(batch, change, conflicted))
    batch.seqs.close()
    return p.PushAnswer(results=results)


def _refuse(change: p.Change, code: str, detail: str) -> p.ChangeResult:
    return p.ChangeResult(
        change_id=change.change_id, outcome=p.Outcome.REJECTED, code=code, detail=detail
    )


def _apply_one(
    batch: Batch, change: p.Change, conflicted: set[tuple[str, uuid.UUID]]
) -> p.ChangeResult:
    session, caller = batch.session, batch.caller
    seen = batch.seen.get(change.change_id)
    if seen is not None:
        if seen.account_id != caller.account_id or seen.record_id != change.id:
            return _refuse(change, "change_id_reused", "this change id was used for another change")
        return p.ChangeResult(
            change_id=change.change_id, outcome=p.Outcome.ALREADY_APPLIED, version=seen.version
        )
    try:
        kind = entity(change.entity)
        if not kind.field:
            raise Refused("reference_data", f"{change.entity} records come from head office only")
        values: dict[str, Any] | None = None
        if not change.deleted:
            values = from_wire(change.entity, change.data)
            if kind.record_id(values) != change.id:
                raise Refused("wrong_id", "the record's id is not the one the change names")
    except BadRecord as exc:
        return _refuse(change, "bad_record", str(exc))
    except Refused as exc:
        return _refuse(change, exc.code, exc.detail)

    key = (change.entity, change.id)
    current = batch.stored(*key)
    current_version = current.version if current is not None else 0
    if key in conflicted or change.base_version != current_version:
        conflicted.add(key)
        return p.ChangeResult(
            change_id=change.change_id,
            outcome=p.Outcome.CONFLICT,
            version=current_version,
            code="stale_version",
            detail=f"head office has version {current_version}, the change was made on "
            f"version {change.base_version}",
            current=wire(current) if current is not None else None,
        )
    old = None if current is None or current.deleted else current
    if change.deleted and old is None:
        return _refuse(change, "not_found", "there is no such record to delete")
    try:
        branch_id = check_change(batch, kind, old, values, deleted=change.deleted)
    except Refused as exc:
        return _refuse(change, exc.code, exc.detail)

    if change.deleted:
        assert old is not None
        written = delete_record(session, batch.seqs, old, by=caller.account_id)
    else:
        assert values is not None
        data = values_to_wire(change.entity, values)
        result = put_record(
            session,
            batch.seqs,
            change.entity,
            change.id,
            branch_id,
            data,
            blobs=kind.blobs(data),
            by=caller.account_id,
            existing=current,
            known_new=current is None,
            force=True,  # the laptop named the current version: it gets a new one back
        )
        assert result is not None
        written = result
    batch.wrote(written)
    applied = AppliedChange(
        change_id=change.change_id,
        account_id=caller.account_id,
        device_id=caller.device_id,
        entity=change.entity,
        record_id=change.id,
        version=written.version,
    )
    session.add(applied)
    batch.seen[change.change_id] = applied  # the same id twice in one push: applied once
    session.flush()
    return p.ChangeResult(
        change_id=change.change_id, outcome=p.Outcome.APPLIED, version=written.version
    )
