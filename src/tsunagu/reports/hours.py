"""The center's opening hours, for 時間外 (contacts outside hours) in the annual report.

``TSUNAGU_CENTER_HOURS`` ("08:30-17:15", the lecture's center) on business days: Monday to
Friday, not a national holiday (jpholiday) and not 12/29–1/3 (tsunagu.core.dates). A
consultation is inside the hours when it starts at or after opening and before closing, in
Asia/Tokyo: 17:14 is inside, 17:15 and later outside."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tsunagu.core import dates

_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def center_hours(text: str | None = None) -> tuple[time, time]:
    """("08:30-17:15") -> (opening, closing); ImproperlyConfigured when unreadable."""
    text = str(settings.CENTER_HOURS if text is None else text)
    match = _HOURS.match(text)
    try:
        opening, closing = (
            (time(int(match[1]), int(match[2])), time(int(match[3]), int(match[4])))
            if match
            else (None, None)
        )
    except ValueError:
        opening = closing = None
    if opening is None or closing is None or opening >= closing:
        raise ImproperlyConfigured(
            f"TSUNAGU_CENTER_HOURS must look like 08:30-17:15 (opening before closing): {text!r}"
        )
    return opening, closing


@lru_cache(maxsize=32)
def _periods(
    fiscal_year: int, opening: time, closing: time
) -> tuple[tuple[datetime, datetime], ...]:
    start, end = dates.fiscal_year_range(fiscal_year)
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return tuple(
        (
            datetime.combine(day, opening, tzinfo=dates.TOKYO),
            datetime.combine(day, closing, tzinfo=dates.TOKYO),
        )
        for day in days
        if dates.is_business_day(day)
    )


def open_periods(fiscal_year: int) -> tuple[tuple[datetime, datetime], ...]:
    """The [opening, closing) instants of every business day of the 年度."""
    return _periods(fiscal_year, *center_hours())


def is_outside_hours(moment: datetime) -> bool:
    """True when ``moment`` is outside the center's hours (the rule the report counts by)."""
    local = moment.astimezone(dates.TOKYO)
    opening, closing = center_hours()
    day: date = local.date()
    return not (dates.is_business_day(day) and opening <= local.time() < closing)
