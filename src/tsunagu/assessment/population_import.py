"""Reading official population tables: e-Stat CSVs (国勢調査, 住民基本台帳) and the 社人研
projection workbook (XLSX).

The layout is recognized by its header words (``layouts``), wherever the header row is (e-Stat
files put lines of metadata before it, workbooks a title): each of the first rows is tried.
Everything is read and checked first; ``parse_population`` returns the figures, or errors that
name the row, the column and the reason — the service writes all or nothing. Areas outside the
region (全国, 都道府県, other municipalities) are skipped and counted in the notes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from django.utils.translation import gettext as _

from tsunagu.assessment import layouts as L
from tsunagu.assessment.population_headers import (
    LAYOUT_ESTAT_LONG,
    LAYOUT_ESTAT_WIDE,
    LAYOUT_PROJECTION,
    LAYOUT_REGISTRY,
    LAYOUT_REGISTRY_WIDE,
    Header,
    MissingValue,
    age_of,
    find_header,
    header_key,
    meta_get,
    metadata_of,
    municipality_code,
    number_of,
    sex_of,
)
from tsunagu.assessment.tables import Grid, read_grids
from tsunagu.core import dates
from tsunagu.core.tabular import RowError, TabularError
from tsunagu.core.text import normalize


def layout_help() -> list[str]:
    return [
        _("国勢調査（e-Stat・列指向）: 「地域 コード」「年齢」（「男女」「時間軸」は任意）と値の列（value／人口）"),
        _("国勢調査（e-Stat・表形式）: 「地域 コード」と年齢階級の列（総数、0～4歳、5～9歳 …）"),
        _("住民基本台帳（年齢別人口）: 「全国地方公共団体コード」「調査年月日」「年齢」と「総数」「男性」「女性」の列"),
        _("自治体標準オープンデータセット 年齢別人口: 「都道府県コード又は市区町村コード」「調査年月日」と"
          "「0-4歳の男性」「0-4歳の女性」… の列（1行に1か月）"),
        _("将来推計人口（社人研）: 「コード」「市区町村」（「年齢」は任意）と年の列（2020年、2025年 … 2050年）"),
    ]


def layout_label(layout: str) -> str:
    return {
        LAYOUT_ESTAT_LONG: _("e-Stat 列指向"),
        LAYOUT_ESTAT_WIDE: _("e-Stat 表形式"),
        LAYOUT_REGISTRY: _("住民基本台帳 年齢別人口"),
        LAYOUT_REGISTRY_WIDE: _("自治体標準オープンデータセット 年齢別人口"),
        LAYOUT_PROJECTION: _("社人研 将来推計人口"),
    }.get(layout, layout)


@dataclass(frozen=True)
class Figure:
    code: str  # 5-digit municipality code
    on_date: date  # 基準日: a census's 実施年月 (day 1), a register's 調査年月日
    age_from: int | None
    age_to: int | None
    sex: str  # T, M, F
    value: int
    age_unknown: bool = False  # 年齢不詳 (age_from and age_to empty)

    @property
    def year(self) -> int:
        return self.on_date.year


@dataclass
class Parsed:
    layout: str = ""
    kind: str = ""  # DatasetKind value, "" when the file does not say
    source_name: str = ""
    source_date: str = ""
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # municipalities in the file but not in the region (or no longer existing): code -> name
    left_out: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.figures)

    def municipalities(self) -> list[str]:
        return sorted({f.code for f in self.figures})

    def years(self) -> list[int]:
        return sorted({f.year for f in self.figures})

    def dates(self) -> list[date]:
        return sorted({f.on_date for f in self.figures})



# ---- the parser ----------------------------------------------------------------------------


class _Collector:
    def __init__(self, parsed: Parsed, codes: set[str]) -> None:
        self.parsed = parsed
        self.codes = codes
        self.seen: dict[tuple, int] = {}
        self.outside: set[str] = set()
        self.missing = 0
        self.skipped_items = 0
        self.skipped_districts = 0
        self.skipped_nationalities = 0
        self.skipped_subareas = 0
        self.skipped_ages: set[str] = set()

    def area(self, text: str, name: str = "") -> str | None:
        code = municipality_code(text)
        if code in self.codes:
            return code
        if code:
            self.outside.add(code)
            if len(code) == 5 and not code.endswith("000"):  # not 全国 or a prefecture
                label = normalize(name).split("_")[-1] if name else ""
                self.parsed.left_out.setdefault(code, label)
        return None

    def value(self, row: int, column: str, text: str) -> int | None:
        try:
            return number_of(text)
        except MissingValue:
            self.missing += 1
            return None
        except ValueError:
            self.parsed.errors.append(
                RowError(row, column, _("数値ではありません（「%(value)s」）。") % {"value": text})
            )
            return None

    def add(self, row: int, column: str, code: str, on_date: date, age, sex: str, value: int) -> None:
        """``age`` None: 年齢不詳."""
        unknown = age is None
        age = age or (None, None)
        key = (code, on_date, age[0], age[1], sex, unknown)
        if key in self.seen:
            self.parsed.errors.append(
                RowError(row, column, _("同じ市町村・基準日・年齢・男女の値が %(first)d 行目にもあります。")
                         % {"first": self.seen[key]})
            )
            return
        self.seen[key] = row
        self.parsed.figures.append(Figure(code, on_date, age[0], age[1], sex, value, unknown))


def parse_population(
    source: bytes | BinaryIO,
    filename: str,
    *,
    municipality_codes: set[str],
    default_date: date | None = None,
    fallback_date: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Parsed:
    """Read a population table; ``municipality_codes`` are the region's (5 digits);
    ``default_date`` (the 基準日) wins over what the file says of its date, ``fallback_date``
    is used only when it says nothing; ``progress(done, total)`` is called as rows are read."""
    parsed = Parsed()
    try:
        grids = read_grids(source, filename)
    except TabularError as error:
        parsed.errors.append(RowError(None, "", str(error)))
        return parsed
    collector = _Collector(parsed, municipality_codes)
    recognized = []
    for sheet, grid in grids:
        header = find_header(grid)
        if header is None:
            continue
        recognized.append(sheet)
        meta = metadata_of(grid, header.row)
        if not parsed.layout:
            parsed.layout = header.layout
            _apply_meta(parsed, meta, header.layout)
        elif parsed.layout != header.layout:
            continue
        on_date = default_date or _meta_date(parsed, meta) or fallback_date
        rows = [(n, c) for n, c in grid if n > header.row and any((x or "").strip() for x in c)]
        _read_rows(collector, header, rows, on_date, sheet if len(grids) > 1 else "", progress)
    if not recognized:
        parsed.errors.append(
            RowError(None, "", _("表の形式を判別できません。次のいずれかの見出しの行が必要です: %(help)s")
                     % {"help": " ／ ".join(layout_help())})
        )
        return parsed
    if parsed.errors:
        return parsed
    parsed.figures = _tidy_ages(parsed.figures, collector)
    if not parsed.figures:
        found = "、".join(sorted(collector.outside)[:8])
        parsed.errors.append(
            RowError(None, "", _("圏域の市町村のデータがありません（見つかった地域コード: %(codes)s）。")
                     % {"codes": found or _("なし")})
        )
        return parsed
    _notes(parsed, collector, len(recognized), len(grids))
    if parsed.layout == LAYOUT_REGISTRY_WIDE:
        if not parsed.source_name:
            parsed.source_name = layout_label(parsed.layout)
        first, last = parsed.dates()[0], parsed.dates()[-1]
        parsed.source_date = _("基準日 %(date)s") % {
            "date": first.isoformat() if first == last else f"{first.isoformat()}～{last.isoformat()}"
        }
    return parsed


def _apply_meta(parsed: Parsed, meta: dict[str, str], layout: str) -> None:
    stat = meta_get(meta, L.META_STAT_NAME)
    title = meta_get(meta, L.META_TITLE) or meta.get("_title", "")
    surveyed = meta_get(meta, L.META_SURVEY_DATE)
    published = meta_get(meta, L.META_PUBLISHED)
    words = f"{stat} {title}"
    if layout == LAYOUT_PROJECTION or any(w in words for w in L.PROJECTION_WORDS):
        parsed.kind = "projection"
    elif layout in (LAYOUT_REGISTRY, LAYOUT_REGISTRY_WIDE) or any(w in words for w in L.REGISTRY_WORDS):
        parsed.kind = "registry"
    elif any(w in words for w in L.CENSUS_WORDS):
        parsed.kind = "census"
    name = " ".join(part for part in (stat, title) if part)
    parsed.source_name = name[:300]
    when = []
    if surveyed:
        when.append(_("調査 %(date)s") % {"date": surveyed})
    if published:
        when.append(_("公開 %(date)s") % {"date": published})
    if not when and (match := L.ESTIMATE_YEAR.search(title)):
        when.append(_("%(year)s年推計") % {"year": match.group(1)})
    parsed.source_date = L.DATE_JOIN.join(when)[:100]


def _census_month(parsed: Parsed) -> int:
    """The month a year-only date means: October for a census or a projection (10月1日現在),
    January for a register."""
    return 1 if parsed.kind == "registry" else 10


def _meta_date(parsed: Parsed, meta: dict[str, str]) -> date | None:
    surveyed = meta_get(meta, L.META_SURVEY_DATE)
    return L.date_of(surveyed, _census_month(parsed)) if surveyed else None


def _read_rows(c: _Collector, h: Header, rows: Grid, on_date: date | None, sheet: str,
               progress: Callable[[int, int], None] | None = None) -> None:
    def col(i: int | None) -> str:
        name = h.names[i] if i is not None and i < len(h.names) else ""
        return f"{sheet}!{name}" if sheet else name

    def cell(cells: list[str], i: int | None) -> str:
        return (cells[i] or "").strip() if i is not None and i < len(cells) else ""

    parsed = c.parsed
    step = max(len(rows) // 20, 1000)
    for done, (number, cells) in enumerate(rows, 1):
        if progress is not None and (done % step == 0 or done == len(rows)):
            progress(done, len(rows))
        if len(parsed.errors) >= 50:
            return
        code_text = cell(cells, h.code)
        if not code_text:
            continue  # notes under the table
        code = c.area(code_text, cell(cells, h.name) if h.name != h.code else code_text)
        if code is None:
            continue
        if h.item is not None:
            item = header_key(cell(cells, h.item))
            if item and not any(w in item for w in L.POPULATION_ITEM_WORDS):
                c.skipped_items += 1
                continue
        if h.district is not None and header_key(cell(cells, h.district)) not in L.WHOLE_AREA:
            c.skipped_districts += 1  # 人口集中地区: a part of the municipality
            continue
        if h.nationality is not None and header_key(cell(cells, h.nationality)) not in L.ALL_NATIONALITIES:
            c.skipped_nationalities += 1  # 日本人 only
            continue
        if h.subarea is not None:
            part = municipality_code(cell(cells, h.subarea))
            if part and part != code:
                c.skipped_subareas += 1  # a 町丁目 of the municipality, not all of it
                continue
        sex = "T"
        if h.sex is not None:
            found = sex_of(cell(cells, h.sex))
            if found is None:
                parsed.errors.append(RowError(number, col(h.sex), _("男女の区分を読めません（「%(value)s」）。")
                                              % {"value": cell(cells, h.sex)}))
                continue
            sex = found
        row_date = on_date
        if h.layout in (LAYOUT_REGISTRY, LAYOUT_REGISTRY_WIDE) and h.date is not None:
            text = cell(cells, h.date)
            try:
                row_date = dates.parse_date(text)
            except ValueError:
                row_date = L.date_of(normalize(text), _census_month(parsed))
            if row_date is None:
                parsed.errors.append(RowError(number, col(h.date), _("日付を読めません（「%(value)s」）。")
                                              % {"value": text}))
                continue
            if not parsed.source_date:
                parsed.source_date = _("基準日 %(date)s") % {"date": normalize(text)}
        elif h.time is not None:
            text = cell(cells, h.time)
            row_year = L.year_of_any(normalize(text))
            if row_year is None and on_date is None:
                parsed.errors.append(RowError(number, col(h.time), _("年を読めません（「%(value)s」）。")
                                              % {"value": text}))
                continue
            if row_year is not None and (on_date is None or on_date.year != row_year):
                row_date = date(row_year, _census_month(parsed), 1)
        if h.layout == LAYOUT_PROJECTION:
            age = (None, None)
            if h.age is not None:
                age = _row_age(c, number, col(h.age), cell(cells, h.age))
                if age is None or age == UNKNOWN:
                    continue
            for i, y in h.years.items():
                value = c.value(number, col(i), cell(cells, i))
                if value is not None:
                    c.add(number, col(i), code, date(y, 10, 1), age, sex, value)
            continue
        if row_date is None:
            parsed.errors.append(RowError(number, "", _(
                "基準日がわかりません。ファイルに「調査年月」「実施年月」の行か「時間軸」の列がないため、"
                "取り込み画面で調査年を入れるか、--date YYYY-MM-DD を指定してください。"
            )))
            return
        if h.layout == LAYOUT_ESTAT_WIDE:
            columns = list(h.ages.items()) + ([(h.unknown, None)] if h.unknown is not None else [])
            for i, age in columns:
                value = c.value(number, col(i), cell(cells, i))
                if value is not None:
                    c.add(number, col(i), code, row_date, age, sex, value)
            continue
        if h.layout == LAYOUT_REGISTRY_WIDE:
            for i, (age, s) in h.sexed.items():
                value = c.value(number, col(i), cell(cells, i))
                if value is not None:
                    c.add(number, col(i), code, row_date, age, s, value)
            continue
        age = _row_age(c, number, col(h.age), cell(cells, h.age))
        if age is None:
            continue
        age = age or None  # UNKNOWN -> None: 年齢不詳
        if h.layout == LAYOUT_ESTAT_LONG:
            value = c.value(number, col(h.value), cell(cells, h.value))
            if value is not None:
                c.add(number, col(h.value), code, row_date, age, sex, value)
            continue
        for i, s in ((h.total, "T"), (h.male, "M"), (h.female, "F")):
            if i is None:
                continue
            value = c.value(number, col(i), cell(cells, i))
            if value is not None:
                c.add(number, col(i), code, row_date, age, s, value)


UNKNOWN = ()  # _row_age's answer for 年齢不詳


def _row_age(c: _Collector, number: int, column: str, text: str):
    k = header_key(text)
    age = age_of(k)
    if age is not None:
        return age
    if k in L.UNKNOWN_AGE:
        return UNKNOWN
    if any(w in k for w in L.SKIP_AGE_WORDS):
        c.skipped_ages.add(normalize(text))
        return None
    c.parsed.errors.append(RowError(number, column, _("年齢の区分を読めません（「%(value)s」）。")
                                    % {"value": text}))
    return None


def _tidy_ages(figures: list[Figure], c: _Collector) -> list[Figure]:
    """Single years summed into 5-year groups; groups that overlap others (再掲 such as
    15～64歳 or 65歳以上 beside 65～69歳) left out."""
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    out = []
    for f in figures:
        if f.age_from is None:
            out.append(f)
        else:
            groups[(f.code, f.on_date, f.sex)].append(f)
    for (code, on_date, sex), items in groups.items():
        closed = [f for f in items if f.age_to is not None]
        singles = [f for f in closed if f.age_to == f.age_from]
        fives = [f for f in closed if f.age_to - f.age_from == 4 and f.age_from % 5 == 0]
        if len(singles) > len(fives):
            sums: dict[int, int] = defaultdict(int)
            for f in singles:
                sums[f.age_from // 5 * 5] += f.value
            kept = [Figure(code, on_date, lo, lo + 4, sex, v) for lo, v in sums.items()]
        else:
            kept = fives
        top = max((f.age_to for f in kept), default=-1) + 1
        opens = [f for f in items if f.age_to is None and f.age_from == top]
        if opens and not any(f.age_from >= top for f in kept):
            kept += opens[:1]
        dropped = {f for f in items} - set(kept) - set(singles)
        for f in dropped:
            c.skipped_ages.add(f"{f.age_from}-{f.age_to if f.age_to is not None else ''}")
        out += kept
    out.sort(key=lambda f: (f.code, f.on_date, f.sex, f.age_unknown,
                            -1 if f.age_from is None else f.age_from))
    return out


LEFT_OUT_SHOWN = 30


def left_out_text(left_out: dict[str, str], limit: int | None = LEFT_OUT_SHOWN) -> str:
    """"成東町（12401）、横芝町（12404）…": the municipalities left out, by name and code."""
    items = sorted(left_out.items())
    shown = items if limit is None else items[:limit]
    text = "、".join(f"{name}（{code}）" if name else code for code, name in shown)
    if len(items) > len(shown):
        text += _("、ほか %(n)d か所") % {"n": len(items) - len(shown)}
    return text


def _notes(parsed: Parsed, c: _Collector, recognized: int, sheets: int) -> None:
    if c.outside:
        parsed.notes.append(
            _("圏域外の地域（全国・都道府県・他の市区町村）%(n)d か所の行は読み飛ばしました。")
            % {"n": len(c.outside)}
        )
    if parsed.left_out:
        parsed.notes.append(
            _("圏域にない（圏域外の、または合併などで今はない）市区町村 %(n)d か所を除きました: %(list)s")
            % {"n": len(parsed.left_out), "list": left_out_text(parsed.left_out)}
        )
    if c.skipped_districts:
        parsed.notes.append(_("人口集中地区の行 %(n)d 行は読み飛ばしました（全域の行を使います）。")
                            % {"n": c.skipped_districts})
    if c.skipped_nationalities:
        parsed.notes.append(_("日本人のみの行 %(n)d 行は読み飛ばしました（国籍総数の行を使います）。")
                            % {"n": c.skipped_nationalities})
    if c.skipped_subareas:
        parsed.notes.append(_("町丁目など市区町村の一部の行 %(n)d 行は読み飛ばしました。")
                            % {"n": c.skipped_subareas})
    if c.missing:
        parsed.notes.append(
            _("値のないセル（「-」「…」など）%(n)d 個は、データなしとして扱いました。") % {"n": c.missing}
        )
    if c.skipped_items:
        parsed.notes.append(_("人口以外の表章項目の行 %(n)d 行は読み飛ばしました。") % {"n": c.skipped_items})
    if c.skipped_ages:
        parsed.notes.append(
            _("使わない年齢区分（再掲・不詳・平均など）: %(labels)s")
            % {"labels": "、".join(sorted(c.skipped_ages)[:10])}
        )
    if sheets > 1 and recognized < sheets:
        parsed.notes.append(
            _("%(n)d 枚のシートのうち %(r)d 枚を読みました（表のないシートは読み飛ばしました）。")
            % {"n": sheets, "r": recognized}
        )
