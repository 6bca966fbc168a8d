"""Collateral through the inspections: the loan's register with what the last visits found,
the structured note an inspection keeps per item (autosaved field by field), each item's
history of notes, and its photos from this visit beside those of earlier visits.

A note is the register record (condition, value now and its basis, registration and
insurance still valid); the checklist's collateral section holds the narrative checks.

Visits: a returned inspection reopens as a new revision that carries the notes over, so the
revisions of one inspection are one visit, shown by its newest revision. Every write is its
own transaction, only on a draft and only by an inspector of the loan's branch.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.collateral import (
    DEFAULT_COVERAGE_THRESHOLD,
    CollateralCondition,
    ValueChange,
    coverage_ratio,
    coverage_warning,
    current_value,
    known_value,
    value_change,
)
from postloan_desktop.domain.enums import InspectionKind, InspectionStatus
from postloan_desktop.domain.errors import InvalidInput, NotFound
from postloan_desktop.domain.ids import CollateralId, InspectionId, LoanId, PhotoId, UserId
from postloan_desktop.services.dto import CollateralInfo
from postloan_desktop.services.inspections import (
    editable_by,
    editable_inspection,
    get_inspection,
)
from postloan_desktop.services.portfolio import collateral_info
from postloan_desktop.storage import audit
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import (
    Borrower,
    Collateral,
    CollateralNote,
    Inspection,
    Loan,
    Photo,
    User,
)
from postloan_desktop.storage.types import utcnow

MAX_VALUE_FEN = 10**15  # ten trillion yuan: anything above is a typing slip
MAX_BASIS_CHARS = 100
MAX_NOTES_CHARS = 10_000
NOTE_FIELDS = (
    "condition",
    "estimated_value_fen",
    "valuation_basis",
    "registration_valid",
    "insurance_valid",
    "notes",
)
# Offered in the editor; the basis is free text (Chinese, as the bank writes it).
VALUATION_BASES = ("市场比较", "中介询价", "评估报告", "经验估计")


# --- what the service hands out ------------------------------------------------------------


@dataclass(frozen=True)
class VisitInfo:
    """An inspection as a visit to the collateral: its newest revision."""

    inspection_id: InspectionId
    inspected_on: dt.date | None
    kind: InspectionKind
    status: InspectionStatus
    revision: int
    officer_a_name: str
    officer_b_name: str


@dataclass(frozen=True)
class CollateralNoteInfo:
    """One inspection's note on one item; every field empty when nothing is recorded yet."""

    inspection_id: InspectionId
    collateral_id: CollateralId
    condition: CollateralCondition | None = None
    estimated_value_fen: int | None = None
    valuation_basis: str = ""
    registration_valid: bool | None = None
    insurance_valid: bool | None = None
    notes: str = ""
    updated_at: dt.datetime | None = None  # None: nothing recorded

    @property
    def empty(self) -> bool:
        return _is_empty(
            self.condition,
            self.estimated_value_fen,
            self.valuation_basis,
            self.registration_valid,
            self.insurance_valid,
            self.notes,
        )


@dataclass(frozen=True)
class Coverage:
    """The loan's collateral against its outstanding balance."""

    balance_fen: int
    value_fen: int  # sum of the items' current values
    ratio: Decimal | None  # None: nothing owed
    threshold: Decimal
    warning: bool  # below the threshold


@dataclass(frozen=True)
class CollateralStanding:
    """A line of the register: the item, its latest note and what it is worth now."""

    collateral: CollateralInfo
    latest: CollateralNoteInfo | None  # the newest visit's note
    latest_visit: VisitInfo | None
    condition: CollateralCondition | None  # the newest condition recorded
    estimate_fen: int | None  # the newest estimate recorded
    estimate_on: dt.date | None  # the day of that visit
    value_fen: int  # current value: the newest estimate (nothing if lost since), else appraisal
    change: ValueChange | None  # value against the appraisal; None while no visit said
    photo_count: int


@dataclass(frozen=True)
class CollateralRegister:
    loan_id: LoanId
    contract_no: str
    borrower_name: str
    items: tuple[CollateralStanding, ...]
    coverage: Coverage | None  # None when the loan has no collateral
    latest_inspection_id: InspectionId | None  # the newest visit, for the photo comparison


@dataclass(frozen=True)
class CollateralNoteEntry:
    """One item in an inspection: this visit's note and what earlier visits found."""

    collateral: CollateralInfo
    note: CollateralNoteInfo
    previous: CollateralNoteInfo | None  # the note of the newest earlier visit, if any
    previous_visit: VisitInfo | None
    # What earlier visits found it worth (domain.collateral.known_value), None if they did
    # not say: counted for the coverage while this visit has no estimate.
    earlier_value_fen: int | None

    @property
    def value_fen(self) -> int:
        note = self.note
        return current_value(
            self.collateral.appraised_fen,
            known_value(
                [(note.estimated_value_fen, note.condition), (self.earlier_value_fen, None)]
            ),
        )

    @property
    def change(self) -> ValueChange | None:
        """This visit's estimate against the appraisal."""
        if self.note.estimated_value_fen is None:
            return None
        return value_change(self.collateral.appraised_fen, self.note.estimated_value_fen)


@dataclass(frozen=True)
class InspectionCollateral:
    """The collateral part of one inspection, as the editor shows it."""

    inspection_id: InspectionId
    loan_id: LoanId
    editable: bool
    entries: tuple[CollateralNoteEntry, ...]
    balance_fen: int
    threshold: Decimal

    @property
    def coverage(self) -> Coverage | None:
        """None when the loan has no collateral."""
        if not self.entries:
            return None
        return _coverage((e.value_fen for e in self.entries), self.balance_fen, self.threshold)


@dataclass(frozen=True)
class HistoryEntry:
    visit: VisitInfo
    note: CollateralNoteInfo
    change: ValueChange | None  # the estimate against the appraisal


@dataclass(frozen=True)
class ComparisonPhoto:
    id: PhotoId
    thumb_sha256: str
    caption: str
    captured_local: dt.datetime | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class VisitPhotos:
    visit: VisitInfo
    current: bool  # the visit the comparison is made for
    photos: tuple[ComparisonPhoto, ...]


@dataclass(frozen=True)
class PhotoComparison:
    collateral: CollateralInfo
    visits: tuple[VisitPhotos, ...]  # this visit first, then earlier ones, newest first
    history: tuple[HistoryEntry, ...]  # newest first


# --- helpers -------------------------------------------------------------------------------


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def _is_empty(
    condition: CollateralCondition | None,
    estimate: int | None,
    basis: str,
    registration: bool | None,
    insurance: bool | None,
    notes: str,
) -> bool:
    return (
        condition is None
        and estimate is None
        and not basis.strip()
        and registration is None
        and insurance is None
        and not notes.strip()
    )


def _coverage(values: Iterable[int], balance_fen: int, threshold: Decimal) -> Coverage:
    values = list(values)
    ratio = coverage_ratio(values, balance_fen)
    return Coverage(
        balance_fen=balance_fen,
        value_fen=sum(values),
        ratio=ratio,
        threshold=threshold,
        warning=coverage_warning(ratio, threshold),
    )


def _note_info(row: CollateralNote) -> CollateralNoteInfo:
    return CollateralNoteInfo(
        inspection_id=InspectionId(row.inspection_id),
        collateral_id=CollateralId(row.collateral_id),
        condition=row.condition,
        estimated_value_fen=row.estimated_value_fen,
        valuation_basis=row.valuation_basis,
        registration_valid=row.registration_valid,
        insurance_valid=row.insurance_valid,
        notes=row.notes,
        updated_at=row.updated_at,
    )


def _clean(name: str, value: object) -> Any:
    """A note field's value as stored, or InvalidInput saying what is wrong with it."""
    if name == "condition":
        if value is None or value == "":
            return None
        try:
            return CollateralCondition(str(value))
        except ValueError:
            raise InvalidInput(f"unknown collateral condition {value!r}") from None
    if name == "estimated_value_fen":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"the estimated value must be whole fen, not {value!r}")
        if not 0 <= value <= MAX_VALUE_FEN:
            raise InvalidInput(f"the estimated value {value} fen is out of range")
        return value
    if name in ("registration_valid", "insurance_valid"):
        if value is not None and not isinstance(value, bool):
            raise InvalidInput(f"{name} is yes, no or not known, not {value!r}")
        return value
    if name == "valuation_basis":
        if value is None:
            return ""
        if not isinstance(value, str):
            raise InvalidInput(f"the valuation basis must be text, not {value!r}")
        text = value.strip()
        if len(text) > MAX_BASIS_CHARS:
            raise InvalidInput(f"the valuation basis is longer than {MAX_BASIS_CHARS} characters")
        return text
    if name == "notes":
        if value is None:
            return ""
        if not isinstance(value, str):
            raise InvalidInput(f"the notes must be text, not {value!r}")
        if len(value) > MAX_NOTES_CHARS:
            raise InvalidInput(f"the notes are longer than {MAX_NOTES_CHARS} characters")
        return value
    raise InvalidInput(f"a collateral note has no field {name!r}")


def _json(value: Any) -> Any:
    return value.value if isinstance(value, CollateralCondition) else value


@dataclass
class _Visit:
    """The revisions of one inspection: the newest one stands for the visit."""

    head: Inspection
    ids: set[uuid.UUID] = field(default_factory=set)
    started: dt.datetime | None = None

    @property
    def key(self) -> tuple[dt.date, dt.datetime]:
        """Visits in the order they took place."""
        started = self.started or self.head.started_at
        return (self.head.inspected_on or started.date(), started)


class _Visits:
    """The visits of one loan, newest first, and which visit each revision belongs to."""

    def __init__(self, session: Session, loan_id: uuid.UUID) -> None:
        rows = list(
            session.execute(select(Inspection).where(Inspection.loan_id == loan_id)).scalars()
        )
        by_id = {i.id: i for i in rows}
        self.revision_of = {i.id: i.revision for i in rows}
        newer = {i.previous_revision_id: i for i in rows if i.previous_revision_id is not None}
        self.of: dict[uuid.UUID, _Visit] = {}
        visits: list[_Visit] = []
        for inspection in rows:
            if inspection.id in newer:
                continue  # superseded: reached from its newest revision below
            visit = _Visit(head=inspection)
            current: Inspection | None = inspection
            while current is not None and current.id not in visit.ids:
                visit.ids.add(current.id)
                visit.started = current.started_at
                self.of[current.id] = visit
                previous = current.previous_revision_id
                current = by_id.get(previous) if previous is not None else None
            visits.append(visit)
        visits.sort(key=lambda v: v.key, reverse=True)
        self.newest_first = visits
        officers = {
            uid
            for v in visits
            for uid in (v.head.officer_a_id, v.head.officer_b_id)
            if uid is not None
        }
        self._names: dict[uuid.UUID, str] = {
            uid: name
            for uid, name in session.execute(
                select(User.id, User.display_name).where(User.id.in_(officers))
            ).tuples()
        }

    def info(self, visit: _Visit) -> VisitInfo:
        head = visit.head
        return VisitInfo(
            inspection_id=InspectionId(head.id),
            inspected_on=head.inspected_on,
            kind=head.kind,
            status=head.status,
            revision=head.revision,
            officer_a_name=self._names.get(head.officer_a_id, "") if head.officer_a_id else "",
            officer_b_name=self._names.get(head.officer_b_id, "") if head.officer_b_id else "",
        )

    def heads(self) -> list[uuid.UUID]:
        return [v.head.id for v in self.newest_first]

    def earlier_than(self, visit: _Visit) -> list[_Visit]:
        return [v for v in self.newest_first if v is not visit and v.key < visit.key]


def _notes_by_visit(
    session: Session, inspection_ids: Sequence[uuid.UUID], collateral_ids: Iterable[uuid.UUID]
) -> dict[tuple[uuid.UUID, uuid.UUID], CollateralNote]:
    wanted = list(collateral_ids)
    if not inspection_ids or not wanted:
        return {}
    rows = session.execute(
        select(CollateralNote).where(
            CollateralNote.inspection_id.in_(inspection_ids),
            CollateralNote.collateral_id.in_(wanted),
        )
    ).scalars()
    return {(r.inspection_id, r.collateral_id): r for r in rows}


def _loan_collateral(session: Session, loan_id: uuid.UUID) -> list[Collateral]:
    # The checklist's order (InspectionService._context), so both list the items alike.
    return list(
        session.execute(
            select(Collateral).where(Collateral.loan_id == loan_id).order_by(Collateral.kind)
        ).scalars()
    )


# --- the service ---------------------------------------------------------------------------


class CollateralService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        blobs: BlobStore,
        *,
        coverage_threshold: Decimal = DEFAULT_COVERAGE_THRESHOLD,
    ) -> None:
        self._sessions = sessions
        self._blobs = blobs
        self.coverage_threshold = coverage_threshold

    # --- reading -----------------------------------------------------------------------------

    def register(self, loan_id: LoanId) -> CollateralRegister:
        """The loan's collateral with the latest note on each item and the coverage."""
        with self._sessions() as session:
            loan = session.get(Loan, loan_id)
            if loan is None:
                raise NotFound(f"loan {loan_id} does not exist")
            borrower = session.get(Borrower, loan.borrower_id)
            assert borrower is not None
            items = _loan_collateral(session, loan.id)
            visits = _Visits(session, loan.id)
            notes = _notes_by_visit(session, visits.heads(), (c.id for c in items))
            photo_counts: dict[uuid.UUID | None, int] = {
                cid: count
                for cid, count in session.execute(
                    select(Photo.collateral_id, func.count(func.distinct(Photo.sha256)))
                    .where(Photo.collateral_id.in_([c.id for c in items]))
                    .group_by(Photo.collateral_id)
                ).tuples()
            }
            standings = []
            for c in items:
                found = [
                    (v, notes[(v.head.id, c.id)])
                    for v in visits.newest_first
                    if (v.head.id, c.id) in notes
                ]
                estimate = next(
                    ((v, n) for v, n in found if n.estimated_value_fen is not None), None
                )
                known = known_value((n.estimated_value_fen, n.condition) for _, n in found)
                value = current_value(c.appraised_fen, known)
                standings.append(
                    CollateralStanding(
                        collateral=collateral_info(c),
                        latest=_note_info(found[0][1]) if found else None,
                        latest_visit=visits.info(found[0][0]) if found else None,
                        condition=_first(*(n.condition for _, n in found)),
                        estimate_fen=estimate[1].estimated_value_fen if estimate else None,
                        estimate_on=estimate[0].head.inspected_on if estimate else None,
                        value_fen=value,
                        change=value_change(c.appraised_fen, value) if known is not None else None,
                        photo_count=photo_counts.get(c.id, 0),
                    )
                )
            return CollateralRegister(
                loan_id=LoanId(loan.id),
                contract_no=loan.contract_no,
                borrower_name=borrower.name,
                items=tuple(standings),
                coverage=(
                    _coverage(
                        (s.value_fen for s in standings),
                        loan.balance_fen,
                        self.coverage_threshold,
                    )
                    if standings
                    else None
                ),
                latest_inspection_id=(
                    InspectionId(visits.newest_first[0].head.id) if visits.newest_first else None
                ),
            )

    def notes(
        self, inspection_id: InspectionId, *, actor_id: UserId | None = None
    ) -> InspectionCollateral:
        """Each collateral item of the inspection's loan with this inspection's note (empty
        if none yet) and the note of the newest earlier visit. With ``actor_id``,
        ``editable`` also says whether that person may write it."""
        with self._sessions() as session:
            inspection = get_inspection(session, inspection_id)
            loan = session.get(Loan, inspection.loan_id)
            assert loan is not None
            editable = editable_by(session, inspection, loan, actor_id)
            items = _loan_collateral(session, loan.id)
            visits = _Visits(session, loan.id)
            earlier = visits.earlier_than(visits.of[inspection.id])
            own = _notes_by_visit(session, [inspection.id], (c.id for c in items))
            before = _notes_by_visit(session, [v.head.id for v in earlier], (c.id for c in items))
            entries = []
            for c in items:
                found = [
                    (v, before[(v.head.id, c.id)]) for v in earlier if (v.head.id, c.id) in before
                ]
                row = own.get((inspection.id, c.id))
                entries.append(
                    CollateralNoteEntry(
                        collateral=collateral_info(c),
                        note=(
                            _note_info(row)
                            if row is not None
                            else CollateralNoteInfo(InspectionId(inspection.id), CollateralId(c.id))
                        ),
                        previous=_note_info(found[0][1]) if found else None,
                        previous_visit=visits.info(found[0][0]) if found else None,
                        earlier_value_fen=known_value(
                            (n.estimated_value_fen, n.condition) for _, n in found
                        ),
                    )
                )
            return InspectionCollateral(
                inspection_id=InspectionId(inspection.id),
                loan_id=LoanId(loan.id),
                editable=editable,
                entries=tuple(entries),
                balance_fen=loan.balance_fen,
                threshold=self.coverage_threshold,
            )

    def history(self, collateral_id: CollateralId) -> tuple[HistoryEntry, ...]:
        """Every visit's note on the item, newest first."""
        with self._sessions() as session:
            collateral = self._collateral(session, collateral_id)
            return self._history(session, collateral, _Visits(session, collateral.loan_id))

    def _history(
        self, session: Session, collateral: Collateral, visits: _Visits
    ) -> tuple[HistoryEntry, ...]:
        notes = _notes_by_visit(session, visits.heads(), [collateral.id])
        out = []
        for visit in visits.newest_first:
            row = notes.get((visit.head.id, collateral.id))
            if row is None:
                continue
            out.append(
                HistoryEntry(
                    visit=visits.info(visit),
                    note=_note_info(row),
                    change=(
                        value_change(collateral.appraised_fen, row.estimated_value_fen)
                        if row.estimated_value_fen is not None
                        else None
                    ),
                )
            )
        return tuple(out)

    def photo_comparison(
        self, collateral_id: CollateralId, inspection_id: InspectionId | None
    ) -> PhotoComparison:
        """The item's photos by visit: ``inspection_id``'s visit first (even without photos),
        then earlier visits with photos, newest first; the note history below them. Without
        an inspection, every visit with photos, newest first."""
        with self._sessions() as session:
            collateral = self._collateral(session, collateral_id)
            visits = _Visits(session, collateral.loan_id)
            this: _Visit | None = None
            if inspection_id is not None:
                inspection = get_inspection(session, inspection_id)
                if inspection.loan_id != collateral.loan_id:
                    raise NotFound("that collateral item does not belong to this inspection's loan")
                this = visits.of[inspection.id]
            rows = session.execute(
                select(Photo)
                .where(Photo.collateral_id == collateral.id)
                .order_by(Photo.captured_local, Photo.imported_at)
            ).scalars()
            by_visit: dict[int, dict[str, Photo]] = {}
            for photo in rows:
                visit = visits.of.get(photo.inspection_id)
                if visit is None:
                    continue
                same = by_visit.setdefault(id(visit), {})
                # A photo kept by several revisions of one visit is shown once, as the
                # newest revision has it (its caption may have been corrected).
                kept = same.get(photo.sha256)
                revision = visits.revision_of
                if kept is None or revision[kept.inspection_id] < revision[photo.inspection_id]:
                    same[photo.sha256] = photo
            shown = visits.newest_first if this is None else [this, *visits.earlier_than(this)]
            columns = []
            for visit in shown:
                photos = list(by_visit.get(id(visit), {}).values())
                if not photos and visit is not this:
                    continue
                photos.sort(key=lambda p: (p.captured_local or dt.datetime.max, p.imported_at))
                columns.append(
                    VisitPhotos(
                        visit=visits.info(visit),
                        current=visit is this,
                        photos=tuple(
                            ComparisonPhoto(
                                id=PhotoId(p.id),
                                thumb_sha256=p.thumb_sha256,
                                caption=p.caption,
                                captured_local=p.captured_local,
                                warnings=tuple(p.warnings),
                            )
                            for p in photos
                        ),
                    )
                )
            return PhotoComparison(
                collateral=collateral_info(collateral),
                visits=tuple(columns),
                history=self._history(session, collateral, visits),
            )

    def thumbnail(self, sha256: str) -> bytes:
        """A photo's thumbnail (JPEG bytes) from the blob store."""
        return self._blobs.read(sha256)

    def _collateral(self, session: Session, collateral_id: uuid.UUID) -> Collateral:
        collateral = session.get(Collateral, collateral_id)
        if collateral is None:
            raise NotFound(f"collateral item {collateral_id} does not exist")
        return collateral

    # --- writing (autosave) ------------------------------------------------------------------

    def save_note(
        self,
        *,
        inspection_id: InspectionId,
        collateral_id: CollateralId,
        actor_id: UserId,
        **fields: object,
    ) -> CollateralNoteInfo:
        """Store the given fields of the inspection's note on the item now, in their own
        transaction; the others stay as they are. Returns the note as stored. A note whose
        fields are all empty is removed."""
        clean = {name: _clean(name, value) for name, value in fields.items()}
        with self._sessions.begin() as session:
            inspection = editable_inspection(session, inspection_id, actor_id)
            collateral = session.get(Collateral, collateral_id)
            if collateral is None or collateral.loan_id != inspection.loan_id:
                raise NotFound("that collateral item does not belong to this inspection's loan")
            row = session.execute(
                select(CollateralNote).where(
                    CollateralNote.inspection_id == inspection.id,
                    CollateralNote.collateral_id == collateral.id,
                )
            ).scalar_one_or_none()
            before: Mapping[str, Any] = (
                {name: getattr(row, name) for name in NOTE_FIELDS}
                if row is not None
                else {name: _clean(name, None) for name in NOTE_FIELDS}
            )
            after = {**before, **clean}
            changed = {name: after[name] for name in NOTE_FIELDS if after[name] != before[name]}
            if not changed:
                return (
                    _note_info(row)
                    if row is not None
                    else CollateralNoteInfo(
                        InspectionId(inspection.id), CollateralId(collateral.id)
                    )
                )
            if _is_empty(*(after[name] for name in NOTE_FIELDS)):
                if row is not None:
                    session.delete(row)
                result = CollateralNoteInfo(
                    InspectionId(inspection.id), CollateralId(collateral.id)
                )
            else:
                if row is None:
                    row = CollateralNote(inspection_id=inspection.id, collateral_id=collateral.id)
                    session.add(row)
                for name, value in changed.items():
                    setattr(row, name, value)
                row.updated_at = utcnow()
                row.updated_by = actor_id
                session.flush()
                result = _note_info(row)
            inspection.version += 1
            audit.record(
                session,
                action="collateral_note.save",
                entity_type="inspection",
                entity_id=inspection.id,
                actor_id=actor_id,
                details={
                    "collateral": str(collateral.id),
                    "changed": {name: _json(value) for name, value in changed.items()},
                },
            )
            return result
