"""Opening hours from HSDS schedules (tsunagu.directory.hours): open or not at fixed moments in
Asia/Tokyo, holidays and 年末年始, seasons, monthly rules, and the one-line summary.

Calendar used: 2026-07-15 is a Wednesday; 2026-07-20 (Mon) 海の日, 2026-11-03 (Tue) 文化の日,
2026-09-21/22/23 (Mon–Wed) 敬老の日・国民の休日・秋分の日; 12/29–1/3 is 年末年始."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tsunagu.core.dates import TOKYO
from tsunagu.directory.hours import (
    OPEN_AT_NEW_YEAR_PHRASES,
    OPEN_ON_HOLIDAYS_PHRASES,
    OpenState,
    hours_lines,
    hours_summary,
    open_state,
    parse_schedule,
    period_text,
    service_schedules,
)

OPEN, CLOSED, UNKNOWN = OpenState.OPEN, OpenState.CLOSED, OpenState.UNKNOWN
WEEKDAYS = {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}


def at(*args) -> datetime:
    return datetime(*args, tzinfo=TOKYO)


def state(schedule: dict | list, moment: datetime) -> OpenState:
    return open_state(schedule if isinstance(schedule, list) else [schedule], moment)


# ---- weekly hours -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 7, 15, 8, 59), CLOSED),  # Wednesday, before opening
        (at(2026, 7, 15, 9, 0), OPEN),  # opening minute is open
        (at(2026, 7, 15, 16, 59), OPEN),
        (at(2026, 7, 15, 17, 0), CLOSED),  # the closing minute is closed
        (at(2026, 7, 18, 11, 0), CLOSED),  # Saturday
        (at(2026, 7, 19, 11, 0), CLOSED),  # Sunday
    ],
)
def test_weekday_hours(moment, expected):
    assert state(WEEKDAYS, moment) is expected


def test_the_moment_is_read_in_tokyo_whatever_its_zone():
    # 2026-07-15 01:00 UTC is 10:00 in Tokyo (open); 2026-07-15 09:00 UTC is 18:00 (closed).
    assert state(WEEKDAYS, datetime(2026, 7, 15, 1, 0, tzinfo=UTC)) is OPEN
    assert state(WEEKDAYS, datetime(2026, 7, 15, 9, 0, tzinfo=UTC)) is CLOSED
    # Tuesday 23:30 UTC is Wednesday 08:30 in Tokyo: before opening.
    assert state(WEEKDAYS, datetime(2026, 7, 14, 23, 30, tzinfo=UTC)) is CLOSED


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        open_state([WEEKDAYS], datetime(2026, 7, 15, 10, 0))  # noqa: DTZ001 (the point of it)


def test_times_with_seconds_and_offsets():
    with_offset = {**WEEKDAYS, "opens_at": "09:00:00+09:00", "closes_at": "17:00:00+09:00"}
    assert state(with_offset, at(2026, 7, 15, 9, 0)) is OPEN
    # Given in UTC: 00:00Z–08:00Z is 9:00–17:00 in Tokyo, and the days are UTC days.
    in_utc = {**WEEKDAYS, "opens_at": "00:00Z", "closes_at": "08:00Z"}
    assert state(in_utc, at(2026, 7, 15, 9, 30)) is OPEN
    assert state(in_utc, at(2026, 7, 15, 17, 30)) is CLOSED
    # Closing time in another offset than the opening time: converted to the opening's.
    mixed = {**WEEKDAYS, "opens_at": "09:00+09:00", "closes_at": "08:00Z"}
    assert parse_schedule(mixed).closes == 17 * 60


def test_the_schedule_timezone_applies_to_naive_times():
    # timezone 0 (UTC): "00:00"–"08:00" is 9:00–17:00 in Tokyo.
    schedule = {**WEEKDAYS, "opens_at": "00:00", "closes_at": "08:00", "timezone": 0}
    assert state(schedule, at(2026, 7, 15, 10, 0)) is OPEN
    assert state(schedule, at(2026, 7, 15, 8, 0)) is CLOSED
    # Without it, a hand-typed time is Japan time (not HSDS's UTC).
    assert parse_schedule(WEEKDAYS).tz is TOKYO


def test_past_midnight():
    evening = {"freq": "WEEKLY", "byday": "FR,SA", "opens_at": "18:00", "closes_at": "02:00"}
    assert state(evening, at(2026, 7, 17, 23, 0)) is OPEN  # Friday night
    assert state(evening, at(2026, 7, 18, 1, 59)) is OPEN  # Saturday early morning, from Friday
    assert state(evening, at(2026, 7, 18, 2, 0)) is CLOSED
    assert state(evening, at(2026, 7, 18, 12, 0)) is CLOSED  # Saturday noon
    assert state(evening, at(2026, 7, 17, 1, 0)) is CLOSED  # Friday early: Thursday is closed
    assert state(evening, at(2026, 7, 19, 1, 0)) is OPEN  # Sunday early, from Saturday


def test_midnight_to_24_is_the_whole_day():
    all_day = {"freq": "DAILY", "opens_at": "00:00", "closes_at": "24:00", "notes": "年中無休"}
    assert state(all_day, at(2026, 7, 15, 0, 0)) is OPEN
    assert state(all_day, at(2026, 7, 15, 23, 59)) is OPEN
    assert hours_summary([all_day], today=date(2026, 7, 15)) == (
        "毎日 0:00–24:00（祝日・年末年始も開いています）"
    )


def test_byday_without_freq_means_weekly_and_case_and_spaces_do_not_matter():
    schedule = {"byday": " mo, we ,fr", "opens_at": "10:00", "closes_at": "12:00"}
    assert state(schedule, at(2026, 7, 15, 11, 0)) is OPEN
    assert state(schedule, at(2026, 7, 16, 11, 0)) is CLOSED


def test_every_other_week_counts_from_dtstart():
    fortnightly = {**WEEKDAYS, "byday": "WE", "interval": 2, "dtstart": "2026-07-01"}
    assert state(fortnightly, at(2026, 7, 1, 10, 0)) is OPEN
    assert state(fortnightly, at(2026, 7, 8, 10, 0)) is CLOSED
    assert state(fortnightly, at(2026, 7, 15, 10, 0)) is OPEN
    assert state(fortnightly, at(2026, 6, 24, 10, 0)) is CLOSED  # before dtstart
    assert hours_summary([fortnightly], today=date(2026, 7, 1)) == (
        "水（2週ごと） 9:00–17:00（祝日・年末年始は休み）／7月1日から"
    )


# ---- holidays and 年末年始 -----------------------------------------------------------------


def test_closed_on_national_holidays_and_new_year_break():
    assert state(WEEKDAYS, at(2026, 7, 20, 10, 0)) is CLOSED  # 海の日 (Monday)
    assert state(WEEKDAYS, at(2026, 11, 3, 10, 0)) is CLOSED  # 文化の日 (Tuesday)
    assert state(WEEKDAYS, at(2026, 12, 29, 10, 0)) is CLOSED  # Tuesday in 年末年始
    assert state(WEEKDAYS, at(2027, 1, 4, 10, 0)) is OPEN  # the first working day
    assert state(WEEKDAYS, at(2026, 12, 28, 10, 0)) is OPEN


def test_notes_can_say_it_opens_on_holidays():
    holidays_too = {**WEEKDAYS, "notes": "祝日も開いています。"}
    assert state(holidays_too, at(2026, 7, 20, 10, 0)) is OPEN
    assert state(holidays_too, at(2026, 12, 29, 10, 0)) is CLOSED  # but not at the New Year
    assert state(holidays_too, at(2027, 1, 1, 10, 0)) is CLOSED  # 元日 is 年末年始 first
    new_year_too = {**WEEKDAYS, "description": "年末年始も開いています"}
    assert state(new_year_too, at(2026, 12, 29, 10, 0)) is OPEN
    assert state(new_year_too, at(2026, 7, 20, 10, 0)) is CLOSED
    always = {**WEEKDAYS, "notes": "年中無休"}
    assert state(always, at(2026, 7, 20, 10, 0)) is OPEN
    assert state(always, at(2026, 12, 30, 10, 0)) is OPEN


def test_phrases_are_matched_after_normalizing():
    assert parse_schedule({**WEEKDAYS, "notes": "祝日も 開いています"}).open_on_holidays
    assert parse_schedule({**WEEKDAYS, "notes": "年中　無休"}).open_at_new_year
    assert not parse_schedule({**WEEKDAYS, "notes": "祝日は休みです"}).open_on_holidays


def test_the_staff_forms_phrase_is_one_this_module_reads():
    """The staff form writes OPEN_ON_HOLIDAYS_PHRASES[0] and OPEN_AT_NEW_YEAR_PHRASES[0]."""
    note = OPEN_ON_HOLIDAYS_PHRASES[0] + "。" + OPEN_AT_NEW_YEAR_PHRASES[0] + "。"
    rule = parse_schedule({**WEEKDAYS, "notes": note})
    assert rule.open_on_holidays and rule.open_at_new_year


def test_overnight_hours_from_a_holiday_eve():
    # Sunday 2026-07-19 evening to Monday 海の日 morning: the evening belongs to Sunday.
    evening = {"freq": "DAILY", "opens_at": "20:00", "closes_at": "02:00"}
    assert state(evening, at(2026, 7, 20, 1, 0)) is OPEN
    assert state(evening, at(2026, 7, 20, 21, 0)) is CLOSED  # 海の日 evening


# ---- seasons ------------------------------------------------------------------------------

COOL = {
    "freq": "WEEKLY",
    "byday": "MO,TU,WE,TH,FR,SA,SU",
    "opens_at": "09:00",
    "closes_at": "17:00",
    "valid_from": "2026-07-01",
    "valid_to": "2026-09-30",
}


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 6, 30, 10, 0), CLOSED),
        (at(2026, 7, 1, 10, 0), OPEN),  # valid_from is inclusive
        (at(2026, 8, 16, 10, 0), OPEN),  # a Sunday in August
        (at(2026, 8, 11, 10, 0), CLOSED),  # 山の日
        (at(2026, 9, 30, 16, 59), OPEN),  # valid_to is inclusive
        (at(2026, 10, 1, 10, 0), CLOSED),
        (at(2027, 7, 15, 10, 0), CLOSED),  # the dates carry a year
    ],
)
def test_a_seasonal_schedule(moment, expected):
    assert state(COOL, moment) is expected


def test_until_and_dtstart_bound_the_days_like_valid_from_and_to():
    bounded = {**WEEKDAYS, "dtstart": "2026-07-13", "until": "2026-07-17"}
    assert state(bounded, at(2026, 7, 10, 10, 0)) is CLOSED
    assert state(bounded, at(2026, 7, 15, 10, 0)) is OPEN
    assert state(bounded, at(2026, 7, 20, 10, 0)) is CLOSED


def test_summer_and_winter_hours_side_by_side():
    summer = {**WEEKDAYS, "valid_from": "2026-04-01", "valid_to": "2026-09-30"}
    winter = {
        **WEEKDAYS,
        "closes_at": "16:00",
        "valid_from": "2026-10-01",
        "valid_to": "2027-03-31",
    }
    assert state([summer, winter], at(2026, 9, 30, 16, 30)) is OPEN
    assert state([summer, winter], at(2026, 10, 1, 16, 30)) is CLOSED
    assert hours_lines([summer, winter], today=date(2026, 7, 1)) == [
        "月〜金 9:00–17:00（祝日・年末年始は休み）／4月〜9月のみ",
        "月〜金 9:00–16:00（祝日・年末年始は休み）／2026年10月〜2027年3月のみ",
    ]


# ---- monthly and daily ---------------------------------------------------------------------


def test_monthly_nth_weekday():
    second_fourth_sat = {
        "freq": "MONTHLY",
        "byday": "2SA,4SA",
        "opens_at": "11:00",
        "closes_at": "14:00",
    }
    assert state(second_fourth_sat, at(2026, 7, 11, 12, 0)) is OPEN  # 2nd Saturday
    assert state(second_fourth_sat, at(2026, 7, 25, 12, 0)) is OPEN  # 4th Saturday
    assert state(second_fourth_sat, at(2026, 7, 18, 12, 0)) is CLOSED  # 3rd Saturday
    assert state(second_fourth_sat, at(2026, 7, 4, 12, 0)) is CLOSED  # 1st Saturday


def test_monthly_last_weekday_and_first_monday():
    last_friday = {"freq": "MONTHLY", "byday": "-1FR", "opens_at": "10:00", "closes_at": "12:00"}
    assert state(last_friday, at(2026, 7, 31, 11, 0)) is OPEN
    assert state(last_friday, at(2026, 7, 24, 11, 0)) is CLOSED
    first_monday = {"freq": "MONTHLY", "byday": "1MO", "opens_at": "10:00", "closes_at": "12:00"}
    assert state(first_monday, at(2026, 8, 3, 11, 0)) is OPEN
    assert state(first_monday, at(2026, 7, 6, 11, 0)) is OPEN
    assert state(first_monday, at(2026, 7, 13, 11, 0)) is CLOSED


def test_monthly_by_month_day_including_the_last_day():
    days = {"freq": "MONTHLY", "bymonthday": "1,15,-1", "opens_at": "10:00", "closes_at": "12:00"}
    assert state(days, at(2026, 7, 15, 11, 0)) is OPEN
    assert state(days, at(2026, 7, 31, 11, 0)) is OPEN
    assert state(days, at(2026, 2, 28, 11, 0)) is OPEN  # the last day of February
    assert state(days, at(2026, 3, 1, 11, 0)) is OPEN
    assert state(days, at(2026, 7, 30, 11, 0)) is CLOSED


def test_monthly_both_day_and_weekday_must_match():
    friday_13th = {
        "freq": "MONTHLY",
        "bymonthday": "13",
        "byday": "FR",
        "opens_at": "10:00",
        "closes_at": "12:00",
    }
    assert state(friday_13th, at(2026, 11, 13, 11, 0)) is OPEN  # Friday the 13th
    assert state(friday_13th, at(2026, 7, 13, 11, 0)) is CLOSED  # a Monday
    assert state(friday_13th, at(2026, 11, 20, 11, 0)) is CLOSED


def test_daily():
    daily = {"freq": "DAILY", "opens_at": "10:00", "closes_at": "15:00"}
    assert state(daily, at(2026, 7, 18, 12, 0)) is OPEN  # Saturday
    assert state(daily, at(2026, 7, 20, 12, 0)) is CLOSED  # 海の日


# ---- what cannot be told ---------------------------------------------------------------------


def test_no_schedules_is_unknown():
    assert open_state([], at(2026, 7, 15, 10, 0)) is UNKNOWN


@pytest.mark.parametrize(
    "schedule",
    [
        {"freq": "YEARLY", "opens_at": "10:00", "closes_at": "12:00"},
        {**WEEKDAYS, "count": 10},
        {**WEEKDAYS, "byweekno": "41,42"},
        {**WEEKDAYS, "byyearday": "100"},
        {"freq": "WEEKLY", "opens_at": "10:00", "closes_at": "12:00"},  # which day?
        {"description": "不定期に開いています"},
        {**WEEKDAYS, "byday": "XX"},
        {**WEEKDAYS, "interval": 2},  # every other week from when?
    ],
)
def test_rules_it_cannot_evaluate_are_unknown_not_closed(schedule):
    assert not parse_schedule(schedule).evaluable
    assert state(schedule, at(2026, 7, 15, 10, 0)) is UNKNOWN


def test_days_without_times_are_unknown_on_those_days_and_closed_on_others():
    days_only = {"freq": "WEEKLY", "byday": "WE"}
    assert state(days_only, at(2026, 7, 15, 10, 0)) is UNKNOWN
    assert state(days_only, at(2026, 7, 16, 10, 0)) is CLOSED
    assert hours_summary([days_only], today=date(2026, 7, 1)) == "水（祝日・年末年始は休み）"


def test_bad_times_are_ignored():
    for bad in ("9時", "25:00", "24:30", "10:75", ""):
        rule = parse_schedule({**WEEKDAYS, "opens_at": bad})
        assert rule.opens is None


def test_one_open_schedule_is_enough_and_unknown_beats_closed():
    morning = {**WEEKDAYS, "opens_at": "09:00", "closes_at": "12:00"}
    afternoon = {**WEEKDAYS, "opens_at": "13:00", "closes_at": "17:00"}
    assert state([morning, afternoon], at(2026, 7, 15, 12, 30)) is CLOSED
    assert state([morning, afternoon], at(2026, 7, 15, 14, 0)) is OPEN
    assert state([morning, {"description": "要予約"}], at(2026, 7, 15, 12, 30)) is UNKNOWN


# ---- in words ------------------------------------------------------------------------------


def test_the_summary_of_the_issue():
    cool = {**WEEKDAYS, "valid_from": "2026-07-01", "valid_to": "2026-09-30"}
    assert hours_summary([cool], today=date(2026, 6, 1)) == (
        "月〜金 9:00–17:00（祝日・年末年始は休み）／7月〜9月のみ"
    )


@pytest.mark.parametrize(
    ("byday", "text"),
    [
        ("MO,TU,WE,TH,FR", "月〜金"),
        ("MO,WE,FR", "月・水・金"),
        ("MO,TU,WE,FR", "月〜水・金"),
        ("SA,SU", "土・日"),
        ("SU,MO,TU,WE,TH,FR,SA", "毎日"),
        ("TU,WE,TH,FR,SA", "火〜土"),
    ],
)
def test_weekdays_in_words(byday, text):
    schedule = {**WEEKDAYS, "byday": byday}
    assert hours_summary([schedule], today=date(2026, 7, 1)).startswith(text + " 9:00–17:00")


def test_holiday_notes_in_words():
    def note(notes):
        return hours_summary([{**WEEKDAYS, "notes": notes}], today=date(2026, 7, 1))

    assert note("").endswith("（祝日・年末年始は休み）")
    assert note("祝日も開いています").endswith("（年末年始は休み）")
    assert note("年末年始も開いています").endswith("（祝日は休み）")
    assert note("年中無休").endswith("（祝日・年末年始も開いています）")


def test_monthly_and_overnight_in_words():
    assert hours_lines(
        [
            {"freq": "MONTHLY", "byday": "2SA,4SA", "opens_at": "11:00", "closes_at": "14:00"},
            {"freq": "MONTHLY", "byday": "-1FR", "opens_at": "18:00", "closes_at": "01:00"},
            {"freq": "MONTHLY", "bymonthday": "1,-1", "opens_at": "10:00"},
        ],
        today=date(2026, 7, 1),
    ) == [
        "毎月第2・第4土曜 11:00–14:00、毎月最終金曜 18:00–翌1:00、毎月1日・月末 10:00–"
        "（祝日・年末年始は休み）"
    ]


def test_rules_that_cannot_be_told_show_their_description():
    lines = hours_lines(
        [WEEKDAYS, {"freq": "YEARLY", "description": "夏祭りの日だけ開きます"}],
        today=date(2026, 7, 1),
    )
    assert lines == ["月〜金 9:00–17:00、夏祭りの日だけ開きます（祝日・年末年始は休み）"]
    assert hours_summary([{"freq": "YEARLY"}], today=date(2026, 7, 1)) == ""
    assert hours_summary([], today=date(2026, 7, 1)) == ""


def test_different_holiday_rules_each_get_their_note():
    lines = hours_lines(
        [
            WEEKDAYS,
            {
                "freq": "WEEKLY",
                "byday": "SA",
                "opens_at": "10:00",
                "closes_at": "12:00",
                "notes": "年中無休",
            },
        ],
        today=date(2026, 7, 1),
    )
    assert lines == [
        "月〜金 9:00–17:00（祝日・年末年始は休み）、土 10:00–12:00（祝日・年末年始も開いています）"
    ]


@pytest.mark.parametrize(
    ("first", "last", "text"),
    [
        (date(2026, 7, 1), date(2026, 9, 30), "7月〜9月のみ"),
        (date(2026, 8, 1), date(2026, 8, 31), "8月のみ"),
        (date(2026, 7, 1), date(2026, 8, 15), "7月1日〜8月15日のみ"),
        (date(2025, 7, 1), date(2025, 9, 30), "2025年7月〜9月のみ"),
        (date(2026, 12, 1), date(2027, 2, 28), "2026年12月〜2027年2月のみ"),
        (date(2026, 12, 20), date(2027, 1, 10), "2026年12月20日〜2027年1月10日のみ"),
        (date(2026, 4, 1), None, "4月1日から"),
        (None, date(2027, 3, 31), "2027年3月31日まで"),
        (None, None, ""),
    ],
)
def test_periods_in_words(first, last, text):
    assert period_text(first, last, today=date(2026, 7, 1)) == text


# ---- which schedules -------------------------------------------------------------------------


def test_the_service_schedules_come_first_then_service_at_location_then_location():
    own = {"id": "own", **WEEKDAYS}
    at_location = {"id": "sal", **WEEKDAYS}
    building = {"id": "loc", **WEEKDAYS}
    sal = {"id": "s", "schedules": [at_location], "location": {"id": "l", "schedules": [building]}}
    assert service_schedules({"schedules": [own], "service_at_locations": [sal]}) == [own]
    assert service_schedules({"schedules": [], "service_at_locations": [sal]}) == [at_location]
    sal_without = {"id": "s", "location": {"id": "l", "schedules": [building]}}
    assert service_schedules({"service_at_locations": [sal_without]}) == [building]
    # Location documents stored apart (Location.document) count as the building's hours.
    assert service_schedules({}, [{"schedules": [building]}]) == [building]
    assert service_schedules({}) == []
    # The same location nested in the document and stored apart: its schedule counts once.
    assert service_schedules(
        {"service_at_locations": [sal_without]}, [{"schedules": [building]}]
    ) == [building]


def test_summary_of_a_fixed_offset_zone_is_in_its_own_clock():
    rule = parse_schedule({**WEEKDAYS, "opens_at": "09:00+09:00"})
    assert rule.tz == timezone(timedelta(hours=9))
    assert rule.opens == 9 * 60
