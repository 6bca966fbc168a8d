"""The demo portfolio (demo/portfolio.py): varied, realistic, consistent and deterministic."""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.demo.portfolio import DemoSummary, is_empty, load_demo
from postloan_desktop.domain.enums import (
    BusinessStatus,
    GuaranteeMethod,
    OfficerRank,
    RiskClass,
    Role,
)
from postloan_desktop.domain.officers import officer_rule_violation
from postloan_desktop.domain.rules import InspectionRules
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.storage.db import open_database, session_factory
from postloan_desktop.storage.models import (
    Borrower,
    Branch,
    Collateral,
    Guarantor,
    Inspection,
    Loan,
    RepaymentInstalment,
    User,
    UserRole,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


def _count(session: Session, model: type[object]) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def _loans(sessions: sessionmaker[Session]) -> list[Loan]:
    with sessions() as session:
        return list(session.execute(select(Loan).order_by(Loan.contract_no)).scalars())


def _fingerprint(sessions: sessionmaker[Session]) -> list[tuple[str, str, int]]:
    with sessions() as session:
        rows = session.execute(
            select(Loan.contract_no, Borrower.name, Loan.balance_fen)
            .join(Borrower, Loan.borrower_id == Borrower.id)
            .order_by(Loan.contract_no)
        ).tuples()
        return list(rows)


def test_size(demo_sessions: sessionmaker[Session], demo_summary: DemoSummary) -> None:
    assert demo_summary.branches >= 3
    assert demo_summary.borrowers >= 300
    assert demo_summary.loans >= 400
    with demo_sessions() as session:
        assert _count(session, Branch) == demo_summary.branches
        assert _count(session, User) == demo_summary.users
        assert _count(session, Borrower) == demo_summary.borrowers
        assert _count(session, Loan) == demo_summary.loans
        assert _count(session, RepaymentInstalment) == demo_summary.instalments
        assert _count(session, Guarantor) == demo_summary.guarantors
        assert _count(session, Collateral) == demo_summary.collateral
        assert _count(session, Inspection) == demo_summary.inspections
    assert not is_empty(demo_sessions)


def test_every_branch_has_a_supervisor_and_inspectors(
    demo_sessions: sessionmaker[Session],
) -> None:
    with demo_sessions() as session:
        branches = session.execute(select(Branch.id)).scalars().all()
        roles = session.execute(
            select(UserRole.branch_id, UserRole.role, User.branch_id).join(
                User, User.id == UserRole.user_id
            )
        ).tuples()
        per_branch = Counter((branch, role) for branch, role, _home in roles if branch == _home)
    assert len(branches) >= 3
    for branch in branches:
        assert per_branch[(branch, Role.SUPERVISOR)] >= 1
        assert per_branch[(branch, Role.INSPECTOR)] >= 2  # an A and a B for every loan


def test_every_loan_has_two_different_officers_of_its_branch(
    demo_sessions: sessionmaker[Session],
) -> None:
    with demo_sessions() as session:
        home = dict(session.execute(select(User.id, User.branch_id)).tuples().all())
    for loan in _loans(demo_sessions):
        assert loan.officer_a_id is not None
        assert loan.officer_b_id is not None
        assert loan.officer_a_id != loan.officer_b_id
        assert home[loan.officer_a_id] == loan.branch_id
        assert home[loan.officer_b_id] == loan.branch_id


def test_portfolio_is_varied(demo_sessions: sessionmaker[Session]) -> None:
    loans = _loans(demo_sessions)
    assert len({loan.product for loan in loans}) >= 4
    assert {loan.guarantee_method for loan in loans} == set(GuaranteeMethod)
    assert len({loan.risk_class for loan in loans}) >= 4
    assert {loan.risk_class for loan in loans} >= {RiskClass.NORMAL, RiskClass.SPECIAL_MENTION}
    assert {loan.business_status for loan in loans} == set(BusinessStatus)
    assert len({loan.repayment_method for loan in loans}) >= 3
    with demo_sessions() as session:
        kinds = set(session.execute(select(Collateral.kind)).scalars())
    assert len(kinds) >= 4


def test_some_loans_are_in_arrears_with_overdue_amounts(
    demo_sessions: sessionmaker[Session], demo_today: dt.date
) -> None:
    in_arrears = [
        loan
        for loan in _loans(demo_sessions)
        if loan.principal_overdue_since is not None or loan.interest_unpaid_since is not None
    ]
    assert len(in_arrears) >= 5
    for loan in in_arrears:
        if loan.principal_overdue_since is not None:
            assert loan.principal_overdue_since < demo_today
            assert loan.overdue_principal_fen > 0
        if loan.interest_unpaid_since is not None:
            assert loan.interest_unpaid_since < demo_today
            assert loan.overdue_interest_fen > 0


def test_schedules_add_up(demo_sessions: sessionmaker[Session], demo_today: dt.date) -> None:
    """Principal sums to the amount; balance is what the paid instalments leave; arrears are
    exactly the unpaid instalments already due."""
    with demo_sessions() as session:
        instalments = session.execute(select(RepaymentInstalment)).scalars().all()
    by_loan: dict[object, list[RepaymentInstalment]] = {}
    for inst in instalments:
        by_loan.setdefault(inst.loan_id, []).append(inst)
    for loan in _loans(demo_sessions):
        schedule = by_loan[loan.id]
        assert sum(i.principal_fen for i in schedule) == loan.amount_fen, loan.contract_no
        paid = sum(i.principal_fen for i in schedule if i.paid_on is not None)
        assert loan.balance_fen == loan.amount_fen - paid, loan.contract_no
        late = [i for i in schedule if i.paid_on is None and i.due_on < demo_today]
        assert loan.overdue_principal_fen == sum(i.principal_fen for i in late)
        assert loan.overdue_interest_fen == sum(i.interest_fen for i in late)
        assert 0 <= loan.balance_fen <= loan.amount_fen
        assert loan.disbursed_on < loan.matures_on


def test_some_loans_mature_within_30_days(
    demo_sessions: sessionmaker[Session], demo_today: dt.date
) -> None:
    soon = [
        loan
        for loan in _loans(demo_sessions)
        if demo_today <= loan.matures_on <= demo_today + dt.timedelta(days=30)
    ]
    assert len(soon) >= 5


def test_large_balances_both_keep_and_break_the_officer_rule(
    demo_sessions: sessionmaker[Session],
) -> None:
    with demo_sessions() as session:
        ranks = dict(session.execute(select(User.id, User.rank)).tuples().all())
    large = [loan for loan in _loans(demo_sessions) if loan.balance_fen >= 50_000_000 * 100]
    assert large
    verdicts = [
        officer_rule_violation(
            loan.balance_fen,
            ranks[loan.officer_a_id] if loan.officer_a_id else None,
            ranks[loan.officer_b_id] if loan.officer_b_id else None,
        )
        for loan in large
    ]
    assert any(v is None for v in verdicts), "no large loan keeps the A/B rule"
    assert any(v is not None for v in verdicts), "no large loan breaks the A/B rule"
    broken_ranks = {v.rank for v in verdicts if v is not None}
    assert broken_ranks <= {OfficerRank.VICE_PRESIDENT, OfficerRank.PRESIDENT}


def test_names_are_chinese(demo_sessions: sessionmaker[Session]) -> None:
    with demo_sessions() as session:
        borrowers = session.execute(select(Borrower.name)).scalars().all()
        users = session.execute(select(User.display_name)).scalars().all()
        branches = session.execute(select(Branch.name)).scalars().all()
    for name in [*borrowers, *users, *branches]:
        assert CJK.search(name), name


def test_every_loan_has_a_next_inspection(demo_sessions: sessionmaker[Session]) -> None:
    loans = _loans(demo_sessions)
    assert all(loan.next_inspection_due is not None for loan in loans if loan.balance_fen > 0)
    assert all(loan.next_inspection_kind is not None for loan in loans if loan.balance_fen > 0)


def test_work_queue_has_something_in_every_group(demo_service: PortfolioService) -> None:
    queue = demo_service.work_queue()
    assert queue.overdue.total > 0
    assert queue.due_today.total > 0
    assert queue.due_this_week.total > 0
    assert queue.repayment_reminders.total > 0
    assert queue.maturity_notices.total > 0


@contextmanager
def _loaded(
    path: Path, *, today: dt.date, seed: int | None = None
) -> Iterator[sessionmaker[Session]]:
    engine = open_database(path)
    try:
        sessions = session_factory(engine)
        if seed is None:
            load_demo(sessions, today=today)
        else:
            load_demo(sessions, today=today, seed=seed)
        yield sessions
    finally:
        engine.dispose()


def test_same_seed_and_day_give_the_same_portfolio(
    demo_sessions: sessionmaker[Session], demo_today: dt.date, tmp_path: Path
) -> None:
    with _loaded(tmp_path / "again.sqlite3", today=demo_today) as again:
        fingerprint = _fingerprint(again)
        assert len(fingerprint) >= 400
        assert fingerprint == _fingerprint(demo_sessions)
        ids = select(Loan.id, Loan.next_inspection_due).order_by(Loan.contract_no)
        with again() as one, demo_sessions() as two:
            assert one.execute(ids).all() == two.execute(ids).all()


@pytest.mark.parametrize("today", [dt.date(2027, 3, 1)])
def test_another_seed_and_day_give_another_portfolio_with_a_full_work_queue(
    demo_sessions: sessionmaker[Session], tmp_path: Path, today: dt.date
) -> None:
    with _loaded(tmp_path / "other.sqlite3", today=today, seed=7) as other:
        assert _fingerprint(other) != _fingerprint(demo_sessions)
        queue = PortfolioService(other, rules=InspectionRules(), today=lambda: today).work_queue()
        assert queue.overdue.total > 0
        assert queue.due_today.total > 0
        assert queue.due_this_week.total > 0
        assert queue.repayment_reminders.total > 0
        assert queue.maturity_notices.total > 0
