"""One municipality's figures per 年度 in the breakdown of the national survey
(障害者虐待事例への対応状況等調査): per 虐待者の種別 (養護者 / 障害者福祉施設従事者等 / 使用者),
the 判断結果 of every report and the 虐待の種別 of those judged to be abuse (重複カウントあり).

Counts only. For readers outside the center (the municipality's officer) the small counts
are suppressed through tsunagu.core.suppression, with the row and column totals the page
shows declared as sums, and each multi-count row of 種別 as a group.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tsunagu.core import dates
from tsunagu.core.suppression import SUPPRESSED, protect
from tsunagu.safeguarding.abuse.services import type_choices
from tsunagu.safeguarding.models import AbuseFinding, AbuserCategory, AbuseReport

BLANK = "blank"


def _finding_columns() -> list[tuple[str, str]]:
    return [(f.value, str(f.label)) for f in AbuseFinding] + [(BLANK, _("判断前"))]


def abuse_survey_figures(
    *, region_id: int, municipality_id: int, fiscal_year: int, suppress: bool
) -> dict[str, Any]:
    """Two tables (判断結果, 虐待の種別) with one row per 虐待者の種別, in one query."""
    categories = [(c.value, str(c.label)) for c in AbuserCategory]
    findings = _finding_columns()
    types = type_choices()
    confirmed = Q(finding=AbuseFinding.CONFIRMED)
    annotations: dict[str, Any] = {}
    for cat, _label in categories:
        in_cat = Q(abuser_category=cat)
        for key, _l in findings:
            annotations[f"f__{cat}__{key}"] = Count(
                "pk", filter=in_cat & Q(finding="" if key == BLANK else key)
            )
        for name, _l in types:
            annotations[f"t__{cat}__{name}"] = Count(
                "pk", filter=in_cat & confirmed & Q(**{name: True})
            )
    counts = AbuseReport.objects.filter(
        region_id=region_id, municipality_id=municipality_id, fiscal_year=fiscal_year
    ).aggregate(**annotations)

    # 判断結果: a table with row totals, column totals and the grand total.
    values: dict[Any, int] = {}
    sums: list = []
    for cat, _label in categories:
        for key, _l in findings:
            values[("f", cat, key)] = counts[f"f__{cat}__{key}"]
        values[("f", cat, "total")] = sum(values[("f", cat, k)] for k, _l in findings)
        sums.append((("f", cat, "total"), [("f", cat, k) for k, _l in findings]))
    for key, _l in findings:
        values[("f", "total", key)] = sum(values[("f", c, key)] for c, _l2 in categories)
        sums.append((("f", "total", key), [("f", c, key) for c, _l2 in categories]))
    values[("f", "total", "total")] = sum(values[("f", c, "total")] for c, _l in categories)
    sums.append((("f", "total", "total"), [("f", c, "total") for c, _l in categories]))
    sums.append((("f", "total", "total"), [("f", "total", k) for k, _l in findings]))
    # 虐待の種別 (multi-count): no sum to subtract from; each row is a group.
    groups = []
    for cat, _label in categories:
        for name, _l in types:
            values[("t", cat, name)] = counts[f"t__{cat}__{name}"]
        groups.append([("t", cat, name) for name, _l in types])

    hidden = protect(values, sums, groups=groups) if suppress else set()

    def cell(key: Any) -> Any:
        return SUPPRESSED if key in hidden else values[key]

    finding_rows = [
        {
            "label": label,
            "values": [cell(("f", cat, k)) for k, _l in findings],
            "total": cell(("f", cat, "total")),
        }
        for cat, label in [*categories, ("total", _("合計"))]
    ]
    type_rows = [
        {"label": label, "values": [cell(("t", cat, name)) for name, _l in types]}
        for cat, label in categories
    ]
    return {
        "fiscal_year": fiscal_year,
        "fiscal_year_label": dates.fiscal_year_label(fiscal_year),
        "suppressed": suppress,
        "finding_columns": [label for _k, label in findings],
        "finding_rows": finding_rows,
        "type_columns": [label for _n, label in types],
        "type_rows": type_rows,
        "values": values,
        "sums": sums,
        "hidden": hidden,
    }
