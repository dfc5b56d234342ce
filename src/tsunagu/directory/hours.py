"""Opening hours of directory services, read from their HSDS schedules.

Two questions: is a service open at a given moment (``open_state``), and what are its hours in
one line of Japanese (``hours_summary``: 「月〜金 9:00–17:00（祝日・年末年始は休み）／7月〜9月のみ」).

Which schedules: a service's own ``schedules``; when it has none, those of its
``service_at_locations``; when those have none either, those of its locations (the building's
hours). The first level that has any is used, whole (``service_schedules``).

What a schedule means here (HSDS 3.0 ``schedule``, iCal-like):

- ``freq`` WEEKLY with ``byday`` ("MO,TU"); MONTHLY with ``byday`` ("1MO", "-1FR", "SA") and/or
  ``bymonthday`` ("1,15,-1"; both given = both must match, as in iCal); DAILY. ``interval`` > 1
  counts from ``dtstart``. Without ``freq``, ``byday`` means WEEKLY and ``bymonthday`` MONTHLY.
- ``opens_at`` / ``closes_at`` "09:00", "09:00:00", "09:00+09:00" or "00:00Z"; "24:00" closes at
  midnight; a closing time at or before the opening time runs past midnight (18:00–02:00).
  A time without an offset is read in the schedule's ``timezone`` (a UTC offset in hours) when
  it has one, else as Japan time: a hand-typed "09:00" of a Japanese directory means 9:00 here,
  not HSDS's "UTC unless stated".
- ``valid_from`` / ``valid_to`` (and iCal's ``dtstart`` / ``until``) bound the days, inclusive:
  a クールステーション open July–September has valid_from 2026-07-01, valid_to 2026-09-30.
- National holidays (``core.dates.is_japanese_holiday``) and 年末年始 12/29–1/3
  (``core.dates.is_new_year_break``) are closed, unless the schedule's ``notes`` or
  ``description`` says otherwise with one of the phrases in ``OPEN_ON_HOLIDAYS_PHRASES``
  (「祝日も開いています」, 「祝日も営業」, 「年中無休」 ...) or ``OPEN_AT_NEW_YEAR_PHRASES``
  (「年末年始も開いています」, 「年中無休」 ...). During 年末年始 only the latter counts.
- What cannot be evaluated — YEARLY, ``count``, ``byweekno``, ``byyearday``, a rule without
  days — is "unknown", never guessed: ``open_state`` answers UNKNOWN rather than CLOSED, and the
  summary shows the schedule's own ``description``. A schedule with days but no times is open
  "at unknown times" on those days and known closed on the others.

Pure functions of documents and aware datetimes; no database."""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tsunagu.core.dates import TOKYO, is_japanese_holiday, is_new_year_break
from tsunagu.core.text import normalize

# Phrases of a schedule's notes/description (compared after NFKC, spaces removed) that say it
# opens on national holidays / during 年末年始. Data matched in what staff write, not shown text.
OPEN_ON_HOLIDAYS_PHRASES = (
    "祝日も開いています",
    "祝日も開所",
    "祝日も営業",
    "祝日営業",
    "祝日開所",
    "祝日も利用できます",
    "年中無休",
)
OPEN_AT_NEW_YEAR_PHRASES = (
    "年末年始も開いています",
    "年末年始も開所",
    "年末年始も営業",
    "年末年始営業",
    "年中無休",
)

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY = 24 * 60


class OpenState(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            OpenState.OPEN: _("今開いています"),
            OpenState.CLOSED: _("今は閉まっています"),
            OpenState.UNKNOWN: _("開いている時間は登録されていません"),
        }[self]


@dataclass(frozen=True)
class Rule:
    """One HSDS schedule, parsed. Times are minutes from midnight in ``tz``."""

    freq: str  # "DAILY", "WEEKLY", "MONTHLY"; "" when not evaluable
    weekdays: frozenset[int] = frozenset()  # 0 = Monday; every such day (WEEKLY, MONTHLY)
    nth_weekdays: frozenset[tuple[int, int]] = frozenset()  # MONTHLY (1..5 or -1..-5, weekday)
    monthdays: frozenset[int] = frozenset()  # MONTHLY, 1..31 or -1..-31
    interval: int = 1
    dtstart: date | None = None
    first: date | None = None  # valid_from / dtstart, whichever is later
    last: date | None = None  # valid_to / until, whichever is earlier
    opens: int | None = None
    closes: int | None = None
    tz: tzinfo = TOKYO
    open_on_holidays: bool = False
    open_at_new_year: bool = False
    description: str = ""

    @property
    def evaluable(self) -> bool:
        return bool(self.freq)


# ---- parsing -------------------------------------------------------------------------------

_TIME = re.compile(
    r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _parse_time(value: Any) -> tuple[int, timezone | None] | None:
    """ "09:00" -> (540, None); "09:00+09:00" -> (540, +9h); "24:00" -> (1440, None)."""
    match = _TIME.match(str(value or "").strip())
    if not match:
        return None
    hours, minutes = int(match["h"]), int(match["m"])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    return hours * 60 + minutes, _offset(match["tz"])


def _parse_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _schedule_zone(schedule: Mapping[str, Any]) -> tzinfo:
    hours = schedule.get("timezone")
    if isinstance(hours, int | float) and not isinstance(hours, bool) and -14 <= hours <= 14:
        return timezone(timedelta(hours=hours))
    return TOKYO


def _says(schedule: Mapping[str, Any], phrases: Iterable[str]) -> bool:
    text = "".join(
        "".join(normalize(str(schedule.get(key) or "")).split()) for key in ("notes", "description")
    )
    return any(phrase in text for phrase in phrases)


def _split(value: Any) -> list[str]:
    return [part.strip().upper() for part in str(value or "").split(",") if part.strip()]


def parse_schedule(schedule: Mapping[str, Any]) -> Rule:
    """A Rule for one HSDS schedule; ``freq`` is "" when it cannot be evaluated."""
    description = normalize(str(schedule.get("description") or ""))
    common: dict[str, Any] = {
        "open_on_holidays": _says(schedule, OPEN_ON_HOLIDAYS_PHRASES),
        "open_at_new_year": _says(schedule, OPEN_AT_NEW_YEAR_PHRASES),
        "description": description,
    }
    dtstart = _parse_date(schedule.get("dtstart"))
    firsts = [d for d in (_parse_date(schedule.get("valid_from")), dtstart) if d]
    lasts = [
        d for d in (_parse_date(schedule.get("valid_to")), _parse_date(schedule.get("until"))) if d
    ]
    common.update(
        dtstart=dtstart, first=max(firsts) if firsts else None, last=min(lasts) if lasts else None
    )

    opens, closes = _parse_time(schedule.get("opens_at")), _parse_time(schedule.get("closes_at"))
    zone = (opens and opens[1]) or (closes and closes[1]) or _schedule_zone(schedule)
    common["tz"] = zone
    if opens is not None:
        common["opens"] = opens[0] % DAY
    if closes is not None:
        minutes, offset = closes
        if offset is not None and offset != zone:  # another offset than the opening time's
            local = (datetime(2000, 1, 1, tzinfo=offset) + timedelta(minutes=minutes)).astimezone(
                zone
            )
            converted = local.hour * 60 + local.minute
            minutes = converted if converted or not minutes else DAY  # midnight closes the day
        common["closes"] = minutes

    unsupported = any(schedule.get(key) for key in ("count", "byweekno", "byyearday", "bysetpos"))
    freq = str(schedule.get("freq") or "").strip().upper()
    byday, bymonthday = _split(schedule.get("byday")), _split(schedule.get("bymonthday"))
    if not freq:
        freq = "WEEKLY" if byday else "MONTHLY" if bymonthday else ""
    interval = max(_int(schedule.get("interval"), 1), 1)
    if unsupported or freq not in ("DAILY", "WEEKLY", "MONTHLY") or (interval > 1 and not dtstart):
        return Rule(freq="", **common)

    weekdays: set[int] = set()
    nth: set[tuple[int, int]] = set()
    for token in byday:
        match = re.fullmatch(r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)", token)
        if not match:
            return Rule(freq="", **common)
        weekday = WEEKDAY_CODES.index(match[2])
        if match[1] and freq == "MONTHLY":
            nth.add((int(match[1]), weekday))
        else:
            weekdays.add(weekday)
    monthdays: set[int] = set()
    for token in bymonthday:
        n = _int(token, 0)
        if not (1 <= abs(n) <= 31):
            return Rule(freq="", **common)
        monthdays.add(n)

    if freq == "WEEKLY" and not weekdays:
        if not dtstart:
            return Rule(freq="", **common)
        weekdays.add(dtstart.weekday())
    if freq == "MONTHLY" and not (weekdays or nth or monthdays):
        if not dtstart:
            return Rule(freq="", **common)
        monthdays.add(dtstart.day)
    return Rule(
        freq=freq,
        weekdays=frozenset(weekdays),
        nth_weekdays=frozenset(nth),
        monthdays=frozenset(monthdays),
        interval=interval,
        **common,
    )


def service_schedules(
    document: Mapping[str, Any], location_documents: Iterable[Mapping[str, Any]] = ()
) -> list[dict[str, Any]]:
    """The schedules that say when a service is open (see the module docstring): the
    service's own, else its service_at_locations', else its locations' (nested in the
    document, or the Location documents given; a schedule found in both counts once)."""

    def found(holders: Iterable[Any]) -> list[dict[str, Any]]:
        schedules: list[dict[str, Any]] = []
        for holder in holders:
            if not isinstance(holder, Mapping):
                continue
            for schedule in holder.get("schedules") or []:
                if isinstance(schedule, dict) and schedule not in schedules:
                    schedules.append(schedule)
        return schedules

    at_locations = [
        sal for sal in document.get("service_at_locations") or [] if isinstance(sal, Mapping)
    ]
    return (
        found([document])
        or found(at_locations)
        or found([*(sal.get("location") for sal in at_locations), *location_documents])
    )


# ---- is it open? ---------------------------------------------------------------------------


def _nth_of_month(d: date) -> tuple[int, int]:
    """Which occurrence of its weekday ``d`` is in its month, from the start and the end."""
    days_in_month = calendar.monthrange(d.year, d.month)[1]
    return (d.day - 1) // 7 + 1, -((days_in_month - d.day) // 7 + 1)


def _matches_freq(rule: Rule, d: date) -> bool:
    if rule.freq == "DAILY":
        return rule.interval == 1 or (d - rule.dtstart).days % rule.interval == 0
    if rule.freq == "WEEKLY":
        if d.weekday() not in rule.weekdays:
            return False
        if rule.interval == 1:
            return True
        start_monday = rule.dtstart - timedelta(days=rule.dtstart.weekday())
        return ((d - start_monday).days // 7) % rule.interval == 0
    # MONTHLY
    if rule.interval > 1:
        months = (d.year - rule.dtstart.year) * 12 + d.month - rule.dtstart.month
        if months % rule.interval:
            return False
    days_in_month = calendar.monthrange(d.year, d.month)[1]
    day_ok = not rule.monthdays or any(
        d.day == (n if n > 0 else days_in_month + n + 1) for n in rule.monthdays
    )
    if rule.weekdays or rule.nth_weekdays:
        first, last = _nth_of_month(d)
        weekday_ok = d.weekday() in rule.weekdays or any(
            wd == d.weekday() and n in (first, last) for n, wd in rule.nth_weekdays
        )
    else:
        weekday_ok = True
    return day_ok and weekday_ok


def is_scheduled_day(rule: Rule, d: date) -> bool:
    """Does the (evaluable) rule open on day ``d`` at all, holidays and seasons considered?"""
    if (rule.first and d < rule.first) or (rule.last and d > rule.last):
        return False
    if is_new_year_break(d):
        if not rule.open_at_new_year:
            return False
    elif is_japanese_holiday(d) and not rule.open_on_holidays:
        return False
    return _matches_freq(rule, d)


def rule_open_at(rule: Rule, at: datetime) -> bool | None:
    """True/False, or None when the schedule cannot say (no rule, or no times that day)."""
    if not rule.evaluable:
        return None
    local = at.astimezone(rule.tz)
    d, minute = local.date(), local.hour * 60 + local.minute
    if rule.opens is None or rule.closes is None:
        return None if is_scheduled_day(rule, d) else False
    if rule.opens < rule.closes:
        return rule.opens <= minute < rule.closes and is_scheduled_day(rule, d)
    # Past midnight: from the opening time to the end of the day, and on the next morning.
    return (minute >= rule.opens and is_scheduled_day(rule, d)) or (
        minute < rule.closes and is_scheduled_day(rule, d - timedelta(days=1))
    )


def open_state(schedules: Iterable[Mapping[str, Any]], at: datetime) -> OpenState:
    """OPEN if any schedule is open at the aware datetime ``at``; CLOSED if every schedule
    says closed; UNKNOWN otherwise (no schedules, or one that cannot say)."""
    if at.tzinfo is None:
        raise ValueError("open_state needs an aware datetime")
    answers = [rule_open_at(parse_schedule(s), at) for s in schedules]
    if any(a is True for a in answers):
        return OpenState.OPEN
    if answers and all(a is False for a in answers):
        return OpenState.CLOSED
    return OpenState.UNKNOWN


# ---- in words ------------------------------------------------------------------------------


def _weekday_name(index: int) -> str:
    return [
        pgettext("曜日", "月"),
        pgettext("曜日", "火"),
        pgettext("曜日", "水"),
        pgettext("曜日", "木"),
        pgettext("曜日", "金"),
        pgettext("曜日", "土"),
        pgettext("曜日", "日"),
    ][index]


def _list(items: Iterable[str]) -> str:
    return pgettext("並列", "・").join(items)


def _weekday_runs(days: Iterable[int]) -> str:
    """{0,1,2,3,4} -> 月〜金; {0,2,4} -> 月・水・金; {0,1,2,4} -> 月〜水・金; all -> 毎日."""
    ordered = sorted(set(days))
    if len(ordered) == 7:
        return _("毎日")
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(
                _("%(first)s〜%(last)s")
                % {"first": _weekday_name(run[0]), "last": _weekday_name(run[-1])}
            )
        else:
            parts.extend(_weekday_name(day) for day in run)
    return _list(parts)


def _ordinal(n: int) -> str:
    if n == -1:
        return _("最終")
    if n > 0:
        return _("第%(n)d") % {"n": n}
    return _("最後から%(n)d番目") % {"n": -n}


def _monthday(n: int) -> str:
    if n == -1:
        return _("月末")
    if n > 0:
        return _("%(day)d日") % {"day": n}
    return _("月末の%(n)d日前") % {"n": -n - 1}


def _days_text(rule: Rule) -> str:
    if rule.freq == "DAILY":
        text = _("毎日")
    elif rule.freq == "WEEKLY":
        text = _weekday_runs(rule.weekdays)
    else:
        parts = []
        for weekday in range(7):
            ordinals = sorted(
                (n for n, wd in rule.nth_weekdays if wd == weekday), key=lambda n: (n < 0, abs(n))
            )
            if ordinals:
                parts.append(
                    _("%(ordinals)s%(weekday)s曜")
                    % {
                        "ordinals": _list(_ordinal(n) for n in ordinals),
                        "weekday": _weekday_name(weekday),
                    }
                )
        if rule.weekdays:
            parts.append(
                _("%(weekdays)s曜")
                % {"weekdays": _list(_weekday_name(d) for d in sorted(rule.weekdays))}
            )
        if rule.monthdays:
            parts.append(
                _list(_monthday(n) for n in sorted(rule.monthdays, key=lambda n: (n < 0, abs(n))))
            )
        text = _("毎月%(days)s") % {"days": _list(parts)}
    if rule.interval > 1:
        unit = {
            "DAILY": _("%(n)d日ごと"),
            "WEEKLY": _("%(n)d週ごと"),
            "MONTHLY": _("%(n)dか月ごと"),
        }
        text = _("%(days)s（%(every)s）") % {
            "days": text,
            "every": unit[rule.freq] % {"n": rule.interval},
        }
    return text


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _times_text(rule: Rule) -> str:
    if rule.opens is None and rule.closes is None:
        return ""
    if rule.closes is None:
        return _("%(opens)s–") % {"opens": _clock(rule.opens)}
    if rule.opens is None:
        return _("–%(closes)s") % {"closes": _clock(rule.closes)}
    if rule.closes <= rule.opens:
        return _("%(opens)s–翌%(closes)s") % {
            "opens": _clock(rule.opens),
            "closes": _clock(rule.closes),
        }
    return _("%(opens)s–%(closes)s") % {"opens": _clock(rule.opens), "closes": _clock(rule.closes)}


def _holiday_note(rule: Rule) -> str:
    if rule.open_on_holidays and rule.open_at_new_year:
        return _("祝日・年末年始も開いています")
    if rule.open_on_holidays:
        return _("年末年始は休み")
    if rule.open_at_new_year:
        return _("祝日は休み")
    return _("祝日・年末年始は休み")


def _month_day(d: date, *, year: bool) -> str:
    if year:
        return _("%(year)d年%(month)d月%(day)d日") % {
            "year": d.year,
            "month": d.month,
            "day": d.day,
        }
    return _("%(month)d月%(day)d日") % {"month": d.month, "day": d.day}


def _month(d: date, *, year: bool) -> str:
    if year:
        return _("%(year)d年%(month)d月") % {"year": d.year, "month": d.month}
    return _("%(month)d月") % {"month": d.month}


def period_text(first: date | None, last: date | None, *, today: date) -> str:
    """7月〜9月のみ; 7月1日〜8月15日のみ; 2027年4月1日から; 3月31日まで. Years are shown unless
    the whole period lies in ``today``'s year."""
    if not first and not last:
        return ""
    year = not all(d is None or d.year == today.year for d in (first, last))
    if first and last:
        whole_months = first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]
        if whole_months:
            if (first.year, first.month) == (last.year, last.month):
                return _("%(month)sのみ") % {"month": _month(first, year=year)}
            end_year = year and last.year != first.year
            return _("%(first)s〜%(last)sのみ") % {
                "first": _month(first, year=year),
                "last": _month(last, year=end_year),
            }
        return _("%(first)s〜%(last)sのみ") % {
            "first": _month_day(first, year=year),
            "last": _month_day(last, year=year and last.year != first.year),
        }
    if first:
        return _("%(first)sから") % {"first": _month_day(first, year=year)}
    return _("%(last)sまで") % {"last": _month_day(last, year=year)}


def hours_lines(schedules: Iterable[Mapping[str, Any]], *, today: date) -> list[str]:
    """One line per season (schedules with the same valid period), in the order given."""
    groups: dict[str, list[Rule]] = {}
    for schedule in schedules:
        rule = parse_schedule(schedule)
        groups.setdefault(period_text(rule.first, rule.last, today=today), []).append(rule)
    lines = []
    for period, rules in groups.items():
        parts: list[str] = []
        notes = {_holiday_note(r) for r in rules if r.evaluable}
        shared_note = notes.pop() if len(notes) == 1 else None
        for rule in rules:
            if not rule.evaluable:
                if rule.description:
                    parts.append(rule.description)
                continue
            times = _times_text(rule)
            text = _days_text(rule)
            if times:
                text = _("%(days)s %(times)s") % {"days": text, "times": times}
            if shared_note is None:
                text = _("%(hours)s（%(note)s）") % {"hours": text, "note": _holiday_note(rule)}
            parts.append(text)
        if not parts:
            continue
        line = pgettext("並列", "、").join(parts)
        if shared_note:
            line = _("%(hours)s（%(note)s）") % {"hours": line, "note": shared_note}
        if period:
            line = _("%(hours)s／%(period)s") % {"hours": line, "period": period}
        lines.append(line)
    return lines


def hours_summary(schedules: Iterable[Mapping[str, Any]], *, today: date) -> str:
    """The hours in one line: 「月〜金 9:00–17:00（祝日・年末年始は休み）／7月〜9月のみ」;
    seasons are joined with 「。」. Empty when there are no schedules to tell."""
    return pgettext("文の区切り", "。").join(hours_lines(schedules, today=today))
