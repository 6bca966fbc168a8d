"""When an inspection is due, and which reminders are due (DOMAIN.md, 篇4 and 篇8).

- First inspection: within ``first_inspection_days`` (default 15) after disbursement.
- Periodic inspection: by business status — good every 3 months, average monthly, poor weekly.
- Special inspection: due immediately when principal is overdue or interest unpaid, until an
  inspection is completed on or after that day; while the arrears last, the poor interval applies.
- Repayment reminder 3 days before each instalment; maturity notice one month before maturity.

All intervals are settings (:class:`InspectionRules`); the defaults are the bank's own rules.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from postloan_desktop.domain.enums import BusinessStatus, InspectionKind


@dataclass(frozen=True)
class Interval:
    """A calendar interval: whole months (kept on the same day of the month) plus days."""

    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if self.months < 0 or self.days < 0 or (self.months == 0 and self.days == 0):
            raise ValueError(f"an interval must be positive: {self!r}")

    def after(self, day: dt.date) -> dt.date:
        return add_months(day, self.months) + dt.timedelta(days=self.days)

    def before(self, day: dt.date) -> dt.date:
        return add_months(day, -self.months) - dt.timedelta(days=self.days)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def _default_periodic() -> dict[BusinessStatus, Interval]:
    return {
        BusinessStatus.GOOD: Interval(months=3),
        BusinessStatus.AVERAGE: Interval(months=1),
        BusinessStatus.POOR: Interval(days=7),
    }


@dataclass(frozen=True)
class InspectionRules:
    first_inspection_days: int = 15
    periodic: dict[BusinessStatus, Interval] = field(default_factory=_default_periodic)
    repayment_reminder_days: int = 3
    maturity_notice: Interval = field(default_factory=lambda: Interval(months=1))

    def __post_init__(self) -> None:
        if self.first_inspection_days < 0:
            raise ValueError("first_inspection_days must not be negative")
        if self.repayment_reminder_days < 0:
            raise ValueError("repayment_reminder_days must not be negative")
        missing = set(BusinessStatus) - set(self.periodic)
        if missing:
            raise ValueError(f"periodic interval missing for {sorted(missing)}")

    def periodic_interval(self, status: BusinessStatus) -> Interval:
        return self.periodic[status]


class DueReason(StrEnum):
    AFTER_DISBURSEMENT = "after_disbursement"
    PERIODIC = "periodic"
    OVERDUE_PRINCIPAL = "overdue_principal"
    UNPAID_INTEREST = "unpaid_interest"
    SET_BY_INSPECTOR = "set_by_inspector"  # the last inspection set the date, with a reason


@dataclass(frozen=True)
class LoanFacts:
    """What the due-date rules need to know about a loan."""

    disbursed_on: dt.date
    matures_on: dt.date
    balance_fen: int
    business_status: BusinessStatus
    principal_overdue_since: dt.date | None = None
    interest_unpaid_since: dt.date | None = None

    @property
    def in_arrears(self) -> bool:
        return self.principal_overdue_since is not None or self.interest_unpaid_since is not None

    def arrears_since(self) -> tuple[dt.date, DueReason] | None:
        candidates = []
        if self.principal_overdue_since is not None:
            candidates.append((self.principal_overdue_since, DueReason.OVERDUE_PRINCIPAL))
        if self.interest_unpaid_since is not None:
            candidates.append((self.interest_unpaid_since, DueReason.UNPAID_INTEREST))
        return min(candidates) if candidates else None


@dataclass(frozen=True)
class InspectionHistory:
    """The completed (signed) inspections of a loan, as far as the rules care."""

    first_done: bool = False
    last_completed_on: dt.date | None = None
    # The next date the last inspection set instead of the rules' one (with a reason).
    next_due_override: dt.date | None = None


@dataclass(frozen=True)
class DueInspection:
    kind: InspectionKind
    due_on: dt.date
    reason: DueReason


def next_inspection(
    loan: LoanFacts, history: InspectionHistory, rules: InspectionRules
) -> DueInspection | None:
    """The next inspection a loan needs, or None for a loan that is fully repaid."""
    if loan.balance_fen <= 0:
        return None
    arrears = loan.arrears_since()
    if arrears is not None:
        since, reason = arrears
        if history.last_completed_on is None or history.last_completed_on < since:
            return DueInspection(InspectionKind.SPECIAL, since, reason)
    if not history.first_done or history.last_completed_on is None:
        due = loan.disbursed_on + dt.timedelta(days=rules.first_inspection_days)
        return DueInspection(InspectionKind.FIRST, due, DueReason.AFTER_DISBURSEMENT)
    if history.next_due_override is not None and not loan.in_arrears:
        return DueInspection(
            InspectionKind.PERIODIC, history.next_due_override, DueReason.SET_BY_INSPECTOR
        )
    status = BusinessStatus.POOR if loan.in_arrears else loan.business_status
    due = rules.periodic_interval(status).after(history.last_completed_on)
    return DueInspection(InspectionKind.PERIODIC, due, DueReason.PERIODIC)


def repayment_reminder_on(instalment_due: dt.date, rules: InspectionRules) -> dt.date:
    """The day the borrower is reminded of an instalment (3 days before by default)."""
    return instalment_due - dt.timedelta(days=rules.repayment_reminder_days)


def repayment_reminder_due(instalment_due: dt.date, today: dt.date, rules: InspectionRules) -> bool:
    """True from the reminder day up to and including the instalment day."""
    return repayment_reminder_on(instalment_due, rules) <= today <= instalment_due


def maturity_notice_on(matures_on: dt.date, rules: InspectionRules) -> dt.date:
    """The day the maturity notices (提示归还到期贷款通知书, 督促履行保证责任通知书) are due."""
    return rules.maturity_notice.before(matures_on)


def maturity_notice_due(matures_on: dt.date, today: dt.date, rules: InspectionRules) -> bool:
    return maturity_notice_on(matures_on, rules) <= today <= matures_on


def maturity_notices_until(today: dt.date, rules: InspectionRules) -> dt.date:
    """The last maturity date whose notices are due by ``today``.

    Usually ``today`` plus the notice interval, but at a month's end more: on 28 February
    the notices for loans maturing on 29, 30 and 31 March are due too (a month before them
    is clamped to 28 February).
    """
    end = rules.maturity_notice.after(today)
    while maturity_notice_on(end + dt.timedelta(days=1), rules) <= today:
        end += dt.timedelta(days=1)
    return end


class DueBucket(StrEnum):
    """How urgent a due date is, seen from today (the work queue's groups)."""

    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"
    LATER = "later"


THIS_WEEK_DAYS = 7


def due_bucket(due_on: dt.date, today: dt.date) -> DueBucket:
    if due_on < today:
        return DueBucket.OVERDUE
    if due_on == today:
        return DueBucket.TODAY
    if due_on < today + dt.timedelta(days=THIS_WEEK_DAYS):
        return DueBucket.THIS_WEEK
    return DueBucket.LATER
