"""Signed means frozen in the storage layer (storage/freeze.py): whatever a service does or
forgets, a session refuses to write an answer, a photo or a collateral note of an inspection
that is not a draft, to change a frozen inspection's content, or to touch a report version.
Every write here goes straight to the session, around the services."""

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.enums import InspectionStatus, Role
from postloan_desktop.domain.errors import NotAllowed
from postloan_desktop.domain.ids import LoanId, UserId
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.storage.freeze import FrozenInspection
from postloan_desktop.storage.models import (
    CollateralNote,
    Inspection,
    InspectionAnswer,
    Loan,
    Photo,
    ReportVersion,
    UserRole,
)


def _draft(inspections: InspectionService, sessions: sessionmaker[Session]) -> uuid.UUID:
    """A new draft with one answer, of a loan with collateral and no draft."""
    with sessions() as session:
        busy = select(Inspection.loan_id).where(
            Inspection.status.in_((InspectionStatus.DRAFT, InspectionStatus.SIGNING))
        )
        loan_id, inspector = session.execute(
            select(Loan.id, UserRole.user_id)
            .join(UserRole, UserRole.branch_id == Loan.branch_id)
            .where(
                UserRole.role == Role.INSPECTOR,
                Loan.balance_fen > 0,
                Loan.id.not_in(busy),
                Loan.guarantee_method == "mortgage",
            )
            .order_by(Loan.contract_no)
            .limit(1)
        ).one()
    inspection = inspections.start(loan_id=LoanId(loan_id), actor_id=UserId(inspector))
    inspections.answer(
        inspection_id=inspection, key="opinion", value="情况正常", actor_id=UserId(inspector)
    )
    return inspection


def _set_status(
    sessions: sessionmaker[Session], inspection_id: uuid.UUID, status: InspectionStatus
) -> None:
    with sessions.begin() as session:
        inspection = session.get(Inspection, inspection_id)
        assert inspection is not None
        inspection.status = status


def _photo(inspection_id: uuid.UUID) -> Photo:
    return Photo(
        inspection_id=inspection_id,
        sha256="a" * 64,
        original_name="site.jpg",
        size_bytes=10,
        width=4,
        height=3,
        phash="0" * 16,
        report_sha256="b" * 64,
        thumb_sha256="c" * 64,
    )


def _count(sessions: sessionmaker[Session], model: type[object], inspection_id: uuid.UUID) -> int:
    with sessions() as session:
        return session.execute(
            select(func.count()).select_from(model).where(model.inspection_id == inspection_id)  # type: ignore[attr-defined]
        ).scalar_one()


@pytest.mark.parametrize("status", list(InspectionStatus))
def test_only_a_draft_takes_answers_and_photos(
    status: InspectionStatus,
    inspections: InspectionService,
    demo_copy_sessions: sessionmaker[Session],
) -> None:
    sessions = demo_copy_sessions
    inspection_id = _draft(inspections, sessions)
    _set_status(sessions, inspection_id, status)

    def write() -> None:
        with sessions.begin() as session:
            session.add(
                InspectionAnswer(inspection_id=inspection_id, item_key="measures", value="x")
            )
            session.add(_photo(inspection_id))

    if status is InspectionStatus.DRAFT:
        write()
        assert _count(sessions, InspectionAnswer, inspection_id) == 2
    else:
        with pytest.raises(FrozenInspection, match=f"{status.value} inspection"):
            write()
        assert _count(sessions, InspectionAnswer, inspection_id) == 1
        assert _count(sessions, Photo, inspection_id) == 0


def test_every_write_to_a_frozen_inspection_is_refused(
    inspections: InspectionService, demo_copy_sessions: sessionmaker[Session]
) -> None:
    sessions = demo_copy_sessions
    frozen = _draft(inspections, sessions)
    with sessions.begin() as session:
        session.add(_photo(frozen))
        loan_id = session.get(Inspection, frozen).loan_id  # type: ignore[union-attr]
    _set_status(sessions, frozen, InspectionStatus.SIGNING)
    other = _draft_of_another_loan(inspections, sessions, loan_id)

    def answer(session: Session) -> InspectionAnswer:
        return session.execute(
            select(InspectionAnswer).where(InspectionAnswer.inspection_id == frozen)
        ).scalar_one()

    def photo(session: Session) -> Photo:
        return session.execute(select(Photo).where(Photo.inspection_id == frozen)).scalar_one()

    def inspection(session: Session) -> Inspection:
        found = session.get(Inspection, frozen)
        assert found is not None
        return found

    def note_of_a_past_visit(session: Session) -> CollateralNote:
        return session.execute(select(CollateralNote).limit(1)).scalar_one()  # demo: approved

    writes: list[Callable[[Session], object]] = [
        lambda s: setattr(answer(s), "value", "改过"),
        lambda s: setattr(answer(s), "note", "补充"),
        lambda s: s.delete(answer(s)),
        lambda s: setattr(photo(s), "caption", "改过"),
        lambda s: setattr(photo(s), "rotation", 90),
        lambda s: s.delete(photo(s)),
        lambda s: setattr(note_of_a_past_visit(s), "notes", "改过"),
        lambda s: s.delete(note_of_a_past_visit(s)),
        lambda s: setattr(inspection(s), "place", "别处"),
        lambda s: setattr(inspection(s), "officer_b_id", None),
        lambda s: setattr(inspection(s), "next_due_override_reason", "改过"),
        lambda s: s.delete(inspection(s)),
        # Moving a draft's answer into the frozen inspection, or the frozen one's out.
        lambda s: setattr(
            s.execute(
                select(InspectionAnswer).where(InspectionAnswer.inspection_id == other)
            ).scalar_one(),
            "inspection_id",
            frozen,
        ),
        lambda s: setattr(answer(s), "inspection_id", other),
    ]
    for write in writes:
        with pytest.raises(NotAllowed) as info, sessions.begin() as session:
            write(session)
        assert isinstance(info.value, FrozenInspection)
    with sessions() as session:
        assert answer(session).value == "情况正常" and photo(session).caption == ""
        assert inspection(session).place != "别处"
    # The state machine's own columns still move.
    with sessions.begin() as session:
        found = inspection(session)
        found.status = InspectionStatus.SUBMITTED
        found.review_comment = "ok"
        found.version += 1


def _draft_of_another_loan(
    inspections: InspectionService, sessions: sessionmaker[Session], not_loan: uuid.UUID
) -> uuid.UUID:
    draft = _draft(inspections, sessions)
    with sessions() as session:
        found = session.get(Inspection, draft)
        assert found is not None and found.loan_id != not_loan
    return draft


def test_a_flush_that_freezes_an_inspection_cannot_slip_an_answer_in(
    inspections: InspectionService, demo_copy_sessions: sessionmaker[Session]
) -> None:
    sessions = demo_copy_sessions
    inspection_id = _draft(inspections, sessions)
    with pytest.raises(FrozenInspection), sessions.begin() as session:
        inspection = session.get(Inspection, inspection_id)
        assert inspection is not None
        inspection.status = InspectionStatus.SIGNING
        session.add(InspectionAnswer(inspection_id=inspection_id, item_key="measures", value="x"))
    with sessions() as session:
        assert session.get(Inspection, inspection_id).status is InspectionStatus.DRAFT  # type: ignore[union-attr]


def test_report_versions_are_append_only(
    inspections: InspectionService, demo_copy_sessions: sessionmaker[Session]
) -> None:
    sessions = demo_copy_sessions
    inspection_id = _draft(inspections, sessions)
    with sessions.begin() as session:
        session.add(
            ReportVersion(
                inspection_id=inspection_id,
                seq=0,
                sha256="d" * 64,
                size_bytes=1,
                language="zh",
                content_digest="e" * 64,
            )
        )
    for write in (
        lambda s, v: setattr(v, "sha256", "f" * 64),
        lambda s, v: s.delete(v),
    ):
        with pytest.raises(NotAllowed, match="never changed"), sessions.begin() as session:
            version = session.execute(select(ReportVersion)).scalar_one()
            write(session, version)
    with sessions() as session:
        assert session.execute(select(ReportVersion.sha256)).scalar_one() == "d" * 64
