"""The region's population as one CSV (UTF-8 with BOM, for Excel), in the columns the import
reads back: 市町村コード,市町村,基準日,男女,年齢階級,人口.

Projections are left out (they are not a 基準日's count). When two imports hold the same
municipality, 基準日, sex and age group, the newest import's figure is written."""

from __future__ import annotations

import csv
import io
from typing import Any

from tsunagu.assessment.models import DatasetKind, PopulationFigure

COLUMNS = ["市町村コード", "市町村", "基準日", "男女", "年齢階級", "人口"]
SEX_LABELS = {"T": "総数", "M": "男", "F": "女"}


def age_class(age_from: int | None, age_to: int | None, unknown: bool = False) -> str:
    if unknown:
        return "不詳"
    if age_from is None:
        return "総数"
    if age_to is None:
        return f"{age_from}歳以上"
    if age_to == age_from:
        return f"{age_from}歳"
    return f"{age_from}～{age_to}歳"


def population_rows(region: Any) -> list[list[str]]:
    figures = (
        PopulationFigure.objects.filter(dataset__region=region)
        .exclude(dataset__kind=DatasetKind.PROJECTION)
        .select_related("municipality")
        .order_by("-dataset__imported_at", "-dataset_id")
    )
    chosen: dict[tuple, PopulationFigure] = {}
    for f in figures.iterator():
        key = (f.municipality.code, f.on_date, f.sex, f.age_unknown, f.age_from, f.age_to)
        chosen.setdefault(key, f)  # newest import first
    order = {"T": 0, "M": 1, "F": 2}
    rows = []
    for key in sorted(chosen, key=lambda k: (k[0], k[1], order[k[2]], k[3],
                                             -1 if k[4] is None else k[4])):
        f = chosen[key]
        rows.append([
            f.municipality.code, f.municipality.name, f.on_date.isoformat(),
            SEX_LABELS[f.sex], age_class(f.age_from, f.age_to, f.age_unknown), str(f.value),
        ])
    return rows


def population_csv(region: Any) -> tuple[bytes, int]:
    """(the file, its number of data rows)."""
    rows = population_rows(region)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig"), len(rows)
