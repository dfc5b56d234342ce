"""Reads of the imported population: totals, age structure, aging rate and projections, per
municipality or for the region (the municipalities summed), each with the dataset it comes from.

Definitions (what the charts and the 地域診断シート show):

- 総人口: the table's own 総数 when it has one, else the sum of its age groups, else 男 + 女.
- 高齢化率: persons aged 65 and over ÷ persons of known age (the sum of the age groups), in %,
  one decimal. Persons of unknown age (年齢不詳) are in neither.
- Pyramid: the latest census or registry year with age groups for men and women; groups from
  85 up are shown as one 85歳以上.
- Projection: the totals of the most recently imported projection, and each year as a % of the
  first projected year.
- The region: a year is summed only when every municipality has it (no partial sums).
- A year with several 基準日 (a register's months): the latest 基準日 of the year, per dataset
  and municipality.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tsunagu.assessment.models import DatasetKind, PopulationDataset, PopulationFigure

AGED_FROM = 65
PYRAMID_TOP = 85

AgeKey = tuple[int | None, int | None]


@dataclass
class Series:
    """One dataset's figures for one area: year -> sex -> (from, to) -> persons."""

    dataset: PopulationDataset
    data: dict[int, dict[str, dict[AgeKey, int]]] = field(default_factory=dict)

    def years(self) -> list[int]:
        return sorted(self.data)

    def groups(self, year: int, sex: str) -> dict[AgeKey, int]:
        cells = self.data.get(year, {}).get(sex, {})
        return {k: v for k, v in sorted(cells.items(), key=_age_order) if k[0] is not None}

    def _sex_total(self, year: int, sex: str) -> int | None:
        cells = self.data.get(year, {}).get(sex, {})
        if (None, None) in cells:
            return cells[(None, None)]
        groups = self.groups(year, sex)
        return sum(groups.values()) if groups else None

    def total(self, year: int) -> int | None:
        total = self._sex_total(year, "T")
        if total is not None:
            return total
        men, women = self._sex_total(year, "M"), self._sex_total(year, "F")
        if men is not None and women is not None:
            return men + women
        return None

    def by_sex(self, year: int) -> tuple[int | None, int | None]:
        return self._sex_total(year, "M"), self._sex_total(year, "F")

    def age_groups(self, year: int) -> dict[AgeKey, int]:
        """Both sexes: the T groups, or M + F."""
        groups = self.groups(year, "T")
        if groups:
            return groups
        men, women = self.groups(year, "M"), self.groups(year, "F")
        if men and set(men) == set(women):
            return {k: men[k] + women[k] for k in men}
        return {}

    def aged(self, year: int) -> tuple[int, int] | None:
        """(65 and over, persons of known age), or None without age groups."""
        groups = self.age_groups(year)
        if not groups or not _has_age_boundary(groups, AGED_FROM):
            return None
        aged = sum(v for (lo, _hi), v in groups.items() if lo is not None and lo >= AGED_FROM)
        return aged, sum(groups.values())

    def aging_rate(self, year: int) -> float | None:
        pair = self.aged(year)
        if pair is None or not pair[1]:
            return None
        return round(pair[0] * 100 / pair[1], 1)


def _age_order(item: tuple[AgeKey, int]) -> tuple[int, int]:
    (lo, hi), _v = item
    return (-1 if lo is None else lo, 999 if hi is None else hi)


def _has_age_boundary(groups: dict[AgeKey, int], age: int) -> bool:
    return any(lo == age for lo, _hi in groups)


def _series_for(datasets: list[PopulationDataset], figures, municipality_ids: list[int],
                summed: bool) -> list[Series]:
    """Series per dataset; ``summed``: the municipalities added up (complete years only)."""
    per: dict[int, dict[int, dict[int, dict[str, dict[AgeKey, int]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    )
    latest: dict[tuple[int, int, int], Any] = {}
    for f in figures:
        if f.age_unknown:
            continue  # 年齢不詳: in neither the groups nor the total of known ages
        key = (f.dataset_id, f.municipality_id, f.year)
        seen = latest.get(key)
        if seen is not None and f.on_date < seen:
            continue
        if seen is None or f.on_date > seen:
            latest[key] = f.on_date
            per[f.dataset_id][f.municipality_id][f.year] = defaultdict(dict)
        per[f.dataset_id][f.municipality_id][f.year].setdefault(f.sex, {})[
            (f.age_from, f.age_to)
        ] = f.value
    out = []
    for dataset in datasets:
        by_muni = per.get(dataset.pk, {})
        series = Series(dataset)
        if not summed:
            data = by_muni.get(municipality_ids[0], {})
            series.data = {y: {s: dict(c) for s, c in sexes.items()} for y, sexes in data.items()}
        else:
            years = set.intersection(
                *(set(by_muni.get(m, {})) for m in municipality_ids)
            ) if municipality_ids else set()
            for year in years:
                merged: dict[str, dict[AgeKey, int]] = {}
                keys: dict[str, set] = {}
                for m in municipality_ids:
                    for sex, cells in by_muni[m][year].items():
                        if sex in keys:
                            keys[sex] &= set(cells)
                        else:
                            keys[sex] = set(cells)
                for sex, common in keys.items():
                    merged[sex] = {k: sum(by_muni[m][year].get(sex, {}).get(k, 0)
                                          for m in municipality_ids) for k in common}
                series.data[year] = merged
        if series.data:
            out.append(series)
    return out


@dataclass
class AreaPopulation:
    """What is known of one area: every series, newest import first."""

    label: str
    series: list[Series]
    # region only: municipality name -> (総人口, dataset, year) of its latest actual figures
    parts: dict[str, tuple[int, Any, int]] = field(default_factory=dict)

    def actual(self) -> list[Series]:
        return [s for s in self.series if s.dataset.kind != DatasetKind.PROJECTION]

    def projections(self) -> list[Series]:
        return [s for s in self.series if s.dataset.kind == DatasetKind.PROJECTION]

    def latest(self) -> tuple[Series, int] | None:
        """The latest year of actual figures (ties: the newest import)."""
        best = None
        for s in self.actual():
            for year in s.years():
                if s.total(year) is None:
                    continue
                if best is None or year > best[1]:
                    best = (s, year)
        return best

    def latest_total(self) -> tuple[int, Series, int] | None:
        found = self.latest()
        if found is None:
            return None
        series, year = found
        return series.total(year), series, year

    def pyramid(self) -> dict[str, Any] | None:
        best = None
        for s in self.actual():
            for year in s.years():
                men, women = s.groups(year, "M"), s.groups(year, "F")
                if men and women and (best is None or year > best[1]):
                    best = (s, year)
        if best is None:
            return None
        s, year = best
        men, women = _collapse(s.groups(year, "M")), _collapse(s.groups(year, "F"))
        labels = [age_label(k) for k in men]
        return {
            "year": year,
            "dataset": s.dataset,
            "labels": labels,
            "men": list(men.values()),
            "women": [women.get(k, 0) for k in men],
        }

    def aging_trend(self) -> dict[str, Any]:
        """year -> rate for actual figures and for the latest projection, with datasets."""
        actual: dict[int, tuple[float, PopulationDataset]] = {}
        order = {DatasetKind.CENSUS: 0, DatasetKind.REGISTRY: 1, DatasetKind.OFFICIAL: 2}
        for s in sorted(self.actual(), key=lambda s: order.get(s.dataset.kind, 3)):
            for year in s.years():
                rate = s.aging_rate(year)
                if rate is not None and year not in actual:
                    actual[year] = (rate, s.dataset)
        projected: dict[int, float] = {}
        projection = self.projections()[:1]
        for s in projection:
            for year in s.years():
                rate = s.aging_rate(year)
                if rate is not None:
                    projected[year] = rate
        datasets = list(dict.fromkeys(d for _r, d in actual.values()))
        if projected:
            datasets.append(projection[0].dataset)
        return {
            "actual": {y: actual[y][0] for y in sorted(actual)},
            "projected": dict(sorted(projected.items())),
            "datasets": datasets,
        }

    def projection(self) -> dict[str, Any] | None:
        projections = self.projections()
        if not projections:
            return None
        s = projections[0]
        totals = {y: s.total(y) for y in s.years() if s.total(y) is not None}
        if not totals:
            return None
        first = next(iter(totals.values()))
        return {
            "dataset": s.dataset,
            "totals": totals,
            "index": {y: round(v * 100 / first, 1) if first else None for y, v in totals.items()},
        }


def _collapse(groups: dict[AgeKey, int]) -> dict[AgeKey, int]:
    """Groups from PYRAMID_TOP up as one open group."""
    out: dict[AgeKey, int] = {}
    top = 0
    has_top = any(lo == PYRAMID_TOP for lo, _hi in groups)
    for (lo, hi), value in groups.items():
        if has_top and lo is not None and lo >= PYRAMID_TOP:
            top += value
        else:
            out[(lo, hi)] = value
    if has_top:
        out[(PYRAMID_TOP, None)] = top
    return out


def age_label(key: AgeKey) -> str:
    lo, hi = key
    if lo is None:
        return "-"
    if hi is None:
        return f"{lo}+"
    return f"{lo}-{hi}"


def area_population(region: Any, municipality: Any = None) -> AreaPopulation:
    """The population of one municipality, or of the region (``municipality`` None)."""
    datasets = list(PopulationDataset.objects.filter(region=region).order_by("-imported_at", "-pk"))
    municipality_ids = (
        [municipality.pk] if municipality is not None
        else list(region.municipalities.values_list("pk", flat=True))
    )
    figures = PopulationFigure.objects.filter(
        dataset__region=region, municipality_id__in=municipality_ids
    ).only("dataset_id", "municipality_id", "year", "on_date", "age_unknown", "age_from",
           "age_to", "sex", "value")
    label = municipality.name if municipality is not None else region.name
    area = AreaPopulation(
        label=label,
        series=_series_for(datasets, figures, municipality_ids, summed=municipality is None),
    )
    if municipality is None:
        names = dict(region.municipalities.values_list("pk", "name"))
        area.parts = {
            names[pk]: found
            for pk, found in sorted(latest_totals(region).items(), key=lambda item: item[0])
        }
    return area


def latest_totals(region: Any) -> dict[int, tuple[int, PopulationDataset, int]]:
    """municipality id -> (総人口, dataset, year) of the latest actual figures."""
    datasets = list(
        PopulationDataset.objects.filter(region=region)
        .exclude(kind=DatasetKind.PROJECTION)
        .order_by("-imported_at", "-pk")
    )
    figures = list(
        PopulationFigure.objects.filter(dataset__in=datasets).only(
            "dataset_id", "municipality_id", "year", "on_date", "age_unknown", "age_from",
            "age_to", "sex", "value",
        )
    )
    out = {}
    for municipality_id in {f.municipality_id for f in figures}:
        area = AreaPopulation("", _series_for(
            datasets, [f for f in figures if f.municipality_id == municipality_id],
            [municipality_id], summed=False))
        found = area.latest_total()
        if found is not None:
            total, series, year = found
            out[municipality_id] = (total, series.dataset, year)
    return out
