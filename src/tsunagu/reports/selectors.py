"""The annual report (実績報告) of one region and 年度, in a fixed number of aggregate queries.

Counting rules (DOMAIN.md):
- 実人数 (``persons_total``): distinct persons with at least one consultation in the 年度;
  anonymous or unidentified consultations (no person) do not count.
- 延べ件数 (``contacts_total``): the number of consultations, anonymous ones included.
- A person counts once in each of their 障害種別, a consultation once in each of its 支援内容
  (「重複カウントあり」): those two breakdowns do not sum to the total.
- 市町村, 相談方法, 相談者, 相談の種類 and month are exclusive: each sums to its total.
- 障害児 (``persons_under_18``): persons under 18 on 4月1日 of the 年度 (born after 4月1日
  eighteen years before); a person without a birth date is not counted as under 18.
- 新規 (``persons_new``): persons with no consultation on record before the 年度 (in the
  same region and among the same organizations' records).
- 時間外 (``contacts_outside_hours``): consultations outside the center's hours
  (tsunagu.reports.hours).
- National tables (``*_national``): each list item counted in its national category
  (ListItem.national_code; tsunagu.core.lists.NATIONAL_CATEGORIES), so a center's local
  items (FAX, オンライン) fold into the national ones; 支援内容 counts a consultation once per
  national item even when two of its local items fold into the same one.

Per municipality (issue 18): a consultation belongs to the 市町村 stored on it when it was
recorded (the person's at that time), so a person who moves counts in each municipality they
were consulted in, once in the region. Anonymous consultations count for a municipality
only when the record names one. In a municipal report ``persons_by_municipality`` has that
one row; in the region report it stays what it was: persons by their own (current) 市町村.

Whose work: ``organizations`` (ids; None = every organization) and ``unattributed``
(records that name no organization, kept from before organizations were recorded).

One pass whatever the number of municipalities: :func:`annual_reports` gives the region and
every municipality with each breakdown grouped by municipality in the same query, and
nothing loops over consultations in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy

from tsunagu.consultations.models import Consultation
from tsunagu.core.lists import NATIONAL_CATEGORIES, national_code_of
from tsunagu.core.models import ListItem, ListKind, Municipality, Region
from tsunagu.reports.tallies import (
    MONTHS,
    WHOLE,
    _persons,
    _persons_by_municipality,
    _Scope,
    _tallies,
    _Tally,
    fiscal_months,
    month_key,
)

# The row of persons outside the region's municipalities: a label shown with the municipality
# names, translated when a report is made (str() it: a dict key must be a str).
UNKNOWN_MUNICIPALITY = gettext_lazy("不明")

# The keys of the JSON object (`tsunagu report annual --json`), in this order: the keys of
# issue 2 first, keeping their meaning, then those of issue 18.
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
    "persons_under_18",
    "persons_new",
    "contacts_outside_hours",
    "contacts_by_consultant",
    "contacts_by_kind",
    "contacts_by_method_national",
    "contacts_by_topic_national",
)
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
    persons_under_18: int = 0
    persons_new: int = 0
    contacts_outside_hours: int = 0
    contacts_by_consultant: dict[str, int] = field(default_factory=dict)
    contacts_by_kind: dict[str, int] = field(default_factory=dict)
    contacts_by_method_national: dict[str, int] = field(default_factory=dict)
    contacts_by_topic_national: dict[str, int] = field(default_factory=dict)
    # Not figures: local breakdown -> {local label: national label} (suppression rule 6).
    national_folds: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the keys of the JSON object (see JSON_KEYS)."""
        return {key: _copy(getattr(self, key)) for key in JSON_KEYS}


@dataclass(frozen=True)
class MunicipalReport:
    """The report one 市町村 receives (``code`` 5 digits, ``name`` as the region lists it)."""

    code: str
    name: str
    report: AnnualReport


@dataclass(frozen=True)
class AnnualReports:
    """The region's report and each municipality's, in code order."""

    region: AnnualReport
    municipalities: list[MunicipalReport]

    def get(self, code: str) -> MunicipalReport | None:
        return next((m for m in self.municipalities if m.code == code), None)


def _copy(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else value


REPORT_KINDS = (
    ListKind.DISABILITY_TYPE,
    ListKind.CONTACT_METHOD,
    ListKind.SUPPORT_TOPIC,
    ListKind.CALLER_TYPE,
    ListKind.CONSULTATION_KIND,
)


def _items(region_id: int) -> dict[str, list[ListItem]]:
    by_kind: dict[str, list[ListItem]] = {kind: [] for kind in REPORT_KINDS}
    rows = ListItem.objects.filter(region_id=region_id, kind__in=REPORT_KINDS).order_by(
        "kind", "sort_order", "pk"
    )
    for item in rows.only(
        "pk", "kind", "code", "label", "sort_order", "is_active", "national_code"
    ):
        by_kind[item.kind].append(item)
    return by_kind


def _by_item(items: list[ListItem], counts: dict[Any, int]) -> dict[str, int]:
    """Every active item in list order, 0 when none; a retired item only when it counts."""
    return {
        item.label: counts.get(item.pk, 0)
        for item in items
        if item.is_active or counts.get(item.pk, 0)
    }


def _national(kind: str, counts: dict[str, int]) -> dict[str, int]:
    """Every national category of ``kind`` in the survey's order, from counts by code."""
    return {label: counts.get(code, 0) for code, label in NATIONAL_CATEGORIES[kind]}


def _fold(kind: str, items: list[ListItem], counts: dict[Any, int]) -> dict[str, int]:
    """Counts by item folded into national codes (for an exclusive breakdown: a sum)."""
    folded: dict[str, int] = defaultdict(int)
    for item in items:
        folded[national_code_of(kind, item.code, item.national_code)] += counts.get(item.pk, 0)
    return folded


def _report(
    fiscal_year: int,
    items: dict[str, list[ListItem]],
    tally: _Tally,
    persons_by_municipality: dict[str, int],
) -> AnnualReport:
    methods = items[ListKind.CONTACT_METHOD]
    topics = items[ListKind.SUPPORT_TOPIC]
    in_hours = sum(n for k, n in tally.ranges.items() if k >= MONTHS)
    return AnnualReport(
        fiscal_year=fiscal_year,
        persons_total=sum(tally.persons.values()),
        contacts_total=tally.contacts,
        anonymous_contacts=tally.anonymous,
        persons_by_disability=_by_item(items[ListKind.DISABILITY_TYPE], tally.disability),
        persons_by_municipality=persons_by_municipality,
        contacts_by_method=_by_item(methods, tally.method),
        contacts_by_topic=_by_item(topics, tally.topic),
        contacts_by_month={
            month_key(y, m): tally.ranges.get(i, 0)
            for i, (y, m) in enumerate(fiscal_months(fiscal_year))
        },
        persons_under_18=tally.under_18,
        persons_new=tally.new,
        contacts_outside_hours=tally.contacts - in_hours,
        contacts_by_consultant=_by_item(items[ListKind.CALLER_TYPE], tally.caller),
        contacts_by_kind=_by_item(items[ListKind.CONSULTATION_KIND], tally.kind),
        contacts_by_method_national=_national(
            ListKind.CONTACT_METHOD, _fold(ListKind.CONTACT_METHOD, methods, tally.method)
        ),
        contacts_by_topic_national=_national(
            ListKind.SUPPORT_TOPIC,
            _fold(
                ListKind.SUPPORT_TOPIC,
                topics,
                {pk: n - tally.topic_dup.get(pk, 0) for pk, n in tally.topic.items()},
            ),
        ),
        national_folds={
            "contacts_by_method": _folds(ListKind.CONTACT_METHOD, methods),
            "contacts_by_topic": _folds(ListKind.SUPPORT_TOPIC, topics),
        },
    )


def _folds(kind: str, items: list[ListItem]) -> dict[str, str]:
    labels = dict(NATIONAL_CATEGORIES[kind])
    return {
        item.label: labels[national_code_of(kind, item.code, item.national_code)] for item in items
    }


def _own_municipalities(
    tally: _Tally, municipalities: list[tuple[int, str, str]]
) -> dict[str, int]:
    """Persons of the selection by their own (current) 市町村, 不明 last when any."""
    counts = tally.persons
    by_name = {name: counts.get(pk, 0) for pk, _code, name in municipalities}
    known = {pk for pk, _code, _name in municipalities}
    unknown = sum(n for pk, n in counts.items() if pk not in known)
    if unknown:
        by_name[str(UNKNOWN_MUNICIPALITY)] = unknown
    return by_name


def _municipalities(region_id: int) -> list[tuple[int, str, str]]:
    return list(
        Municipality.objects.filter(region_id=region_id)
        .order_by("code")
        .values_list("pk", "code", "name")
    )


def _scope(organizations: Iterable[int] | None, unattributed: bool) -> _Scope:
    return _Scope(
        organizations=None if organizations is None else tuple(sorted(set(organizations))),
        unattributed=unattributed,
    )


def _region_id(region: Region | int) -> int:
    return region if isinstance(region, int) else region.pk


def annual_report(
    *,
    region: Region | int,
    fiscal_year: int,
    municipality: Municipality | str | None = None,
    organizations: Iterable[int] | None = None,
    unattributed: bool = True,
) -> AnnualReport:
    """The figures of ``region`` for 年度 ``fiscal_year`` (e.g. 2022 = 令和4年度); of one
    ``municipality`` (a Municipality or its 5-digit code) when given. LookupError for a code
    the region does not have."""
    region_id = _region_id(region)
    scope = _scope(organizations, unattributed)
    items = _items(region_id)
    municipalities = _municipalities(region_id)
    if municipality is None:
        tally = _tallies(region_id, fiscal_year, scope, items)[WHOLE]
        _persons(region_id, fiscal_year, scope, tally)
        return _report(fiscal_year, items, tally, _own_municipalities(tally, municipalities))
    code = municipality if isinstance(municipality, str) else municipality.code
    found = next(((pk, name) for pk, c, name in municipalities if c == code), None)
    if found is None:
        raise LookupError(code)
    pk, name = found
    tally = _tallies(region_id, fiscal_year, scope, items, municipality_id=pk)[WHOLE]
    _persons(region_id, fiscal_year, scope, tally, municipality_id=pk)
    return _report(fiscal_year, items, tally, {name: sum(tally.persons.values())})


def _sum(tallies: Iterable[_Tally]) -> _Tally:
    """The consultation counts of the whole from its municipalities' (each consultation has
    one 市町村 or none, so they add up); persons are counted on their own."""
    whole = _Tally()
    for tally in tallies:
        for name in ("ranges", "method", "caller", "kind", "topic", "topic_dup"):
            for k, n in getattr(tally, name).items():
                getattr(whole, name)[k] += n
        whole.contacts += tally.contacts
        whole.anonymous += tally.anonymous
    return whole


def annual_reports(
    *,
    region: Region | int,
    fiscal_year: int,
    organizations: Iterable[int] | None = None,
    unattributed: bool = True,
) -> AnnualReports:
    """The region's report and every municipality's in one pass grouped by municipality: the
    region's consultation counts are the sum of its municipalities' (a consultation has one
    市町村); persons, region and municipalities, in one pass over the year's (person, 市町村)
    pairs (a person may count in two municipalities, once in the region)."""
    region_id = _region_id(region)
    scope = _scope(organizations, unattributed)
    items = _items(region_id)
    municipalities = _municipalities(region_id)
    grouped = _tallies(region_id, fiscal_year, scope, items, by_municipality=True)
    whole = _sum(list(grouped.values()))
    _persons_by_municipality(region_id, fiscal_year, scope, whole, grouped)
    reports = []
    for pk, code, name in municipalities:
        tally = grouped.get(pk) or _Tally()
        persons = sum(tally.persons.values())
        reports.append(
            MunicipalReport(code, name, _report(fiscal_year, items, tally, {name: persons}))
        )
    return AnnualReports(
        region=_report(fiscal_year, items, whole, _own_municipalities(whole, municipalities)),
        municipalities=reports,
    )


def years_with_data(region: Region | int) -> list[int]:
    """The 年度 that have consultations in ``region``, newest first (one indexed query)."""
    region_id = _region_id(region)
    return list(
        Consultation.objects.filter(region_id=region_id)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
