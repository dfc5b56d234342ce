"""Monitoring dates: when the next monitoring is due, and whether it is late.

"Overdue" means the due date has passed: a monitoring due today is due, not overdue. Today
is the date in Asia/Tokyo (tsunagu.core.dates.today_local)."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day
    (2023-01-31 + 1 month = 2023-02-28)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def next_due(after: date, interval_months: int) -> date:
    """The next monitoring date ``interval_months`` after ``after``."""
    return add_months(after, int(interval_months))


def is_overdue(due_on: date, today: date) -> bool:
    return due_on < today


def days_overdue(due_on: date, today: date) -> int:
    return max((today - due_on).days, 0)
