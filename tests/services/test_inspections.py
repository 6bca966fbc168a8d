"""Inspections through the service layer: start, autosave answers, carry forward, submit,
return, reopen as a new revision, approve — with roles and the state machine enforced."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.enums import (
    BorrowerType,
    BusinessStatus,
    InspectionKind,
    InspectionStatus,
    Role,
)
from postloan_desktop.domain.errors import Conflict, InvalidInput, NotAllowed
from postloan_desktop.domain.ids import LoanId, UserId
from postloan_desktop.forms.engine import ItemInstance
from postloan_desktop.forms.schema import ItemType
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.photos import PhotoService
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import AuditEntry, Borrower, Loan, UserRole


def sample_value(instance: ItemInstance, ctx_collateral: list[str]) -> Any:
    item = instance.item
    match item.type:
        case ItemType.YES_NO_NA:
            return "yes" if instance.key.endswith(("_signed", "_present", "_valid")) else "no"
        case ItemType.SINGLE_CHOICE | ItemType.MULTIPLE_CHOICE:
            first = item.options[0].value  # type: ignore[index]
            return [first] if item.type is ItemType.MULTIPLE_CHOICE else first
        case ItemType.TEXT:
            return "经现场核实，情况正常。"
        case ItemType.NUMBER | ItemType.PERCENT:
            return item.min if item.min is not None else 1
        case ItemType.MONEY:
            return 1_000_000
        case ItemType.DATE:
            return "2027-02-28"
        case ItemType.COLLATERAL:
            return ctx_collateral[0]
    raise AssertionError(item.type)


def fill_required(service: InspectionService, inspection_id: Any, actor: UserId) -> int:
    """Answer what the report says is missing until nothing is; returns answers given."""
    given = 0
    for _ in range(10):
        form = service.form(inspection_id)
        report = service.report(inspection_id)
        if report.ready:
            return given
        collateral = [c.id for c in form.context.collateral]
        for missing in report.missing:
            value = sample_value(missing, collateral)
            if missing.key == "next_inspection_date" and form.suggested_next_date:
                value = form.suggested_next_date.isoformat()
            service.answer(
                inspection_id=inspection_id, key=missing.key, value=value, actor_id=actor
            )
            given += 1
    raise AssertionError("the form never became complete")


def loan_and_inspector(
    sessions: sessionmaker[Session], *, borrower_type: BorrowerType, kind: InspectionKind | None
) -> tuple[LoanId, UserId, UserId]:
    """A loan of that borrower type with no draft; an inspector and a supervisor of its branch."""
    with sessions() as session:
        stmt = (
            select(Loan)
            .join(Borrower, Loan.borrower_id == Borrower.id)
            .where(Borrower.kind == borrower_type, Loan.balance_fen > 0)
            .order_by(Loan.contract_no)
        )
        if kind is not None:
            stmt = stmt.where(Loan.next_inspection_kind == kind)
        loan = session.execute(stmt.limit(1)).scalar_one()

        def holder(role: Role) -> UserId:
            """Someone holding ``role`` in the loan's branch and not the other one."""
            other = Role.SUPERVISOR if role is Role.INSPECTOR else Role.INSPECTOR
            both = select(UserRole.user_id).where(
                UserRole.role == other, UserRole.branch_id == loan.branch_id
            )
            found = (
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
            assert found is not None
            return UserId(found)

        return LoanId(loan.id), holder(Role.INSPECTOR), holder(Role.SUPERVISOR)


@pytest.fixture
def first_loan(
    demo_copy_sessions: sessionmaker[Session],
) -> tuple[LoanId, UserId, UserId]:
    return loan_and_inspector(
        demo_copy_sessions, borrower_type=BorrowerType.INDIVIDUAL, kind=InspectionKind.FIRST
    )


def test_start_proposes_the_due_kind_and_the_loans_officers(
    inspections: InspectionService, first_loan: tuple[LoanId, UserId, UserId]
) -> None:
    loan_id, inspector, _ = first_loan
    inspection_id = inspections.start(loan_id=loan_id, actor_id=inspector)
    form = inspections.form(inspection_id)
    assert form.kind is InspectionKind.FIRST
    assert form.status is InspectionStatus.DRAFT and form.editable
    assert form.template.id == "individual_loan" and form.template.version == 1
    titles = [s.section.key for s in inspections.report(inspection_id).progress]
    assert titles[0] == "compliance"  # 一、操作合规性: first inspections only
    with pytest.raises(NotAllowed, match="in progress"):
        inspections.start(loan_id=loan_id, actor_id=inspector)


def test_every_answer_is_stored_at_once_and_checked(
    inspections: InspectionService, first_loan: tuple[LoanId, UserId, UserId]
) -> None:
    loan_id, inspector, _ = first_loan
    inspection_id = inspections.start(loan_id=loan_id, actor_id=inspector)
    inspections.answer(
        inspection_id=inspection_id, key="funds_diverted", value="yes", actor_id=inspector
    )
    assert inspections.form(inspection_id).answers["funds_diverted"] == "yes"
    report = inspections.report(inspection_id)
    assert "funds_diverted" in {s.code for s in report.signals}
    with pytest.raises(InvalidInput):
        inspections.answer(
            inspection_id=inspection_id, key="funds_diverted", value="maybe", actor_id=inspector
        )
    with pytest.raises(InvalidInput):
        inspections.answer(
            inspection_id=inspection_id, key="no_such_item", value="yes", actor_id=inspector
        )
    inspections.note(
        inspection_id=inspection_id, key="funds_diverted", text="用于购房", actor_id=inspector
    )
    form = inspections.form(inspection_id)
    assert form.answers["funds_diverted"] == "yes" and form.notes["funds_diverted"] == "用于购房"


def test_submit_needs_every_required_answer_then_freezes(
    inspections: InspectionService,
    first_loan: tuple[LoanId, UserId, UserId],
    demo_copy_sessions: sessionmaker[Session],
) -> None:
    loan_id, inspector, supervisor = first_loan
    inspection_id = inspections.start(loan_id=loan_id, actor_id=inspector)
    with pytest.raises(InvalidInput, match="required"):
        inspections.submit(inspection_id=inspection_id, actor_id=inspector)
    assert fill_required(inspections, inspection_id, inspector) > 10
    with pytest.raises(NotAllowed):
        inspections.submit(inspection_id=inspection_id, actor_id=supervisor)
    inspections.submit(inspection_id=inspection_id, actor_id=inspector)
    form = inspections.form(inspection_id)
    assert form.status is InspectionStatus.SUBMITTED and not form.editable
    with pytest.raises(NotAllowed, match="frozen"):
        inspections.answer(
            inspection_id=inspection_id, key="opinion", value="改", actor_id=inspector
        )
    with demo_copy_sessions() as session:
        loan = session.get(Loan, loan_id)
        assert loan is not None
        # The first inspection is done: the next one is periodic, by the business status.
        assert loan.next_inspection_kind is InspectionKind.PERIODIC
        actions = session.execute(
            select(AuditEntry.action).where(AuditEntry.entity_id == inspection_id)
        ).scalars()
        assert list(actions) == ["inspection.start", "inspection.submit"]


def test_return_reopen_and_approve(
    inspections: InspectionService, first_loan: tuple[LoanId, UserId, UserId]
) -> None:
    loan_id, inspector, supervisor = first_loan
    first = inspections.start(loan_id=loan_id, actor_id=inspector)
    fill_required(inspections, first, inspector)
    inspections.submit(inspection_id=first, actor_id=inspector)
    with pytest.raises(NotAllowed):
        inspections.approve(inspection_id=first, actor_id=inspector)
    with pytest.raises(InvalidInput, match="comment"):
        inspections.return_for_revision(inspection_id=first, actor_id=supervisor, comment=" ")
    inspections.return_for_revision(
        inspection_id=first, actor_id=supervisor, comment="请补充资金用途说明"
    )
    assert inspections.form(first).status is InspectionStatus.RETURNED
    with pytest.raises(NotAllowed, match="reopen"):  # not a fresh one beside the returned
        inspections.start(loan_id=loan_id, actor_id=inspector)
    second = inspections.reopen(inspection_id=first, actor_id=inspector)
    revised = inspections.form(second)
    assert revised.revision == 2 and revised.editable
    assert revised.review_comment == "请补充资金用途说明"
    assert revised.answers == inspections.form(first).answers  # the answers come along
    rows = {r.id: r for r in inspections.my_inspections()}
    assert second in rows and first not in rows  # only the latest revision is listed
    inspections.answer(
        inspection_id=second, key="actual_use", value="购买原材料，已核对发票。", actor_id=inspector
    )
    inspections.submit(inspection_id=second, actor_id=inspector)
    inspections.approve(inspection_id=second, actor_id=supervisor)
    assert inspections.form(second).status is InspectionStatus.APPROVED
    assert inspections.form(first).status is InspectionStatus.RETURNED  # history is kept
    with pytest.raises(NotAllowed):
        inspections.reopen(inspection_id=second, actor_id=inspector)


def test_next_inspection_follows_the_conclusion(
    inspections: InspectionService,
    first_loan: tuple[LoanId, UserId, UserId],
    demo_copy_sessions: sessionmaker[Session],
    demo_today: dt.date,
) -> None:
    loan_id, inspector, _ = first_loan
    inspection_id = inspections.start(loan_id=loan_id, actor_id=inspector)
    fill_required(inspections, inspection_id, inspector)
    inspections.answer(
        inspection_id=inspection_id, key="business_status", value="average", actor_id=inspector
    )
    suggested = inspections.form(inspection_id).suggested_next_date
    assert suggested == dt.date(2026, 12, 28)  # average: monthly, from today's inspection
    chosen = "2026-12-15"
    inspections.answer(
        inspection_id=inspection_id, key="next_inspection_date", value=chosen, actor_id=inspector
    )
    with pytest.raises(InvalidInput, match="reason"):
        inspections.submit(inspection_id=inspection_id, actor_id=inspector)
    inspections.answer(
        inspection_id=inspection_id,
        key="next_inspection_override_reason",
        value="春节前备货，需提前检查库存",
        actor_id=inspector,
    )
    inspections.submit(inspection_id=inspection_id, actor_id=inspector)
    with demo_copy_sessions() as session:
        loan = session.get(Loan, loan_id)
        assert loan is not None
        assert loan.business_status is BusinessStatus.AVERAGE
        assert loan.next_inspection_due == dt.date(2026, 12, 15)
    del demo_today


def test_carry_forward_prefills_until_confirmed(
    inspections: InspectionService, first_loan: tuple[LoanId, UserId, UserId]
) -> None:
    loan_id, inspector, supervisor = first_loan
    first = inspections.start(loan_id=loan_id, actor_id=inspector)
    fill_required(inspections, first, inspector)
    inspections.submit(inspection_id=first, actor_id=inspector)
    inspections.approve(inspection_id=first, actor_id=supervisor)

    second = inspections.start(loan_id=loan_id, actor_id=inspector)
    form = inspections.form(second)
    assert form.kind is InspectionKind.PERIODIC
    assert form.carried_forward and "next_inspection_date" not in form.answers
    assert "actual_use" in form.carried_forward
    report = inspections.report(second)
    # Carried answers do not count until confirmed: the required ones are still missing.
    assert {"actual_use"} <= {i.key for i in report.missing}
    inspections.confirm(inspection_id=second, keys=["actual_use"], actor_id=inspector)
    inspections.answer(inspection_id=second, key="opinion", value="维持", actor_id=inspector)
    form = inspections.form(second)
    assert "actual_use" not in form.carried_forward and "opinion" not in form.carried_forward
    assert "actual_use" not in {i.key for i in inspections.report(second).missing}


def test_enterprise_loans_get_the_small_business_checklist(
    inspections: InspectionService, demo_copy_sessions: sessionmaker[Session]
) -> None:
    loan_id, inspector, _ = loan_and_inspector(
        demo_copy_sessions, borrower_type=BorrowerType.ENTERPRISE, kind=None
    )
    form = inspections.form(inspections.start(loan_id=loan_id, actor_id=inspector))
    assert form.template.id == "small_business"
    sections = {s.section.key for s in inspections.report(form.id).progress}
    production = form.context.business_type.value == "production"
    assert any("production" in k for k in sections) == production


def test_a_published_version_is_never_changed(inspections: InspectionService) -> None:
    from postloan_desktop.forms.loader import TemplateError, load_directory

    templates = load_directory()
    assert inspections.publish(templates) == []  # already published, same content: no-op
    changed = templates[0].content.model_copy(
        update={"title": templates[0].content.title.model_copy(update={"zh": "改过的标题"})}
    )
    from postloan_desktop.forms.loader import expand

    with pytest.raises(TemplateError, match="new version"):
        inspections.publish([expand(changed, {})])  # expanded already: no fragments needed


def test_only_inspectors_of_the_branch_may_write_a_draft(
    inspections: InspectionService,
    first_loan: tuple[LoanId, UserId, UserId],
    demo_copy_sessions: sessionmaker[Session],
) -> None:
    loan_id, inspector, supervisor = first_loan
    inspection_id = inspections.start(loan_id=loan_id, actor_id=inspector)
    with demo_copy_sessions() as session:
        loan = session.get(Loan, loan_id)
        assert loan is not None
        stranger = (
            session.execute(
                select(UserRole.user_id).where(
                    UserRole.role == Role.INSPECTOR, UserRole.branch_id != loan.branch_id
                )
            )
            .scalars()
            .first()
        )
    for actor in (supervisor, UserId(stranger)):
        with pytest.raises(NotAllowed):
            inspections.answer(
                inspection_id=inspection_id, key="actual_use", value="外人填写", actor_id=actor
            )
        with pytest.raises(NotAllowed):
            inspections.note(
                inspection_id=inspection_id, key="actual_use", text="x", actor_id=actor
            )
        with pytest.raises(NotAllowed):
            inspections.confirm(inspection_id=inspection_id, keys=["actual_use"], actor_id=actor)
    assert "actual_use" not in inspections.form(inspection_id).answers


def test_carried_answers_must_be_confirmed_even_optional_ones_and_survive_reopen(
    inspections: InspectionService, first_loan: tuple[LoanId, UserId, UserId]
) -> None:
    loan_id, inspector, supervisor = first_loan
    first = inspections.start(loan_id=loan_id, actor_id=inspector)
    fill_required(inspections, first, inspector)
    inspections.answer(
        inspection_id=first, key="deposits_settlements", value="结算正常", actor_id=inspector
    )
    inspections.submit(inspection_id=first, actor_id=inspector)
    inspections.approve(inspection_id=first, actor_id=supervisor)

    second = inspections.start(loan_id=loan_id, actor_id=inspector)
    form = inspections.form(second)
    # A periodic inspection shows no first-inspection compliance items: none carried.
    assert "contract_signed" not in form.answers
    assert "deposits_settlements" in form.carried_forward  # optional, carried
    missing = {i.key for i in inspections.report(second).missing}
    assert "deposits_settlements" in missing
    fill_required(inspections, second, inspector)  # answers (and so confirms) the rest
    inspections.confirm(
        inspection_id=second,
        keys=sorted(inspections.form(second).carried_forward),
        actor_id=inspector,
    )
    assert inspections.report(second).ready


def test_reopened_revision_keeps_the_photos_and_the_history_stays(
    inspections: InspectionService,
    first_loan: tuple[LoanId, UserId, UserId],
    demo_copy_sessions: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    loan_id, inspector, supervisor = first_loan
    photos = PhotoService(demo_copy_sessions, BlobStore(tmp_path / "blobs"))
    first = inspections.start(loan_id=loan_id, actor_id=inspector)
    path = tmp_path / "site.jpg"
    Image.linear_gradient("L").resize((320, 240)).convert("RGB").save(path)
    photo = photos.import_file(inspection_id=first, path=path, actor_id=inspector).photo
    photos.set_caption(photo_id=photo.id, caption="厂房外景", actor_id=inspector)
    fill_required(inspections, first, inspector)
    inspections.submit(inspection_id=first, actor_id=inspector)
    inspections.return_for_revision(inspection_id=first, actor_id=supervisor, comment="补拍仓库")

    second = inspections.reopen(inspection_id=first, actor_id=inspector)
    (copied,) = photos.photos(second)
    assert copied.id != photo.id
    assert (copied.sha256, copied.thumb_sha256, copied.caption) == (
        photo.sha256,
        photo.thumb_sha256,
        "厂房外景",
    )
    again = photos.import_file(inspection_id=second, path=path, actor_id=inspector)
    assert again.duplicate and "reused_identical" not in again.photo.warnings

    photos.remove(photo_id=copied.id, actor_id=inspector)
    (kept,) = photos.photos(first)  # the returned revision is history: untouched
    assert kept.caption == "厂房外景"
    assert photos.blob(kept.sha256) == path.read_bytes()


def test_a_returned_inspection_no_longer_counts_as_done_and_reopens_once(
    inspections: InspectionService,
    first_loan: tuple[LoanId, UserId, UserId],
    demo_copy_sessions: sessionmaker[Session],
) -> None:
    loan_id, inspector, supervisor = first_loan

    def next_kind() -> InspectionKind | None:
        with demo_copy_sessions() as session:
            loan = session.get(Loan, loan_id)
            assert loan is not None
            return loan.next_inspection_kind

    first = inspections.start(loan_id=loan_id, actor_id=inspector)
    fill_required(inspections, first, inspector)
    inspections.submit(inspection_id=first, actor_id=inspector)
    assert next_kind() is InspectionKind.PERIODIC  # the first inspection is done
    inspections.return_for_revision(inspection_id=first, actor_id=supervisor, comment="补充")
    assert next_kind() is InspectionKind.FIRST  # sent back: not done after all
    inspections.reopen(inspection_id=first, actor_id=inspector)
    with pytest.raises(Conflict, match="already"):
        inspections.reopen(inspection_id=first, actor_id=inspector)


def test_officers_a_and_b_are_two_people(
    inspections: InspectionService, first_loan: tuple[LoanId, UserId, UserId]
) -> None:
    loan_id, inspector, _ = first_loan
    with pytest.raises(InvalidInput, match="A/B rule"):
        inspections.start(
            loan_id=loan_id, actor_id=inspector, officer_a_id=inspector, officer_b_id=inspector
        )
