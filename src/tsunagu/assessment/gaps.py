"""Needs against resources, per municipality × need category (課題分類), ranked.

**Needs** of a cell are three counts, shown side by side:

- 相談のニーズ (persons): distinct persons with a need of the category in the municipality
  (``Need.municipality``, else the person's municipality), together with the persons of needs
  linked to a community issue of that category. A count of persons below
  ``settings.COUNCIL_MIN_PERSONS`` is shown as ＊ (primary suppression); then, in every row
  (municipality) and column (category) that has exactly one ＊, the smallest other non-zero
  count is hidden too (secondary suppression), repeated until no row or column has a lone ＊.
  No totals of persons are shown, so nothing can be subtracted back.
- 調査 (survey): answers tagged with the category, of respondents in the municipality.
- ヒアリング・座談会: hearings and 座談会 of the municipality tagged with the category.

**Resources**: active services of the directory with a location in the municipality and a term
mapped to the category (``TERM_CATEGORIES`` below), each service counted once per category.

**Rates** per 1,000 residents use the latest actual 総人口 of the municipality
(tsunagu.assessment.population.latest_totals); empty without population data.

**Gap score** = ニーズ件数 ÷ (資源数 + 1), where ニーズ件数 = persons (0 when shown as ＊, so
that the ranking reveals nothing hidden) + survey answers + hearings. Cells are ranked by the
score, then by ニーズ件数, then by municipality code and category order; cells with no need
at all are left out of the region's ranking; a municipality's own table (page and 地域診断シート)
lists every category, those without a need last.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from tsunagu.assessment.models import Answer, GapNote, Hearing
from tsunagu.assessment.population import latest_totals
from tsunagu.core.models import ListItem, ListKind
from tsunagu.core.suppression import SUPPRESSED, protect

# Directory taxonomy term code (tsunagu.directory.taxonomy) -> need category codes
# (core.lists NEED_CATEGORY). A service counts as a resource for every category one of its
# terms maps to. Terms not listed (e.g. 障害福祉サービス as a whole, 生活関連産業) count for none.
TERM_CATEGORIES: dict[str, tuple[str, ...]] = {
    "dw-accompanying": ("mobility", "communication"),  # 同行援護
    "dw-behavioral-support": ("mobility",),  # 行動援護
    "dw-mobility-support": ("mobility",),  # 移動支援
    "dw-group-home": ("housing", "future"),  # 共同生活援助
    "dw-independent-living": ("housing",),  # 自立生活援助
    "dw-residential-support": ("housing", "future"),  # 施設入所支援
    "dw-community-transition": ("housing",),  # 地域移行支援
    "dw-community-settlement": ("emergency", "housing"),  # 地域定着支援
    "dw-short-stay": ("emergency",),  # 短期入所
    "svc-ibasho": ("daytime", "participation"),  # 居場所
    "dw-daily-life-care": ("daytime",),  # 生活介護
    "dw-community-activity-center": ("daytime", "participation"),  # 地域活動支援センター
    "dw-day-care": ("daytime",),  # 日中一時支援
    "svc-work-training": ("employment",),  # 就労訓練
    "dw-employment-selection": ("employment",),
    "dw-employment-transition": ("employment",),
    "dw-employment-a": ("employment",),
    "dw-employment-b": ("employment",),
    "dw-employment-retention": ("employment",),
    "dw-functional-training": ("medical",),  # 自立訓練（機能訓練）
    "dw-life-training": ("daytime",),  # 自立訓練（生活訓練）
    "dw-medical-care": ("medical_care",),  # 療養介護
    "dw-home-visit-child": ("medical_care", "education"),  # 居宅訪問型児童発達支援
    "dw-home-care": ("workforce",),  # 居宅介護
    "dw-severe-visiting-care": ("workforce", "medical_care"),  # 重度訪問介護
    "dw-comprehensive-support": ("workforce",),  # 重度障害者等包括支援
    "svc-food-bank": ("economy",),  # フードバンク
    "svc-kodomo-shokudo": ("economy", "participation"),  # 子ども食堂
    "svc-volunteer": ("participation",),  # ボランティア
    "svc-consultation": ("rights", "pension"),  # 相談
    "dw-plan-consultation": ("future", "pension"),  # 計画相談支援
    "dw-child-consultation": ("education",),  # 障害児相談支援
    "dw-child-development": ("education",),  # 児童発達支援
    "dw-after-school": ("education", "daytime"),  # 放課後等デイサービス
    "dw-nursery-visit": ("education",),  # 保育所等訪問支援
    "dw-child-residential": ("education", "housing"),  # 障害児入所支援
}


def min_persons() -> int:
    return settings.COUNCIL_MIN_PERSONS


@dataclass
class Cell:
    municipality: Any
    category: Any
    persons: int | str = 0  # a count, or SUPPRESSED
    survey: int = 0
    hearings: int = 0
    resources: int = 0
    population: int | None = None
    note: GapNote | None = None

    @property
    def need_count(self) -> int:
        persons = self.persons if isinstance(self.persons, int) else 0
        return persons + self.survey + self.hearings

    @property
    def score(self) -> float:
        return round(self.need_count / (self.resources + 1), 2)

    def _per_1000(self, value: int) -> float | None:
        if not self.population:
            return None
        return round(value * 1000 / self.population, 2)

    @property
    def need_rate(self) -> float | None:
        return self._per_1000(self.need_count)

    @property
    def resource_rate(self) -> float | None:
        return self._per_1000(self.resources)

    @property
    def persons_suppressed(self) -> bool:
        return self.persons == SUPPRESSED

    def viewpoints(self) -> list[tuple[str, str]]:
        """The four viewpoints: the note's, else the linked issue's."""
        from tsunagu.council.models import CommunityIssue

        note = self.note
        if note is None:
            return []
        out = []
        for name in ("viewpoint_diversity", "viewpoint_sociality", "viewpoint_commonality",
                     "viewpoint_foresight"):
            text = getattr(note, name)
            if not text and note.issue_id:
                text = getattr(note.issue, name)
            out.append((str(CommunityIssue._meta.get_field(name).verbose_name), text))
        return out


@dataclass
class GapTable:
    municipalities: list[Any]
    categories: list[Any]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    populations: dict[int, tuple[int, Any, int]] = field(default_factory=dict)
    # Demo regions: needs of fictional persons or answers of a fictional survey are counted.
    includes_fictional: bool = False

    def ranked(self, municipality: Any = None, *, every_category: bool = False) -> list[Cell]:
        """Cells by gap score; without ``every_category``, only those with a need."""
        order = {c.pk: i for i, c in enumerate(self.categories)}
        cells = [
            c for c in self.cells.values()
            if (every_category or c.need_count or c.persons_suppressed)
            and (municipality is None or c.municipality.pk == municipality.pk)
        ]
        return sorted(
            cells,
            key=lambda c: (-c.score, -c.need_count, c.municipality.code, order[c.category.pk]),
        )

    def row(self, municipality: Any) -> list[Cell]:
        return [self.cells[(municipality.pk, c.pk)] for c in self.categories]

    def max_score(self) -> float:
        return max((c.score for c in self.cells.values()), default=0.0)

    def population_sources(self) -> list[Any]:
        return list(dict.fromkeys(d for _t, d, _y in self.populations.values()))


def _suppress(persons: dict[tuple[int, int], int], rows: list[int], cols: list[int]) -> set:
    """Which (row, col) cells to hide (tsunagu.core.suppression): primary, then no row or
    column with a lone ＊. No totals are published, so there is no sum to protect against."""
    values = {(r, c): persons.get((r, c), 0) for r in rows for c in cols}
    lines = [[(r, c) for c in cols] for r in rows] + [[(r, c) for r in rows] for c in cols]
    return protect(values, threshold=min_persons() - 1, groups=lines)


def _need_persons(region: Any) -> dict[tuple[int, int], set]:
    from tsunagu.needs.models import Need

    out: dict[tuple[int, int], set] = defaultdict(set)
    rows = Need.objects.filter(region=region, person__isnull=False).values_list(
        "person_id", "category_id", "municipality_id", "person__municipality_id"
    )
    for person, category, municipality, home in rows.iterator():
        where = municipality or home
        if where:
            out[(where, category)].add(person)
    linked = Need.objects.filter(
        region=region, person__isnull=False, issue_links__issue__region=region
    ).values_list("person_id", "issue_links__issue__category_id", "municipality_id",
                  "person__municipality_id")
    for person, category, municipality, home in linked.iterator():
        where = municipality or home
        if where:
            out[(where, category)].add(person)
    return out


def _resources(region: Any, category_codes: dict[str, int]) -> dict[tuple[int, int], int]:
    from tsunagu.directory.models import Service, ServiceStatus

    pairs: dict[tuple[int, int], set] = defaultdict(set)
    rows = (
        Service.objects.filter(region=region, status=ServiceStatus.ACTIVE)
        .filter(terms__code__in=list(TERM_CATEGORIES), locations__municipality__isnull=False)
        .values_list("pk", "terms__code", "locations__municipality_id")
    )
    for service, term, municipality in rows.iterator():
        for code in TERM_CATEGORIES.get(term, ()):
            if code in category_codes:
                pairs[(municipality, category_codes[code])].add(service)
    return {key: len(ids) for key, ids in pairs.items()}


def gap_table(region: Any) -> GapTable:
    """The whole table of the region (a fixed number of queries)."""
    municipalities = list(region.municipalities.order_by("code"))
    categories = list(
        ListItem.objects.of(region, ListKind.NEED_CATEGORY).active().order_by("sort_order", "pk")
    )
    from tsunagu.assessment.models import Survey
    from tsunagu.people.models import Person

    table = GapTable(municipalities, categories, populations=latest_totals(region))
    table.includes_fictional = (
        Person.objects.filter(region=region, is_fictional=True).exists()
        or Survey.objects.filter(region=region, is_fictional=True).exists()
    )
    category_ids = {c.pk for c in categories}
    persons = {
        key: len(ids) for key, ids in _need_persons(region).items() if key[1] in category_ids
    }
    hidden = _suppress(persons, [m.pk for m in municipalities], [c.pk for c in categories])
    survey: dict[tuple[int, int], int] = defaultdict(int)
    for municipality, category, _answer in (
        Answer.objects.filter(response__survey__region=region, response__municipality__isnull=False,
                              tags__isnull=False)
        .values_list("response__municipality_id", "tags__pk", "pk")
        .distinct()
        .iterator()
    ):
        survey[(municipality, category)] += 1
    hearings: dict[tuple[int, int], int] = defaultdict(int)
    for municipality, category in (
        Hearing.categories.through.objects.filter(
            hearing__region=region, hearing__municipality__isnull=False
        )
        .values_list("hearing__municipality_id", "listitem_id")
        .iterator()
    ):
        hearings[(municipality, category)] += 1
    resources = _resources(region, {c.code: c.pk for c in categories})
    notes = {
        (n.municipality_id, n.category_id): n
        for n in GapNote.objects.filter(region=region).select_related("issue")
    }
    for m in municipalities:
        population = table.populations.get(m.pk, (None, None, None))[0]
        for c in categories:
            key = (m.pk, c.pk)
            table.cells[key] = Cell(
                municipality=m,
                category=c,
                persons=SUPPRESSED if key in hidden else persons.get(key, 0),
                survey=survey.get(key, 0),
                hearings=hearings.get(key, 0),
                resources=resources.get(key, 0),
                population=population,
                note=notes.get(key),
            )
    return table
