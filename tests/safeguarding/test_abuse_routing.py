"""Who takes a report (routing_for) and when safety must be confirmed (safety_due_for):
weekday office hours go to the municipality, nights, weekends, holidays and 12/29–1/3 to
the center; both ends of 08:30-17:15 exactly."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from tsunagu.core.dates import TOKYO
from tsunagu.safeguarding.abuse.services import office_hours, routing_for, safety_due_for
from tsunagu.safeguarding.models import Routing

M, C = Routing.MUNICIPALITY, Routing.CENTER


def tokyo(*args) -> datetime:
    return datetime(*args, tzinfo=TOKYO)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Thursday 2026-11-26, an ordinary weekday
        (tokyo(2026, 11, 26, 8, 29, 59), C),
        (tokyo(2026, 11, 26, 8, 30), M),  # opening: the municipality's
        (tokyo(2026, 11, 26, 12, 0), M),
        (tokyo(2026, 11, 26, 17, 14, 59), M),
        (tokyo(2026, 11, 26, 17, 15), C),  # closing: already the center's
        (tokyo(2026, 11, 26, 22, 0), C),  # evening
        (tokyo(2026, 11, 26, 3, 0), C),  # night
        # weekend
        (tokyo(2026, 11, 28, 10, 0), C),  # Saturday
        (tokyo(2026, 11, 29, 10, 0), C),  # Sunday
        # national holidays (jpholiday)
        (tokyo(2026, 11, 23, 10, 0), C),  # 勤労感謝の日 (Monday)
        (tokyo(2026, 5, 6, 10, 0), C),  # 振替休日
        (tokyo(2026, 1, 12, 8, 30), C),  # 成人の日, at opening time
        # 年末年始 12/29–1/3 (weekdays, not national holidays)
        (tokyo(2025, 12, 26, 17, 14), M),  # the last Friday before
        (tokyo(2025, 12, 29, 8, 30), C),  # Monday 12/29
        (tokyo(2025, 12, 30, 12, 0), C),
        (tokyo(2026, 1, 2, 12, 0), C),  # Friday 1/2
        (tokyo(2026, 1, 5, 8, 29), C),  # the first Monday, before opening
        (tokyo(2026, 1, 5, 8, 30), M),  # ... at opening
    ],
)
def test_routing_for(moment, expected, settings):
    settings.OFFICE_HOURS = "08:30-17:15"
    assert routing_for(moment) == expected


def test_routing_is_decided_in_tokyo_time(settings):
    settings.OFFICE_HOURS = "08:30-17:15"
    # 2026-11-26 23:30 UTC is Friday 08:30 in Tokyo.
    assert routing_for(datetime.fromisoformat("2026-11-26T23:30:00+00:00")) == M
    assert routing_for(datetime.fromisoformat("2026-11-26T23:29:00+00:00")) == C


def test_office_hours_come_from_settings(settings):
    settings.OFFICE_HOURS = "09:00-17:00"
    assert routing_for(tokyo(2026, 11, 26, 8, 45)) == C
    assert routing_for(tokyo(2026, 11, 26, 9, 0)) == M
    assert routing_for(tokyo(2026, 11, 26, 17, 0)) == C


@pytest.mark.parametrize("value", ["", "8:30", "17:15-08:30", "08:30-25:00", "morning"])
def test_bad_office_hours_fail_loudly(value, settings):
    settings.OFFICE_HOURS = value
    with pytest.raises(ImproperlyConfigured, match="TSUNAGU_OFFICE_HOURS"):
        office_hours()


def test_safety_is_due_48_hours_after_receipt_by_default(settings):
    settings.ABUSE_SAFETY_HOURS = 48
    received = tokyo(2026, 11, 27, 23, 50)  # Friday night
    assert safety_due_for(received) == tokyo(2026, 11, 29, 23, 50)  # weekends count


def test_safety_hours_are_configurable(settings):
    settings.ABUSE_SAFETY_HOURS = 24
    received = tokyo(2026, 11, 26, 10, 0)
    assert safety_due_for(received) - received == timedelta(hours=24)
