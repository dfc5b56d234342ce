"""One layout of the annual report shared by the page, the XLSX, both CSVs, the PDF and the
command's table, so that every format shows the same figures under the same names.

Flat form (the CSV layout, one row per figure): ``区分,項目,数,単位`` —
区分 is the section (e.g. 「相談方法別 延べ件数」), 項目 the category (a list label, a
municipality name, 「2022年4月」; in 「総数」 the figure's name), 数 the count or ＊ when
suppressed, 単位 人 or 件. Sections in this order: 総数, 障害種別別 実人数（重複カウントあり）,
市町村別 実人数, 相談方法別 延べ件数, 支援内容別 延べ件数（重複カウントあり）, 月別 延べ件数,
相談者別 延べ件数, 相談の種類別 延べ件数, 国の分類：支援方法別, 国の分類：支援内容別
延べ件数（重複カウントあり）. With every municipality (`all`), a first column 市町村.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from tsunagu.core import dates
from tsunagu.reports.sections import extra_tables
from tsunagu.reports.suppression import SUPPRESSED


@dataclass(frozen=True)
class Section:
    key: str  # the JSON key of the breakdown
    title: Any  # lazy Japanese text
    unit: Any
    multi_count: bool = False

    @property
    def caption(self) -> str:
        if self.multi_count:
            return f"{self.title}{_('（重複カウントあり）')}"
        return str(self.title)


PERSONS = _("人")
CONTACTS = _("件")
SUMMARY_TITLE = _("総数")
SUMMARY = (
    ("persons_total", _("実人数"), PERSONS),
    ("contacts_total", _("延べ件数"), CONTACTS),
    ("anonymous_contacts", _("うち匿名・未特定の相談"), CONTACTS),
    ("persons_under_18", _("実人数のうち障害児（4月1日に18歳未満）"), PERSONS),
    ("persons_new", _("実人数のうち新規（初めての相談が本年度）"), PERSONS),
    ("contacts_outside_hours", _("延べ件数のうち時間外"), CONTACTS),
)
SECTIONS = (
    Section("persons_by_disability", _("障害種別別 実人数"), PERSONS, multi_count=True),
    Section("persons_by_municipality", _("市町村別 実人数"), PERSONS),
    Section("contacts_by_method", _("相談方法別 延べ件数"), CONTACTS),
    Section("contacts_by_topic", _("支援内容別 延べ件数"), CONTACTS, multi_count=True),
    Section("contacts_by_month", _("月別 延べ件数"), CONTACTS),
    Section("contacts_by_consultant", _("相談者別 延べ件数"), CONTACTS),
    Section("contacts_by_kind", _("相談の種類別 延べ件数"), CONTACTS),
    Section("contacts_by_method_national", _("国の分類：支援方法別"), CONTACTS),
    Section(
        "contacts_by_topic_national",
        _("国の分類：支援内容別"),
        CONTACTS,
        multi_count=True,
    ),
)
MUNICIPALITY_HEADER = _("市町村")
CSV_HEADER = (_("区分"), _("項目"), _("数"), _("単位"))

MULTI_COUNT_NOTE = _(
    "重複カウントあり：障害種別は1人が複数の種別に、支援内容は1件が複数の内容に数えられるため、"
    "合計は総数と一致しません。"
)
ANONYMOUS_NOTE = _("匿名・未特定の相談は延べ件数に含め、実人数には含めません。")
NATIONAL_NOTE = _(
    "国の分類：センター独自の項目（FAX、オンライン、差別に関する相談など）は、"
    "マスタ管理で決めた国の項目にまとめて数えています。"
)
MUNICIPAL_NOTE = _(
    "市町村別：相談を記録したときの利用者の市町村で数えます（転居した人は両方の市町村に1人ずつ、"
    "圏域全体では1人）。匿名の相談は記録に市町村があるときだけ数えます。"
)



def month_label(key: str) -> str:
    """ "2022-04" -> "令和4年4月" (和暦, like the 年度 in the report's title)."""
    year, month = (int(part) for part in key.split("-"))
    return _("%(year)s%(month)d月") % {
        "year": dates.wareki(date(year, month, 1), style="year"), "month": month,
    }


def short_month_label(key: str) -> str:
    """ "2022-04" -> "4月" (the axis of the monthly chart)."""
    return _("%(month)d月") % {"month": int(key.split("-")[1])}


def item_label(section_key: str, key: str) -> str:
    return month_label(key) if section_key == "contacts_by_month" else key


def report_title(fiscal_year: int) -> str:
    return str(_("%(year)s 実績報告") % {"year": dates.fiscal_year_label(fiscal_year)})


def rows_of(figures: dict[str, Any], section: Section) -> list[tuple[str, Any]]:
    return [(item_label(section.key, k), v) for k, v in figures[section.key].items()]


def flat_rows(figures: dict[str, Any]) -> list[tuple[str, str, Any, str]]:
    """Every figure as (区分, 項目, 数, 単位): the CSV layout."""
    rows: list[tuple[str, str, Any, str]] = [
        (str(SUMMARY_TITLE), str(label), figures[key], str(unit)) for key, label, unit in SUMMARY
    ]
    for section in SECTIONS:
        rows += [
            (section.caption, label, n, str(section.unit)) for label, n in rows_of(figures, section)
        ]
    for table in extra_tables(figures):  # sections other apps add (reports/sections.py)
        rows += [
            (str(table["caption"]), str(label), n, str(table["unit"])) for label, n in table["rows"]
        ]
    return rows


def tables(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The sections with their rows, for templates and the PDF."""
    return [
        {
            "key": section.key,
            "title": section.title,
            "caption": section.caption,
            "unit": section.unit,
            "multi_count": section.multi_count,
            "rows": rows_of(figures, section),
        }
        for section in SECTIONS
    ] + extra_tables(figures)  # sections other apps add (reports/sections.py)


def summary(figures: dict[str, Any]) -> list[tuple[str, Any, str]]:
    return [(str(label), figures[key], str(unit)) for key, label, unit in SUMMARY]


def has_suppressed(figures: dict[str, Any]) -> bool:
    for value in figures.values():
        values = value.values() if isinstance(value, dict) else [value]
        if any(v == SUPPRESSED for v in values):
            return True
    return False


def side_by_side(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every municipality in one table per section: rows (label, [value per report])."""
    first = reports[0]
    grid = [
        {
            "caption": str(SUMMARY_TITLE),
            "unit": "",
            "rows": [
                (f"{label}（{unit}）", [r[key] for r in reports]) for key, label, unit in SUMMARY
            ],
        }
    ]
    for section in SECTIONS:
        if section.key == "persons_by_municipality":
            continue  # the columns are the municipalities
        labels: list[str] = list(first[section.key])
        for report in reports[1:]:
            labels += [k for k in report[section.key] if k not in labels]
        grid.append(
            {
                "caption": section.caption,
                "unit": section.unit,
                "rows": [
                    (item_label(section.key, k), [r[section.key].get(k, 0) for r in reports])
                    for k in labels
                ],
            }
        )
    # sections other apps add (reports/sections.py): each report's table of the same key
    extra = [{t["key"]: t for t in extra_tables(report)} for report in reports]
    for table in extra[0].values():
        if table["key"].endswith("_by_municipality"):
            continue  # the columns are the municipalities
        labels = [str(label) for label, _n in table["rows"]]
        for tables_of_report in extra[1:]:
            other = tables_of_report.get(table["key"], {"rows": []})["rows"]
            labels += [str(label) for label, _n in other if str(label) not in labels]
        values = [
            {str(label): n for label, n in t.get(table["key"], {"rows": []})["rows"]} for t in extra
        ]
        grid.append(
            {
                "caption": str(table["caption"]),
                "unit": str(table["unit"]),
                "rows": [(label, [v.get(label, 0) for v in values]) for label in labels],
            }
        )
    return grid
