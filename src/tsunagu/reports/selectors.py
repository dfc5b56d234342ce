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
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy

from tsunagu.consultations.models import Consultation
from tsunagu.core import dates
from tsunagu.core.lists import NATIONAL_CATEGORIES, national_code_of
from tsunagu.core.models import ListItem, ListKind, Municipality, Region
from tsunagu.people.models import Person, PersonDisability
from tsunagu.reports.hours import open_periods

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
ADULT_AGE = 18
MONTHS = 12


def fiscal_months(fiscal_year: int) -> list[tuple[int, int]]:
    """(year, month) of the 12 months of a 年度, April to March."""
    return [(fiscal_year, m) for m in range(4, 13)] + [(fiscal_year + 1, m) for m in range(1, 4)]


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_bounds(fiscal_year: int) -> list[datetime]:
    """The 13 instants that cut a 年度 into its months: midnight in Asia/Tokyo on the 1st."""
    months = [*fiscal_months(fiscal_year), (fiscal_year + 1, 4)]
    return [datetime(y, m, 1, tzinfo=dates.TOKYO) for y, m in months]


def under_18_born_after(fiscal_year: int) -> date:
    """Persons born after this day are under 18 on 4月1日 of the 年度 (the 障害児 of the
    national tables): born 2004-04-01 is 18 on 2022-04-01, born 2004-04-02 is 17."""
    return date(fiscal_year - ADULT_AGE, 4, 1)


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


@dataclass(frozen=True)
class _Scope:
    """Whose records count (see the module's docstring)."""

    organizations: tuple[int, ...] | None
    unattributed: bool

    def q(self, prefix: str = "") -> Q:
        if self.organizations is None:
            return Q()
        q = Q(**{f"{prefix}organization_id__in": self.organizations})
        if self.unattributed:
            q |= Q(**{f"{prefix}organization__isnull": True})
        return q


class _Tally:
    """Raw counts of one group (a municipality, or the whole selection)."""

    def __init__(self) -> None:
        self.ranges: dict[int, int] = defaultdict(int)  # months 0..11, then opening periods
        self.contacts = 0
        self.anonymous = 0
        self.method: dict[Any, int] = defaultdict(int)
        self.caller: dict[Any, int] = defaultdict(int)
        self.kind: dict[Any, int] = defaultdict(int)
        self.topic: dict[Any, int] = defaultdict(int)
        # consultations already counted for the national item by an item of smaller id
        self.topic_dup: dict[Any, int] = defaultdict(int)
        self.persons: dict[Any, int] = defaultdict(int)  # by the person's own 市町村
        self.under_18 = 0
        self.new = 0
        self.disability: dict[Any, int] = defaultdict(int)


WHOLE = "whole"  # the group key of an ungrouped tally


def fiscal_year_start(fiscal_year: int) -> datetime:
    """4月1日 0:00 in Asia/Tokyo: every consultation of an earlier 年度 is before it."""
    return month_bounds(fiscal_year)[0]


def _ranges(fiscal_year: int) -> list[tuple[datetime, datetime]]:
    """The 12 months, then the center's opening periods (about 245) of the 年度."""
    bounds = month_bounds(fiscal_year)
    return [*zip(bounds, bounds[1:], strict=False), *open_periods(fiscal_year)]


_RANGES = """WITH p(k, s, e) AS (VALUES {values})
SELECT p.k, NULL, (SELECT COUNT(*) FROM {table} c WHERE {where} AND {within}) FROM p"""
# PostgreSQL: the ranges drive a join and a hash aggregate; SQLite: one COUNT per range and
# 市町村 (its plan for the join is far slower), as in tsunagu.reports.sql.
_RANGES_JOIN = """WITH p(k, s, e) AS (VALUES {values})
SELECT p.k, c.municipality_id, COUNT(*) FROM p JOIN {table} c ON {where} AND {within}
 GROUP BY p.k, c.municipality_id"""
_RANGES_BY_MUNICIPALITY = """WITH p(k, s, e) AS (VALUES {values}),
m(id) AS (SELECT id FROM {municipalities} WHERE region_id = %s UNION ALL SELECT NULL)
SELECT p.k, m.id, (SELECT COUNT(*) FROM {table} c
                    WHERE {where} AND {within} AND c.municipality_id {same} m.id)
  FROM p CROSS JOIN m"""


def _range_counts(
    region_id: int,
    fiscal_year: int,
    scope: _Scope,
    *,
    municipality_id: int | None,
    by_municipality: bool,
) -> list[tuple[int, Any, int]]:
    """(range number, municipality id or WHOLE, consultations) for each month and opening
    period, counted as ranges of the index on (region, 年度, occurred_at): a list of ranges
    joined to the table, which the ORM cannot write, so this one statement is SQL. (Before
    issue 25 it was a 245-way OR evaluated on every row: 90 % of the report's time.)"""
    quote = connection.ops.quote_name
    table = quote(Consultation._meta.db_table)
    cast = "CAST(%s AS timestamptz)" if connection.vendor == "postgresql" else "%s"
    ranges = _ranges(fiscal_year)
    values = ", ".join([f"(%s, {cast}, {cast})"] * len(ranges))
    adapt = connection.ops.adapt_datetimefield_value
    params: list[Any] = [v for k, (s, e) in enumerate(ranges) for v in (k, adapt(s), adapt(e))]
    where = "c.region_id = %s AND c.fiscal_year = %s"
    params_where: list[Any] = [region_id, fiscal_year]
    if municipality_id is not None:
        where += " AND c.municipality_id = %s"
        params_where.append(municipality_id)
    if scope.organizations is not None:
        listed = ", ".join(["%s"] * len(scope.organizations)) or "NULL"
        either = " OR c.organization_id IS NULL" if scope.unattributed else ""
        where += f" AND (c.organization_id IN ({listed}){either})"
        params_where += list(scope.organizations)
    within = "c.occurred_at >= p.s AND c.occurred_at < p.e"
    sqlite = connection.vendor == "sqlite"
    template = _RANGES
    if by_municipality:
        template = _RANGES_BY_MUNICIPALITY if sqlite else _RANGES_JOIN
    sql = template.format(
        values=values,
        table=table,
        where=where,
        within=within,
        municipalities=quote(Municipality._meta.db_table),
        same="IS" if connection.vendor == "sqlite" else "IS NOT DISTINCT FROM",
    )
    if by_municipality and sqlite:  # each 市町村 of the region (and none), one COUNT per range
        params.append(region_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params + params_where)
        return [(k, m if by_municipality else WHOLE, n) for k, m, n in cursor.fetchall()]


def _shared_national(items: list[ListItem]) -> Q | None:
    """Rows of a 支援内容 item whose consultation also has an item of smaller id that folds
    into the same national item (差別 and その他 by default), or None when no two items share
    one. The national 支援内容 counts a consultation once per national item: the sum of its
    items less these rows, found in the same pass as the items' counts."""
    shared: dict[str, list[int]] = defaultdict(list)
    for item in items:
        shared[national_code_of(ListKind.SUPPORT_TOPIC, item.code, item.national_code)].append(
            item.pk
        )
    through = Consultation.topics.through.objects
    condition = None
    for pks in (pks for pks in shared.values() if len(pks) > 1):
        other = through.filter(
            consultation_id=OuterRef("consultation_id"),
            listitem_id__in=pks,
            listitem_id__lt=OuterRef("listitem_id"),
        )
        q = Q(listitem_id__in=pks) & Q(Exists(other))
        condition = q if condition is None else condition | q
    return condition


def _tallies(
    region_id: int,
    fiscal_year: int,
    scope: _Scope,
    items: dict[str, list[ListItem]],
    *,
    municipality_id: int | None = None,
    by_municipality: bool = False,
) -> dict[Any, _Tally]:
    """Counts of the selection, in one query per kind of count: by municipality (keys are
    municipality ids, None for records without one; persons and 障害種別 not included) or
    as one group (key WHOLE)."""
    where = Q(region_id=region_id, fiscal_year=fiscal_year) & scope.q()
    if municipality_id is not None:
        where &= Q(municipality_id=municipality_id)
    consultations = Consultation.objects.filter(where).order_by()
    group = ["municipality_id"] if by_municipality else []
    tallies: dict[Any, _Tally] = defaultdict(_Tally)

    def key(row: dict, name: str = "municipality_id") -> Any:
        return row[name] if by_municipality else WHOLE

    for k, group_key, n in _range_counts(
        region_id, fiscal_year, scope, municipality_id=municipality_id,
        by_municipality=by_municipality,
    ):  # fmt: skip
        tallies[group_key].ranges[k] = n
    rows = consultations.values(*group, "method_id", "caller_type_id", "kind_id").annotate(
        n=Count("*"), anonymous=Count("pk", filter=Q(person__isnull=True))
    )
    for row in rows:
        tally = tallies[key(row)]
        tally.method[row["method_id"]] += row["n"]
        tally.caller[row["caller_type_id"]] += row["n"]
        tally.kind[row["kind_id"]] += row["n"]
        tally.contacts += row["n"]
        tally.anonymous += row["anonymous"]
    through = Consultation.topics.through.objects.order_by()
    shared = _shared_national(items[ListKind.SUPPORT_TOPIC])
    if by_municipality:
        pairs = through.filter(
            Q(consultation__region_id=region_id, consultation__fiscal_year=fiscal_year)
            & scope.q("consultation__")
        )
        topic_group = ["consultation__municipality_id"]
    else:
        pairs = through.filter(consultation_id__in=consultations.values("pk"))
        topic_group = []
    rows = pairs.values(*topic_group, "listitem_id").annotate(
        n=Count("*"),
        **({} if shared is None else {"dup": Count("listitem_id", filter=shared)}),
    )
    for row in rows:
        tally = tallies[key(row, "consultation__municipality_id")]
        tally.topic[row["listitem_id"]] += row["n"]
        tally.topic_dup[row["listitem_id"]] += row.get("dup", 0)
    return tallies


def _earlier(region_id: int, fiscal_year: int, scope: _Scope, person: str) -> Exists:
    """A consultation of the person before the 年度 (same region, same organizations): found
    on the (person, occurred_at) index; 年度 < fiscal_year is the same instant bound."""
    return Exists(
        Consultation.objects.filter(
            Q(
                person_id=OuterRef(person),
                occurred_at__lt=fiscal_year_start(fiscal_year),
                region_id=region_id,
                fiscal_year__lt=fiscal_year,
            )
            & scope.q()
        )
    )


def _persons(
    region_id: int,
    fiscal_year: int,
    scope: _Scope,
    tally: _Tally,
    *,
    municipality_id: int | None = None,
) -> None:
    """The selection's persons, each once: 実人数 by their own 市町村, 障害児, 新規, and
    persons by 障害種別 (two queries over the year's distinct persons)."""
    where = Q(region_id=region_id, fiscal_year=fiscal_year, person__isnull=False) & scope.q()
    if municipality_id is not None:
        where &= Q(municipality_id=municipality_id)
    person_ids = Consultation.objects.filter(where).order_by().values("person_id")
    rows = (
        Person.objects.filter(pk__in=person_ids)
        .order_by()
        .values("municipality_id")
        .annotate(
            n=Count("*"),
            under_18=Count("pk", filter=Q(birth_date__gt=under_18_born_after(fiscal_year))),
            new=Count("pk", filter=~_earlier(region_id, fiscal_year, scope, "pk")),
        )
    )
    for row in rows:
        tally.persons[row["municipality_id"]] = row["n"]
        tally.under_18 += row["under_18"]
        tally.new += row["new"]
    rows = (
        PersonDisability.objects.filter(person_id__in=person_ids)
        .order_by()
        .values("disability_type_id")
        .annotate(n=Count("*"))  # (person, type) is unique
    )
    for row in rows:
        tally.disability[row["disability_type_id"]] = row["n"]


def _persons_by_municipality(
    region_id: int, fiscal_year: int, scope: _Scope, tallies: dict[Any, _Tally]
) -> None:
    """Each municipality's persons: a person once in each 市町村 they were consulted in."""
    where = Q(region_id=region_id, fiscal_year=fiscal_year, person__isnull=False) & scope.q()
    consultations = Consultation.objects.filter(where).order_by()
    rows = consultations.values("municipality_id").annotate(
        n=Count("person_id", distinct=True),
        under_18=Count(
            "person_id",
            distinct=True,
            filter=Q(person__birth_date__gt=under_18_born_after(fiscal_year)),
        ),
        new=Count(
            "person_id",
            distinct=True,
            filter=~_earlier(region_id, fiscal_year, scope, "person_id"),
        ),
    )
    for row in rows:
        tally = tallies[row["municipality_id"]]
        tally.persons[row["municipality_id"]] = row["n"]
        tally.under_18 = row["under_18"]
        tally.new = row["new"]
    rows = (
        consultations.filter(person__disabilities__isnull=False)
        .values("municipality_id", "person__disabilities__disability_type_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    for row in rows:
        disability = row["person__disabilities__disability_type_id"]
        tallies[row["municipality_id"]].disability[disability] = row["n"]


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
    市町村), its persons counted once more on their own (a person may count in two)."""
    region_id = _region_id(region)
    scope = _scope(organizations, unattributed)
    items = _items(region_id)
    municipalities = _municipalities(region_id)
    grouped = _tallies(region_id, fiscal_year, scope, items, by_municipality=True)
    whole = _sum(list(grouped.values()))
    _persons(region_id, fiscal_year, scope, whole)
    _persons_by_municipality(region_id, fiscal_year, scope, grouped)
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
