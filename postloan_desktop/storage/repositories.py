"""Queries over the local database. Repositories query and flush; services own transactions."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, func, or_, select, update
from sqlalchemy.orm import Session, aliased, selectinload

from postloan_desktop.domain.enums import (
    BusinessStatus,
    InspectionKind,
    InspectionStatus,
    RiskClass,
)
from postloan_desktop.domain.rules import DueReason
from postloan_desktop.storage.models import (
    AppState,
    Borrower,
    Branch,
    Inspection,
    Loan,
    RepaymentInstalment,
    User,
)

# Done as far as the due-date rules go: the inspectors signed (A certified the report).
COMPLETED = (InspectionStatus.SIGNING, InspectionStatus.SUBMITTED, InspectionStatus.APPROVED)


def in_arrears() -> ColumnElement[bool]:
    """SQL twin of LoanFacts.in_arrears: principal overdue or interest unpaid."""
    return or_(Loan.principal_overdue_since.is_not(None), Loan.interest_unpaid_since.is_not(None))


def search_text(*parts: str) -> str:
    """The text the search box matches: parts joined, lower-cased."""
    return " ".join(p for p in parts if p).lower()


@dataclass(frozen=True)
class LoanCriteria:
    """A storage-level loan filter: every field narrows, None means 'any'."""

    text: str = ""
    branch_id: uuid.UUID | None = None
    risk_class: RiskClass | None = None
    business_status: BusinessStatus | None = None
    due_before: dt.date | None = None
    in_arrears_only: bool = False
    officer_id: uuid.UUID | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conds: list[ColumnElement[bool]] = []
        for word in self.text.lower().split():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conds.append(Loan.search_text.like(f"%{escaped}%", escape="\\"))
        if self.branch_id is not None:
            conds.append(Loan.branch_id == self.branch_id)
        if self.risk_class is not None:
            conds.append(Loan.risk_class == self.risk_class)
        if self.business_status is not None:
            conds.append(Loan.business_status == self.business_status)
        if self.due_before is not None:
            conds.append(Loan.next_inspection_due < self.due_before)
        if self.in_arrears_only:
            conds.append(in_arrears())
        if self.officer_id is not None:
            conds.append(officer_of(self.officer_id))
        return conds


LISTING_ORDER = (Loan.next_inspection_due.is_(None), Loan.next_inspection_due, Loan.contract_no)
"""The loans view's order: by due date, settled loans (no due date) last, then contract number.
It matches the index ``ix_loans_listing``, so a page is read in index order, never sorted."""


class LoanRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def count(self, criteria: LoanCriteria) -> int:
        stmt = select(func.count()).select_from(Loan).where(*criteria.conditions())
        return self.session.execute(stmt).scalar_one()

    def page(self, criteria: LoanCriteria, *, offset: int, limit: int) -> Sequence[Row[Any]]:
        """One page of the loans view: only the columns it shows, in LISTING_ORDER."""
        stmt = (
            select(
                Loan.id,
                Loan.contract_no,
                Borrower.name.label("borrower_name"),
                Branch.name.label("branch_name"),
                Loan.product,
                Loan.balance_fen,
                Loan.risk_class,
                Loan.business_status,
                Loan.next_inspection_kind,
                Loan.next_inspection_due,
                in_arrears().label("in_arrears"),
            )
            .join(Borrower, Loan.borrower_id == Borrower.id)
            .join(Branch, Loan.branch_id == Branch.id)
            .where(*criteria.conditions())
            .order_by(*LISTING_ORDER)
            .offset(offset)
            .limit(limit)
        )
        return self.session.execute(stmt).all()

    def detail(self, loan_id: uuid.UUID) -> Loan | None:
        stmt = (
            select(Loan)
            .where(Loan.id == loan_id)
            .options(
                selectinload(Loan.borrower),
                selectinload(Loan.branch),
                selectinload(Loan.officer_a),
                selectinload(Loan.officer_b),
                selectinload(Loan.instalments),
                selectinload(Loan.guarantors),
                selectinload(Loan.collateral),
                selectinload(Loan.inspections),
            )
        )
        return self.session.execute(stmt).scalar_one_or_none()

    def user_names(self, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
        if not ids:
            return {}
        rows = self.session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
        return {uid: name for uid, name in rows.tuples()}

    def _count(self, stmt: Select[tuple[int]]) -> int:
        return self.session.execute(stmt).scalar_one()

    def due_between(
        self,
        start: dt.date | None,
        end: dt.date,
        *,
        branch_id: uuid.UUID | None,
        limit: int,
        officer_id: uuid.UUID | None = None,
    ) -> tuple[Sequence[Row[Any]], int]:
        """Loans whose next inspection falls in [start, end): the first ``limit`` and the total.

        Rows: id, contract_no, borrower_name, kind, due_on, reason."""
        conds: list[ColumnElement[bool]] = [Loan.next_inspection_due < end]
        if start is not None:
            conds.append(Loan.next_inspection_due >= start)
        conds += _loan_scope(branch_id, officer_id)
        total = self._count(select(func.count()).select_from(Loan).where(*conds))
        stmt = (
            select(
                Loan.id,
                Loan.contract_no,
                Borrower.name.label("borrower_name"),
                Loan.next_inspection_kind.label("kind"),
                Loan.next_inspection_due.label("due_on"),
                Loan.next_inspection_reason.label("reason"),
            )
            .join(Borrower, Loan.borrower_id == Borrower.id)
            .where(*conds)
            .order_by(Loan.next_inspection_due, Loan.contract_no)
            .limit(limit)
        )
        return self.session.execute(stmt).all(), total

    def instalments_due_between(
        self,
        start: dt.date,
        end: dt.date,
        *,
        branch_id: uuid.UUID | None,
        limit: int,
        officer_id: uuid.UUID | None = None,
    ) -> tuple[Sequence[Row[Any]], int]:
        """Unpaid instalments due in [start, end]: the first ``limit`` and the total.

        Rows: loan_id, contract_no, borrower_name, due_on, amount_fen."""
        conds: list[ColumnElement[bool]] = [
            RepaymentInstalment.due_on >= start,
            RepaymentInstalment.due_on <= end,
            RepaymentInstalment.paid_on.is_(None),
        ]
        counted = select(func.count()).select_from(RepaymentInstalment)
        scoped = _loan_scope(branch_id, officer_id)
        if scoped:
            conds += scoped
            counted = counted.join(Loan, RepaymentInstalment.loan_id == Loan.id)
        total = self._count(counted.where(*conds))
        stmt = (
            select(
                RepaymentInstalment.loan_id,
                Loan.contract_no,
                Borrower.name.label("borrower_name"),
                RepaymentInstalment.due_on,
                (RepaymentInstalment.principal_fen + RepaymentInstalment.interest_fen).label(
                    "amount_fen"
                ),
            )
            .join(Loan, RepaymentInstalment.loan_id == Loan.id)
            .join(Borrower, Loan.borrower_id == Borrower.id)
            .where(*conds)
            .order_by(RepaymentInstalment.due_on, Loan.contract_no)
            .limit(limit)
        )
        return self.session.execute(stmt).all(), total

    def maturing_between(
        self,
        start: dt.date,
        end: dt.date,
        *,
        branch_id: uuid.UUID | None,
        limit: int,
        officer_id: uuid.UUID | None = None,
    ) -> tuple[Sequence[Row[Any]], int]:
        """Loans with a balance maturing in [start, end]: the first ``limit`` and the total.

        Rows: id, contract_no, borrower_name, matures_on, balance_fen."""
        conds: list[ColumnElement[bool]] = [
            Loan.matures_on >= start,
            Loan.matures_on <= end,
            Loan.balance_fen > 0,
            *_loan_scope(branch_id, officer_id),
        ]
        total = self._count(select(func.count()).select_from(Loan).where(*conds))
        stmt = (
            select(
                Loan.id,
                Loan.contract_no,
                Borrower.name.label("borrower_name"),
                Loan.matures_on,
                Loan.balance_fen,
            )
            .join(Borrower, Loan.borrower_id == Borrower.id)
            .where(*conds)
            .order_by(Loan.matures_on, Loan.contract_no)
            .limit(limit)
        )
        return self.session.execute(stmt).all(), total

    def due_facts(
        self, loan_ids: Sequence[uuid.UUID] | None = None
    ) -> Sequence[tuple[Loan, bool, dt.date | None, dt.date | None]]:
        """Each loan with: is its first inspection done, the date of its last completed one,
        and the next date that last one set by hand (if any)."""
        first_done = func.max(
            and_(Inspection.kind == InspectionKind.FIRST, Inspection.status.in_(COMPLETED))
        )
        last_done = func.max(Inspection.inspected_on).filter(Inspection.status.in_(COMPLETED))
        history = (
            select(
                Inspection.loan_id,
                first_done.label("first_done"),
                last_done.label("last_done"),
            )
            .group_by(Inspection.loan_id)
            .subquery()
        )
        latest = aliased(Inspection)
        override = (
            select(latest.next_due_override)
            .where(latest.loan_id == Loan.id, latest.status.in_(COMPLETED))
            .order_by(latest.inspected_on.desc(), latest.submitted_at.desc())
            .limit(1)
            .correlate(Loan)
            .scalar_subquery()
        )
        stmt = select(Loan, history.c.first_done, history.c.last_done, override).outerjoin(
            history, history.c.loan_id == Loan.id
        )
        if loan_ids is not None:
            stmt = stmt.where(Loan.id.in_(loan_ids))
        return [
            (loan, bool(first), last, override_on)
            for loan, first, last, override_on in self.session.execute(stmt).tuples()
        ]

    def set_next_inspection(
        self,
        values: Sequence[tuple[uuid.UUID, InspectionKind | None, dt.date | None, DueReason | None]],
    ) -> None:
        if not values:
            return
        # ORM bulk UPDATE by primary key: one executemany, not one statement per loan.
        self.session.execute(
            update(Loan),
            [
                {
                    "id": loan_id,
                    "next_inspection_kind": kind,
                    "next_inspection_due": due,
                    "next_inspection_reason": reason,
                }
                for loan_id, kind, due, reason in values
            ],
        )

    def state(self, key: str) -> str | None:
        row = self.session.get(AppState, key)
        return row.value if row is not None else None

    def set_state(self, key: str, value: str) -> None:
        self.session.merge(AppState(key=key, value=value))

    def branches(self) -> Sequence[Branch]:
        return self.session.execute(select(Branch).order_by(Branch.code)).scalars().all()


def _loan_scope(
    branch_id: uuid.UUID | None, officer_id: uuid.UUID | None
) -> list[ColumnElement[bool]]:
    """The loans of one branch, and of one officer (as A or B), when given."""
    conds: list[ColumnElement[bool]] = []
    if branch_id is not None:
        conds.append(Loan.branch_id == branch_id)
    if officer_id is not None:
        conds.append(officer_of(officer_id))
    return conds


def officer_of(officer_id: uuid.UUID) -> ColumnElement[bool]:
    """Loans this person is officer A or B of (an index on each column serves it)."""
    return or_(Loan.officer_a_id == officer_id, Loan.officer_b_id == officer_id)
