"""Small-count suppression (秘匿) of the annual report, for readers outside the center
(council, municipality), through the one module every caller shares
(:mod:`tsunagu.core.suppression`; the rules and what a reader is assumed to know are there).

The report publishes its totals and breakdowns; 市町村 sums to 実人数, 相談方法 and month each
sum to 延べ件数 — those are the sums a reader may subtract from. Multi-count breakdowns
(障害種別, 支援内容: 「重複カウントあり」) have no sum, so only a lone ＊ is widened in them.
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
    "contacts_total": ("contacts_by_method", "contacts_by_month"),
}
MULTI_COUNT = ("persons_by_disability", "contacts_by_topic")
TOTALS = ("persons_total", "contacts_total", "anonymous_contacts")


def published(figures: dict[str, Any]) -> tuple[dict, list]:
    """The report as the core module sees it: every number by key ((breakdown, label) for a
    cell, the name for a total), and the sums a reader knows."""
    values: dict[Any, Any] = {name: figures[name] for name in TOTALS}
    for name in (*MULTI_COUNT, *(b for bs in EXCLUSIVE.values() for b in bs)):
        for label, n in figures[name].items():
            values[(name, label)] = n
    sums = [
        (total, [(name, label) for label in figures[name]])
        for total, breakdowns in EXCLUSIVE.items()
        for name in breakdowns
    ]
    return values, sums


def suppressed_cells(report: AnnualReport) -> dict[str, set[str]]:
    """Which cells to suppress: breakdown name -> labels, and "totals" -> total names."""
    figures = report.to_dict()
    values, sums = published(figures)
    groups = [[(name, label) for label in figures[name]] for name in MULTI_COUNT]
    hidden = protect(values, sums, threshold=THRESHOLD, groups=groups)
    cells: dict[str, set[str]] = {"totals": {k for k in hidden if isinstance(k, str)}}
    for name in (*MULTI_COUNT, *(b for bs in EXCLUSIVE.values() for b in bs)):
        cells[name] = {label for n, label in (k for k in hidden if isinstance(k, tuple))
                       if n == name}
    return cells


def suppress(report: AnnualReport) -> dict[str, Any]:
    """``report.to_dict()`` with suppressed counts replaced by "＊"."""
    figures = report.to_dict()
    cells = suppressed_cells(report)
    for name in TOTALS:
        if name in cells["totals"]:
            figures[name] = SUPPRESSED
    for name, hide in cells.items():
        if name == "totals":
            continue
        figures[name] = {
            label: SUPPRESSED if label in hide else value for label, value in figures[name].items()
        }
    return figures
