"""What may be said about a set of needs: counts of persons, needs and met needs, by 市町村,
障害種別 and period, small counts suppressed for every reader (tsunagu.core.suppression).

The evidence of a community issue (council) and of a candidate group (needs) alike; it lives
with the needs it counts, so that both apps read it without needs importing council."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from tsunagu.core.dates import fiscal_year, fiscal_year_label
from tsunagu.core.suppression import SUPPRESSED, protect
from tsunagu.people.models import PersonDisability

Cell = int | str  # a count, or SUPPRESSED


def min_persons() -> int:
    return settings.COUNCIL_MIN_PERSONS


def suppress_count(value: int) -> Cell:
    """A count published on its own (no sum beside it): primary suppression only."""
    return SUPPRESSED if protect({"n": value}, threshold=min_persons() - 1) else value


def _evidence_published(
    counts: dict[str, int], breakdowns: dict[str, dict[str, int]], *, exclusive_muni: bool
) -> tuple[dict, list, list]:
    """What the evidence publishes, as the core module sees it: every count by key, the sums a
    reader knows (実人数 = Σ 市町村 when each person has one; ニーズ件数 = Σ 期間) and the
    multi-count breakdowns (障害種別, 市町村 when persons are counted in several)."""
    values: dict[Any, int] = dict(counts)
    for name, cells in breakdowns.items():
        values.update({(name, label): n for label, n in cells.items()})
    keys = {name: [(name, label) for label in cells] for name, cells in breakdowns.items()}
    sums = [("needs", keys.get("period", []))]
    groups = [keys.get("disability", [])]
    if "municipality" in keys:
        if exclusive_muni:
            sums.append(("persons", keys["municipality"]))
        else:
            groups.append(keys["municipality"])
    return values, sums, groups


def _suppress_evidence(
    counts: dict[str, int], breakdowns: dict[str, dict[str, int]], *, exclusive_muni: bool
) -> tuple[dict[str, Cell], dict[str, dict[str, Cell]]]:
    """Counts and breakdowns protected together (tsunagu.core.suppression). The number of
    persons is what makes evidence visible, so it stays shown: when the 市町村 breakdown could
    only be protected by hiding it (three persons in three 市町村: each ＊ would be read as 1),
    the breakdown is left out instead."""
    threshold = min_persons() - 1
    values, sums, groups = _evidence_published(counts, breakdowns, exclusive_muni=exclusive_muni)
    hidden = protect(values, sums, threshold=threshold, groups=groups)
    if "persons" in hidden and breakdowns.get("municipality"):
        breakdowns = {k: v for k, v in breakdowns.items() if k != "municipality"}
        values, sums, groups = _evidence_published(counts, breakdowns, exclusive_muni=False)
        hidden = protect(values, sums, threshold=threshold, groups=groups)
    shown = {k: (SUPPRESSED if k in hidden else v) for k, v in counts.items()}
    shown_breakdowns = {
        name: {label: (SUPPRESSED if (name, label) in hidden else n) for label, n in cells.items()}
        for name, cells in breakdowns.items()
    }
    return shown, shown_breakdowns


def _quarter_label(year: int, quarter: int) -> str:
    return _("%(year)s 第%(quarter)d四半期") % {"year": fiscal_year_label(year), "quarter": quarter}


@dataclass
class Evidence:
    """What may be said about the needs behind an issue or a candidate group."""

    persons: Cell
    needs: Cell
    met: Cell
    municipalities_count: int
    by_municipality: dict[str, Cell] = field(default_factory=dict)
    by_disability: dict[str, Cell] = field(default_factory=dict)
    by_period: dict[str, Cell] = field(default_factory=dict)
    resource_gap: Cell = 0
    is_visible: bool = True  # False: fewer than min_persons() distinct persons

    def summary(self) -> dict[str, Any]:
        return {
            "persons": self.persons,
            "municipalities": self.municipalities_count,
            "needs": self.needs,
        }


def evidence_for(needs: QuerySet) -> Evidence:
    """Counts over ``needs`` (a Need queryset), suppressed. Three queries, whatever the size."""
    rows = list(
        needs.values_list(
            "person_id", "municipality__name", "noted_on", "met_at", "resource_gap"
        ).order_by()
    )
    persons = {r[0] for r in rows if r[0] is not None}
    by_muni_persons: dict[str, set] = {}
    period_counts: Counter = Counter()
    for person_id, muni, noted_on, _met, _gap in rows:
        if person_id is not None:
            by_muni_persons.setdefault(muni or _("（不明）"), set()).add(person_id)
        year = fiscal_year(noted_on)
        quarter = ((noted_on.month - 4) % 12) // 3 + 1
        period_counts[(year, quarter)] += 1
    disability_rows = (
        PersonDisability.objects.filter(person_id__in=persons)
        .values_list("disability_type__label")
        .annotate(n=Count("person_id", distinct=True))
        .order_by("disability_type__sort_order")
    )
    n_persons = len(persons)
    visible = n_persons >= min_persons()
    by_municipality = {name: len(ids) for name, ids in sorted(by_muni_persons.items())}
    exclusive_muni = sum(by_municipality.values()) == n_persons
    by_period = {_quarter_label(*key): n for key, n in sorted(period_counts.items())}
    met = sum(1 for r in rows if r[3] is not None)
    gap = sum(1 for r in rows if r[4])
    counts = {"persons": n_persons, "needs": len(rows), "met": met, "gap": gap}
    breakdowns = {
        "municipality": by_municipality,
        "disability": dict(disability_rows),
        "period": by_period,
    }
    if visible:
        shown, cells = _suppress_evidence(counts, breakdowns, exclusive_muni=exclusive_muni)
    else:  # too few persons: no breakdown, and no count below the threshold
        shown = {k: suppress_count(v) for k, v in counts.items()}
        cells = {name: {k: (SUPPRESSED if v else 0) for k, v in b.items()}
                 for name, b in breakdowns.items()}
    return Evidence(
        persons=shown["persons"],
        needs=shown["needs"],
        met=shown["met"],
        municipalities_count=len(by_municipality) if visible else 0,
        by_municipality=cells.get("municipality", {}),
        by_disability=cells["disability"],
        by_period=cells["period"],
        resource_gap=shown["gap"],
        is_visible=visible,
    )
