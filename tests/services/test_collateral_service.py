"""Collateral through the service: the register, notes autosaved field by field (drafts only,
inspectors only), carried into a reopened revision, the history of notes, the coverage
warning and the photos of each visit side by side."""

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.collateral import CollateralCondition
from postloan_desktop.domain.enums import InspectionKind, InspectionStatus, Role
from postloan_desktop.domain.errors import InvalidInput, NotAllowed, NotFound
from postloan_desktop.domain.ids import CollateralId, InspectionId, LoanId, UserId
from postloan_desktop.forms.engine import ItemInstance
from postloan_desktop.forms.schema import ItemType
from postloan_desktop.services.collateral import CollateralService
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import (
    AuditEntry,
    Collateral,
    CollateralNote,
    Inspection,
    Loan,
    Photo,
    User,
    UserRole,
)


@pytest.fixture
def blobs(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs")


@pytest.fixture
def service(demo_copy_sessions: sessionmaker[Session], blobs: BlobStore) -> CollateralService:
    return CollateralService(demo_copy_sessions, blobs)


class Setting:
    """A loan with two collateral items and two past inspections, its people, a draft."""

    def __init__(self, sessions: sessionmaker[Session], inspections: InspectionService) -> None:
        with sessions() as session:
            two_items = (
                select(Collateral.loan_id).group_by(Collateral.loan_id).having(func.count() == 2)
            )
            two_visits = (
                select(Inspection.loan_id).group_by(Inspection.loan_id).having(func.count() == 2)
            )
            loan = session.execute(
                select(Loan)
                .where(
                    Loan.id.in_(two_items),
                    Loan.id.in_(two_visits),
                    Loan.balance_fen > 0,
                    Loan.principal_overdue_since.is_(None),
                )
                .order_by(Loan.contract_no)
                .limit(1)
            ).scalar_one()
            self.loan_id = LoanId(loan.id)
            self.balance_fen = loan.balance_fen
            self.items = [
                CollateralId(c)
                for c in session.execute(
                    select(Collateral.id)
                    .where(Collateral.loan_id == loan.id)
                    .order_by(Collateral.kind)
                ).scalars()
            ]
            self.past = [
                InspectionId(i)
                for i in session.execute(
                    select(Inspection.id)
                    .where(Inspection.loan_id == loan.id)
                    .order_by(Inspection.inspected_on.desc())
                ).scalars()
            ]

            def holder(role: Role, other: Role) -> UserId:
                both = select(UserRole.user_id).where(
                    UserRole.role == other, UserRole.branch_id == loan.branch_id
                )
                return UserId(
                    session.execute(
                        select(UserRole.user_id).where(
                            UserRole.role == role,
                            UserRole.branch_id == loan.branch_id,
                            UserRole.user_id.not_in(both),
                        )
                    )
                    .scalars()
                    .first()
                )

            self.inspector = holder(Role.INSPECTOR, Role.SUPERVISOR)
            self.supervisor = holder(Role.SUPERVISOR, Role.INSPECTOR)
        self.draft = inspections.start(loan_id=self.loan_id, actor_id=self.inspector)


@pytest.fixture
def setting(demo_copy_sessions: sessionmaker[Session], inspections: InspectionService) -> Setting:
    return Setting(demo_copy_sessions, inspections)


def _sample(instance: ItemInstance, collateral: list[str]) -> Any:
    item = instance.item
    match item.type:
        case ItemType.YES_NO_NA:
            return "yes" if instance.key.endswith(("_signed", "_present", "_valid")) else "no"
        case ItemType.SINGLE_CHOICE:
            return item.options[0].value  # type: ignore[index]
        case ItemType.MULTIPLE_CHOICE:
            return [item.options[0].value]  # type: ignore[index]
        case ItemType.TEXT:
            return "经现场核实，情况正常。"
        case ItemType.NUMBER | ItemType.PERCENT:
            return item.min if item.min is not None else 1
        case ItemType.MONEY:
            return 1_000_000
        case ItemType.DATE:
            return "2027-02-28"
        case ItemType.COLLATERAL:
            return collateral[0]
    raise AssertionError(item.type)


def fill_and_submit(service: InspectionService, inspection_id: InspectionId, actor: UserId) -> None:
    for _ in range(10):
        form = service.form(inspection_id)
        report = service.report(inspection_id)
        if report.ready:
            break
        for missing in report.missing:
            value = _sample(missing, [c.id for c in form.context.collateral])
            if missing.key == "next_inspection_date" and form.suggested_next_date:
                value = form.suggested_next_date.isoformat()
            service.answer(
                inspection_id=inspection_id, key=missing.key, value=value, actor_id=actor
            )
    service.submit(inspection_id=inspection_id, actor_id=actor)


def _stored(sessions: sessionmaker[Session], inspection_id: uuid.UUID) -> dict[uuid.UUID, Any]:
    """The notes of an inspection as a fresh connection reads them: what was committed."""
    with sessions() as session:
        rows = session.execute(
            select(CollateralNote).where(CollateralNote.inspection_id == inspection_id)
        ).scalars()
        return {
            r.collateral_id: (r.condition, r.estimated_value_fen, r.valuation_basis, r.notes)
            for r in rows
        }


# --- the register --------------------------------------------------------------------------


def test_register_shows_each_item_with_its_latest_note(
    service: CollateralService, setting: Setting, demo_copy_sessions: sessionmaker[Session]
) -> None:
    register = service.register(setting.loan_id)
    assert [s.collateral.id for s in register.items] == setting.items
    newest_past = setting.past[0]
    with demo_copy_sessions() as session:
        expected = {
            n.collateral_id: n
            for n in session.execute(
                select(CollateralNote).where(CollateralNote.inspection_id == newest_past)
            ).scalars()
        }
        appraised = {
            c.id: c.appraised_fen
            for c in session.execute(
                select(Collateral).where(Collateral.loan_id == setting.loan_id)
            ).scalars()
        }
    # The new draft has no notes yet: the latest are the demo's last inspection's.
    for standing in register.items:
        note = expected[standing.collateral.id]
        assert standing.latest is not None and standing.latest_visit is not None
        assert standing.latest_visit.inspection_id == newest_past
        assert standing.latest.condition is note.condition
        assert standing.estimate_fen == note.estimated_value_fen
        assert standing.value_fen == note.estimated_value_fen
        assert standing.change is not None
        assert standing.change.fen == note.estimated_value_fen - appraised[standing.collateral.id]
    total = sum(n.estimated_value_fen or 0 for n in expected.values())
    assert register.coverage is not None
    assert register.coverage.balance_fen == setting.balance_fen
    assert register.coverage.value_fen == total
    assert register.coverage.ratio == Decimal(total) / Decimal(setting.balance_fen)
    assert register.latest_inspection_id == setting.draft  # the draft is the newest visit


def test_a_loan_without_collateral_has_no_coverage(
    service: CollateralService, demo_copy_sessions: sessionmaker[Session]
) -> None:
    with demo_copy_sessions() as session:
        loan_id = session.execute(
            select(Loan.id)
            .where(
                Loan.id.not_in(select(Collateral.loan_id)),
                Loan.id.in_(select(Inspection.loan_id)),
            )
            .order_by(Loan.contract_no)
            .limit(1)
        ).scalar_one()
        inspection = session.execute(
            select(Inspection.id).where(Inspection.loan_id == loan_id).limit(1)
        ).scalar_one()
    register = service.register(LoanId(loan_id))
    assert register.items == () and register.coverage is None
    notes = service.notes(InspectionId(inspection))
    assert notes.entries == () and notes.coverage is None
    with pytest.raises(NotFound):
        service.register(LoanId(uuid.uuid4()))


# --- autosave --------------------------------------------------------------------------------


def test_each_save_is_committed_at_once_and_audited(
    service: CollateralService, setting: Setting, demo_copy_sessions: sessionmaker[Session]
) -> None:
    item = setting.items[0]
    saved = service.save_note(
        inspection_id=setting.draft,
        collateral_id=item,
        actor_id=setting.inspector,
        condition="damaged",
    )
    assert saved.condition is CollateralCondition.DAMAGED and saved.updated_at is not None
    assert _stored(demo_copy_sessions, setting.draft) == {
        item: (CollateralCondition.DAMAGED, None, "", "")
    }
    service.save_note(
        inspection_id=setting.draft,
        collateral_id=item,
        actor_id=setting.inspector,
        estimated_value_fen=123_456_00,
        valuation_basis="  中介询价 ",
    )
    service.save_note(
        inspection_id=setting.draft,
        collateral_id=item,
        actor_id=setting.inspector,
        notes="东侧外墙开裂",
        registration_valid=True,
        insurance_valid=False,
    )
    # each field kept, the others untouched
    assert _stored(demo_copy_sessions, setting.draft) == {
        item: (CollateralCondition.DAMAGED, 123_456_00, "中介询价", "东侧外墙开裂")
    }
    entry = service.notes(setting.draft).entries[0]
    assert entry.note.registration_valid is True and entry.note.insurance_valid is False
    # the same value again changes nothing and is not logged again
    service.save_note(
        inspection_id=setting.draft,
        collateral_id=item,
        actor_id=setting.inspector,
        condition=CollateralCondition.DAMAGED,
    )
    with demo_copy_sessions() as session:
        details = session.execute(
            select(AuditEntry.details)
            .where(
                AuditEntry.entity_id == setting.draft,
                AuditEntry.action == "collateral_note.save",
            )
            .order_by(AuditEntry.at)
        ).scalars()
        assert [d["changed"] for d in details] == [
            {"condition": "damaged"},
            {"estimated_value_fen": 123_456_00, "valuation_basis": "中介询价"},
            {"notes": "东侧外墙开裂", "registration_valid": True, "insurance_valid": False},
        ]
        inspection = session.get(Inspection, setting.draft)
        assert inspection is not None and inspection.version == 4  # 1 + three changes


def test_a_note_emptied_again_is_removed(
    service: CollateralService, setting: Setting, demo_copy_sessions: sessionmaker[Session]
) -> None:
    item = setting.items[1]
    kwargs: dict[str, Any] = {
        "inspection_id": setting.draft,
        "collateral_id": item,
        "actor_id": setting.inspector,
    }
    service.save_note(**kwargs, notes="待复核", estimated_value_fen=0)
    assert item in _stored(demo_copy_sessions, setting.draft)
    service.save_note(**kwargs, notes="   ")
    assert item in _stored(demo_copy_sessions, setting.draft)  # a zero estimate is a value
    cleared = service.save_note(**kwargs, estimated_value_fen=None)
    assert cleared.empty and cleared.updated_at is None
    assert _stored(demo_copy_sessions, setting.draft) == {}


@pytest.mark.parametrize(
    "fields",
    [
        {"condition": "broken"},
        {"estimated_value_fen": -1},
        {"estimated_value_fen": 12.5},
        {"estimated_value_fen": True},
        {"estimated_value_fen": "100"},
        {"estimated_value_fen": 10**16},
        {"valuation_basis": "评" * 101},
        {"valuation_basis": 3},
        {"registration_valid": "yes"},
        {"insurance_valid": 1},
        {"notes": 5},
        {"appraised_fen": 1},
    ],
)
def test_invalid_values_are_refused_and_nothing_is_stored(
    service: CollateralService,
    setting: Setting,
    demo_copy_sessions: sessionmaker[Session],
    fields: dict[str, Any],
) -> None:
    with pytest.raises(InvalidInput):
        service.save_note(
            inspection_id=setting.draft,
            collateral_id=setting.items[0],
            actor_id=setting.inspector,
            **{"notes": "好的部分也不存", **fields},
        )
    assert _stored(demo_copy_sessions, setting.draft) == {}


def test_edits_are_refused_on_a_frozen_inspection_and_to_others(
    service: CollateralService, setting: Setting, demo_copy_sessions: sessionmaker[Session]
) -> None:
    item = setting.items[0]
    past = setting.past[0]  # submitted or approved
    before = _stored(demo_copy_sessions, past)
    with pytest.raises(NotAllowed, match="frozen"):
        service.save_note(
            inspection_id=past, collateral_id=item, actor_id=setting.inspector, notes="改"
        )
    assert _stored(demo_copy_sessions, past) == before
    assert not service.notes(past).editable
    with pytest.raises(NotAllowed):  # a supervisor does not write inspections
        service.save_note(
            inspection_id=setting.draft,
            collateral_id=item,
            actor_id=setting.supervisor,
            notes="改",
        )
    assert service.notes(setting.draft).editable
    assert not service.notes(setting.draft, actor_id=setting.supervisor).editable
    assert service.notes(setting.draft, actor_id=setting.inspector).editable
    with demo_copy_sessions() as session:
        other_item = session.execute(
            select(Collateral.id).where(Collateral.loan_id != setting.loan_id).limit(1)
        ).scalar_one()
    with pytest.raises(NotFound):
        service.save_note(
            inspection_id=setting.draft,
            collateral_id=CollateralId(other_item),
            actor_id=setting.inspector,
            notes="别的贷款的押品",
        )
    with pytest.raises(NotFound):
        service.save_note(
            inspection_id=InspectionId(uuid.uuid4()),
            collateral_id=item,
            actor_id=setting.inspector,
            notes="x",
        )
    assert _stored(demo_copy_sessions, setting.draft) == {}


# --- this visit and the ones before -------------------------------------------------------


def test_notes_show_the_previous_visit(
    service: CollateralService, setting: Setting, demo_copy_sessions: sessionmaker[Session]
) -> None:
    notes = service.notes(setting.draft)
    assert notes.loan_id == setting.loan_id and notes.balance_fen == setting.balance_fen
    assert [e.collateral.id for e in notes.entries] == setting.items
    previous = _stored(demo_copy_sessions, setting.past[0])
    with demo_copy_sessions() as session:
        last = session.get(Inspection, setting.past[0])
        assert last is not None
        officer = session.get(User, last.officer_a_id)
        assert officer is not None
    for entry in notes.entries:
        assert entry.note.empty and entry.change is None
        assert entry.previous is not None and entry.previous_visit is not None
        assert entry.previous_visit.inspection_id == setting.past[0]
        assert entry.previous_visit.inspected_on == last.inspected_on
        assert entry.previous_visit.officer_a_name == officer.display_name
        condition, estimate, _basis, text = previous[entry.collateral.id]
        assert (entry.previous.condition, entry.previous.estimated_value_fen) == (
            condition,
            estimate,
        )
        assert entry.previous.notes == text
        # until this visit has its own estimate, the last one counts
        assert entry.value_fen == estimate
    # Seen from the older visit, the previous one is the first inspection, not the newer.
    older = service.notes(setting.past[0])
    for entry in older.entries:
        assert entry.previous_visit is not None
        assert entry.previous_visit.inspection_id == setting.past[1]
    oldest = service.notes(setting.past[1])
    assert all(e.previous is None and e.earlier_value_fen is None for e in oldest.entries)


def test_coverage_warns_below_the_threshold_not_at_it(
    service: CollateralService,
    setting: Setting,
    demo_copy_sessions: sessionmaker[Session],
    blobs: BlobStore,
) -> None:
    first, second = setting.items

    def estimate(item: CollateralId, fen: int) -> None:
        service.save_note(
            inspection_id=setting.draft,
            collateral_id=item,
            actor_id=setting.inspector,
            estimated_value_fen=fen,
        )

    balance = 1_000_000_00  # the loan owes a round million yuan
    with demo_copy_sessions.begin() as session:
        loan = session.get(Loan, setting.loan_id)
        assert loan is not None
        loan.balance_fen = balance
    at_threshold = 1_200_000_00
    estimate(first, at_threshold - 1_000)
    estimate(second, 1_000)
    coverage = service.notes(setting.draft).coverage
    assert coverage is not None
    assert coverage.ratio == Decimal("1.2") and coverage.threshold == Decimal("1.2")
    assert not coverage.warning
    register = service.register(setting.loan_id).coverage  # the draft is the newest visit
    assert register is not None and register.ratio == Decimal("1.2") and not register.warning

    estimate(second, 999)  # one fen less
    coverage = service.notes(setting.draft).coverage
    assert coverage is not None and coverage.warning
    assert coverage.value_fen == at_threshold - 1
    register = service.register(setting.loan_id).coverage
    assert register is not None and register.warning

    # the threshold is the branch's setting
    lenient = CollateralService(demo_copy_sessions, blobs, coverage_threshold=Decimal("1.1"))
    coverage = lenient.notes(setting.draft).coverage
    assert coverage is not None and not coverage.warning and coverage.threshold == Decimal("1.1")


def test_a_lost_item_without_an_estimate_covers_nothing(
    service: CollateralService, setting: Setting
) -> None:
    first, second = setting.items
    before = service.notes(setting.draft)
    assert before.entries[0].earlier_value_fen is not None
    assert before.entries[0].value_fen == before.entries[0].earlier_value_fen
    service.save_note(
        inspection_id=setting.draft,
        collateral_id=first,
        actor_id=setting.inspector,
        condition="lost",
    )
    # The last visit's estimate was of an item that is gone now.
    after = service.notes(setting.draft)
    assert after.entries[0].value_fen == 0
    assert after.entries[1].value_fen == before.entries[1].value_fen
    coverage = after.coverage
    assert coverage is not None and coverage.value_fen == before.entries[1].value_fen
    register = service.register(setting.loan_id).items[0]
    assert register.condition is CollateralCondition.LOST
    assert register.value_fen == 0 and register.estimate_fen is not None  # shown, not counted
    assert register.change is not None and register.change.percent == Decimal("-100.00")
    # an estimate of what is left (salvage) counts again
    service.save_note(
        inspection_id=setting.draft,
        collateral_id=first,
        actor_id=setting.inspector,
        estimated_value_fen=12_000_00,
    )
    assert service.notes(setting.draft).entries[0].value_fen == 12_000_00
    del second


def test_history_newest_first(
    service: CollateralService, setting: Setting, demo_copy_sessions: sessionmaker[Session]
) -> None:
    item = setting.items[0]
    history = service.history(item)
    assert [h.visit.inspection_id for h in history] == setting.past  # the draft has no note
    dates = [h.visit.inspected_on for h in history]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    assert history[-1].visit.kind is InspectionKind.FIRST
    assert all(h.visit.officer_a_name for h in history)
    service.save_note(
        inspection_id=setting.draft,
        collateral_id=item,
        actor_id=setting.inspector,
        condition="seized",
        estimated_value_fen=0,
    )
    history = service.history(item)
    assert [h.visit.inspection_id for h in history] == [setting.draft, *setting.past]
    newest = history[0]
    assert newest.visit.status is InspectionStatus.DRAFT
    assert newest.note.condition is CollateralCondition.SEIZED
    assert newest.change is not None and newest.change.percent == Decimal("-100.00")
    with pytest.raises(NotFound):
        service.history(CollateralId(uuid.uuid4()))


def test_notes_are_carried_into_the_reopened_revision(
    service: CollateralService,
    setting: Setting,
    inspections: InspectionService,
    demo_copy_sessions: sessionmaker[Session],
) -> None:
    first, second = setting.items
    for item, condition, fen in ((first, "occupied", 500_000_00), (second, "intact", 1_00)):
        service.save_note(
            inspection_id=setting.draft,
            collateral_id=item,
            actor_id=setting.inspector,
            condition=condition,
            estimated_value_fen=fen,
            valuation_basis="市场比较",
            notes=f"{condition} 现场核实",
        )
    fill_and_submit(inspections, setting.draft, setting.inspector)
    with pytest.raises(NotAllowed):
        service.save_note(
            inspection_id=setting.draft,
            collateral_id=first,
            actor_id=setting.inspector,
            notes="提交后再改",
        )
    inspections.return_for_revision(
        inspection_id=setting.draft, actor_id=setting.supervisor, comment="请核实押品估值"
    )
    revised = inspections.reopen(inspection_id=setting.draft, actor_id=setting.inspector)
    submitted = _stored(demo_copy_sessions, setting.draft)
    assert _stored(demo_copy_sessions, revised) == submitted
    notes = service.notes(revised, actor_id=setting.inspector)
    assert notes.editable
    assert [e.note.condition for e in notes.entries] == [
        CollateralCondition.OCCUPIED,
        CollateralCondition.INTACT,
    ]
    # the previous visit is still the demo's last inspection, not the returned revision
    assert all(e.previous_visit is not None for e in notes.entries)
    assert {e.previous_visit.inspection_id for e in notes.entries if e.previous_visit} == {
        setting.past[0]
    }
    service.save_note(
        inspection_id=revised,
        collateral_id=first,
        actor_id=setting.inspector,
        estimated_value_fen=450_000_00,
    )
    assert _stored(demo_copy_sessions, setting.draft) == submitted  # the returned one is kept
    assert _stored(demo_copy_sessions, revised)[first][1] == 450_000_00
    # one visit in the history, as its newest revision has it
    history = service.history(first)
    assert [h.visit.inspection_id for h in history] == [revised, *setting.past]
    assert history[0].visit.revision == 2
    assert history[0].note.estimated_value_fen == 450_000_00


# --- photos side by side ---------------------------------------------------------------------


def _photo(
    session: Session,
    blobs: BlobStore,
    inspection_id: uuid.UUID,
    collateral_id: uuid.UUID | None,
    name: str,
    *,
    taken: dt.datetime | None = None,
    warnings: tuple[str, ...] = (),
    sha: str | None = None,
) -> str:
    """A photo row as an import (or sync) would have left it — past inspections included,
    which are frozen: a Core insert, which the storage layer's freeze guard (a flush hook)
    leaves alone, as it does the demo loader's."""
    thumb = blobs.put_bytes(f"thumbnail of {name}".encode())
    original = sha or blobs.put_bytes(f"original {name}".encode())
    session.execute(
        insert(Photo),
        [
            {
                "id": uuid.uuid4(),
                "inspection_id": inspection_id,
                "sha256": original,
                "original_name": name,
                "size_bytes": 100,
                "width": 400,
                "height": 300,
                "captured_local": taken,
                "phash": "0" * 16,
                "report_sha256": thumb,
                "thumb_sha256": thumb,
                "caption": f"caption {name}",
                "collateral_id": collateral_id,
                "warnings": list(warnings),
            }
        ],
    )
    return original


def test_photo_comparison_groups_the_photos_by_visit(
    service: CollateralService,
    setting: Setting,
    demo_copy_sessions: sessionmaker[Session],
    blobs: BlobStore,
) -> None:
    item, other_item = setting.items
    newer, older = setting.past
    day = dt.datetime(2026, 11, 28, 10, 0)
    with demo_copy_sessions.begin() as session:
        _photo(session, blobs, setting.draft, item, "today-2.jpg", taken=day)
        _photo(session, blobs, setting.draft, item, "today-1.jpg", taken=day.replace(hour=9))
        _photo(session, blobs, setting.draft, other_item, "other item.jpg")
        _photo(session, blobs, setting.draft, None, "borrower.jpg")
        _photo(session, blobs, newer, item, "last time.jpg", warnings=("gps_missing",))
        _photo(session, blobs, older, item, "first time.jpg", taken=day.replace(year=2025))

    comparison = service.photo_comparison(item, setting.draft)
    assert comparison.collateral.id == item
    columns = [(v.visit.inspection_id, v.current) for v in comparison.visits]
    assert columns == [(setting.draft, True), (newer, False), (older, False)]
    assert [p.caption for p in comparison.visits[0].photos] == [
        "caption today-1.jpg",
        "caption today-2.jpg",
    ]  # in the order they were taken
    last = comparison.visits[1].photos[0]
    assert last.warnings == ("gps_missing",) and last.captured_local is None
    assert service.thumbnail(last.thumb_sha256) == b"thumbnail of last time.jpg"
    assert [h.visit.inspection_id for h in comparison.history] == setting.past

    # From the older visit: only what came before it.
    columns = [
        (v.visit.inspection_id, v.current) for v in service.photo_comparison(item, newer).visits
    ]
    assert columns == [(newer, True), (older, False)]
    # This visit is shown even before it has photos; earlier visits only with photos.
    empty = service.photo_comparison(other_item, setting.draft).visits
    assert [(v.visit.inspection_id, len(v.photos)) for v in empty] == [(setting.draft, 1)]
    # Without an inspection: every visit with photos, newest first.
    columns = [
        (v.visit.inspection_id, v.current) for v in service.photo_comparison(item, None).visits
    ]
    assert columns == [(setting.draft, False), (newer, False), (older, False)]
    assert service.register(setting.loan_id).items[0].photo_count == 4
    with pytest.raises(NotFound):
        service.thumbnail("0" * 64)


def test_photo_comparison_shows_one_visit_across_its_revisions(
    service: CollateralService,
    setting: Setting,
    inspections: InspectionService,
    demo_copy_sessions: sessionmaker[Session],
    blobs: BlobStore,
) -> None:
    item = setting.items[0]
    with demo_copy_sessions.begin() as session:
        sha = _photo(session, blobs, setting.draft, item, "before return.jpg")
    fill_and_submit(inspections, setting.draft, setting.inspector)
    inspections.return_for_revision(
        inspection_id=setting.draft, actor_id=setting.supervisor, comment="补拍照片"
    )
    revised = inspections.reopen(inspection_id=setting.draft, actor_id=setting.inspector)
    with demo_copy_sessions.begin() as session:
        _photo(session, blobs, revised, item, "after return.jpg")
        # The new revision has the photo too (reopen copies the records), its caption
        # corrected since.
        copy = session.execute(
            select(Photo).where(Photo.inspection_id == revised, Photo.sha256 == sha)
        ).scalar_one_or_none()
        if copy is None:
            _photo(session, blobs, revised, item, "before return.jpg", sha=sha)
            session.flush()
            copy = session.execute(
                select(Photo).where(Photo.inspection_id == revised, Photo.sha256 == sha)
            ).scalar_one()
        copy.caption = "corrected caption"
    visits = service.photo_comparison(item, revised).visits
    assert visits[0].visit.inspection_id == revised and visits[0].current
    assert sorted(p.caption for p in visits[0].photos) == [
        "caption after return.jpg",
        "corrected caption",  # once, as the newest revision has it
    ]
    # the returned revision is not a visit of its own
    assert [v.visit.inspection_id for v in service.photo_comparison(item, None).visits] == [revised]
    assert [v.visit.inspection_id for v in visits[1:]] == []  # the past visits have no photos
    with pytest.raises(NotFound):
        service.photo_comparison(item, InspectionId(uuid.uuid4()))
    with demo_copy_sessions() as session:
        foreign = session.execute(
            select(Inspection.id).where(Inspection.loan_id != setting.loan_id).limit(1)
        ).scalar_one()
    with pytest.raises(NotFound):
        service.photo_comparison(item, InspectionId(foreign))
