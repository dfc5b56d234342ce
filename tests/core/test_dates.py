"""Tests for tsunagu.core.dates: 年度, 和暦, parse_date, business days."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from tsunagu.core.dates import (
    ERAS,
    TOKYO,
    Era,
    era_end,
    era_of,
    fiscal_year,
    fiscal_year_label,
    fiscal_year_range,
    is_business_day,
    is_japanese_holiday,
    is_new_year_break,
    now_local,
    parse_date,
    today_local,
    wareki,
    wareki_to_date,
    wareki_year,
)

# ---- 年度 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2023, 3, 31), 2022),
        (date(2022, 4, 1), 2022),
        (date(2022, 12, 31), 2022),
        (date(2023, 1, 1), 2022),
        (date(2023, 4, 1), 2023),
    ],
)
def test_fiscal_year(d, fy):
    assert fiscal_year(d) == fy


def test_fiscal_year_range():
    assert fiscal_year_range(2022) == (date(2022, 4, 1), date(2023, 3, 31))
    assert fiscal_year_range(2023) == (date(2023, 4, 1), date(2024, 3, 31))


def test_fiscal_year_range_round_trips_every_day():
    first, last = fiscal_year_range(2023)  # includes 2024-02-29
    d = first
    while d <= last:
        assert fiscal_year(d) == 2023
        d += timedelta(days=1)
    assert fiscal_year(first - timedelta(days=1)) == 2022
    assert fiscal_year(last + timedelta(days=1)) == 2024


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2022, "令和4年度"),
        (2019, "令和元年度"),
        (2020, "令和2年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
        (1926, "昭和元年度"),
        (1925, "大正14年度"),
    ],
)
def test_fiscal_year_label(year, label):
    assert fiscal_year_label(year) == label


def test_fiscal_year_label_western():
    assert fiscal_year_label(2022, western=True) == "2022年度（令和4年度）"
    assert fiscal_year_label(2019, western=True) == "2019年度（令和元年度）"


# ---- eras and 和暦 ---------------------------------------------------------


def test_era_table():
    assert [(e.name, e.abbr, e.start) for e in ERAS] == [
        ("明治", "M", date(1868, 10, 23)),
        ("大正", "T", date(1912, 7, 30)),
        ("昭和", "S", date(1926, 12, 25)),
        ("平成", "H", date(1989, 1, 8)),
        ("令和", "R", date(2019, 5, 1)),
    ]
    assert all(isinstance(e, Era) for e in ERAS)


def test_era_boundaries():
    assert era_of(date(2019, 4, 30)).name == "平成"
    assert era_of(date(2019, 5, 1)).name == "令和"
    assert era_of(date(1989, 1, 7)).name == "昭和"
    assert era_of(date(1989, 1, 8)).name == "平成"
    assert era_of(date(1868, 10, 23)).name == "明治"
    assert era_end(ERAS[3]) == date(2019, 4, 30)
    assert era_end(ERAS[-1]) is None


def test_era_of_before_meiji():
    with pytest.raises(ValueError, match="明治より前"):
        era_of(date(1868, 10, 22))


@pytest.mark.parametrize(
    ("d", "long", "short", "year"),
    [
        (date(2022, 4, 1), "令和4年4月1日", "R4.4.1", "令和4年"),
        (date(2019, 5, 1), "令和元年5月1日", "R1.5.1", "令和元年"),
        (date(2019, 4, 30), "平成31年4月30日", "H31.4.30", "平成31年"),
        (date(1989, 1, 7), "昭和64年1月7日", "S64.1.7", "昭和64年"),
        (date(1989, 1, 8), "平成元年1月8日", "H1.1.8", "平成元年"),
        (date(1926, 12, 25), "昭和元年12月25日", "S1.12.25", "昭和元年"),
        (date(1912, 7, 30), "大正元年7月30日", "T1.7.30", "大正元年"),
        (date(1912, 7, 29), "明治45年7月29日", "M45.7.29", "明治45年"),
    ],
)
def test_wareki(d, long, short, year):
    assert wareki(d) == long
    assert wareki(d, style="long") == long
    assert wareki(d, style="short") == short
    assert wareki(d, style="year") == year


def test_wareki_accepts_datetime():
    assert wareki(datetime(2022, 4, 1, 9, 0, tzinfo=TOKYO)) == "令和4年4月1日"


def test_wareki_rejects_unknown_style():
    with pytest.raises(ValueError):
        wareki(date(2022, 4, 1), style="kanji")  # type: ignore[arg-type]


def test_wareki_year():
    assert wareki_year(2019) == (ERAS[4], 1)
    assert wareki_year(2019, 4) == (ERAS[3], 31)
    assert wareki_year(2019, 5) == (ERAS[4], 1)
    assert wareki_year(1989, 1) == (ERAS[3], 1)
    with pytest.raises(ValueError):
        wareki_year(2019, 13)


def test_wareki_to_date():
    assert wareki_to_date("令和", 4, 4, 1) == date(2022, 4, 1)
    assert wareki_to_date("r", 4, 4, 1) == date(2022, 4, 1)
    assert wareki_to_date(ERAS[3], 31, 4, 30) == date(2019, 4, 30)
    with pytest.raises(ValueError, match="元号"):
        wareki_to_date("X", 1, 1, 1)
    with pytest.raises(ValueError, match="元年"):
        wareki_to_date("令和", 0, 5, 1)


# ---- parse_date --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022/4/1", date(2022, 4, 1)),
        ("2022-04-01", date(2022, 4, 1)),
        ("2022.4.1", date(2022, 4, 1)),
        ("20220401", date(2022, 4, 1)),
        ("2022年4月1日", date(2022, 4, 1)),
        ("2022年4月1", date(2022, 4, 1)),
        ("R4.4.1", date(2022, 4, 1)),
        ("r4/4/1", date(2022, 4, 1)),
        ("R04-04-01", date(2022, 4, 1)),
        ("R4年4月1日", date(2022, 4, 1)),
        ("令和4年4月1日", date(2022, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("S50.1.1", date(1975, 1, 1)),
        ("S64.1.7", date(1989, 1, 7)),
        ("T1.7.30", date(1912, 7, 30)),
        ("M45.7.29", date(1912, 7, 29)),
        ("２０２２／４／１", date(2022, 4, 1)),
        ("Ｒ４．４．１", date(2022, 4, 1)),
        ("ｒ４－４－１", date(2022, 4, 1)),
        ("令和４年４月１日", date(2022, 4, 1)),
        ("  2022/4/1  ", date(2022, 4, 1)),
        ("\u3000令和 4 年 4 月 1 日\u3000", date(2022, 4, 1)),
        ("\t2024/2/29\n", date(2024, 2, 29)),
        ("㋿4.4.1", date(2022, 4, 1)),
    ],
)
def test_parse_date_accepts(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "入力されていません"),
        ("   \u3000", "入力されていません"),
        ("R1.4.1", "令和は2019年5月1日からです"),
        ("令和元年4月30日", "令和は2019年5月1日からです"),
        ("H31.5.1", "平成は2019年4月30日までです"),
        ("H32.1.1", "平成は2019年4月30日までです"),
        ("S64.1.8", "昭和は1989年1月7日までです"),
        ("R0.5.1", "元年"),
        ("2023/2/30", "存在しない日付です: 2023/2/30"),
        ("2023/13/1", "存在しない日付です"),
        ("20230230", "存在しない日付です"),
        ("0000/1/1", "存在しない日付です"),
        ("R5.2.29", "存在しない日付です"),
        ("2022/4-1", "日付として読めません: 2022/4-1"),
        ("22/4/1", "日付として読めません"),
        ("2022/4/1/", "日付として読めません"),
        ("2022/04/01 10:00", "日付として読めません"),
        ("明日", "日付として読めません"),
        ("X4.4.1", "日付として読めません"),
        ("令和四年四月一日", "日付として読めません"),
        ("٢٠٢٢/4/1", "日付として読めません"),
    ],
)
def test_parse_date_rejects_with_japanese_message(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


def test_parse_date_message_is_bounded():
    with pytest.raises(ValueError) as info:
        parse_date("あ" * 10_000)
    assert len(str(info.value)) < 100


def test_parse_date_rejects_non_str():
    with pytest.raises(TypeError):
        parse_date(None)  # type: ignore[arg-type]


def test_parse_date_round_trips_wareki():
    d = date(1912, 7, 30)
    while d < date(2031, 1, 1):
        assert parse_date(wareki(d)) == d
        assert parse_date(wareki(d, style="short")) == d
        assert parse_date(d.isoformat()) == d
        d += timedelta(days=97)


def test_parse_date_only_raises_value_error():
    rng = random.Random(20240401)
    alphabet = "0123456789０１２３４５/.-／．－年月日元令和平成昭和RHSMTrx \u3000\ud800\U0001f600"
    for _ in range(5_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        try:
            result = parse_date(text)
        except ValueError:
            continue
        assert isinstance(result, date)


# ---- clock and calendar ------------------------------------------------------


def test_now_local_is_aware_tokyo():
    now = now_local()
    assert now.tzinfo is not None
    assert now.utcoffset() == timedelta(hours=9)
    assert str(now.tzinfo) == "Asia/Tokyo"
    assert abs(now - datetime.now(UTC)) < timedelta(minutes=1)
    assert today_local() in (now.date(), now.date() + timedelta(days=1))


@pytest.mark.parametrize(
    ("d", "holiday"),
    [
        (date(2024, 1, 1), True),  # 元日
        (date(2024, 5, 3), True),  # 憲法記念日
        (date(2024, 5, 6), True),  # 振替休日
        (date(2019, 5, 1), True),  # 天皇の即位の日
        (date(2024, 5, 7), False),
        (date(2024, 12, 30), False),  # 年末 but not a national holiday
    ],
)
def test_is_japanese_holiday(d, holiday):
    assert is_japanese_holiday(d) is holiday


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 12, 28), False),
        (date(2024, 12, 29), True),
        (date(2024, 12, 31), True),
        (date(2025, 1, 1), True),
        (date(2025, 1, 3), True),
        (date(2025, 1, 4), False),
    ],
)
def test_is_new_year_break(d, expected):
    assert is_new_year_break(d) is expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 5, 7), True),  # Tuesday
        (date(2024, 5, 11), False),  # Saturday
        (date(2024, 5, 12), False),  # Sunday
        (date(2024, 5, 6), False),  # Monday, 振替休日
        (date(2024, 12, 27), True),  # Friday before 年末年始
        (date(2024, 12, 30), False),  # Monday in 年末年始
        (date(2025, 1, 3), False),  # Friday in 年末年始
        (date(2025, 1, 6), True),  # Monday after
    ],
)
def test_is_business_day(d, expected):
    assert is_business_day(d) is expected


def test_calendar_uses_tokyo_date_of_aware_datetime():
    # 2024-05-06 16:00 UTC is 2024-05-07 01:00 in Tokyo (a business day).
    moment = datetime(2024, 5, 6, 16, 0, tzinfo=UTC)
    assert is_business_day(moment)
    assert not is_japanese_holiday(moment)


def test_fiscal_year_uses_tokyo_date_of_aware_datetime():
    # 2023-03-31 15:30 UTC is already 2023-04-01 in Tokyo.
    assert fiscal_year(datetime(2023, 3, 31, 15, 30, tzinfo=UTC)) == 2023
    assert wareki(datetime(2019, 4, 30, 15, 0, tzinfo=UTC)) == "令和元年5月1日"
