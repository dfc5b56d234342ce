"""The words official population tables use, matched in imported files (data, not UI text).

Headers are compared after ``core.text.normalize`` (NFKC: full-width to half-width, ～ to ~)
with spaces removed."""

import re
from datetime import date

# A header cell that names the area code column.
CODE_HEADERS = frozenset({
    "コード", "地域コード", "市区町村コード", "団体コード", "全国地方公共団体コード",
    "area_code", "地域code", "市町村コード", "市区町村code",
})  # fmt: skip
CODE_WORDS = ("地域", "市区町村", "市町村", "団体", "area")
NAME_HEADERS = frozenset({
    "地域", "市区町村", "市区町村名", "市町村", "市町村名", "団体名", "地域名",
    "全国,都道府県,市区町村", "全国、都道府県、市区町村", "area",
})  # fmt: skip
AGE_WORDS = ("年齢", "年齢階級", "年齢区分", "年齢各歳")
SEX_WORDS = ("男女", "性別")
TIME_WORDS = ("時間軸", "調査年", "年次")
VALUE_HEADERS = frozenset({"value", "値", "人口", "人数", "人口(人)", "人口総数"})
ITEM_WORDS = ("表章項目", "表章事項")
# e-Stat's 全域／人口集中地区 dimension (older censuses): only the 全域 rows are the municipality.
DISTRICT_WORDS = ("人口集中地区",)
WHOLE_AREA = frozenset({"全域", "総数", "計"})
# e-Stat's 国籍総数か日本人 dimension (2015 onward): only 国籍総数 is everyone.
NATIONALITY_WORDS = ("国籍",)
ALL_NATIONALITIES = frozenset({"国籍総数", "総数", "総人口"})
DATE_HEADERS = frozenset({"調査年月日", "基準日", "時点"})
# 住民基本台帳 (自治体標準オープンデータセット) value columns.
TOTAL_COLUMN = frozenset({"総数", "計", "男女計", "合計", "人口", "総人口"})
# 自治体標準オープンデータセット「年齢別人口」: "0-4歳の男性", "年齢不詳の女性" ...
SEXED_AGE = re.compile(r"^(.+?)の(男性|女性|男|女|総数|男女計|計)$")
UNKNOWN_AGE = frozenset({"年齢不詳", "不詳", "年齢「不詳」", "年齢\"不詳\""})
SUBAREA_HEADERS = frozenset({"地域コード"})
MALE_COLUMN = frozenset({"男", "男性", "男性人口"})
FEMALE_COLUMN = frozenset({"女", "女性", "女性人口"})

TOTAL_AGE = frozenset({"総数", "総人口", "計", "合計", "総計", "年齢計", "全年齢", "男女計", "人口"})
SKIP_AGE_WORDS = ("再掲", "不詳", "平均", "中位", "未満", "割合", "指数", "%", "構成比")
TOTAL_SEX = frozenset({"男女計", "総数", "計", "総計", "合計", "男女総数", "総人口"})
MALE_SEX = frozenset({"男", "男性", "男子", "男総数"})
FEMALE_SEX = frozenset({"女", "女性", "女子", "女総数"})
POPULATION_ITEM_WORDS = ("人口", "人数")

# e-Stat files start with lines such as "統計名：","国勢調査 ..." before the table.
META_STAT_NAME = ("統計名", "政府統計名", "提供統計名")
META_TITLE = ("表題", "表名")
META_SURVEY_DATE = ("調査年月", "実施年月", "調査年", "調査時点", "基準日")
META_PUBLISHED = ("公開(更新)日", "公開日", "公表日", "更新日")

CENSUS_WORDS = ("国勢調査",)
REGISTRY_WORDS = ("住民基本台帳", "住基")
PROJECTION_WORDS = ("将来推計", "推計人口", "社人研", "人口問題研究所")

_DASH = re.compile("[~〜～\\-－ー―‐–—]")
_RANGE = re.compile(r"^(\d{1,3})歳?-(\d{1,3})歳?$")
_OPEN = re.compile(r"^(\d{1,3})歳以上$")
_SINGLE = re.compile(r"^(\d{1,3})歳$")
_UNIT = re.compile(r"【[^】]*】|\((?:人|千人|単位:?人)\)")
_ERA = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
_ERA_YEAR = re.compile(r"(明治|大正|昭和|平成|令和)(\d{1,2}|元)年")
_MONTH = re.compile(r"(?<!\d)(\d{1,2})月")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d|2100)(?!\d)")
_YEAR_HEADER = re.compile(r"^(?:(19[5-9]\d|20\d\d|2100)年?|令和\d+\((20\d\d)\)年?)(?:\(.*\))?(?:推計|人口)?$")


def dash_to_hyphen(text: str) -> str:
    return _DASH.sub("-", text)


def age_range(label: str) -> tuple[int, int | None] | None:
    """(from, to) of an age label (to None for "85歳以上"); None when it is not one."""
    text = dash_to_hyphen(label.replace("　", "").replace(" ", ""))
    for pattern in (_RANGE, _SINGLE):
        match = pattern.match(text)
        if match:
            first = int(match.group(1))
            last = int(match.group(match.lastindex or 1))
            return (first, last) if first <= last else None
    match = _OPEN.match(text)
    if match:
        return int(match.group(1)), None
    return None


def year_of(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def strip_unit(text: str) -> str:
    """"総数【人】", "人口(人)" -> the header without its unit."""
    return _UNIT.sub("", text)


def year_of_any(text: str) -> int | None:
    """A year written in 西暦 or in an era (昭和55年 -> 1980)."""
    match = _ERA_YEAR.search(text)
    if match:
        number = 1 if match.group(2) == "元" else int(match.group(2))
        return _ERA[match.group(1)] + number
    return year_of(text)


def date_of(text: str, default_month: int = 1) -> date | None:
    """The date a census or register line says: "2020年 10月" -> 2020-10-01 (day 1 when the
    day is not given, ``default_month`` when the month is not); a full date as typed in Japan;
    None when there is no year."""
    from tsunagu.core import dates

    try:
        return dates.parse_date(text)
    except (ValueError, TypeError):
        pass
    year = year_of_any(text)
    if year is None:
        return None
    rest = _ERA_YEAR.sub("", text).replace(str(year), "", 1)
    month = _MONTH.search(rest)
    number = int(month.group(1)) if month else default_month
    return date(year, number if 1 <= number <= 12 else default_month, 1)


def year_header(text: str) -> int | None:
    """2020, 2020年, 2020年(令和2年), 令和2(2020)年 as a year column; else None."""
    match = _YEAR_HEADER.match(text.replace(" ", ""))
    if not match:
        return None
    return int(match.group(1) or match.group(2))

CODE_WORD = "コード"
ESTIMATE_YEAR = re.compile(r"\(?(20\d\d)\)?年推計")
DATE_JOIN = "・"
