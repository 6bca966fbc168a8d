"""Working days, for the supervisor's review deadline (篇4: the credit head reviews an
inspection within 10 working days of the officer completing it).

A working day is Monday to Friday, except the configured public holidays, plus the
configured make-up working days (调休: a Saturday or Sunday worked to bridge a holiday).
Both lists come from postloan.toml ``[review]``: the State Council publishes them each year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

REVIEW_WORKING_DAYS = 10


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)  # weekend days worked

    @classmethod
    def of(cls, holidays: Iterable[dt.date] = (), workdays: Iterable[dt.date] = ()) -> WorkCalendar:
        holidays, workdays = frozenset(holidays), frozenset(workdays)
        both = sorted(holidays & workdays)
        if both:
            raise ValueError(f"{both[0]} is listed both as a holiday and as a working day")
        return cls(holidays, workdays)

    def is_working(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        while count:
            day += dt.timedelta(days=1)
            if self.is_working(day):
                count -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when ``end``
        is before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1
            for n in range(1, (end - start).days + 1)
            if self.is_working(start + dt.timedelta(days=n))
        )


@dataclass(frozen=True)
class ReviewDeadline:
    due_on: dt.date  # the last working day of the review period
    days_left: int  # working days left after today (0: due today; negative: overdue by)

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def review_deadline(
    completed_on: dt.date,
    today: dt.date,
    calendar: WorkCalendar,
    days: int = REVIEW_WORKING_DAYS,
) -> ReviewDeadline:
    """When the review of an inspection completed on ``completed_on`` is due, and how many
    working days are left of it on ``today``."""
    due = calendar.add_working_days(completed_on, days)
    if today <= due:
        left = calendar.working_days_between(today, due)
    else:
        left = -max(1, calendar.working_days_between(due, today))
    return ReviewDeadline(due, left)
