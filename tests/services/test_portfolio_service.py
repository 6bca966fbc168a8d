"""The portfolio service (services/portfolio.py) on the demo portfolio: filters, paging,
detail, work queue and derived due dates."""

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.config import load_config
from postloan_desktop.domain.enums import (
    BusinessStatus,
    InspectionKind,
    InspectionStatus,
    OfficerRank,
    RiskClass,
)
from postloan_desktop.domain.errors import NotFound
from postloan_desktop.domain.officers import officer_rule_violation
from postloan_desktop.domain.rules import DueBucket, DueReason, InspectionRules, add_months
from postloan_desktop.services.dto import DueFilter, LoanFilter, LoanRow, ReminderKind
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.storage.models import (
    Borrower,
    Branch,
    Collateral,
    Inspection,
    Loan,
    RepaymentInstalment,
    User,
)
from postloan_desktop.storage.repositories import search_text

ALL = LoanFilter()
EVERYTHING = 100_000


def _all_rows(service: PortfolioService, f: LoanFilter = ALL) -> list[LoanRow]:
    return service.loan_page(f, offset=0, limit=EVERYTHING)


def _searchable(sessions: sessionmaker[Session]) -> dict[uuid.UUID, str]:
    """Each loan's borrower name, contract number and id number, as a person would search."""
    with sessions() as session:
        rows = session.execute(
            select(Loan.id, Borrower.name, Loan.contract_no, Borrower.id_number).join(
                Borrower, Loan.borrower_id == Borrower.id
            )
        ).tuples()
        return {loan_id: " ".join(parts).lower() for loan_id, *parts in rows}


def _expected_text_matches(sessions: sessionmaker[Session], text: str) -> set[uuid.UUID]:
    words = text.lower().split()
    return {
        loan_id
        for loan_id, haystack in _searchable(sessions).items()
        if all(word in haystack for word in words)
    }


def _ids(rows: list[LoanRow]) -> set[uuid.UUID]:
    return {row.id for row in rows}


def _check_text_filter(
    service: PortfolioService, sessions: sessionmaker[Session], text: str
) -> set[uuid.UUID]:
    f = LoanFilter(text=text)
    found = _ids(_all_rows(service, f))
    assert found == _expected_text_matches(sessions, text)
    assert service.count_loans(f) == len(found)
    return found


# --- loans view: filters ------------------------------------------------------------------


def test_no_filter_gives_every_loan(demo_service: PortfolioService) -> None:
    rows = _all_rows(demo_service)
    assert demo_service.count_loans(ALL) == len(rows) >= 400
    assert len(_ids(rows)) == len(rows)


def test_search_by_borrower_name_fragment(
    demo_service: PortfolioService, demo_sessions: sessionmaker[Session]
) -> None:
    with demo_sessions() as session:
        name = (
            session.execute(
                select(Borrower.name).where(func.length(Borrower.name) == 3).order_by(Borrower.name)
            )
            .scalars()
            .first()
        )
    assert name is not None
    fragment = name[1:]
    found = _check_text_filter(demo_service, demo_sessions, fragment)
    assert found
    rows = _all_rows(demo_service, LoanFilter(text=fragment))
    assert any(row.borrower_name == name for row in rows)
    assert all(fragment in row.borrower_name or fragment in row.contract_no for row in rows)


def test_search_by_contract_number_fragment_ignores_case(
    demo_service: PortfolioService, demo_sessions: sessionmaker[Session]
) -> None:
    contract = _all_rows(demo_service)[0].contract_no
    serial = contract.rsplit("-", 1)[1]
    assert _check_text_filter(demo_service, demo_sessions, serial) == {
        _all_rows(demo_service)[0].id
    }
    upper = _check_text_filter(demo_service, demo_sessions, "DK0102-")
    lower = _check_text_filter(demo_service, demo_sessions, "dk0102-")
    assert upper == lower
    assert 0 < len(upper) < demo_service.count_loans(ALL)


def test_search_words_must_all_match(
    demo_service: PortfolioService, demo_sessions: sessionmaker[Session]
) -> None:
    branch_loans = _check_text_filter(demo_service, demo_sessions, "dk0101")
    surname_loans = _check_text_filter(demo_service, demo_sessions, "王")
    both = _check_text_filter(demo_service, demo_sessions, "  王   DK0101 ")
    assert both == branch_loans & surname_loans
    assert both
    assert both != branch_loans
    assert both != surname_loans


def test_blank_search_is_no_filter(demo_service: PortfolioService) -> None:
    assert demo_service.count_loans(LoanFilter(text=" \t ")) == demo_service.count_loans(ALL)


@pytest.mark.parametrize(
    "text",
    [
        "%",
        "_",
        "\\",
        "dk0101_2",  # as a wildcard, '_' would match every 'dk0101-2…'
        "dk%000001",  # as a wildcard, '%' would match 'dk0103-2025-000001'
        "dk0101-2%",
        "100%",
    ],
)
def test_percent_and_underscore_are_literal(demo_service: PortfolioService, text: str) -> None:
    f = LoanFilter(text=text)
    assert demo_service.count_loans(f) == 0
    assert _all_rows(demo_service, f) == []


def test_percent_and_underscore_find_names_that_contain_them(
    demo_copy_sessions: sessionmaker[Session], demo_today: dt.date
) -> None:
    with demo_copy_sessions.begin() as session:
        loan = session.execute(select(Loan).order_by(Loan.contract_no).limit(1)).scalar_one()
        loan.search_text = search_text("百分百_商贸%有限公司", loan.contract_no)
        target = loan.id
    service = PortfolioService(
        demo_copy_sessions, rules=InspectionRules(), today=lambda: demo_today
    )
    for text in ("百_商", "贸%有", "_", "%", "分百_商贸%有限"):
        assert _ids(_all_rows(service, LoanFilter(text=text))) == {target}, text
    for text in ("百%有", "分_百"):
        assert service.count_loans(LoanFilter(text=text)) == 0, text


def test_branch_filter(demo_service: PortfolioService) -> None:
    branches = demo_service.branches()
    assert [b.code for b in branches] == sorted(b.code for b in branches)
    assert len(branches) >= 3
    total = 0
    for branch in branches:
        f = LoanFilter(branch_id=branch.id)
        rows = _all_rows(demo_service, f)
        assert rows
        assert {row.branch_name for row in rows} == {branch.name}
        assert all(row.contract_no.startswith(f"DK{branch.code}-") for row in rows)
        assert demo_service.count_loans(f) == len(rows)
        total += len(rows)
    assert total == demo_service.count_loans(ALL)


def test_unknown_branch_matches_nothing(demo_service: PortfolioService) -> None:
    assert demo_service.count_loans(LoanFilter(branch_id=uuid.uuid4())) == 0


def test_risk_class_filter(demo_service: PortfolioService) -> None:
    everything = _all_rows(demo_service)
    for risk in RiskClass:
        rows = _all_rows(demo_service, LoanFilter(risk_class=risk))
        assert {row.risk_class for row in rows} <= {risk}
        assert _ids(rows) == {row.id for row in everything if row.risk_class is risk}
        assert demo_service.count_loans(LoanFilter(risk_class=risk)) == len(rows)


def test_business_status_filter(demo_service: PortfolioService) -> None:
    everything = _all_rows(demo_service)
    for status in BusinessStatus:
        rows = _all_rows(demo_service, LoanFilter(business_status=status))
        assert rows
        assert _ids(rows) == {row.id for row in everything if row.business_status is status}


def test_due_filters(demo_service: PortfolioService, demo_today: dt.date) -> None:
    everything = _all_rows(demo_service)
    limits = {
        DueFilter.OVERDUE: demo_today,
        DueFilter.WITHIN_WEEK: demo_today + dt.timedelta(days=7),
        DueFilter.WITHIN_MONTH: demo_today + dt.timedelta(days=30),
    }
    found: dict[DueFilter, set[uuid.UUID]] = {}
    for due, before in limits.items():
        rows = _all_rows(demo_service, LoanFilter(due=due))
        assert rows, due
        assert all(
            row.next_inspection_due is not None and row.next_inspection_due < before for row in rows
        )
        expected = {
            row.id
            for row in everything
            if row.next_inspection_due is not None and row.next_inspection_due < before
        }
        assert _ids(rows) == expected
        assert demo_service.count_loans(LoanFilter(due=due)) == len(rows)
        found[due] = expected
    assert found[DueFilter.OVERDUE] < found[DueFilter.WITHIN_WEEK] < found[DueFilter.WITHIN_MONTH]


def test_in_arrears_only(
    demo_service: PortfolioService, demo_sessions: sessionmaker[Session]
) -> None:
    f = LoanFilter(in_arrears_only=True)
    rows = _all_rows(demo_service, f)
    assert rows
    assert all(row.in_arrears for row in rows)
    with demo_sessions() as session:
        expected = set(
            session.execute(
                select(Loan.id).where(
                    (Loan.principal_overdue_since.is_not(None))
                    | (Loan.interest_unpaid_since.is_not(None))
                )
            ).scalars()
        )
    assert _ids(rows) == expected
    assert {row.id for row in _all_rows(demo_service) if row.in_arrears} == expected


def test_filters_combine(demo_service: PortfolioService) -> None:
    branch = demo_service.branches()[0]
    parts = [
        LoanFilter(branch_id=branch.id),
        LoanFilter(in_arrears_only=True),
        LoanFilter(due=DueFilter.WITHIN_MONTH),
    ]
    combined = LoanFilter(branch_id=branch.id, in_arrears_only=True, due=DueFilter.WITHIN_MONTH)
    expected = set.intersection(*(_ids(_all_rows(demo_service, f)) for f in parts))
    assert _ids(_all_rows(demo_service, combined)) == expected
    assert demo_service.count_loans(combined) == len(expected)


# --- loans view: paging and order ---------------------------------------------------------


def _in_view_order(rows: list[LoanRow]) -> bool:
    keys = [
        (row.next_inspection_due is None, row.next_inspection_due or dt.date.min, row.contract_no)
        for row in rows
    ]
    return keys == sorted(keys)


@pytest.mark.parametrize("page_size", [1, 37, 100])
def test_pages_add_up_to_the_whole_list(demo_service: PortfolioService, page_size: int) -> None:
    f = LoanFilter(due=DueFilter.WITHIN_MONTH) if page_size == 1 else ALL
    whole = _all_rows(demo_service, f)
    pages: list[LoanRow] = []
    offset = 0
    while page := demo_service.loan_page(f, offset=offset, limit=page_size):
        assert len(page) <= page_size
        pages.extend(page)
        offset += page_size
    assert pages == whole
    assert len(pages) == demo_service.count_loans(f)


def test_page_beyond_the_end_is_empty(demo_service: PortfolioService) -> None:
    total = demo_service.count_loans(ALL)
    assert demo_service.loan_page(ALL, offset=total, limit=50) == []
    assert len(demo_service.loan_page(ALL, offset=total - 3, limit=50)) == 3


def test_loans_are_ordered_by_due_date(demo_service: PortfolioService) -> None:
    rows = _all_rows(demo_service)
    assert _in_view_order(rows)
    assert rows[0].next_inspection_due is not None
    assert rows[0].next_inspection_due <= min(
        r.next_inspection_due for r in rows if r.next_inspection_due is not None
    )


def test_repaid_loans_without_a_due_date_come_last(
    demo_copy_sessions: sessionmaker[Session], demo_today: dt.date
) -> None:
    with demo_copy_sessions.begin() as session:
        repaid = list(
            session.execute(
                select(Loan.id).order_by(Loan.next_inspection_due, Loan.contract_no).limit(3)
            ).scalars()
        )
        session.execute(update(Loan).where(Loan.id.in_(repaid)).values(balance_fen=0))
    service = PortfolioService(
        demo_copy_sessions, rules=InspectionRules(), today=lambda: demo_today
    )
    service.refresh_due_dates(repaid)
    rows = _all_rows(service)
    assert _in_view_order(rows)
    assert {row.id for row in rows[-3:]} == set(repaid)
    assert all(row.next_inspection_due is None for row in rows[-3:])
    assert all(row.next_inspection_due is not None for row in rows[:-3])
    pages = [
        row for n in range(0, len(rows), 40) for row in service.loan_page(ALL, offset=n, limit=40)
    ]
    assert pages == rows


# --- loan detail --------------------------------------------------------------------------


def _loan_with_everything(sessions: sessionmaker[Session]) -> uuid.UUID:
    with sessions() as session:
        with_collateral = select(Collateral.loan_id)
        with_inspections = (
            select(Inspection.loan_id).group_by(Inspection.loan_id).having(func.count() >= 2)
        )
        return session.execute(
            select(Loan.id)
            .where(Loan.id.in_(with_collateral), Loan.id.in_(with_inspections))
            .order_by(Loan.contract_no)
            .limit(1)
        ).scalar_one()


def test_loan_detail(demo_service: PortfolioService, demo_sessions: sessionmaker[Session]) -> None:
    loan_id = _loan_with_everything(demo_sessions)
    detail = demo_service.loan_detail(loan_id)
    (row,) = [r for r in _all_rows(demo_service) if r.id == loan_id]
    with demo_sessions() as session:
        loan = session.get(Loan, loan_id)
        assert loan is not None
        borrower = session.get(Borrower, loan.borrower_id)
        assert borrower is not None
        n_instalments = session.execute(
            select(func.count()).where(RepaymentInstalment.loan_id == loan_id)
        ).scalar_one()
        n_collateral = session.execute(
            select(func.count()).where(Collateral.loan_id == loan_id)
        ).scalar_one()
        n_inspections = session.execute(
            select(func.count()).where(Inspection.loan_id == loan_id)
        ).scalar_one()
        officer_a = session.get(User, loan.officer_a_id)
        assert officer_a is not None

    assert detail.id == loan_id
    assert detail.contract_no == row.contract_no
    assert detail.branch_name == row.branch_name
    assert detail.balance_fen == row.balance_fen == loan.balance_fen
    assert detail.next_inspection_due == row.next_inspection_due
    assert detail.next_inspection_kind == row.next_inspection_kind
    assert detail.next_inspection_reason is not None
    assert detail.borrower.id == borrower.id
    assert detail.borrower.name == row.borrower_name == borrower.name
    assert detail.borrower.id_number == borrower.id_number
    assert detail.officer_a is not None
    assert detail.officer_a.name == officer_a.display_name
    assert detail.officer_b is not None

    assert len(detail.instalments) == n_instalments > 0
    assert [i.seq for i in detail.instalments] == list(range(1, n_instalments + 1))
    assert sum(i.principal_fen for i in detail.instalments) == detail.amount_fen

    assert len(detail.collateral) == n_collateral > 0
    assert all(c.appraised_fen > 0 and c.description for c in detail.collateral)

    assert len(detail.inspections) == n_inspections >= 2
    dates = [i.inspected_on for i in detail.inspections]
    assert dates == sorted(dates, reverse=True)  # newest first
    for inspection in detail.inspections:
        assert inspection.officer_a_name
        assert inspection.officer_b_name
        assert inspection.status in (InspectionStatus.APPROVED, InspectionStatus.SUBMITTED)


def test_loan_detail_of_unknown_loan_is_not_found(demo_service: PortfolioService) -> None:
    with pytest.raises(NotFound):
        demo_service.loan_detail(uuid.uuid4())


def test_loan_detail_reports_the_officer_rule(
    demo_service: PortfolioService, demo_sessions: sessionmaker[Session]
) -> None:
    with demo_sessions() as session:
        ranks = dict(session.execute(select(User.id, User.rank)).tuples().all())
        loans = session.execute(select(Loan)).scalars().all()
    large = [loan for loan in loans if loan.balance_fen >= 50_000_000 * 100]
    assert large
    seen: set[OfficerRank | None] = set()
    for loan in large:
        expected = officer_rule_violation(
            loan.balance_fen,
            ranks[loan.officer_a_id] if loan.officer_a_id else None,
            ranks[loan.officer_b_id] if loan.officer_b_id else None,
        )
        detail = demo_service.loan_detail(loan.id)
        assert detail.officer_rule_violation == (expected.rank if expected else None)
        seen.add(detail.officer_rule_violation)
    assert None in seen
    assert seen - {None}, "no large loan that breaks the A/B rule"
    small = min(loans, key=lambda loan: loan.balance_fen)
    assert demo_service.loan_detail(small.id).officer_rule_violation is None


# --- work queue ---------------------------------------------------------------------------


def test_work_queue_groups(demo_service: PortfolioService, demo_today: dt.date) -> None:
    queue = demo_service.work_queue()
    today = demo_today
    assert queue.today == today

    assert queue.overdue.items
    assert all(item.due_on < today for item in queue.overdue.items)
    assert all(item.bucket is DueBucket.OVERDUE for item in queue.overdue.items)

    assert queue.due_today.items
    assert all(item.due_on == today for item in queue.due_today.items)
    assert all(item.bucket is DueBucket.TODAY for item in queue.due_today.items)

    assert queue.due_this_week.items
    assert all(
        today < item.due_on < today + dt.timedelta(days=7) for item in queue.due_this_week.items
    )
    assert all(item.bucket is DueBucket.THIS_WEEK for item in queue.due_this_week.items)

    for group in (queue.overdue, queue.due_today, queue.due_this_week):
        assert group.total >= len(group.items)
        dues = [(item.due_on, item.contract_no) for item in group.items]
        assert dues == sorted(dues)

    assert queue.repayment_reminders.items
    for item in queue.repayment_reminders.items:
        assert item.kind is ReminderKind.REPAYMENT
        assert today <= item.on <= today + dt.timedelta(days=3)
        assert item.amount_fen > 0
    assert queue.repayment_reminders.total >= len(queue.repayment_reminders.items)

    assert queue.maturity_notices.items
    for item in queue.maturity_notices.items:
        assert item.kind is ReminderKind.MATURITY
        assert today <= item.on <= add_months(today, 1)
        assert item.amount_fen > 0
    assert queue.maturity_notices.total >= len(queue.maturity_notices.items)


def test_work_queue_agrees_with_the_loans_view(demo_service: PortfolioService) -> None:
    queue = demo_service.work_queue()
    overdue = _all_rows(demo_service, LoanFilter(due=DueFilter.OVERDUE))
    week = _all_rows(demo_service, LoanFilter(due=DueFilter.WITHIN_WEEK))
    assert queue.overdue.total == len(queue.overdue.items) == len(overdue)
    assert {item.loan_id for item in queue.overdue.items} == _ids(overdue)
    in_queue = {
        item.loan_id
        for group in (queue.overdue, queue.due_today, queue.due_this_week)
        for item in group.items
    }
    assert in_queue == _ids(week)
    by_id = {row.id: row for row in week}
    for group in (queue.overdue, queue.due_today, queue.due_this_week):
        for item in group.items:
            row = by_id[item.loan_id]
            assert (item.contract_no, item.borrower_name) == (row.contract_no, row.borrower_name)
            assert (item.kind, item.due_on) == (row.next_inspection_kind, row.next_inspection_due)


def test_reminders_match_the_schedules(
    demo_service: PortfolioService, demo_sessions: sessionmaker[Session], demo_today: dt.date
) -> None:
    queue = demo_service.work_queue()
    with demo_sessions() as session:
        unpaid = session.execute(
            select(RepaymentInstalment.loan_id, RepaymentInstalment.due_on).where(
                RepaymentInstalment.paid_on.is_(None),
                RepaymentInstalment.due_on >= demo_today,
                RepaymentInstalment.due_on <= demo_today + dt.timedelta(days=3),
            )
        ).all()
        maturing = session.execute(
            select(Loan.id, Loan.matures_on, Loan.balance_fen).where(
                Loan.matures_on >= demo_today,
                Loan.matures_on <= add_months(demo_today, 1),
                Loan.balance_fen > 0,
            )
        ).all()
    reminders = queue.repayment_reminders
    assert reminders.total == len(unpaid)
    assert sorted((i.loan_id, i.on) for i in reminders.items) == sorted(map(tuple, unpaid))
    notices = queue.maturity_notices
    assert notices.total == len(maturing)
    assert sorted((i.loan_id, i.on, i.amount_fen) for i in notices.items) == sorted(
        map(tuple, maturing)
    )


def test_work_queue_limit(demo_service: PortfolioService) -> None:
    full = demo_service.work_queue()
    limited = demo_service.work_queue(limit=2)
    groups = ("overdue", "due_today", "due_this_week", "repayment_reminders", "maturity_notices")
    for name in groups:
        whole, cut = getattr(full, name), getattr(limited, name)
        assert len(cut.items) == min(2, whole.total), name
        assert cut.total == whole.total, name
        assert cut.items == whole.items[:2], name


def test_work_queue_by_branch_splits_the_whole(demo_service: PortfolioService) -> None:
    full = demo_service.work_queue()
    per_branch = [demo_service.work_queue(branch_id=b.id) for b in demo_service.branches()]
    for name in ("overdue", "due_today", "due_this_week", "repayment_reminders"):
        assert sum(getattr(q, name).total for q in per_branch) == getattr(full, name).total
    assert sum(q.maturity_notices.total for q in per_branch) == full.maturity_notices.total
    branch = demo_service.branches()[0]
    mine = _ids(_all_rows(demo_service, LoanFilter(branch_id=branch.id)))
    queue = per_branch[0]
    for group in (queue.overdue, queue.due_today, queue.due_this_week, queue.maturity_notices):
        assert {item.loan_id for item in group.items} <= mine


def test_work_queue_of_one_officer_holds_the_loans_they_are_a_or_b_of(
    demo_service: PortfolioService, demo_sessions: sessionmaker[Session]
) -> None:
    full = demo_service.work_queue()
    busiest = Counter(
        officer
        for group in (full.overdue, full.due_today, full.due_this_week)
        for item in group.items
        for officer in _officers(demo_sessions, item.loan_id)
    ).most_common(1)[0][0]
    queue = demo_service.work_queue(officer_id=busiest)
    groups = ("overdue", "due_today", "due_this_week", "repayment_reminders", "maturity_notices")
    for name in groups:
        whole, narrowed = getattr(full, name), getattr(queue, name)
        expected = [i for i in whole.items if busiest in _officers(demo_sessions, i.loan_id)]
        assert narrowed.items == tuple(expected), name  # the full lists fit in the limit
        assert narrowed.total == len(expected), name
    assert queue.overdue.total + queue.due_this_week.total > 0
    assert queue.overdue.total < full.overdue.total


def test_loans_of_one_officer_are_those_they_are_a_or_b_of(
    demo_service: PortfolioService, demo_sessions: sessionmaker[Session]
) -> None:
    with demo_sessions() as session:
        pairs = session.execute(select(Loan.id, Loan.officer_a_id, Loan.officer_b_id)).all()
    officer = Counter(a for _, a, _ in pairs if a is not None).most_common(1)[0][0]
    theirs = {loan for loan, a, b in pairs if officer in (a, b)}
    f = LoanFilter(officer_id=officer)
    assert _ids(_all_rows(demo_service, f)) == theirs
    assert demo_service.count_loans(f) == len(theirs) < len(pairs)
    overdue = LoanFilter(officer_id=officer, due=DueFilter.OVERDUE)
    everyone_overdue = _ids(_all_rows(demo_service, LoanFilter(due=DueFilter.OVERDUE)))
    assert _ids(_all_rows(demo_service, overdue)) == everyone_overdue & theirs


def _officers(sessions: sessionmaker[Session], loan_id: uuid.UUID) -> set[uuid.UUID]:
    with sessions() as session:
        loan = session.get(Loan, loan_id)
        assert loan is not None
        return {o for o in (loan.officer_a_id, loan.officer_b_id) if o is not None}


# --- derived due dates --------------------------------------------------------------------


def _service(sessions: sessionmaker[Session], today: dt.date, **rules: int) -> PortfolioService:
    return PortfolioService(sessions, rules=InspectionRules(**rules), today=lambda: today)


def _pick_loan(sessions: sessionmaker[Session], *conditions: ColumnElement[bool]) -> Loan:
    with sessions() as session:
        return session.execute(
            select(Loan).where(*conditions).order_by(Loan.contract_no).limit(1)
        ).scalar_one()


NOT_IN_ARREARS = (Loan.principal_overdue_since.is_(None), Loan.interest_unpaid_since.is_(None))


def _inspect(
    sessions: sessionmaker[Session],
    loan: Loan,
    *,
    kind: InspectionKind,
    status: InspectionStatus,
    on: dt.date,
) -> None:
    with sessions.begin() as session:
        session.add(
            Inspection(
                loan_id=loan.id,
                kind=kind,
                status=status,
                officer_a_id=loan.officer_a_id,
                officer_b_id=loan.officer_b_id,
                inspected_on=on,
                started_at=dt.datetime.combine(on, dt.time(9), tzinfo=dt.UTC),
            )
        )


def _next(sessions: sessionmaker[Session], loan_id: uuid.UUID) -> tuple[object, ...]:
    with sessions() as session:
        row = session.execute(
            select(
                Loan.next_inspection_kind, Loan.next_inspection_due, Loan.next_inspection_reason
            ).where(Loan.id == loan_id)
        ).one()
        return tuple(row)


def test_refreshing_the_demo_changes_nothing(
    demo_copy_sessions: sessionmaker[Session], demo_today: dt.date
) -> None:
    def snapshot() -> list[tuple[object, ...]]:
        with demo_copy_sessions() as session:
            return [
                tuple(r)
                for r in session.execute(
                    select(
                        Loan.id,
                        Loan.next_inspection_kind,
                        Loan.next_inspection_due,
                        Loan.next_inspection_reason,
                    ).order_by(Loan.id)
                )
            ]

    before = snapshot()
    assert _service(demo_copy_sessions, demo_today).refresh_due_dates() == len(before)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("status", "interval"),
    [
        (BusinessStatus.GOOD, lambda d: add_months(d, 3)),
        (BusinessStatus.AVERAGE, lambda d: add_months(d, 1)),
        (BusinessStatus.POOR, lambda d: d + dt.timedelta(days=7)),
    ],
)
def test_completed_periodic_inspection_moves_the_due_date(
    demo_copy_sessions: sessionmaker[Session],
    demo_today: dt.date,
    status: BusinessStatus,
    interval: Callable[[dt.date], dt.date],
) -> None:
    loan = _pick_loan(
        demo_copy_sessions,
        Loan.business_status == status,
        Loan.next_inspection_kind == InspectionKind.PERIODIC,
        *NOT_IN_ARREARS,
    )
    old_due = loan.next_inspection_due
    _inspect(
        demo_copy_sessions,
        loan,
        kind=InspectionKind.PERIODIC,
        status=InspectionStatus.APPROVED,
        on=demo_today,
    )
    assert _service(demo_copy_sessions, demo_today).refresh_due_dates([loan.id]) == 1
    expected = interval(demo_today)
    assert _next(demo_copy_sessions, loan.id) == (
        InspectionKind.PERIODIC,
        expected,
        DueReason.PERIODIC,
    )
    assert old_due is not None and old_due < expected


def test_completed_first_inspection_starts_the_periodic_cycle(
    demo_copy_sessions: sessionmaker[Session], demo_today: dt.date
) -> None:
    loan = _pick_loan(
        demo_copy_sessions,
        Loan.next_inspection_kind == InspectionKind.FIRST,
        Loan.business_status == BusinessStatus.GOOD,
        *NOT_IN_ARREARS,
    )
    assert _next(demo_copy_sessions, loan.id)[2] == DueReason.AFTER_DISBURSEMENT
    _inspect(
        demo_copy_sessions,
        loan,
        kind=InspectionKind.FIRST,
        status=InspectionStatus.APPROVED,
        on=demo_today,
    )
    _service(demo_copy_sessions, demo_today).refresh_due_dates([loan.id])
    assert _next(demo_copy_sessions, loan.id) == (
        InspectionKind.PERIODIC,
        add_months(demo_today, 3),
        DueReason.PERIODIC,
    )


def test_special_inspection_clears_arrears_due_and_poor_interval_applies(
    demo_copy_sessions: sessionmaker[Session], demo_today: dt.date
) -> None:
    loan = _pick_loan(demo_copy_sessions, Loan.next_inspection_kind == InspectionKind.SPECIAL)
    before = _next(demo_copy_sessions, loan.id)
    assert before[2] in (DueReason.OVERDUE_PRINCIPAL, DueReason.UNPAID_INTEREST)
    _inspect(
        demo_copy_sessions,
        loan,
        kind=InspectionKind.SPECIAL,
        status=InspectionStatus.SUBMITTED,  # signed and submitted counts as done
        on=demo_today,
    )
    _service(demo_copy_sessions, demo_today).refresh_due_dates([loan.id])
    assert _next(demo_copy_sessions, loan.id) == (
        InspectionKind.PERIODIC,
        demo_today + dt.timedelta(days=7),  # in arrears: the weekly interval
        DueReason.PERIODIC,
    )


@pytest.mark.parametrize("status", [InspectionStatus.DRAFT, InspectionStatus.RETURNED])
def test_unfinished_inspection_does_not_move_the_due_date(
    demo_copy_sessions: sessionmaker[Session], demo_today: dt.date, status: InspectionStatus
) -> None:
    loan = _pick_loan(
        demo_copy_sessions,
        Loan.next_inspection_kind == InspectionKind.PERIODIC,
        *NOT_IN_ARREARS,
    )
    before = _next(demo_copy_sessions, loan.id)
    _inspect(demo_copy_sessions, loan, kind=InspectionKind.PERIODIC, status=status, on=demo_today)
    _service(demo_copy_sessions, demo_today).refresh_due_dates([loan.id])
    assert _next(demo_copy_sessions, loan.id) == before


def test_refresh_only_touches_the_loans_named(
    demo_copy_sessions: sessionmaker[Session], demo_today: dt.date
) -> None:
    loans = [
        _pick_loan(demo_copy_sessions, Loan.next_inspection_kind == k, *NOT_IN_ARREARS)
        for k in (InspectionKind.FIRST, InspectionKind.PERIODIC)
    ]
    for loan in loans:
        _inspect(
            demo_copy_sessions,
            loan,
            kind=InspectionKind.PERIODIC,
            status=InspectionStatus.APPROVED,
            on=demo_today,
        )
    before = _next(demo_copy_sessions, loans[1].id)
    _service(demo_copy_sessions, demo_today).refresh_due_dates([loans[0].id])
    assert _next(demo_copy_sessions, loans[1].id) == before
    assert _next(demo_copy_sessions, loans[0].id)[1] != before[1]


def test_configured_first_inspection_days_apply(
    demo_copy_sessions: sessionmaker[Session], demo_today: dt.date, tmp_path: Path
) -> None:
    (tmp_path / "postloan.toml").write_text("[rules]\nfirst_inspection_days = 10\n")
    rules = load_config(tmp_path).rules.to_rules()
    service = PortfolioService(demo_copy_sessions, rules=rules, today=lambda: demo_today)
    loan = _pick_loan(
        demo_copy_sessions, Loan.next_inspection_kind == InspectionKind.FIRST, *NOT_IN_ARREARS
    )
    assert loan.next_inspection_due == loan.disbursed_on + dt.timedelta(days=15)
    service.refresh_due_dates()
    assert _next(demo_copy_sessions, loan.id)[1] == loan.disbursed_on + dt.timedelta(days=10)


def test_branches(demo_service: PortfolioService, demo_sessions: sessionmaker[Session]) -> None:
    with demo_sessions() as session:
        stored = session.execute(select(Branch.code, Branch.name).order_by(Branch.code)).all()
    assert [(b.code, b.name) for b in demo_service.branches()] == [tuple(r) for r in stored]
