"""Due dates follow the rules in force: a new postloan.toml recomputes them at start-up."""

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.enums import BusinessStatus, InspectionKind
from postloan_desktop.domain.rules import InspectionRules, Interval
from postloan_desktop.services.bootstrap import open_services
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.storage.models import Loan


def periodic_good_dues(sessions: sessionmaker[Session]) -> dict[str, dt.date | None]:
    with sessions() as session:
        rows = session.execute(
            select(Loan.contract_no, Loan.next_inspection_due).where(
                Loan.next_inspection_kind == InspectionKind.PERIODIC,
                Loan.business_status == BusinessStatus.GOOD,
                Loan.principal_overdue_since.is_(None),
                Loan.interest_unpaid_since.is_(None),
            )
        )
        return dict(rows.tuples().all())


def test_changed_rules_recompute_once(
    demo_copy_sessions: sessionmaker[Session], demo_today: dt.date
) -> None:
    default = PortfolioService(
        demo_copy_sessions, rules=InspectionRules(), today=lambda: demo_today
    )
    assert default.ensure_due_dates_follow_rules() is False  # the demo was built with these
    before = periodic_good_dues(demo_copy_sessions)
    assert before

    monthly = InspectionRules(
        periodic={
            BusinessStatus.GOOD: Interval(months=1),
            BusinessStatus.AVERAGE: Interval(months=1),
            BusinessStatus.POOR: Interval(days=7),
        }
    )
    service = PortfolioService(demo_copy_sessions, rules=monthly, today=lambda: demo_today)
    assert service.ensure_due_dates_follow_rules() is True
    after = periodic_good_dues(demo_copy_sessions)
    assert after.keys() == before.keys()
    assert all(after[c] is not None and after[c] < before[c] for c in before)  # type: ignore[operator]
    assert service.ensure_due_dates_follow_rules() is False


def test_a_settings_file_takes_effect_at_start(tmp_path: Path) -> None:
    today = dt.date(2026, 11, 28)
    services = open_services(tmp_path, today=today, demo=True)
    sessions = services.portfolio._sessions
    first = _first_dues(sessions)
    (tmp_path / "postloan.toml").write_text("[rules]\nfirst_inspection_days = 5\n")
    open_services(tmp_path, today=today)
    changed = _first_dues(sessions)
    assert changed and all(changed[c] == first[c] - dt.timedelta(days=10) for c in changed)


def _first_dues(sessions: sessionmaker[Session]) -> dict[str, dt.date]:
    with sessions() as session:
        rows = session.execute(
            select(Loan.contract_no, Loan.next_inspection_due).where(
                Loan.next_inspection_kind == InspectionKind.FIRST
            )
        )
        return {c: d for c, d in rows.tuples() if d is not None}
