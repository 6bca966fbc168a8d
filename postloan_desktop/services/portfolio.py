"""The loan portfolio as the officer sees it: loans, a loan's detail, and the work queue."""

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.errors import NotFound
from postloan_desktop.domain.ids import (
    BorrowerId,
    BranchId,
    CollateralId,
    InspectionId,
    LoanId,
    UserId,
)
from postloan_desktop.domain.officers import officer_rule_violation
from postloan_desktop.domain.rules import (
    THIS_WEEK_DAYS,
    DueBucket,
    InspectionHistory,
    InspectionRules,
    LoanFacts,
    maturity_notices_until,
    next_inspection,
)
from postloan_desktop.services.dto import (
    BorrowerInfo,
    BranchInfo,
    CollateralInfo,
    DueFilter,
    DueGroup,
    DueItem,
    GuarantorInfo,
    InspectionSummary,
    InstalmentInfo,
    LoanDetail,
    LoanFilter,
    LoanRow,
    OfficerInfo,
    ReminderGroup,
    ReminderItem,
    ReminderKind,
    WorkQueue,
)
from postloan_desktop.storage.models import Collateral, Loan, User
from postloan_desktop.storage.repositories import LoanCriteria, LoanRepository

Clock = Callable[[], dt.date]
QUEUE_GROUP_LIMIT = 200


def loan_facts(loan: Loan) -> LoanFacts:
    return LoanFacts(
        disbursed_on=loan.disbursed_on,
        matures_on=loan.matures_on,
        balance_fen=loan.balance_fen,
        business_status=loan.business_status,
        principal_overdue_since=loan.principal_overdue_since,
        interest_unpaid_since=loan.interest_unpaid_since,
    )


def _officer(user: User | None) -> OfficerInfo | None:
    if user is None:
        return None
    return OfficerInfo(id=UserId(user.id), name=user.display_name, rank=user.rank)


class PortfolioService:
    def __init__(
        self, sessions: sessionmaker[Session], *, rules: InspectionRules, today: Clock
    ) -> None:
        self._sessions = sessions
        self.rules = rules
        self._today = today

    def today(self) -> dt.date:
        return self._today()

    # --- loans view -------------------------------------------------------------------------

    def _criteria(self, f: LoanFilter) -> LoanCriteria:
        today = self._today()
        due_before = {
            DueFilter.ANY: None,
            DueFilter.OVERDUE: today,
            DueFilter.WITHIN_WEEK: today + dt.timedelta(days=THIS_WEEK_DAYS),
            DueFilter.WITHIN_MONTH: today + dt.timedelta(days=30),
        }[f.due]
        return LoanCriteria(
            text=f.text.strip(),
            branch_id=f.branch_id,
            risk_class=f.risk_class,
            business_status=f.business_status,
            due_before=due_before,
            in_arrears_only=f.in_arrears_only,
            officer_id=f.officer_id,
        )

    def count_loans(self, f: LoanFilter) -> int:
        with self._sessions() as session:
            return LoanRepository(session).count(self._criteria(f))

    def loan_page(self, f: LoanFilter, *, offset: int, limit: int) -> list[LoanRow]:
        with self._sessions() as session:
            rows = LoanRepository(session).page(self._criteria(f), offset=offset, limit=limit)
            return [
                LoanRow(
                    id=row.id,
                    contract_no=row.contract_no,
                    borrower_name=row.borrower_name,
                    branch_name=row.branch_name,
                    product=row.product,
                    balance_fen=row.balance_fen,
                    risk_class=row.risk_class,
                    business_status=row.business_status,
                    next_inspection_kind=row.next_inspection_kind,
                    next_inspection_due=row.next_inspection_due,
                    in_arrears=bool(row.in_arrears),
                )
                for row in rows
            ]

    def branches(self) -> list[BranchInfo]:
        with self._sessions() as session:
            return [
                BranchInfo(id=BranchId(b.id), code=b.code, name=b.name)
                for b in LoanRepository(session).branches()
            ]

    # --- loan detail ------------------------------------------------------------------------

    def loan_detail(self, loan_id: LoanId) -> LoanDetail:
        with self._sessions() as session:
            repo = LoanRepository(session)
            loan = repo.detail(loan_id)
            if loan is None:
                raise NotFound(f"loan {loan_id} does not exist")
            officer_ids = {
                uid
                for i in loan.inspections
                for uid in (i.officer_a_id, i.officer_b_id)
                if uid is not None
            }
            names = repo.user_names(officer_ids)
            a, b = _officer(loan.officer_a), _officer(loan.officer_b)
            violation = officer_rule_violation(
                loan.balance_fen, a.rank if a else None, b.rank if b else None
            )
            bo = loan.borrower
            return LoanDetail(
                id=LoanId(loan.id),
                contract_no=loan.contract_no,
                branch_id=BranchId(loan.branch_id),
                branch_name=loan.branch.name,
                product=loan.product,
                amount_fen=loan.amount_fen,
                balance_fen=loan.balance_fen,
                annual_rate_bp=loan.annual_rate_bp,
                disbursed_on=loan.disbursed_on,
                matures_on=loan.matures_on,
                repayment_method=loan.repayment_method,
                guarantee_method=loan.guarantee_method,
                risk_class=loan.risk_class,
                business_status=loan.business_status,
                principal_overdue_since=loan.principal_overdue_since,
                interest_unpaid_since=loan.interest_unpaid_since,
                overdue_principal_fen=loan.overdue_principal_fen,
                overdue_interest_fen=loan.overdue_interest_fen,
                officer_a=a,
                officer_b=b,
                officer_rule_violation=violation.rank if violation else None,
                next_inspection_kind=loan.next_inspection_kind,
                next_inspection_due=loan.next_inspection_due,
                next_inspection_reason=loan.next_inspection_reason,
                borrower=BorrowerInfo(
                    id=BorrowerId(bo.id),
                    kind=bo.kind,
                    name=bo.name,
                    id_number=bo.id_number,
                    legal_representative=bo.legal_representative,
                    phone=bo.phone,
                    address=bo.address,
                    business_type=bo.business_type,
                    industry=bo.industry,
                ),
                instalments=tuple(
                    InstalmentInfo(
                        seq=i.seq,
                        due_on=i.due_on,
                        principal_fen=i.principal_fen,
                        interest_fen=i.interest_fen,
                        paid_on=i.paid_on,
                    )
                    for i in loan.instalments
                ),
                guarantors=tuple(
                    GuarantorInfo(
                        kind=g.kind,
                        name=g.name,
                        id_number=g.id_number,
                        phone=g.phone,
                        relationship=g.relationship_to_borrower,
                        guaranteed_fen=g.guaranteed_fen,
                    )
                    for g in loan.guarantors
                ),
                collateral=tuple(collateral_info(c) for c in loan.collateral),
                inspections=tuple(
                    InspectionSummary(
                        id=InspectionId(i.id),
                        kind=i.kind,
                        status=i.status,
                        revision=i.revision,
                        inspected_on=i.inspected_on,
                        officer_a_name=names.get(i.officer_a_id, "") if i.officer_a_id else "",
                        officer_b_name=names.get(i.officer_b_id, "") if i.officer_b_id else "",
                        proposed_risk_class=i.proposed_risk_class,
                    )
                    for i in sorted(loan.inspections, key=lambda i: i.started_at, reverse=True)
                ),
            )

    # --- work queue -------------------------------------------------------------------------

    def work_queue(
        self,
        *,
        branch_id: BranchId | None = None,
        officer_id: UserId | None = None,
        limit: int = QUEUE_GROUP_LIMIT,
    ) -> WorkQueue:
        """What is due, by group; with ``officer_id`` only the loans that person is officer A
        or B of."""
        today = self._today()
        week_end = today + dt.timedelta(days=THIS_WEEK_DAYS)
        with self._sessions() as session:
            repo = LoanRepository(session)

            def due_group(start: dt.date | None, end: dt.date, bucket: DueBucket) -> DueGroup:
                rows, total = repo.due_between(
                    start, end, branch_id=branch_id, limit=limit, officer_id=officer_id
                )
                return DueGroup(
                    items=tuple(
                        DueItem(
                            loan_id=row.id,
                            contract_no=row.contract_no,
                            borrower_name=row.borrower_name,
                            kind=row.kind,
                            due_on=row.due_on,
                            reason=row.reason,
                            bucket=bucket,
                        )
                        for row in rows
                    ),
                    total=total,
                )

            reminder_end = today + dt.timedelta(days=self.rules.repayment_reminder_days)
            inst_rows, inst_total = repo.instalments_due_between(
                today, reminder_end, branch_id=branch_id, limit=limit, officer_id=officer_id
            )
            maturity_end = maturity_notices_until(today, self.rules)
            mat_rows, mat_total = repo.maturing_between(
                today, maturity_end, branch_id=branch_id, limit=limit, officer_id=officer_id
            )
            return WorkQueue(
                today=today,
                overdue=due_group(None, today, DueBucket.OVERDUE),
                due_today=due_group(today, today + dt.timedelta(days=1), DueBucket.TODAY),
                due_this_week=due_group(
                    today + dt.timedelta(days=1), week_end, DueBucket.THIS_WEEK
                ),
                repayment_reminders=ReminderGroup(
                    items=tuple(
                        ReminderItem(
                            loan_id=row.loan_id,
                            contract_no=row.contract_no,
                            borrower_name=row.borrower_name,
                            kind=ReminderKind.REPAYMENT,
                            on=row.due_on,
                            amount_fen=row.amount_fen,
                        )
                        for row in inst_rows
                    ),
                    total=inst_total,
                ),
                maturity_notices=ReminderGroup(
                    items=tuple(
                        ReminderItem(
                            loan_id=row.id,
                            contract_no=row.contract_no,
                            borrower_name=row.borrower_name,
                            kind=ReminderKind.MATURITY,
                            on=row.matures_on,
                            amount_fen=row.balance_fen,
                        )
                        for row in mat_rows
                    ),
                    total=mat_total,
                ),
            )

    # --- app state ----------------------------------------------------------------------------

    def state(self, key: str) -> str | None:
        with self._sessions() as session:
            return LoanRepository(session).state(key)

    def set_state(self, key: str, value: str) -> None:
        with self._sessions.begin() as session:
            LoanRepository(session).set_state(key, value)

    # --- derived due dates ------------------------------------------------------------------

    def refresh_due_dates(self, loan_ids: Sequence[LoanId] | None = None) -> int:
        """Recompute each loan's next inspection from the rules; returns how many loans."""
        with self._sessions.begin() as session:
            return recompute_due_dates(session, self.rules, loan_ids)

    def ensure_due_dates_follow_rules(self) -> bool:
        """Recompute every due date if the rules changed since they were computed (a new
        postloan.toml, a new version's defaults). Returns whether it had to."""
        with self._sessions.begin() as session:
            if LoanRepository(session).state(RULES_KEY) == rules_fingerprint(self.rules):
                return False
            recompute_due_dates(session, self.rules)
            return True


RULES_KEY = "due_dates_rules"


def rules_fingerprint(rules: InspectionRules) -> str:
    """A stable text naming the rules (the dataclass's repr lists every setting)."""
    return repr(rules)


def recompute_due_dates(
    session: Session, rules: InspectionRules, loan_ids: Sequence[LoanId] | None = None
) -> int:
    """Derive each loan's next inspection from ``rules`` inside the caller's transaction.

    Recomputing every loan also records which rules the due dates now follow."""
    repo = LoanRepository(session)
    values = []
    for loan, first_done, last_done, override in repo.due_facts(loan_ids):
        history = InspectionHistory(
            first_done=first_done, last_completed_on=last_done, next_due_override=override
        )
        due = next_inspection(loan_facts(loan), history, rules)
        values.append(
            (
                loan.id,
                due.kind if due else None,
                due.due_on if due else None,
                due.reason if due else None,
            )
        )
    repo.set_next_inspection(values)
    if loan_ids is None:
        repo.set_state(RULES_KEY, rules_fingerprint(rules))
    return len(values)


def collateral_info(c: Collateral) -> CollateralInfo:
    return CollateralInfo(
        id=CollateralId(c.id),
        kind=c.kind,
        description=c.description,
        registration_no=c.registration_no,
        location=c.location,
        appraised_fen=c.appraised_fen,
        appraised_on=c.appraised_on,
        insured=c.insured,
        insurer=c.insurer,
        insurance_expires_on=c.insurance_expires_on,
    )
