"""The header rows and cells of official population tables: which layout a header row is,
the metadata lines before it, and the values of age, sex, municipality code and number cells."""

from __future__ import annotations

from dataclasses import dataclass, field

from tsunagu.assessment import layouts as L
from tsunagu.assessment.tables import Grid
from tsunagu.core.text import normalize

HEADER_SEARCH_ROWS = 40
MISSING = frozenset({"", "-", "−", "－", "…", "...", "‥", "***", "**", "*", "x", "X", "ｘ", "―"})

LAYOUT_ESTAT_LONG = "estat_long"
LAYOUT_ESTAT_WIDE = "estat_wide"
LAYOUT_REGISTRY = "registry"
LAYOUT_REGISTRY_WIDE = "registry_wide"
LAYOUT_PROJECTION = "projection"


# ---- header recognition -------------------------------------------------------------------


def header_key(text: str) -> str:
    """A header or label compared: normalized (full-width digits to half), spaces and units
    such as 【人】 left out."""
    return L.strip_unit("".join(normalize(text or "").split()))


@dataclass
class Header:
    row: int
    names: list[str]
    code: int | None = None
    name: int | None = None
    age: int | None = None
    sex: int | None = None
    time: int | None = None
    value: int | None = None
    item: int | None = None
    date: int | None = None
    total: int | None = None
    male: int | None = None
    female: int | None = None
    district: int | None = None  # 全域／人口集中地区
    nationality: int | None = None  # 国籍総数か日本人
    subarea: int | None = None  # 自治体標準: 地域コード of a part of the municipality
    unknown: int | None = None  # 年齢「不詳」 column of a wide table
    ages: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)
    sexed: dict[int, tuple[tuple[int | None, int | None] | None, str]] = field(default_factory=dict)
    years: dict[int, int] = field(default_factory=dict)
    layout: str = ""


def _is_code(k: str) -> bool:
    if k in L.CODE_HEADERS:
        return True
    lower = k.lower()
    return (L.CODE_WORD in k or "code" in lower) and any(w in k for w in L.CODE_WORDS)


def _classify(number: int, cells: list[str]) -> Header:
    keys = [header_key(c) for c in cells]
    h = Header(row=number, names=[(c or "").strip() for c in cells])  # as the file writes them
    for i, k in enumerate(keys):
        if not k:
            continue
        is_code_col = L.CODE_WORD in k or "code" in k.lower()
        skipped_age = any(w in k for w in L.SKIP_AGE_WORDS)
        if h.code is None and _is_code(k):
            h.code = i
        elif h.code is not None and h.subarea is None and k in L.SUBAREA_HEADERS:
            h.subarea = i
        elif is_code_col:
            continue  # 年齢 コード, 男女 コード ...: the label column beside it is used
        elif h.name is None and (
            k in L.NAME_HEADERS
            or (h.code == i - 1 and any(w in k for w in L.CODE_WORDS))  # the label beside the code
        ):
            h.name = i
        elif h.item is None and any(w in k for w in L.ITEM_WORDS):
            h.item = i
        elif h.district is None and any(w in k for w in L.DISTRICT_WORDS):
            h.district = i
        elif h.nationality is None and any(k.startswith(w) for w in L.NATIONALITY_WORDS):
            h.nationality = i
        elif h.date is None and k in L.DATE_HEADERS:
            h.date = i
        elif h.unknown is None and k in L.UNKNOWN_AGE:
            h.unknown = i  # 年齢「不詳」: a column of values, never the age column
        elif h.age is None and not skipped_age and any(k.startswith(w) for w in L.AGE_WORDS):
            h.age = i
        elif (match := L.SEXED_AGE.match(k)) and (
            match.group(1) in L.UNKNOWN_AGE or age_of(match.group(1)) is not None
        ):
            age = None if match.group(1) in L.UNKNOWN_AGE else age_of(match.group(1))
            h.sexed[i] = (age, sex_of(match.group(2)) or "T")
        elif h.sex is None and any(k.startswith(w) for w in L.SEX_WORDS):
            h.sex = i
        elif h.time is None and any(k.startswith(w) for w in L.TIME_WORDS):
            h.time = i
        elif h.value is None and (k in L.VALUE_HEADERS or k.lower() == "value"):
            h.value = i
        elif k in L.MALE_COLUMN and h.male is None:
            h.male = i
        elif k in L.FEMALE_COLUMN and h.female is None:
            h.female = i
        elif (year := L.year_header(k)) is not None:
            h.years[i] = year
        elif k in L.TOTAL_COLUMN and h.total is None:
            h.total = i
        else:
            age = age_of(k)
            if age is not None:
                h.ages[i] = age
    if h.code is None and h.name is not None:
        h.code = h.name  # e-Stat may write the code into the area's name: "12213_東金市"
    if h.code is None:
        return h
    if len(h.years) >= 2:
        h.layout = LAYOUT_PROJECTION
    elif len(h.sexed) >= 2 and h.age is None:
        for i, s in ((h.total, "T"), (h.male, "M"), (h.female, "F")):
            if i is not None:
                h.sexed[i] = ((None, None), s)
        h.layout = LAYOUT_REGISTRY_WIDE
    elif h.age is not None and h.date is not None and h.total is not None:
        h.layout = LAYOUT_REGISTRY
    elif h.age is not None and h.value is not None:
        h.layout = LAYOUT_ESTAT_LONG
    elif h.age is not None and h.total is not None and (h.male is not None or h.value is None):
        h.layout = LAYOUT_REGISTRY
    elif len(h.ages) + (h.total is not None) >= 3:
        if h.total is not None:
            h.ages[h.total] = (None, None)
        h.layout = LAYOUT_ESTAT_WIDE
    return h


def age_of(label: str) -> tuple[int | None, int | None] | None:
    """(None, None) for 総数; (from, to) for a group; None for anything else."""
    if label in L.TOTAL_AGE:
        return (None, None)
    return L.age_range(label)


def find_header(grid: Grid) -> Header | None:
    for number, cells in grid[:HEADER_SEARCH_ROWS]:
        if not any((c or "").strip() for c in cells):
            continue
        header = _classify(number, cells)
        if header.layout:
            return header
    return None


def metadata_of(grid: Grid, until: int) -> dict[str, str]:
    """'統計名：','国勢調査 …' style lines (and a workbook's title) before the header row."""
    meta: dict[str, str] = {}
    titles: list[str] = []
    for number, cells in grid:
        if number >= until:
            break
        texts = [normalize(c or "") for c in cells if (c or "").strip()]
        if not texts:
            continue
        first = texts[0].rstrip(":： ")
        if len(texts) >= 2 and texts[0].endswith((":", "：")):
            meta.setdefault(first, " ".join(texts[1:]))  # "実施年月：","2020年","10月"
        else:
            titles.append(" ".join(texts))
    if titles:
        meta.setdefault("_title", titles[0])
    return meta


def meta_get(meta: dict[str, str], names: tuple[str, ...]) -> str:
    for key, value in meta.items():
        if any(header_key(key).startswith(header_key(n)) for n in names):
            return value
    return ""


# ---- cell values -------------------------------------------------------------------


class MissingValue(Exception):
    pass


def number_of(text: str) -> int:
    value = normalize(text or "").replace(",", "").replace(" ", "")
    if value in MISSING:
        raise MissingValue
    if value.endswith(".0"):
        value = value[:-2]
    if not value.isdigit():
        raise ValueError(value)
    return int(value)


def sex_of(label: str) -> str | None:
    k = header_key(label)
    if k in L.TOTAL_SEX:
        return "T"
    if k in L.MALE_SEX:
        return "M"
    if k in L.FEMALE_SEX:
        return "F"
    return None


def municipality_code(text: str) -> str:
    digits = "".join(ch for ch in normalize(text or "") if ch.isdigit())
    if len(digits) == 6:  # 全国地方公共団体コード with its check digit
        digits = digits[:5]
    return digits
