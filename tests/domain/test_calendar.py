"""Working days and the 10-working-day review deadline (篇4)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postloan_desktop.domain.calendar import WorkCalendar, review_deadline

D = dt.date
# National Day week as a bank would configure it: 1–7 October off, the Sunday before and
# the Saturday after worked.
GOLDEN_WEEK = WorkCalendar.of(
    holidays=[D(2026, 10, d) for d in range(1, 8)],
    workdays=[D(2026, 9, 27), D(2026, 10, 10)],
)


def test_weekends_are_not_working_days_unless_worked_to_bridge_a_holiday() -> None:
    plain = WorkCalendar()
    assert plain.is_working(D(2026, 11, 27))  # Friday
    assert not plain.is_working(D(2026, 11, 28))  # Saturday
    assert GOLDEN_WEEK.is_working(D(2026, 9, 27))  # a Sunday, worked
    assert not GOLDEN_WEEK.is_working(D(2026, 10, 1))  # a Thursday, a holiday


def test_ten_working_days_after_a_friday_is_two_weeks_later() -> None:
    assert WorkCalendar().add_working_days(D(2026, 11, 27), 10) == D(2026, 12, 11)


def test_holidays_push_the_deadline_and_make_up_days_pull_it_back() -> None:
    # completed on Tuesday 29 September: 30 Sep, then (1–7 Oct off) 8, 9, 10 (Saturday,
    # worked), 12 to 16, 19 → the 10th working day is Monday 19 October
    assert GOLDEN_WEEK.add_working_days(D(2026, 9, 29), 10) == D(2026, 10, 19)
    # without the make-up Saturday it would be Tuesday 20 October
    off_only = WorkCalendar.of(holidays=GOLDEN_WEEK.holidays)
    assert off_only.add_working_days(D(2026, 9, 29), 10) == D(2026, 10, 20)


def test_days_left_counts_down_to_zero_on_the_due_day_then_goes_negative() -> None:
    calendar = WorkCalendar()
    completed = D(2026, 11, 27)
    assert review_deadline(completed, completed, calendar).days_left == 10
    assert review_deadline(completed, D(2026, 12, 4), calendar).days_left == 5
    due = review_deadline(completed, D(2026, 12, 11), calendar)
    assert (due.due_on, due.days_left, due.overdue) == (D(2026, 12, 11), 0, False)
    late = review_deadline(completed, D(2026, 12, 14), calendar)  # the Monday after
    assert late.days_left == -1 and late.overdue
    # a weekend after the deadline is still overdue, by one working day
    assert review_deadline(completed, D(2026, 12, 12), calendar).days_left == -1


def test_a_day_cannot_be_both_a_holiday_and_a_working_day() -> None:
    with pytest.raises(ValueError, match="both"):
        WorkCalendar.of(holidays=[D(2026, 10, 1)], workdays=[D(2026, 10, 1)])


@given(
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    count=st.integers(min_value=0, max_value=40),
)
def test_adding_then_counting_working_days_gives_the_count_back(start: dt.date, count: int) -> None:
    end = GOLDEN_WEEK.add_working_days(start, count)
    assert GOLDEN_WEEK.working_days_between(start, end) == count
    assert count == 0 or GOLDEN_WEEK.is_working(end)
