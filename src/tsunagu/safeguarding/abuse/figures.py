"""Yearly figures of abuse reports (per 年度 and 市町村) for the municipality's survey
(障害者虐待事例への対応状況等調査), and their CSV and XLSX files.

One function computes the figures as a plain dict in a fixed number of queries (two: the
municipalities and one grouped aggregate), and the page, the CSV and the XLSX all render that
dict through :func:`table_rows`, so they always agree. Counts only: no reporter, no person,
no text. Readers hold Capability.SAFEGUARDING, so no small-count suppression applies.
"""

from __future__ import annotations

import io
from typing import Any

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.csvutil import csv_bytes, xlsx_append
from tsunagu.core.models import Municipality
from tsunagu.safeguarding.abuse.services import type_choices
from tsunagu.safeguarding.models import (
    AbuseFinding,
    AbuseOutcome,
    AbuserCategory,
    AbuseReport,
    AbuseStatus,
    Routing,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_MUNICIPALITY = "none"  # the column of reports without a municipality yet


def _sections() -> list[tuple[str, str, bool, list[tuple[str, str, Q]]]]:
    """(key, title, multi-count?, rows of (key, label, condition))."""
    closed = Q(status=AbuseStatus.CLOSED)
    return [
        ("total", _("通報・届出の件数"), False, [("all", _("件数"), Q())]),
        (
            "routing",
            _("受付の区分"),
            False,
            [(r.value, str(r.label), Q(routing=r.value)) for r in Routing],
        ),
        (
            "types",
            _("虐待の種別（重複カウントあり）"),
            True,
            [(name, label, Q(**{name: True})) for name, label in type_choices()],
        ),
        (
            "abuser",
            _("虐待者の種別"),
            False,
            [(c.value, str(c.label), Q(abuser_category=c.value)) for c in AbuserCategory],
        ),
        (
            "finding",
            _("判断"),
            False,
            [(f.value, str(f.label), Q(finding=f.value)) for f in AbuseFinding]
            + [("blank", _("判断前"), Q(finding=""))],
        ),
        (
            "outcome",
            _("対応の結果"),
            False,
            [(o.value, str(o.label), Q(outcome=o.value)) for o in AbuseOutcome]
            + [("blank", _("未記入"), Q(outcome=""))],
        ),
        (
            "state",
            _("対応の状況"),
            False,
            [("open", _("対応中"), ~closed), ("closed", _("終結"), closed)],
        ),
        (
            "safety",
            _("安全確認"),
            False,
            [
                (
                    "in_time",
                    _("期限内に確認"),
                    Q(safety_confirmed_at__isnull=False, safety_confirmed_at__lte=F("safety_due_at")),
                ),
                (
                    "late",
                    _("期限後に確認"),
                    Q(safety_confirmed_at__isnull=False, safety_confirmed_at__gt=F("safety_due_at")),
                ),
                ("none", _("未確認"), Q(safety_confirmed_at__isnull=True)),
            ],
        ),
    ]


def abuse_figures(
    *, region_id: int, fiscal_year: int, municipality_code: str = ""
) -> dict[str, Any]:
    """Counts for one 年度 of one region, one column per municipality (or only the one named
    by ``municipality_code``), plus 合計. Reports without a municipality get their own
    column when there are any."""
    municipalities = list(
        Municipality.objects.filter(region_id=region_id).order_by("code").values("pk", "code", "name")
    )
    if municipality_code:
        municipalities = [m for m in municipalities if m["code"] == municipality_code]
    sections = _sections()
    annotations = {
        f"{key}__{row_key}": Count("pk", filter=condition)
        for key, _title, _multi, rows in sections
        for row_key, _label, condition in rows
    }
    reports = AbuseReport.objects.filter(region_id=region_id, fiscal_year=fiscal_year)
    if municipality_code:
        reports = reports.filter(municipality_id__in=[m["pk"] for m in municipalities])
    grouped = {
        row.pop("municipality_id"): row
        for row in reports.values("municipality_id").order_by().annotate(**annotations)
    }
    columns = [(m["code"], m["name"], m["pk"]) for m in municipalities]
    if None in grouped and not municipality_code:
        columns.append((NO_MUNICIPALITY, _("市町村未設定"), None))
    result_sections = []
    for key, title, multi, rows in sections:
        out_rows = []
        for row_key, label, _condition in rows:
            values = [grouped.get(pk, {}).get(f"{key}__{row_key}", 0) for _c, _n, pk in columns]
            out_rows.append({"key": row_key, "label": label, "values": values, "total": sum(values)})
        result_sections.append({"key": key, "title": title, "multi": multi, "rows": out_rows})
    return {
        "fiscal_year": fiscal_year,
        "fiscal_year_label": dates.fiscal_year_label(fiscal_year),
        "municipality_code": municipality_code,
        "columns": [{"code": code, "name": name} for code, name, _pk in columns],
        "sections": result_sections,
        "total": result_sections[0]["rows"][0]["total"],
    }


def table_rows(figures: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The one flat layout of the files: 区分, 項目, one column per municipality, 合計."""
    header = [_("区分"), _("項目"), *(c["name"] for c in figures["columns"]), _("合計")]
    rows = [
        [section["title"], row["label"], *row["values"], row["total"]]
        for section in figures["sections"]
        for row in section["rows"]
    ]
    return header, rows


def filename(figures: dict[str, Any], extension: str) -> str:
    code = figures["municipality_code"] or "all"
    return f"abuse-{figures['fiscal_year']}-{code}.{extension}"


def figures_csv(figures: dict[str, Any]) -> bytes:
    """UTF-8 with BOM (core.csvutil), the layout of :func:`table_rows`."""
    header, rows = table_rows(figures)
    return csv_bytes(header, rows)


def figures_xlsx(figures: dict[str, Any], *, region_name: str) -> bytes:
    """One sheet: a title row (年度 in 和暦, region, date made), then the table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("虐待通報の状況")
    bold = Font(bold=True)
    sheet.append(
        [
            _("障害者虐待の通報・届出の状況 %(year)s %(region)s（作成日 %(made)s）")
            % {
                "year": figures["fiscal_year_label"],
                "region": region_name,
                "made": dates.wareki(dates.today_local()),
            }
        ]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    header, rows = table_rows(figures)
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = bold
    for row in rows:
        xlsx_append(sheet, row)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 28
    sheet.freeze_panes = "C4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
