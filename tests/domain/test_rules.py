"""Due dates and reminders (rules.py): the bank's rules pinned by examples, plus properties."""

import calendar
import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from postloan_desktop.domain.enums import BusinessStatus, InspectionKind
from postloan_desktop.domain.rules import (
    DueBucket,
    DueInspection,
    DueReason,
    InspectionHistory,
    InspectionRules,
    Interval,
    LoanFacts,
    add_months,
    due_bucket,
    maturity_notice_due,
    maturity_notice_on,
    maturity_notices_until,
    next_inspection,
    repayment_reminder_due,
    repayment_reminder_on,
)

D = dt.date
# Modest example counts keep the whole domain suite well under ten seconds; no example
# database, so running the suite leaves nothing behind in the working tree.
properties = settings(max_examples=40, database=None)
DEFAULT = InspectionRules()
BALANCE = 1_000_000_00  # one million yuan, in fen
DISBURSED = D(2025, 1, 10)
MATURES = D(2026, 1, 10)


def loan(
    *,
    disbursed_on: dt.date = DISBURSED,
    matures_on: dt.date = MATURES,
    balance_fen: int = BALANCE,
    status: BusinessStatus = BusinessStatus.GOOD,
    principal_overdue_since: dt.date | None = None,
    interest_unpaid_since: dt.date | None = None,
) -> LoanFacts:
    return LoanFacts(
        disbursed_on=disbursed_on,
        matures_on=matures_on,
        balance_fen=balance_fen,
        business_status=status,
        principal_overdue_since=principal_overdue_since,
        interest_unpaid_since=interest_unpaid_since,
    )


def done(last_completed_on: dt.date) -> InspectionHistory:
    """History of a loan whose first inspection is done and whose last one closed that day."""
    return InspectionHistory(first_done=True, last_completed_on=last_completed_on)


NO_HISTORY = InspectionHistory()

# Strategies -------------------------------------------------------------------------------

dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))
statuses = st.sampled_from(BusinessStatus)
balances = st.integers(min_value=1, max_value=10**13)
intervals = st.one_of(
    st.builds(Interval, months=st.integers(1, 24), days=st.integers(0, 60)),
    st.builds(Interval, months=st.just(0), days=st.integers(1, 366)),
)
rules_strategy = st.builds(
    InspectionRules,
    first_inspection_days=st.integers(0, 120),
    periodic=st.fixed_dictionaries({s: intervals for s in BusinessStatus}),
    repayment_reminder_days=st.integers(0, 30),
    maturity_notice=intervals,
)
any_rules = st.one_of(st.just(DEFAULT), rules_strategy)


@st.composite
def loans(draw: st.DrawFn, *, arrears: bool | None = None) -> LoanFacts:
    """Loans with a positive balance; ``arrears`` forces arrears on (True) or off (False)."""
    disbursed = draw(dates)
    matures = draw(st.dates(min_value=disbursed, max_value=D(2110, 12, 31)))
    principal = interest = None
    if arrears is None or arrears:
        later = st.dates(min_value=disbursed, max_value=D(2110, 12, 31))
        principal = draw(st.none() | later)
        interest = draw(st.none() | later)
        if arrears and principal is None and interest is None:
            principal = draw(later)
    return LoanFacts(
        disbursed_on=disbursed,
        matures_on=matures,
        balance_fen=draw(balances),
        business_status=draw(statuses),
        principal_overdue_since=principal,
        interest_unpaid_since=interest,
    )


histories = st.builds(
    InspectionHistory, first_done=st.booleans(), last_completed_on=st.none() | dates
)


def earliest_arrears(facts: LoanFacts) -> dt.date:
    days = [
        d for d in (facts.principal_overdue_since, facts.interest_unpaid_since) if d is not None
    ]
    return min(days)


# Defaults ---------------------------------------------------------------------------------


def test_default_rules_are_the_banks_rules() -> None:
    assert DEFAULT.first_inspection_days == 15
    assert DEFAULT.periodic_interval(BusinessStatus.GOOD) == Interval(months=3)
    assert DEFAULT.periodic_interval(BusinessStatus.AVERAGE) == Interval(months=1)
    assert DEFAULT.periodic_interval(BusinessStatus.POOR) == Interval(days=7)
    assert DEFAULT.repayment_reminder_days == 3
    assert DEFAULT.maturity_notice == Interval(months=1)


def test_default_periodic_intervals_are_not_shared_between_rule_sets() -> None:
    one, two = InspectionRules(), InspectionRules()
    assert one.periodic is not two.periodic


# add_months -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 1, 15), 1, D(2025, 2, 15)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2025, 5, 31), 1, D(2025, 6, 30)),
        (D(2025, 5, 31), -3, D(2025, 2, 28)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),
        (D(2025, 1, 15), -1, D(2024, 12, 15)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 8, 31), 0, D(2025, 8, 31)),
        (D(2025, 1, 1), -13, D(2023, 12, 1)),
    ],
)
def test_add_months_clamps_to_the_last_day_of_the_month(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


@properties
@given(day=dates, months=st.integers(-600, 600))
def test_add_months_moves_exactly_that_many_months_and_clamps_the_day(
    day: dt.date, months: int
) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)


@properties
@given(day=dates, months=st.integers(-600, 600))
def test_add_months_is_undone_by_subtracting_when_no_clamping(day: dt.date, months: int) -> None:
    assume(day.day <= 28)
    assert add_months(add_months(day, months), -months) == day


@properties
@given(day=dates, a=st.integers(-600, 600), b=st.integers(-600, 600))
def test_add_months_is_monotonic_in_months(day: dt.date, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert add_months(day, low) <= add_months(day, high)
    if low < high:
        assert add_months(day, low) < add_months(day, high)


# Interval ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("months", "days"), [(0, 0), (-1, 0), (0, -1), (-1, 40), (2, -1)], ids=str)
def test_interval_must_be_positive(months: int, days: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        Interval(months=months, days=days)


def test_interval_adds_months_first_then_days() -> None:
    interval = Interval(months=1, days=2)
    assert interval.after(D(2025, 1, 31)) == D(2025, 3, 2)  # 28 Feb + 2 days
    assert interval.before(D(2025, 3, 31)) == D(2025, 2, 26)  # 28 Feb - 2 days


@properties
@given(interval=intervals, day=dates)
def test_interval_after_is_later_and_before_is_earlier(interval: Interval, day: dt.date) -> None:
    assert interval.after(day) > day
    assert interval.before(day) < day


@properties
@given(days=st.integers(1, 1000), day=dates)
def test_day_intervals_are_exact(days: int, day: dt.date) -> None:
    interval = Interval(days=days)
    assert interval.after(day) == day + dt.timedelta(days=days)
    assert interval.before(interval.after(day)) == day


# Rule settings ----------------------------------------------------------------------------


def test_rules_reject_negative_first_inspection_days() -> None:
    with pytest.raises(ValueError, match="first_inspection_days"):
        InspectionRules(first_inspection_days=-1)


def test_rules_reject_negative_reminder_days() -> None:
    with pytest.raises(ValueError, match="repayment_reminder_days"):
        InspectionRules(repayment_reminder_days=-1)


def test_rules_need_an_interval_for_every_business_status() -> None:
    partial = {BusinessStatus.GOOD: Interval(months=3), BusinessStatus.AVERAGE: Interval(months=1)}
    with pytest.raises(ValueError, match="poor"):
        InspectionRules(periodic=partial)


# First inspection -------------------------------------------------------------------------


def test_first_inspection_due_15_days_after_disbursement() -> None:
    due = next_inspection(loan(disbursed_on=D(2025, 1, 10)), NO_HISTORY, DEFAULT)
    assert due == DueInspection(InspectionKind.FIRST, D(2025, 1, 25), DueReason.AFTER_DISBURSEMENT)


def test_first_inspection_crosses_month_end() -> None:
    due = next_inspection(loan(disbursed_on=D(2025, 2, 20)), NO_HISTORY, DEFAULT)
    assert due is not None
    assert due.due_on == D(2025, 3, 7)


@pytest.mark.parametrize(("days", "expected"), [(0, D(2025, 1, 10)), (30, D(2025, 2, 9))])
def test_first_inspection_days_are_configurable(days: int, expected: dt.date) -> None:
    rules = InspectionRules(first_inspection_days=days)
    due = next_inspection(loan(disbursed_on=D(2025, 1, 10)), NO_HISTORY, rules)
    assert due == DueInspection(InspectionKind.FIRST, expected, DueReason.AFTER_DISBURSEMENT)


def test_first_inspection_still_due_when_only_another_inspection_was_completed() -> None:
    # A special inspection done before the first one does not replace the first inspection
    # (which carries the operation-compliance section).
    history = InspectionHistory(first_done=False, last_completed_on=D(2025, 1, 12))
    due = next_inspection(loan(disbursed_on=D(2025, 1, 10)), history, DEFAULT)
    assert due == DueInspection(InspectionKind.FIRST, D(2025, 1, 25), DueReason.AFTER_DISBURSEMENT)


@properties
@given(facts=loans(arrears=False), rules=any_rules)
def test_first_inspection_is_due_on_or_after_disbursement(
    facts: LoanFacts, rules: InspectionRules
) -> None:
    due = next_inspection(facts, NO_HISTORY, rules)
    assert due is not None
    assert due.kind is InspectionKind.FIRST
    assert due.reason is DueReason.AFTER_DISBURSEMENT
    assert due.due_on >= facts.disbursed_on
    assert (due.due_on - facts.disbursed_on).days == rules.first_inspection_days


# Periodic inspection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "last", "expected"),
    [
        (BusinessStatus.GOOD, D(2025, 1, 15), D(2025, 4, 15)),
        (BusinessStatus.GOOD, D(2025, 11, 30), D(2026, 2, 28)),
        (BusinessStatus.AVERAGE, D(2025, 1, 15), D(2025, 2, 15)),
        (BusinessStatus.AVERAGE, D(2025, 1, 31), D(2025, 2, 28)),
        (BusinessStatus.AVERAGE, D(2025, 12, 20), D(2026, 1, 20)),
        (BusinessStatus.POOR, D(2025, 1, 15), D(2025, 1, 22)),
        (BusinessStatus.POOR, D(2025, 2, 25), D(2025, 3, 4)),
    ],
)
def test_periodic_interval_follows_business_status(
    status: BusinessStatus, last: dt.date, expected: dt.date
) -> None:
    due = next_inspection(loan(status=status), done(last), DEFAULT)
    assert due == DueInspection(InspectionKind.PERIODIC, expected, DueReason.PERIODIC)


def test_periodic_intervals_are_configurable() -> None:
    rules = InspectionRules(
        periodic={
            BusinessStatus.GOOD: Interval(months=6),
            BusinessStatus.AVERAGE: Interval(months=2),
            BusinessStatus.POOR: Interval(days=14),
        }
    )
    last = D(2025, 1, 31)
    expected = {
        BusinessStatus.GOOD: D(2025, 7, 31),
        BusinessStatus.AVERAGE: D(2025, 3, 31),
        BusinessStatus.POOR: D(2025, 2, 14),
    }
    for status, day in expected.items():
        due = next_inspection(loan(status=status), done(last), rules)
        assert due == DueInspection(InspectionKind.PERIODIC, day, DueReason.PERIODIC), status


@properties
@given(facts=loans(arrears=False), last=dates, rules=any_rules)
def test_periodic_due_date_is_strictly_after_the_last_inspection(
    facts: LoanFacts, last: dt.date, rules: InspectionRules
) -> None:
    due = next_inspection(facts, done(last), rules)
    assert due is not None
    assert due.kind is InspectionKind.PERIODIC
    assert due.due_on > last
    assert due.due_on == rules.periodic_interval(facts.business_status).after(last)


@properties
@given(facts=loans(arrears=False), last=dates)
def test_worse_business_means_earlier_inspection_under_default_rules(
    facts: LoanFacts, last: dt.date
) -> None:
    def due_for(status: BusinessStatus) -> dt.date:
        facts_with_status = LoanFacts(
            disbursed_on=facts.disbursed_on,
            matures_on=facts.matures_on,
            balance_fen=facts.balance_fen,
            business_status=status,
        )
        due = next_inspection(facts_with_status, done(last), DEFAULT)
        assert due is not None
        return due.due_on

    poor = due_for(BusinessStatus.POOR)
    average = due_for(BusinessStatus.AVERAGE)
    good = due_for(BusinessStatus.GOOD)
    assert poor <= average <= good
    assert poor < good


# Special inspection (arrears) -------------------------------------------------------------


def test_overdue_principal_makes_an_inspection_due_that_very_day() -> None:
    facts = loan(principal_overdue_since=D(2025, 3, 5))
    due = next_inspection(facts, done(D(2025, 3, 1)), DEFAULT)
    assert due == DueInspection(InspectionKind.SPECIAL, D(2025, 3, 5), DueReason.OVERDUE_PRINCIPAL)


def test_unpaid_interest_makes_an_inspection_due_that_very_day() -> None:
    facts = loan(interest_unpaid_since=D(2025, 3, 21))
    due = next_inspection(facts, done(D(2025, 3, 1)), DEFAULT)
    assert due == DueInspection(InspectionKind.SPECIAL, D(2025, 3, 21), DueReason.UNPAID_INTEREST)


@pytest.mark.parametrize(
    ("principal", "interest", "expected"),
    [
        (
            D(2025, 3, 5),
            D(2025, 3, 20),
            DueInspection(InspectionKind.SPECIAL, D(2025, 3, 5), DueReason.OVERDUE_PRINCIPAL),
        ),
        (
            D(2025, 3, 20),
            D(2025, 3, 5),
            DueInspection(InspectionKind.SPECIAL, D(2025, 3, 5), DueReason.UNPAID_INTEREST),
        ),
    ],
)
def test_the_earlier_arrears_sets_the_special_inspection(
    principal: dt.date, interest: dt.date, expected: DueInspection
) -> None:
    facts = loan(principal_overdue_since=principal, interest_unpaid_since=interest)
    assert next_inspection(facts, done(D(2025, 3, 1)), DEFAULT) == expected


def test_arrears_on_the_same_day_give_one_special_inspection_that_day() -> None:
    facts = loan(principal_overdue_since=D(2025, 3, 5), interest_unpaid_since=D(2025, 3, 5))
    due = next_inspection(facts, done(D(2025, 3, 1)), DEFAULT)
    assert due is not None
    assert (due.kind, due.due_on) == (InspectionKind.SPECIAL, D(2025, 3, 5))
    assert due.reason in (DueReason.OVERDUE_PRINCIPAL, DueReason.UNPAID_INTEREST)


def test_special_inspection_comes_before_the_first_inspection() -> None:
    facts = loan(disbursed_on=D(2025, 1, 10), interest_unpaid_since=D(2025, 1, 20))
    due = next_inspection(facts, NO_HISTORY, DEFAULT)
    assert due == DueInspection(InspectionKind.SPECIAL, D(2025, 1, 20), DueReason.UNPAID_INTEREST)


@pytest.mark.parametrize("completed", [D(2025, 3, 5), D(2025, 3, 8)], ids=["same day", "after"])
def test_inspection_on_or_after_the_arrears_date_satisfies_it_then_weekly_while_arrears_last(
    completed: dt.date,
) -> None:
    # Business status is good, but arrears put the loan on the poor (weekly) interval.
    facts = loan(status=BusinessStatus.GOOD, principal_overdue_since=D(2025, 3, 5))
    due = next_inspection(facts, done(completed), DEFAULT)
    expected = completed + dt.timedelta(days=7)
    assert due == DueInspection(InspectionKind.PERIODIC, expected, DueReason.PERIODIC)


def test_inspection_the_day_before_arrears_does_not_satisfy_it() -> None:
    facts = loan(principal_overdue_since=D(2025, 3, 5))
    due = next_inspection(facts, done(D(2025, 3, 4)), DEFAULT)
    assert due is not None
    assert due.kind is InspectionKind.SPECIAL
    assert due.due_on == D(2025, 3, 5)


def test_while_in_arrears_the_configured_poor_interval_applies() -> None:
    rules = InspectionRules(
        periodic={
            BusinessStatus.GOOD: Interval(months=3),
            BusinessStatus.AVERAGE: Interval(months=1),
            BusinessStatus.POOR: Interval(days=10),
        }
    )
    facts = loan(status=BusinessStatus.AVERAGE, interest_unpaid_since=D(2025, 3, 5))
    due = next_inspection(facts, done(D(2025, 3, 6)), rules)
    assert due == DueInspection(InspectionKind.PERIODIC, D(2025, 3, 16), DueReason.PERIODIC)


def test_once_arrears_are_cleared_the_business_status_interval_returns() -> None:
    due = next_inspection(loan(status=BusinessStatus.GOOD), done(D(2025, 3, 6)), DEFAULT)
    assert due is not None
    assert due.due_on == D(2025, 6, 6)


@properties
@given(facts=loans(arrears=True), history=histories, rules=any_rules)
def test_arrears_without_an_inspection_since_are_due_immediately(
    facts: LoanFacts, history: InspectionHistory, rules: InspectionRules
) -> None:
    since = earliest_arrears(facts)
    assume(history.last_completed_on is None or history.last_completed_on < since)
    due = next_inspection(facts, history, rules)
    assert due is not None
    assert due.kind is InspectionKind.SPECIAL
    assert due.due_on == since
    for day in (facts.principal_overdue_since, facts.interest_unpaid_since):
        if day is not None:
            assert due.due_on <= day
    assert due.reason in (DueReason.OVERDUE_PRINCIPAL, DueReason.UNPAID_INTEREST)
    expected_reason = (
        DueReason.OVERDUE_PRINCIPAL
        if facts.principal_overdue_since == since
        else DueReason.UNPAID_INTEREST
    )
    if facts.principal_overdue_since != facts.interest_unpaid_since:
        assert due.reason is expected_reason


@properties
@given(facts=loans(arrears=True), after=st.integers(0, 400), rules=any_rules)
def test_after_a_special_inspection_the_poor_interval_applies(
    facts: LoanFacts, after: int, rules: InspectionRules
) -> None:
    last = earliest_arrears(facts) + dt.timedelta(days=after)
    due = next_inspection(facts, done(last), rules)
    assert due is not None
    assert due.kind is InspectionKind.PERIODIC
    assert due.due_on == rules.periodic_interval(BusinessStatus.POOR).after(last)
    assert due.due_on > last


@properties
@given(facts=loans(arrears=True), after=st.integers(0, 400))
def test_arrears_never_postpone_an_inspection_under_default_rules(
    facts: LoanFacts, after: int
) -> None:
    last = earliest_arrears(facts) + dt.timedelta(days=after)
    without_arrears = LoanFacts(
        disbursed_on=facts.disbursed_on,
        matures_on=facts.matures_on,
        balance_fen=facts.balance_fen,
        business_status=facts.business_status,
    )
    with_arrears_due = next_inspection(facts, done(last), DEFAULT)
    without_arrears_due = next_inspection(without_arrears, done(last), DEFAULT)
    assert with_arrears_due is not None
    assert without_arrears_due is not None
    assert with_arrears_due.due_on <= without_arrears_due.due_on


# Settled loans ----------------------------------------------------------------------------


@pytest.mark.parametrize("balance", [0, -1])
def test_settled_loans_need_no_inspection(balance: int) -> None:
    facts = loan(balance_fen=balance, principal_overdue_since=D(2025, 3, 5))
    assert next_inspection(facts, NO_HISTORY, DEFAULT) is None
    assert next_inspection(facts, done(D(2025, 1, 1)), DEFAULT) is None


def test_one_fen_outstanding_still_needs_inspection() -> None:
    assert next_inspection(loan(balance_fen=1), NO_HISTORY, DEFAULT) is not None


@properties
@given(
    facts=loans(),
    balance=st.integers(max_value=0),
    history=histories,
    rules=any_rules,
)
def test_a_loan_without_balance_never_needs_inspection(
    facts: LoanFacts, balance: int, history: InspectionHistory, rules: InspectionRules
) -> None:
    settled = LoanFacts(
        disbursed_on=facts.disbursed_on,
        matures_on=facts.matures_on,
        balance_fen=balance,
        business_status=facts.business_status,
        principal_overdue_since=facts.principal_overdue_since,
        interest_unpaid_since=facts.interest_unpaid_since,
    )
    assert next_inspection(settled, history, rules) is None


@properties
@given(facts=loans(), history=histories, rules=any_rules)
def test_a_loan_with_balance_always_has_a_next_inspection(
    facts: LoanFacts, history: InspectionHistory, rules: InspectionRules
) -> None:
    due = next_inspection(facts, history, rules)
    assert due is not None
    expected_reason = {
        InspectionKind.FIRST: {DueReason.AFTER_DISBURSEMENT},
        InspectionKind.PERIODIC: {DueReason.PERIODIC},
        InspectionKind.SPECIAL: {DueReason.OVERDUE_PRINCIPAL, DueReason.UNPAID_INTEREST},
    }
    assert due.reason in expected_reason[due.kind]


# LoanFacts --------------------------------------------------------------------------------


def test_loan_facts_arrears() -> None:
    assert not loan().in_arrears
    assert loan().arrears_since() is None
    assert loan(principal_overdue_since=D(2025, 3, 5)).in_arrears
    assert loan(interest_unpaid_since=D(2025, 3, 5)).arrears_since() == (
        D(2025, 3, 5),
        DueReason.UNPAID_INTEREST,
    )


# Repayment reminder -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instalment", "expected"),
    [
        (D(2025, 3, 20), D(2025, 3, 17)),
        (D(2025, 3, 2), D(2025, 2, 27)),
        (D(2024, 3, 2), D(2024, 2, 28)),
        (D(2026, 1, 1), D(2025, 12, 29)),
    ],
)
def test_repayment_reminder_three_days_before_the_instalment(
    instalment: dt.date, expected: dt.date
) -> None:
    assert repayment_reminder_on(instalment, DEFAULT) == expected


def test_repayment_reminder_days_are_configurable() -> None:
    rules = InspectionRules(repayment_reminder_days=5)
    assert repayment_reminder_on(D(2025, 3, 20), rules) == D(2025, 3, 15)
    same_day = InspectionRules(repayment_reminder_days=0)
    assert repayment_reminder_on(D(2025, 3, 20), same_day) == D(2025, 3, 20)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2025, 3, 16), False),
        (D(2025, 3, 17), True),
        (D(2025, 3, 19), True),
        (D(2025, 3, 20), True),
        (D(2025, 3, 21), False),
    ],
)
def test_repayment_reminder_window(today: dt.date, expected: bool) -> None:
    assert repayment_reminder_due(D(2025, 3, 20), today, DEFAULT) is expected


@properties
@given(instalment=dates, today=dates, rules=any_rules)
def test_repayment_reminder_due_exactly_from_reminder_day_to_instalment(
    instalment: dt.date, today: dt.date, rules: InspectionRules
) -> None:
    reminder = repayment_reminder_on(instalment, rules)
    assert (instalment - reminder).days == rules.repayment_reminder_days
    days_left = (instalment - today).days
    expected = 0 <= days_left <= rules.repayment_reminder_days
    assert repayment_reminder_due(instalment, today, rules) is expected


# Maturity notice --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("matures", "expected"),
    [
        (D(2025, 3, 31), D(2025, 2, 28)),
        (D(2024, 3, 31), D(2024, 2, 29)),
        (D(2025, 6, 15), D(2025, 5, 15)),
        (D(2025, 1, 15), D(2024, 12, 15)),
        (D(2025, 7, 31), D(2025, 6, 30)),
    ],
)
def test_maturity_notice_one_month_before_maturity(matures: dt.date, expected: dt.date) -> None:
    assert maturity_notice_on(matures, DEFAULT) == expected


def test_maturity_notice_is_configurable() -> None:
    assert maturity_notice_on(
        D(2025, 3, 31), InspectionRules(maturity_notice=Interval(days=45))
    ) == (D(2025, 2, 14))
    two_months = InspectionRules(maturity_notice=Interval(months=2))
    assert maturity_notice_on(D(2025, 4, 30), two_months) == D(2025, 2, 28)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2025, 2, 27), False),
        (D(2025, 2, 28), True),
        (D(2025, 3, 15), True),
        (D(2025, 3, 31), True),
        (D(2025, 4, 1), False),
    ],
)
def test_maturity_notice_window(today: dt.date, expected: bool) -> None:
    assert maturity_notice_due(D(2025, 3, 31), today, DEFAULT) is expected


@properties
@given(matures=dates, today=dates, rules=any_rules)
def test_maturity_notice_due_exactly_from_notice_day_to_maturity(
    matures: dt.date, today: dt.date, rules: InspectionRules
) -> None:
    notice = maturity_notice_on(matures, rules)
    assert notice < matures
    assert maturity_notice_due(matures, today, rules) is (notice <= today <= matures)


@properties
@given(matures=dates)
def test_default_maturity_notice_is_one_calendar_month_before(matures: dt.date) -> None:
    notice = maturity_notice_on(matures, DEFAULT)
    assert (matures.year * 12 + matures.month) - (notice.year * 12 + notice.month) == 1
    assert notice.day == min(matures.day, calendar.monthrange(notice.year, notice.month)[1])


# Due buckets ------------------------------------------------------------------------------

TODAY = D(2025, 3, 10)


@pytest.mark.parametrize(
    ("offset", "bucket"),
    [
        (-365, DueBucket.OVERDUE),
        (-1, DueBucket.OVERDUE),
        (0, DueBucket.TODAY),
        (1, DueBucket.THIS_WEEK),
        (6, DueBucket.THIS_WEEK),
        (7, DueBucket.LATER),
        (30, DueBucket.LATER),
    ],
)
def test_due_bucket_boundaries(offset: int, bucket: DueBucket) -> None:
    assert due_bucket(TODAY + dt.timedelta(days=offset), TODAY) is bucket


@properties
@given(due=dates, today=dates)
def test_due_bucket_depends_only_on_days_left(due: dt.date, today: dt.date) -> None:
    days_left = (due - today).days
    bucket = due_bucket(due, today)
    if days_left < 0:
        assert bucket is DueBucket.OVERDUE
    elif days_left == 0:
        assert bucket is DueBucket.TODAY
    elif days_left < 7:
        assert bucket is DueBucket.THIS_WEEK
    else:
        assert bucket is DueBucket.LATER


@properties
@given(a=dates, b=dates, today=dates)
def test_due_bucket_is_monotonic_in_the_due_date(a: dt.date, b: dt.date, today: dt.date) -> None:
    order = list(DueBucket)  # overdue, today, this week, later
    early, late = sorted((a, b))
    assert order.index(due_bucket(early, today)) <= order.index(due_bucket(late, today))


class TestMaturityNoticesUntil:
    def test_mid_month_is_one_month_ahead(self) -> None:
        assert maturity_notices_until(dt.date(2026, 11, 15), InspectionRules()) == dt.date(
            2026, 12, 15
        )

    def test_end_of_february_covers_the_end_of_march(self) -> None:
        # A month before 29, 30 and 31 March is 28 February (clamped): all due on 28 Feb.
        assert maturity_notices_until(dt.date(2026, 2, 28), InspectionRules()) == dt.date(
            2026, 3, 31
        )

    @given(today=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)))
    def test_agrees_with_maturity_notice_due(self, today: dt.date) -> None:
        rules = InspectionRules()
        end = maturity_notices_until(today, rules)
        assert maturity_notice_due(end, today, rules)
        assert not maturity_notice_due(end + dt.timedelta(days=1), today, rules)
