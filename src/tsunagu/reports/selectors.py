"""The annual report (実績報告) of one region and 年度, in a fixed number of aggregate queries.

Counting rules (DOMAIN.md):
- 実人数 (``persons_total``): distinct persons with at least one consultation in the 年度;
  anonymous or unidentified consultations (no person) do not count.
- 延べ件数 (``contacts_total``): the number of consultations, anonymous ones included.
- A person counts once in each of their 障害種別, a consultation once in each of its 支援内容
  (「重複カウントあり」): those two breakdowns do not sum to the total.
- 市町村, 相談方法 and month are exclusive: each sums to its total.

Seven queries whatever the size of the data: list items, municipalities, totals with the
12 months (one scan, months cut at midnight Asia/Tokyo by range, not by a per-row time-zone
function), by method, by topic, by disability, by municipality. Nothing loops over
consultations in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy

from tsunagu.consultations.models import Consultation
from tsunagu.core import dates
from tsunagu.core.models import ListItem, ListKind, Municipality, Region
from tsunagu.people.models import Person, PersonDisability

# The row of persons outside the region's municipalities: a label shown with the municipality
# names, translated when a report is made (str() it: a dict key must be a str).
UNKNOWN_MUNICIPALITY = gettext_lazy("不明")

# The keys of the JSON object (`tsunagu report annual --json`), in this order.
JSON_KEYS = (
    "fiscal_year",
    "persons_total",
    "contacts_total",
    "anonymous_contacts",
    "persons_by_disability",
    "persons_by_municipality",
    "contacts_by_method",
    "contacts_by_topic",
    "contacts_by_month",
)


def fiscal_months(fiscal_year: int) -> list[tuple[int, int]]:
    """(year, month) of the 12 months of a 年度, April to March."""
    return [(fiscal_year, m) for m in range(4, 13)] + [(fiscal_year + 1, m) for m in range(1, 4)]


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_bounds(fiscal_year: int) -> list[datetime]:
    """The 13 instants that cut a 年度 into its months: midnight in Asia/Tokyo on the 1st."""
    months = [*fiscal_months(fiscal_year), (fiscal_year + 1, 4)]
    return [datetime(y, m, 1, tzinfo=dates.TOKYO) for y, m in months]


@dataclass(frozen=True)
class AnnualReport:
    """Full (unsuppressed) figures. Dicts keep the display order of their categories."""

    fiscal_year: int
    persons_total: int
    contacts_total: int
    anonymous_contacts: int
    persons_by_disability: dict[str, int] = field(default_factory=dict)
    persons_by_municipality: dict[str, int] = field(default_factory=dict)
    contacts_by_method: dict[str, int] = field(default_factory=dict)
    contacts_by_topic: dict[str, int] = field(default_factory=dict)
    contacts_by_month: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the keys of the issue's JSON object (see JSON_KEYS)."""
        return {key: _copy(getattr(self, key)) for key in JSON_KEYS}


def _copy(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else value


def _items(region_id: int) -> dict[str, list[ListItem]]:
    kinds = (ListKind.DISABILITY_TYPE, ListKind.CONTACT_METHOD, ListKind.SUPPORT_TOPIC)
    by_kind: dict[str, list[ListItem]] = {kind: [] for kind in kinds}
    rows = ListItem.objects.filter(region_id=region_id, kind__in=kinds).order_by(
        "kind", "sort_order", "pk"
    )
    for item in rows.only("pk", "kind", "label", "sort_order", "is_active"):
        by_kind[item.kind].append(item)
    return by_kind


def _by_item(items: list[ListItem], counts: dict[int, int]) -> dict[str, int]:
    """Every active item in list order, 0 when none; a retired item only when it counts."""
    return {
        item.label: counts.get(item.pk, 0)
        for item in items
        if item.is_active or counts.get(item.pk, 0)
    }


def _counts(queryset: QuerySet, key: str, value: str = "n") -> dict[int, int]:
    return {row[key]: row[value] for row in queryset}


def annual_report(*, region: Region | int, fiscal_year: int) -> AnnualReport:
    """The figures of ``region`` for 年度 ``fiscal_year`` (e.g. 2022 = 令和4年度)."""
    region_id = region if isinstance(region, int) else region.pk
    consultations = Consultation.objects.filter(region_id=region_id, fiscal_year=fiscal_year)
    person_ids = consultations.filter(person__isnull=False).values("person_id")

    items = _items(region_id)
    municipalities = list(
        Municipality.objects.filter(region_id=region_id).order_by("code").values_list("pk", "name")
    )
    bounds = month_bounds(fiscal_year)
    months = {
        f"m{i}": Count("pk", filter=Q(occurred_at__gte=bounds[i], occurred_at__lt=bounds[i + 1]))
        for i in range(12)
    }
    totals = consultations.order_by().aggregate(
        contacts=Count("pk"),
        persons=Count("person", distinct=True),
        anonymous=Count("pk", filter=Q(person__isnull=True)),
        **months,
    )
    by_method = _counts(
        consultations.order_by().values("method_id").annotate(n=Count("pk")), "method_id"
    )
    topic_through = Consultation.topics.through
    by_topic = _counts(
        topic_through.objects.filter(
            consultation__region_id=region_id, consultation__fiscal_year=fiscal_year
        )
        .order_by()
        .values("listitem_id")
        .annotate(n=Count("pk")),
        "listitem_id",
    )
    by_disability = _counts(
        PersonDisability.objects.filter(person_id__in=person_ids)
        .order_by()
        .values("disability_type_id")
        .annotate(n=Count("person_id", distinct=True)),
        "disability_type_id",
    )
    by_municipality = _counts(
        Person.objects.filter(pk__in=person_ids)
        .order_by()
        .values("municipality_id")
        .annotate(n=Count("pk")),
        "municipality_id",
    )

    persons_by_municipality = {name: by_municipality.get(pk, 0) for pk, name in municipalities}
    known = {pk for pk, _ in municipalities}
    unknown = sum(n for pk, n in by_municipality.items() if pk not in known)
    if unknown:
        persons_by_municipality[str(UNKNOWN_MUNICIPALITY)] = unknown

    return AnnualReport(
        fiscal_year=fiscal_year,
        persons_total=totals["persons"],
        contacts_total=totals["contacts"],
        anonymous_contacts=totals["anonymous"],
        persons_by_disability=_by_item(items[ListKind.DISABILITY_TYPE], by_disability),
        persons_by_municipality=persons_by_municipality,
        contacts_by_method=_by_item(items[ListKind.CONTACT_METHOD], by_method),
        contacts_by_topic=_by_item(items[ListKind.SUPPORT_TOPIC], by_topic),
        contacts_by_month={
            month_key(y, m): totals[f"m{i}"] for i, (y, m) in enumerate(fiscal_months(fiscal_year))
        },
    )


def years_with_data(region: Region | int) -> list[int]:
    """The 年度 that have consultations in ``region``, newest first (one indexed query)."""
    region_id = region if isinstance(region, int) else region.pk
    return list(
        Consultation.objects.filter(region_id=region_id)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
