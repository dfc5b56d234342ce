"""Figures per 年度 (per municipality) of the material-support programs, and their files.

Definitions (also shown on the page):

- 物資支援 回数: deliveries (one delivery = one household on one day), by the household's
  municipality.
- 支援世帯数: distinct households that received a delivery or checked in by number at a
  pantry in the 年度 — the seed's "64回 68世帯" counts households reached over the year, so
  households met only at a pantry count too.
- パントリー 回数・人数: events (by the event's municipality) and people served: a numbered
  household counts its size, an anonymous check-in its head count.
- ちいき食堂 回数・参加者: sessions; participants are children + adults (volunteers apart).
- 食品: received, given out (deliveries), used at the cafeteria, wasted — points (units) and kg,
  for the whole region (stock is not kept per municipality).
- フードロス削減量 (kg): the weight of donated food that was given out or used at the cafeteria
  in the 年度, i.e. food that would otherwise have been thrown away. Waste and count
  adjustments are not counted.

One function computes everything as a dict in a fixed number of queries; the page, CSV and
XLSX render that dict through :func:`table_rows`.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.csvutil import csv_bytes, neutralize, xlsx_append
from tsunagu.core.models import Municipality
from tsunagu.core.suppression import SUPPRESSED, protect
from tsunagu.core.text import to_cp932
from tsunagu.foodbank.models import (
    CafeteriaSession,
    Distribution,
    DistributionKind,
    MovementKind,
    PantryEvent,
    StockMovement,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NONE_KEY = None


def _kg(value: Any) -> Decimal:
    """Kilograms to one decimal (SQLite sums decimals as floats)."""
    return Decimal(str(value or 0)).quantize(Decimal("0.1"))


def _by_municipality(rows, key: str, value: str) -> dict:
    return {row[key]: row[value] or 0 for row in rows}


def foodbank_figures(*, region_id: int, fiscal_year: int) -> dict[str, Any]:
    municipalities = list(
        Municipality.objects.filter(region_id=region_id).order_by("code").values("pk", "name")
    )
    keys = [m["pk"] for m in municipalities] + [NONE_KEY]
    names = [m["name"] for m in municipalities] + [_("市町村未設定")]

    distributions = Distribution.objects.filter(region_id=region_id, fiscal_year=fiscal_year)
    deliveries = _by_municipality(
        distributions.filter(kind=DistributionKind.DELIVERY)
        .values("household__municipality").order_by().annotate(n=Count("pk")),
        "household__municipality", "n",
    )
    households = _by_municipality(
        distributions.filter(household__isnull=False)
        .values("household__municipality").order_by()
        .annotate(n=Count("household", distinct=True)),
        "household__municipality", "n",
    )
    start, end = dates.fiscal_year_range(fiscal_year)
    pantry = {
        row["municipality"]: row
        for row in PantryEvent.objects.filter(region_id=region_id, held_on__range=(start, end))
        .values("municipality").order_by()
        .annotate(n=Count("pk", distinct=True), people=Sum("check_ins__head_count"))
    }
    cafeteria = {
        row["municipality"]: row
        for row in CafeteriaSession.objects.filter(region_id=region_id, fiscal_year=fiscal_year)
        .values("municipality").order_by()
        .annotate(n=Count("pk"), children=Sum("children"), adults=Sum("adults"),
                  volunteers=Sum("volunteers"))
    }
    food = {
        row["kind"]: row
        for row in StockMovement.objects.filter(region_id=region_id, fiscal_year=fiscal_year)
        .values("kind").order_by()
        .annotate(units=Sum("quantity"), kg=Sum("weight_kg"))
    }
    saved = StockMovement.objects.filter(
        region_id=region_id, fiscal_year=fiscal_year, lot__donation__isnull=False,
        kind__in=[MovementKind.GIVE_OUT, MovementKind.CAFETERIA],
    ).aggregate(kg=Sum("weight_kg"))["kg"] or Decimal(0)

    def counts(label: str, values: list[int], persons: bool = True) -> dict:
        return {"label": label, "values": values, "total": sum(values), "persons": persons}

    def region_only(label: str, total: Any) -> dict:
        return {"label": label, "values": [None] * len(keys), "total": total, "persons": False}

    def food_row(kind: str, what: str) -> Any:
        value = abs(food.get(kind, {}).get(what) or 0)
        return _kg(value) if what == "kg" else value

    sections = [
        {"title": _("物資支援"), "rows": [
            counts(_("物資支援の回数"), [deliveries.get(k, 0) for k in keys]),
            counts(_("支援世帯数（物資支援・パントリーの受付番号）"),
                   [households.get(k, 0) for k in keys]),
        ]},
        {"title": _("フードパントリー"), "rows": [
            counts(_("開催回数"), [pantry.get(k, {}).get("n", 0) for k in keys], False),
            counts(_("提供人数"), [pantry.get(k, {}).get("people") or 0 for k in keys]),
        ]},
        {"title": _("ちいき食堂"), "rows": [
            counts(_("開催回数"), [cafeteria.get(k, {}).get("n", 0) for k in keys], False),
            counts(_("参加者（子ども＋大人）"),
                   [(cafeteria.get(k, {}).get("children") or 0)
                    + (cafeteria.get(k, {}).get("adults") or 0) for k in keys]),
            counts(_("うち子ども"), [cafeteria.get(k, {}).get("children") or 0 for k in keys]),
            counts(_("ボランティア"), [cafeteria.get(k, {}).get("volunteers") or 0 for k in keys],
                   False),
        ]},
        {"title": _("食品（圏域全体）"), "rows": [
            region_only(_("受入（点）"), food_row(MovementKind.RECEIVE, "units")),
            region_only(_("受入（kg）"), food_row(MovementKind.RECEIVE, "kg")),
            region_only(_("配布（点）"), food_row(MovementKind.GIVE_OUT, "units")),
            region_only(_("配布（kg）"), food_row(MovementKind.GIVE_OUT, "kg")),
            region_only(_("食堂で使用（点）"), food_row(MovementKind.CAFETERIA, "units")),
            region_only(_("食堂で使用（kg）"), food_row(MovementKind.CAFETERIA, "kg")),
            region_only(_("廃棄（kg）"), food_row(MovementKind.WASTE, "kg")),
            region_only(_("フードロス削減量（kg）"), _kg(saved)),
        ]},
    ]
    # drop the 未設定 column when nothing falls in it
    if all(row["values"][-1] in (0, None) for s in sections for row in s["rows"]):
        names = names[:-1]
        for section in sections:
            for row in section["rows"]:
                row["values"] = row["values"][:-1]
    return {
        "fiscal_year": fiscal_year,
        "fiscal_year_label": dates.fiscal_year_label(fiscal_year),
        "columns": names,
        "sections": sections,
        "suppressed": False,
    }


def _suppress_row(row: dict) -> None:
    """Counts of households and people per municipality, for readers outside the program
    (協議会事務局, 市町村): each row and its total protected (tsunagu.core.suppression)."""
    values: dict[Any, int] = dict(enumerate(row["values"]))
    values["total"] = row["total"]
    hidden = protect(values, [("total", list(range(len(row["values"]))))])
    row["values"] = [SUPPRESSED if i in hidden else v for i, v in enumerate(row["values"])]
    if "total" in hidden:
        row["total"] = SUPPRESSED


def suppress(figures: dict[str, Any]) -> dict[str, Any]:
    for section in figures["sections"]:
        for row in section["rows"]:
            if row.get("persons"):
                _suppress_row(row)
    figures["suppressed"] = True
    return figures


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if value == SUPPRESSED:
        return value
    if isinstance(value, Decimal):
        return float(value.quantize(Decimal("0.1")))
    return value


def table_rows(figures: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = [_("区分"), _("項目"), *figures["columns"], _("合計")]
    rows = [
        [section["title"], row["label"], *(_cell(v) for v in row["values"]), _cell(row["total"])]
        for section in figures["sections"]
        for row in section["rows"]
    ]
    return header, rows


def filename(figures: dict[str, Any], extension: str) -> str:
    return f"foodbank-{figures['fiscal_year']}.{extension}"


def figures_csv(figures: dict[str, Any], *, cp932: bool = False) -> bytes:
    """UTF-8 with BOM (core.csvutil), or CP932 for older Excel."""
    header, rows = table_rows(figures)
    if not cp932:
        return csv_bytes(header, rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in [header, *rows]:
        writer.writerow([to_cp932(neutralize(cell))[0] for cell in row])
    return buffer.getvalue().encode("cp932")


def figures_xlsx(figures: dict[str, Any], *, region_name: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("物資支援の実績")
    sheet.append([
        _("フードバンク・物資支援の実績 %(year)s %(region)s（作成日 %(made)s）")
        % {"year": figures["fiscal_year_label"], "region": region_name,
           "made": dates.wareki(dates.today_local())}
    ])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    header, rows = table_rows(figures)
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, row)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 40
    sheet.freeze_panes = "C4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

