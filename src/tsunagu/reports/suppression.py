"""Small-count suppression (秘匿) of the annual report, for readers outside the center
(council, municipality), through the one module every caller shares
(:mod:`tsunagu.core.suppression`; the rules and what a reader is assumed to know are there).

The report publishes its totals and breakdowns; 市町村 sums to 実人数; 相談方法, month, 相談者
and 相談の種類 each sum to 延べ件数 — those are the sums a reader may subtract from.
Multi-count breakdowns (障害種別, 支援内容: 「重複カウントあり」) have no sum, so only a lone ＊
is widened in them. Besides:

- A part of a total shown on its own (障害児, 新規, 時間外) is hidden when it or the rest
  (total − part) is 1 or 2: the rest is as telling as the part.
- A national table (国の分類) folds its local breakdown: for 相談方法 (exclusive) each national
  cell is the sum of the local cells folded into it, and the national cells sum to 延べ件数;
  for 支援内容 (multi-count, a consultation counted once per national item) every national
  cell a hidden local cell folds into is hidden too, so that national − visible local cells
  gives nothing.
"""

from __future__ import annotations

from typing import Any

from tsunagu.core.suppression import (  # noqa: F401 (re-exported for the report's callers)
    SUPPRESSED,
    THRESHOLD,
    is_suppressed,
    protect,
    recoverable,
)
from tsunagu.reports.selectors import AnnualReport

# total -> the exclusive breakdowns that sum to it
EXCLUSIVE: dict[str, tuple[str, ...]] = {
    "persons_total": ("persons_by_municipality",),
    "contacts_total": (
        "contacts_by_method",
        "contacts_by_month",
        "contacts_by_consultant",
        "contacts_by_kind",
    ),
}
MULTI_COUNT = ("persons_by_disability", "contacts_by_topic")
# part -> the total it is a part of
PARTS = {
    "persons_under_18": "persons_total",
    "persons_new": "persons_total",
    "contacts_outside_hours": "contacts_total",
}
TOTALS = ("persons_total", "contacts_total", "anonymous_contacts", *PARTS)
# national table -> (its local breakdown, the total it sums to, or None when multi-count)
NATIONAL = {
    "contacts_by_method_national": ("contacts_by_method", "contacts_total"),
    "contacts_by_topic_national": ("contacts_by_topic", None),
}
BREAKDOWNS = (*MULTI_COUNT, *(b for bs in EXCLUSIVE.values() for b in bs), *NATIONAL)


def published(
    figures: dict[str, Any], folds: dict[str, dict[str, str]] | None = None
) -> tuple[dict, list]:
    """The report as the core module sees it: every number by key ((breakdown, label) for a
    cell, the name for a total), and the sums a reader knows. ``folds``: local breakdown ->
    {local label: national label} (``AnnualReport.national_folds``)."""
    values: dict[Any, Any] = {name: figures[name] for name in TOTALS if name in figures}
    for name in BREAKDOWNS:
        for label, n in figures.get(name, {}).items():
            values[(name, label)] = n
    sums = [
        (total, [(name, label) for label in figures.get(name, {})])
        for total, breakdowns in EXCLUSIVE.items()
        for name in breakdowns
    ]
    for name, (local, total) in NATIONAL.items():
        if total is None or name not in figures:
            continue
        sums.append((total, [(name, label) for label in figures[name]]))
        for national in figures[name]:
            folded = [(local, lb) for lb, nat in (folds or {}).get(local, {}).items()
                      if nat == national]  # fmt: skip
            if folded:
                sums.append(((name, national), folded))
    return values, sums


def suppress_counts(
    figures: dict[str, Any], *, exclusive: dict[str, tuple[str, ...]]
) -> dict[str, Any]:
    """``figures`` of a section other apps add (reports/sections.py) with its personal counts
    suppressed by the same rules as the report's own: ``exclusive`` names each personal total
    and the breakdowns ({label: count}) that sum to it. Other keys are returned as they are
    (the section decides, and documents, what is personal)."""
    values: dict[Any, Any] = {}
    sums = []
    for total, breakdowns in exclusive.items():
        if total not in figures:
            continue
        values[total] = figures[total]
        for name in breakdowns:
            cells = [(name, label) for label in figures.get(name, {})]
            values.update({cell: figures[name][cell[1]] for cell in cells})
            sums.append((total, cells))
    hidden = protect(values, sums, threshold=THRESHOLD)
    out = dict(figures)
    for total, breakdowns in exclusive.items():
        if total in hidden:
            out[total] = SUPPRESSED
        for name in breakdowns:
            if name in figures:
                out[name] = {
                    label: SUPPRESSED if (name, label) in hidden else n
                    for label, n in figures[name].items()
                }
    return out


def suppressed_cells(report: AnnualReport) -> dict[str, set[str]]:
    """Which cells to suppress: breakdown name -> labels, and "totals" -> total names."""
    figures = report.to_dict()
    folds = report.national_folds
    values, sums = published(figures, folds)
    groups = [[(name, label) for label in figures[name]] for name in MULTI_COUNT]
    groups.append([("contacts_by_topic_national", lb) for lb in figures.get(
        "contacts_by_topic_national", {})])  # fmt: skip
    forced: set[Any] = {
        part for part, total in PARTS.items()
        if 1 <= figures[total] - figures[part] <= THRESHOLD
    }  # fmt: skip
    topic_fold = folds.get("contacts_by_topic", {})
    while True:
        hidden = protect(values, sums, threshold=THRESHOLD, groups=groups, forced=forced)
        more = {("contacts_by_topic_national", topic_fold[label])
                for name, label in (k for k in hidden if isinstance(k, tuple))
                if name == "contacts_by_topic" and label in topic_fold}  # fmt: skip
        if more <= forced:
            break
        forced |= more
    cells: dict[str, set[str]] = {"totals": {k for k in hidden if isinstance(k, str)}}
    for name in BREAKDOWNS:
        cells[name] = {label for n, label in (k for k in hidden if isinstance(k, tuple))
                       if n == name}  # fmt: skip
    return cells


def suppress(report: AnnualReport) -> dict[str, Any]:
    """``report.to_dict()`` with suppressed counts replaced by "＊"."""
    figures = report.to_dict()
    cells = suppressed_cells(report)
    for name in TOTALS:
        if name in cells["totals"]:
            figures[name] = SUPPRESSED
    for name, hide in cells.items():
        if name == "totals" or name not in figures:
            continue
        figures[name] = {
            label: SUPPRESSED if label in hide else value for label, value in figures[name].items()
        }
    return figures
