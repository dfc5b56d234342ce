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
from django.db.models import BooleanField, Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
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
        self.totals: dict[str, int] = {}
        self.method: dict[Any, int] = {}
        self.caller: dict[Any, int] = {}
        self.kind: dict[Any, int] = {}
        self.topic: dict[Any, int] = {}
        self.topic_national: dict[str, int] = {}
        self.disability: dict[Any, int] = {}


WHOLE = "whole"  # the group key of an ungrouped tally


def _in_hours(fiscal_year: int) -> RawSQL:
    """True for a consultation inside the center's hours: one range per business day (about
    245), written once as SQL with parameters — the same condition as 245 ORed Q objects,
    without the ORM compiling them on every report (that alone took longer than the query)."""
    quote = connection.ops.quote_name
    column = f"{quote(Consultation._meta.db_table)}.{quote('occurred_at')}"
    periods = open_periods(fiscal_year)
    sql = " OR ".join([f"({column} >= %s AND {column} < %s)"] * len(periods)) or "1 = 0"
    params = [connection.ops.adapt_datetimefield_value(v) for p in periods for v in p]
    return RawSQL(f"({sql})", params, output_field=BooleanField())  # noqa: S611 - names from the model, values as parameters


def _rows(queryset: QuerySet, group: str | None, fields: list[str], **aggregates: Any) -> list:
    """``values(group, *fields).annotate(...)``; without group or fields, one aggregate row."""
    names = ([group] if group else []) + fields
    if not names:
        return [queryset.order_by().aggregate(**aggregates)]
    return list(queryset.order_by().values(*names).annotate(**aggregates))


def _tallies(
    region_id: int,
    fiscal_year: int,
    scope: _Scope,
    *,
    municipality_id: int | None = None,
    by_municipality: bool = False,
) -> dict[Any, _Tally]:
    """Counts of the selection, in one query per breakdown: by municipality (keys are
    municipality ids, None for records without one) or as one group (key WHOLE)."""
    where = Q(region_id=region_id, fiscal_year=fiscal_year) & scope.q()
    through_where = Q(
        consultation__region_id=region_id, consultation__fiscal_year=fiscal_year
    ) & scope.q("consultation__")
    if municipality_id is not None:
        where &= Q(municipality_id=municipality_id)
        through_where &= Q(consultation__municipality_id=municipality_id)
    consultations = Consultation.objects.filter(where)
    group = "municipality_id" if by_municipality else None
    through_group = "consultation__municipality_id" if by_municipality else None
    tallies: dict[Any, _Tally] = defaultdict(_Tally)

    def key(row: dict, name: str | None = group) -> Any:
        return row[name] if name else WHOLE

    bounds = month_bounds(fiscal_year)
    earlier = Consultation.objects.filter(
        Q(region_id=region_id, fiscal_year__lt=fiscal_year, person__isnull=False) & scope.q()
    ).values("person_id")
    in_hours = _in_hours(fiscal_year)
    totals = _rows(
        consultations,
        group,
        [],
        contacts=Count("pk"),
        persons=Count("person", distinct=True),
        anonymous=Count("pk", filter=Q(person__isnull=True)),
        under_18=Count(
            "person",
            distinct=True,
            filter=Q(person__birth_date__gt=under_18_born_after(fiscal_year)),
        ),
        new=Count("person", distinct=True, filter=Q(person__isnull=False) & ~Q(person__in=earlier)),
        in_hours=Count("pk", filter=in_hours),
        **{
            f"m{i}": Count(
                "pk", filter=Q(occurred_at__gte=bounds[i], occurred_at__lt=bounds[i + 1])
            )
            for i in range(12)
        },
    )
    for row in totals:
        if row["contacts"] or not group:
            tallies[key(row)].totals = row
    for attr, column in (
        ("method", "method_id"),
        ("caller", "caller_type_id"),
        ("kind", "kind_id"),
    ):
        for row in _rows(consultations, group, [column], n=Count("pk")):
            getattr(tallies[key(row)], attr)[row[column]] = row["n"]
    through = Consultation.topics.through.objects.filter(through_where)
    for row in _rows(through, through_group, ["listitem_id"], n=Count("pk")):
        tallies[key(row, through_group)].topic[row["listitem_id"]] = row["n"]
    codes = [code for code, _label in NATIONAL_CATEGORIES[ListKind.SUPPORT_TOPIC]]
    national = Case(
        When(listitem__national_code__in=codes, then=F("listitem__national_code")),
        When(listitem__code__in=codes, then=F("listitem__code")),
        default=Value("other"),
        output_field=CharField(),
    )
    rows = (
        through.order_by()
        .values(*([through_group] if through_group else []), national=national)
        .annotate(n=Count("consultation_id", distinct=True))
    )
    for row in rows:
        tallies[key(row, through_group)].topic_national[row["national"]] = row["n"]
    if group:
        rows = _rows(
            consultations.filter(person__isnull=False, person__disabilities__isnull=False),
            group,
            ["person__disabilities__disability_type_id"],
            n=Count("person_id", distinct=True),
        )
        for row in rows:
            tallies[key(row)].disability[row["person__disabilities__disability_type_id"]] = row["n"]
    else:
        person_ids = consultations.filter(person__isnull=False).values("person_id")
        rows = _rows(
            PersonDisability.objects.filter(person_id__in=person_ids),
            None,
            ["disability_type_id"],
            n=Count("person_id", distinct=True),
        )
        for row in rows:
            tallies[WHOLE].disability[row["disability_type_id"]] = row["n"]
    return tallies


def _report(
    fiscal_year: int,
    items: dict[str, list[ListItem]],
    tally: _Tally,
    persons_by_municipality: dict[str, int],
) -> AnnualReport:
    totals = tally.totals or {}

    def total(name: str) -> int:
        return int(totals.get(name) or 0)

    methods = items[ListKind.CONTACT_METHOD]
    return AnnualReport(
        fiscal_year=fiscal_year,
        persons_total=total("persons"),
        contacts_total=total("contacts"),
        anonymous_contacts=total("anonymous"),
        persons_by_disability=_by_item(items[ListKind.DISABILITY_TYPE], tally.disability),
        persons_by_municipality=persons_by_municipality,
        contacts_by_method=_by_item(methods, tally.method),
        contacts_by_topic=_by_item(items[ListKind.SUPPORT_TOPIC], tally.topic),
        contacts_by_month={
            month_key(y, m): total(f"m{i}") for i, (y, m) in enumerate(fiscal_months(fiscal_year))
        },
        persons_under_18=total("under_18"),
        persons_new=total("new"),
        contacts_outside_hours=total("contacts") - total("in_hours"),
        contacts_by_consultant=_by_item(items[ListKind.CALLER_TYPE], tally.caller),
        contacts_by_kind=_by_item(items[ListKind.CONSULTATION_KIND], tally.kind),
        contacts_by_method_national=_national(
            ListKind.CONTACT_METHOD, _fold(ListKind.CONTACT_METHOD, methods, tally.method)
        ),
        contacts_by_topic_national=_national(ListKind.SUPPORT_TOPIC, tally.topic_national),
        national_folds={
            "contacts_by_method": _folds(ListKind.CONTACT_METHOD, methods),
            "contacts_by_topic": _folds(ListKind.SUPPORT_TOPIC, items[ListKind.SUPPORT_TOPIC]),
        },
    )


def _folds(kind: str, items: list[ListItem]) -> dict[str, str]:
    labels = dict(NATIONAL_CATEGORIES[kind])
    return {
        item.label: labels[national_code_of(kind, item.code, item.national_code)] for item in items
    }


def _persons_by_municipality(
    region_id: int,
    consultations_where: Q,
    municipalities: list[tuple[int, str, str]],
) -> dict[str, int]:
    """Persons of the selection by their own (current) 市町村, 不明 last when any."""
    person_ids = Consultation.objects.filter(consultations_where, person__isnull=False).values(
        "person_id"
    )
    counts = {
        row["municipality_id"]: row["n"]
        for row in Person.objects.filter(pk__in=person_ids)
        .order_by()
        .values("municipality_id")
        .annotate(n=Count("pk"))
    }
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
        tally = _tallies(region_id, fiscal_year, scope)[WHOLE]
        where = Q(region_id=region_id, fiscal_year=fiscal_year) & scope.q()
        by_municipality = _persons_by_municipality(region_id, where, municipalities)
        return _report(fiscal_year, items, tally, by_municipality)
    code = municipality if isinstance(municipality, str) else municipality.code
    found = next(((pk, name) for pk, c, name in municipalities if c == code), None)
    if found is None:
        raise LookupError(code)
    pk, name = found
    tally = _tallies(region_id, fiscal_year, scope, municipality_id=pk)[WHOLE]
    return _report(fiscal_year, items, tally, {name: int(tally.totals.get("persons") or 0)})


def annual_reports(
    *,
    region: Region | int,
    fiscal_year: int,
    organizations: Iterable[int] | None = None,
    unattributed: bool = True,
) -> AnnualReports:
    """The region's report and every municipality's: each breakdown is one query grouped by
    municipality (plus the region's own, since a person may count in two municipalities)."""
    region_id = _region_id(region)
    scope = _scope(organizations, unattributed)
    items = _items(region_id)
    municipalities = _municipalities(region_id)
    where = Q(region_id=region_id, fiscal_year=fiscal_year) & scope.q()
    whole = _report(
        fiscal_year,
        items,
        _tallies(region_id, fiscal_year, scope)[WHOLE],
        _persons_by_municipality(region_id, where, municipalities),
    )
    grouped = _tallies(region_id, fiscal_year, scope, by_municipality=True)
    reports = []
    for pk, code, name in municipalities:
        tally = grouped.get(pk) or _Tally()
        persons = int((tally.totals or {}).get("persons") or 0)
        reports.append(
            MunicipalReport(code, name, _report(fiscal_year, items, tally, {name: persons}))
        )
    return AnnualReports(region=whole, municipalities=reports)


def years_with_data(region: Region | int) -> list[int]:
    """The 年度 that have consultations in ``region``, newest first (one indexed query)."""
    region_id = _region_id(region)
    return list(
        Consultation.objects.filter(region_id=region_id)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
