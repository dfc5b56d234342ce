"""Small-count suppression (秘匿) for readers outside the center (council, municipality).

What a reader of the suppressed figures is assumed to know: every rule below, that a
suppressed cell ("＊") is at least 1 (zeros are shown), that 市町村, 相談方法 and month each
sum to their total, and — pessimistically — that a primary-suppressed cell is 1 or 2.

1. Primary: a count of 1 or 2 is shown as ＊ (totals included).
2. Secondary, every breakdown: when exactly one cell is suppressed, the next-smallest
   non-zero cell is suppressed too.
3. Exclusive breakdowns with a visible total: total − visible cells = R, the sum of the k
   suppressed cells. Cells are added, smallest first, until k ≥ 2, R ≠ k (else all are 1)
   and R ≠ 2k (else all could be read as 2). Then every suppressed cell has at least two
   values consistent with what is shown, whether the reader assumes suppressed cells are
   1–2 or any positive number.
4. When even suppressing every non-zero cell cannot reach that (a tiny year), the total is
   suppressed too, and with it every non-zero cell of the other breakdowns that sum to the
   same total — otherwise their visible cells would give the total back.

Multi-count breakdowns (障害種別, 支援内容: 「重複カウントあり」) have no sum to subtract
from, so rules 1–2 apply to them.

5. A part of a total shown on its own (障害児, 新規, 時間外) is suppressed when it or the rest
   (total − part) is 1 or 2: the rest is as telling as the part.
6. A national table (国の分類) is its local breakdown folded: every national cell a suppressed
   local cell folds into is suppressed, then rules 2–4 apply to the national table as to
   any breakdown of the same kind (so that national − visible local cells gives nothing).
"""

from __future__ import annotations

from typing import Any

from tsunagu.reports.selectors import AnnualReport

SUPPRESSED = "＊"
THRESHOLD = 2  # counts 1..THRESHOLD are suppressed

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
# part -> the total it is a part of (rule 5)
PARTS = {
    "persons_under_18": "persons_total",
    "persons_new": "persons_total",
    "contacts_outside_hours": "contacts_total",
}
TOTALS = ("persons_total", "contacts_total", "anonymous_contacts", *PARTS)
# national table -> (its local breakdown, the total it sums to or None when multi-count)
NATIONAL = {
    "contacts_by_method_national": ("contacts_by_method", "contacts_total"),
    "contacts_by_topic_national": ("contacts_by_topic", None),
}


def _is_small(value: int) -> bool:
    return 1 <= value <= THRESHOLD


def is_suppressed(value: Any) -> bool:
    return value == SUPPRESSED


def _exclusive_safe(values: dict[str, int], hidden: set[str]) -> bool:
    """Rule 3: no suppressed cell can be read back from total − visible cells."""
    if not hidden:
        return True
    k = len(hidden)
    r = sum(values[key] for key in hidden)
    return k >= 2 and r not in (k, 2 * k)


def _candidates(values: dict[str, int], hidden: set[str]) -> list[str]:
    """Visible non-zero cells, smallest first (ties in display order)."""
    order = {key: i for i, key in enumerate(values)}
    rest = [key for key, v in values.items() if v > 0 and key not in hidden]
    return sorted(rest, key=lambda key: (values[key], order[key]))


def cells_to_hide(
    values: dict[str, int], *, exclusive: bool, forced: set[str] | frozenset[str] = frozenset()
) -> set[str] | None:
    """The cells of one breakdown to suppress (``forced`` ones at least); None when an
    exclusive breakdown cannot be protected with its total visible (rule 4 then applies)."""
    hidden = {key for key, v in values.items() if _is_small(v)} | {
        key for key in forced if values.get(key, 0) > 0
    }
    if not exclusive:
        if len(hidden) == 1:
            hidden.update(_candidates(values, hidden)[:1])
        return hidden
    for key in _candidates(values, hidden):
        if _exclusive_safe(values, hidden):
            break
        hidden.add(key)
    return hidden if _exclusive_safe(values, hidden) else None


def _hide_all_non_zero(values: dict[str, int]) -> set[str]:
    return {key for key, v in values.items() if v > 0}


def suppressed_cells(report: AnnualReport) -> dict[str, set[str]]:
    """Which cells to suppress: breakdown name -> labels, and "totals" -> total names."""
    figures = report.to_dict()
    folds = report.national_folds
    hidden_totals = {name for name in TOTALS if _is_small(figures[name])}
    cells: dict[str, set[str]] = {}
    for name in MULTI_COUNT:
        cells[name] = cells_to_hide(figures[name], exclusive=False) or set()
    for total, breakdowns in EXCLUSIVE.items():
        plan: dict[str, set[str] | None] = {
            name: cells_to_hide(figures[name], exclusive=True) for name in breakdowns
        }
        if total in hidden_totals or any(hide is None for hide in plan.values()):
            hidden_totals.add(total)
            # With the total hidden, each of these breakdowns must hide what it would have
            # hidden anyway, and none may be left whole to give the total back: hide all.
            plan = {name: _hide_all_non_zero(figures[name]) for name in breakdowns}
        for name, hide in plan.items():
            cells[name] = hide or set()
    for name, (local, total) in NATIONAL.items():
        fold = folds.get(local, {})
        forced = {fold[label] for label in cells[local] if label in fold}
        hide = cells_to_hide(figures[name], exclusive=total is not None, forced=forced)
        if total is not None and (hide is None or total in hidden_totals):
            if total not in hidden_totals:  # rule 4 for the total this table sums to
                hidden_totals.add(total)
                for other in [
                    *EXCLUSIVE[total],
                    *(n for n, (_l, t) in NATIONAL.items() if t == total),
                ]:
                    cells[other] = _hide_all_non_zero(figures[other])
            hide = _hide_all_non_zero(figures[name])
        cells[name] = hide or set()
    for part, total in PARTS.items():
        rest = figures[total] - figures[part]
        if _is_small(figures[part]) or _is_small(rest):
            hidden_totals.add(part)
    cells["totals"] = hidden_totals
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
