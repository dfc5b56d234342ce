"""年度 (fiscal year, April–March), 和暦, parsing typed dates, and business days.

This is the ONE module for these rules; everything else should call it.

Era start dates are the Gregorian day each era began. 明治 starts on 1868-10-23
(明治改元の詔, 慶応4年9月8日); the retroactive start (1868-01-25) is not used.
Dates before 1873 were officially lunisolar, so 明治 dates before then are
only nominal. Dates before 明治 cannot be written in 和暦 here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import jpholiday
from django.utils.translation import gettext as _

TOKYO = ZoneInfo("Asia/Tokyo")

WarekiStyle = Literal["long", "short", "year"]


@dataclass(frozen=True)
class Era:
    """A Japanese era: kanji name, one-letter abbreviation, first day."""

    name: str
    abbr: str
    start: date


ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 10, 23)),
    Era("大正", "T", date(1912, 7, 30)),
    Era("昭和", "S", date(1926, 12, 25)),
    Era("平成", "H", date(1989, 1, 8)),
    Era("令和", "R", date(2019, 5, 1)),
)

_ERA_BY_KEY: dict[str, Era] = {e.name: e for e in ERAS} | {e.abbr: e for e in ERAS}


def _as_date(d: date) -> date:
    """A datetime as its Tokyo calendar date (naive ones as they stand)."""
    if isinstance(d, datetime):
        return (d.astimezone(TOKYO) if d.tzinfo is not None else d).date()
    return d


def era_end(era: Era) -> date | None:
    """Last day of ``era``, or None for the current era."""
    i = ERAS.index(era)
    return ERAS[i + 1].start - timedelta(days=1) if i + 1 < len(ERAS) else None


def era_of(d: date) -> Era:
    """The era in force on ``d``; ValueError before 明治."""
    d = _as_date(d)
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    raise ValueError(_("明治より前の日付は和暦にできません: %(date)s") % {"date": d.isoformat()})


def _year_text(era: Era, n: int) -> str:
    return f"{era.name}{'元' if n == 1 else n}年"


def wareki(d: date, *, style: WarekiStyle = "long") -> str:
    """Format ``d`` in 和暦: "令和4年4月1日" / "R4.4.1" (short) / "令和4年" (year)."""
    d = _as_date(d)
    era = era_of(d)
    n = d.year - era.start.year + 1
    if style == "long":
        return f"{_year_text(era, n)}{d.month}月{d.day}日"
    if style == "short":
        return f"{era.abbr}{n}.{d.month}.{d.day}"
    if style == "year":
        return _year_text(era, n)
    raise ValueError(f"unknown wareki style: {style!r}")


def wareki_year(year: int, month: int = 12) -> tuple[Era, int]:
    """Era and era-year for a western ``year``, judged on the last day of ``month``.

    The default (December) gives the usual name of a whole year: 2019 -> 令和1,
    1989 -> 平成1.
    """
    if not 1 <= month <= 12:
        raise ValueError(_("月は1〜12で指定してください: %(month)s") % {"month": month})
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    era = era_of(last)
    return era, year - era.start.year + 1


def wareki_to_date(era: str | Era, year: int, month: int, day: int) -> date:
    """The date for era ``era`` (kanji name, letter or Era) year ``year``.

    Raises ValueError with a Japanese message if the date does not exist or
    falls outside the era.
    """
    e = era if isinstance(era, Era) else _ERA_BY_KEY.get(era.upper() if len(era) == 1 else era)
    if e is None:
        raise ValueError(_("元号が分かりません: %(era)s") % {"era": era})
    if year < 1:
        raise ValueError(_("%(era)sの年は1（元年）からです") % {"era": e.name})
    try:
        d = date(e.start.year + year - 1, month, day)
    except ValueError:
        raise ValueError(
            _("存在しない日付です: %(era)s%(year)s年%(month)s月%(day)s日")
            % {"era": e.name, "year": year, "month": month, "day": day}
        ) from None
    if d < e.start:
        raise ValueError(
            _("%(era)sは%(date)sからです") % {"era": e.name, "date": _western_text(e.start)}
        )
    end = era_end(e)
    if end is not None and d > end:
        raise ValueError(
            _("%(era)sは%(date)sまでです") % {"era": e.name, "date": _western_text(end)}
        )
    return d


def _western_text(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ---- 年度 -------------------------------------------------------------------


def fiscal_year(d: date) -> int:
    """The 年度 containing ``d``: April–March, named by the year of its April."""
    d = _as_date(d)
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_range(year: int) -> tuple[date, date]:
    """First and last day (inclusive) of 年度 ``year``."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def fiscal_year_label(year: int, *, western: bool = False) -> str:
    """Label a 年度: "令和4年度" for 2022; with ``western=True`` "2022年度（令和4年度）".

    A 年度 takes the 和暦 name of its starting calendar year as a whole (the era
    in force on 31 December): FY2019 -> 令和元年度 (even though 2019-04-01 was
    still 平成31), FY2018 -> 平成30年度, FY1988 -> 昭和63年度, FY1989 -> 平成元年度.
    """
    era, n = wareki_year(year)
    label = f"{_year_text(era, n)}度"
    return f"{year}年度（{label}）" if western else label


# ---- parsing ------------------------------------------------------------------

_SEP = r"[/.\-]"
_WESTERN = re.compile(
    rf"(?P<y>\d{{4}})(?:(?P<s>{_SEP})(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})"
    r"|年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日?)",
    re.ASCII,
)
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", re.ASCII)
_WAREKI = re.compile(
    r"(?P<e>明治|大正|昭和|平成|令和|[MTSHR])(?P<y>元|\d{1,2})"
    rf"(?:(?P<s>{_SEP})(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})"
    r"|年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日?)",
    re.ASCII,
)


def parse_date(text: str) -> date:
    """Read a date as typed in Japan; ValueError (Japanese message) otherwise.

    Accepts 2022/4/1, 2022-04-01, 2022.4.1, 20220401, 2022年4月1日, R4.4.1,
    r4/4/1, 令和4年4月1日, 令和元年5月1日, H31.4.30, in full or half width,
    with spaces anywhere.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_date expects str, not {type(text).__name__}")
    shown = text.strip()
    if len(shown) > 40:
        shown = shown[:40] + "…"
    s = "".join(unicodedata.normalize("NFKC", text).split()).upper()
    if not s:
        raise ValueError(_("日付が入力されていません"))
    if m := _WAREKI.fullmatch(s):
        g = m.groupdict()
        year = 1 if g["y"] == "元" else int(g["y"])
        return wareki_to_date(g["e"], year, int(g["m"] or g["m2"]), int(g["d"] or g["d2"]))
    if m := _WESTERN.fullmatch(s) or _COMPACT.fullmatch(s):
        g = m.groupdict("")
        try:
            return date(int(g["y"]), int(g["m"] or g.get("m2", "")), int(g["d"] or g.get("d2", "")))
        except ValueError:
            raise ValueError(_("存在しない日付です: %(value)s") % {"value": shown}) from None
    raise ValueError(_("日付として読めません: %(value)s") % {"value": shown})


# ---- clock and calendar ------------------------------------------------------


def now_local() -> datetime:
    """The current time as an aware datetime in Asia/Tokyo."""
    return datetime.now(TOKYO)


def today_local() -> date:
    """Today's date in Asia/Tokyo."""
    return now_local().date()


def is_japanese_holiday(d: date) -> bool:
    """True on a national holiday (祝日, 振替休日, 国民の休日), per jpholiday."""
    return bool(jpholiday.is_holiday(_as_date(d)))


def is_new_year_break(d: date) -> bool:
    """True from 12/29 to 1/3 (年末年始)."""
    d = _as_date(d)
    return (d.month == 12 and d.day >= 29) or (d.month == 1 and d.day <= 3)


def is_business_day(d: date) -> bool:
    """Mon–Fri, not a national holiday and not in 年末年始 (12/29–1/3)."""
    d = _as_date(d)
    return d.weekday() < 5 and not is_japanese_holiday(d) and not is_new_year_break(d)
