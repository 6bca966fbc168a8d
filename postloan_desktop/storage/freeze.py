"""Signed means frozen, down in the storage layer (ARCHITECTURE.md, "Signed PDFs").

The services check the state machine before they write (``editable_inspection``); this
guard makes the database session refuse the write anyway when they did not. Before every
flush it looks at what is about to be written and raises ``NotAllowed`` (nothing is written,
the transaction can only be rolled back) for:

- an answer, a photo or a collateral note added to, changed in or taken from an inspection
  that is not editable (only a draft is) — before or after this flush, so a flush that
  freezes an inspection cannot slip an answer in with it;
- a change to a frozen inspection's own content (kind, officers, dates, place, conclusion,
  template, revision links): only its status, its review fields (``reviewed_at``,
  ``review_comment``, ``reviewed_by``, ``reviewed_risk_class``, ``risk_change_reason``),
  ``submitted_at`` and the ``version`` counter still move;
- deleting a frozen inspection;
- changing or deleting a report version (``ReportVersion`` rows are append-only).

It guards the ORM's unit of work, which is how the services write. Core statements
(``session.execute(insert(...))``, as the demo loader's bulk insert) go around it.
``install`` registers it on a session factory; ``storage.db.session_factory`` does.
"""

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.util import identity_key

from postloan_desktop.domain.enums import InspectionStatus
from postloan_desktop.domain.errors import NotAllowed
from postloan_desktop.domain.workflow import is_editable
from postloan_desktop.storage.models import (
    CollateralNote,
    Inspection,
    InspectionAnswer,
    Photo,
    ReportVersion,
)

# What an inspection holds: written only while it is a draft.
GUARDED: tuple[type[Any], ...] = (InspectionAnswer, Photo, CollateralNote)
_WHAT = {InspectionAnswer: "an answer", Photo: "a photo", CollateralNote: "a collateral note"}
# The columns of a frozen inspection that still change: the state machine's and sync's.
MOVABLE_WHEN_FROZEN = frozenset(
    {
        "status",
        "submitted_at",
        "reviewed_at",
        "review_comment",
        "reviewed_by",
        "reviewed_risk_class",
        "risk_change_reason",
        "version",
    }
)


class FrozenInspection(NotAllowed):
    """A write to an inspection that signing froze, refused by the storage layer."""


def install(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    event.listen(factory, "before_flush", refuse_frozen_edits)
    return factory


def _statuses(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, set[InspectionStatus]]:
    """Each inspection's status before and after this flush (one or two values)."""
    found: dict[uuid.UUID, set[InspectionStatus]] = {}
    unknown = set()
    pending = {obj.id: obj for obj in session.new if isinstance(obj, Inspection)}
    for inspection_id in set(ids):
        obj = pending.get(inspection_id) or session.identity_map.get(
            identity_key(Inspection, inspection_id)
        )
        if obj is None:
            unknown.add(inspection_id)
            continue
        state = inspect(obj)
        if "status" in state.unloaded:
            unknown.add(inspection_id)
            continue
        history = state.attrs.status.history
        found[inspection_id] = {obj.status, *history.deleted}
    if unknown:
        rows = session.connection().execute(
            select(Inspection.id, Inspection.status).where(Inspection.id.in_(unknown))
        )
        for inspection_id, status in rows:
            found[inspection_id] = {status}
    return found


def _inspection_ids(obj: Any) -> set[uuid.UUID]:
    """The inspection a row belongs to, and the one it belonged to if that is changing."""
    state = inspect(obj)
    ids = {obj.inspection_id} if obj.inspection_id is not None else set()
    if "inspection_id" not in state.unloaded:
        ids.update(v for v in state.attrs.inspection_id.history.deleted if v is not None)
    return ids


def refuse_frozen_edits(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    children: list[tuple[str, Any]] = []
    inspections: list[tuple[str, Inspection]] = []
    for verb, objects in (
        ("added to", session.new),
        ("changed in", session.dirty),
        ("removed from", session.deleted),
    ):
        for obj in objects:
            if verb == "changed in" and not session.is_modified(obj, include_collections=False):
                continue
            if isinstance(obj, GUARDED):
                children.append((verb, obj))
            elif isinstance(obj, Inspection) and verb != "added to":
                inspections.append((verb, obj))
            elif isinstance(obj, ReportVersion) and verb != "added to":
                raise NotAllowed("a report version is never changed or removed")
    if not children and not inspections:
        return
    wanted = {i for _, obj in children for i in _inspection_ids(obj)}
    wanted.update(obj.id for _, obj in inspections)
    statuses = _statuses(session, wanted)
    for verb, obj in children:
        for inspection_id in _inspection_ids(obj):
            frozen = sorted(s for s in statuses.get(inspection_id, ()) if not is_editable(s))
            if frozen:
                raise FrozenInspection(
                    f"{_WHAT[type(obj)]} cannot be {verb} a {frozen[0]} inspection: "
                    "signing froze it"
                )
    for verb, inspection in inspections:
        state = inspect(inspection)
        before = {
            s
            for s in (*state.attrs.status.history.deleted, *state.attrs.status.history.unchanged)
            if s is not None
        } or statuses.get(inspection.id, set())
        frozen = sorted(s for s in before if not is_editable(s))
        if not frozen:
            continue
        if verb == "removed from":
            raise FrozenInspection(f"a {frozen[0]} inspection cannot be deleted")
        changed = sorted(
            attr.key
            for attr in state.attrs
            if attr.key not in MOVABLE_WHEN_FROZEN
            and attr.key in Inspection.__table__.columns
            and attr.history.has_changes()
        )
        if changed:
            raise FrozenInspection(
                f"a {frozen[0]} inspection's {', '.join(changed)} cannot change: signing froze it"
            )
