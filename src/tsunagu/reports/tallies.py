"""The counting behind the annual report (tsunagu.reports.selectors): the scope of whose
work is counted, tallies of consultations per breakdown (grouped by municipality in the same
statement when asked), month and opening-hour range counts, and the person counts. Each is a
fixed number of aggregate statements, whatever the number of consultations (issue 25)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q

from tsunagu.consultations.models import Consultation
from tsunagu.core import dates
from tsunagu.core.lists import national_code_of
from tsunagu.core.models import ListItem, ListKind
from tsunagu.people.models import Person, PersonDisability
from tsunagu.reports.hours import open_periods

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


def _scope_sql(alias: str, scope: _Scope) -> tuple[str, list[Any]]:
    """The organizations condition of ``scope`` on the table ``alias`` ("" for everyone)."""
    if scope.organizations is None:
        return "", []
    listed = ", ".join(["%s"] * len(scope.organizations)) or "NULL"
    either = f" OR {alias}.organization_id IS NULL" if scope.unattributed else ""
    return f" AND ({alias}.organization_id IN ({listed}){either})", list(scope.organizations)


def _where_sql(
    alias: str, region_id: int, fiscal_year: int, scope: _Scope, municipality_id: int | None
) -> tuple[str, list[Any]]:
    """The consultations of the selection in a 年度, as SQL on the table ``alias``."""
    where = f"{alias}.region_id = %s AND {alias}.fiscal_year = %s"
    params: list[Any] = [region_id, fiscal_year]
    if municipality_id is not None:
        where += f" AND {alias}.municipality_id = %s"
        params.append(municipality_id)
    scoped, scoped_params = _scope_sql(alias, scope)
    return where + scoped, params + scoped_params


_RANGES = """WITH p(k, s, e) AS (VALUES {values})
SELECT p.k, (SELECT COUNT(*) FROM {table} c WHERE {where} AND {within}) FROM p"""
# PostgreSQL: the ranges drive a join and a hash aggregate; SQLite: each range read once,
# grouped by 市町村 inside it and returned as a JSON object {市町村 id or 0: count} (its plan
# for the join sorts every row of the 年度; one COUNT per range and 市町村 read each range
# seven times), as in tsunagu.reports.sql.
_RANGES_JOIN = """WITH p(k, s, e) AS (VALUES {values})
SELECT p.k, c.municipality_id, COUNT(*) FROM p JOIN {table} c ON {where} AND {within}
 GROUP BY p.k, c.municipality_id"""
_RANGES_BY_MUNICIPALITY = """WITH p(k, s, e) AS (VALUES {values})
SELECT p.k, (SELECT json_group_object(COALESCE(g.m, 0), g.n)
               FROM (SELECT c.municipality_id AS m, COUNT(*) AS n FROM {table} c
                      WHERE {where} AND {within} GROUP BY c.municipality_id) g)
  FROM p"""


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
    where, params_where = _where_sql("c", region_id, fiscal_year, scope, municipality_id)
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
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params + params_where)
        rows = cursor.fetchall()
    if not by_municipality:
        return [(k, WHOLE, n) for k, n in rows]
    if not sqlite:
        return rows
    return [  # municipality ids are positive: 0 stands for none
        (k, int(m) or None, n) for k, found in rows for m, n in json.loads(found or "{}").items()
    ]


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


# Persons for the region and every 市町村 in one pass (issue 25): the year's distinct
# (person, 市町村) pairs are read once from the (region, 年度) index, each person's first pair
# flagged; each pair counts for its 市町村, the flagged pairs for the region (a person
# consulted in two municipalities counts in each, once in the region). The same pairs give
# 障害種別 (kind 1) and 実人数・障害児・新規 by the person's own 市町村 (kind 0); a row per
# (kind, 市町村, key, first) so that each condition is evaluated once per pair. The ORM can
# write neither the pairs' table nor the union, so this statement is SQL.
_PERSONS_BOTH = """WITH y AS MATERIALIZED (
  SELECT c.person_id AS pid, c.municipality_id AS m,
         CASE WHEN ROW_NUMBER() OVER (PARTITION BY c.person_id) = 1 THEN 1 ELSE 0 END AS f
    FROM {table} c{cover}
   WHERE {where} AND c.person_id IS NOT NULL
   GROUP BY c.person_id, c.municipality_id)
SELECT 0, y.m, p.municipality_id, y.f, COUNT(*),
       SUM(CASE WHEN p.birth_date > %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN NOT EXISTS (
             SELECT 1 FROM {table} e{person_at}
              WHERE e.person_id = p.id AND e.occurred_at < %s
                AND e.region_id = %s AND e.fiscal_year < %s{scope_e}) THEN 1 ELSE 0 END)
  FROM y {join} {persons} p ON p.id = y.pid
 GROUP BY y.m, p.municipality_id, y.f
UNION ALL
SELECT 1, y.m, pd.disability_type_id, y.f, COUNT(*), 0, 0
  FROM y {join} {disabilities} pd ON pd.person_id = y.pid
 GROUP BY y.m, pd.disability_type_id, y.f"""


def _persons_by_municipality(
    region_id: int,
    fiscal_year: int,
    scope: _Scope,
    whole: _Tally,
    tallies: dict[Any, _Tally],
) -> None:
    """The region's persons (``whole``: each once, by their own 市町村) and each
    municipality's (``tallies``: a person once in each 市町村 they were consulted in), with
    障害児, 新規 and 障害種別, in one statement (see _PERSONS_BOTH)."""
    quote = connection.ops.quote_name
    sqlite = connection.vendor == "sqlite"
    where, params = _where_sql("c", region_id, fiscal_year, scope, None)
    scope_e, scope_e_params = _scope_sql("e", scope)
    sql = _PERSONS_BOTH.format(
        table=quote(Consultation._meta.db_table),
        persons=quote(Person._meta.db_table),
        disabilities=quote(PersonDisability._meta.db_table),
        # SQLite: the covering (region, 年度) index and the (person, occurred_at) index, and
        # the pairs' table first (its planner's own choices read the whole table)
        cover=" INDEXED BY consult_region_fy_cover" if sqlite else "",
        person_at=" INDEXED BY consult_person_at" if sqlite else "",
        join="CROSS JOIN" if sqlite else "JOIN",
        where=where,
        scope_e=scope_e,
    )
    params = [
        *params,
        connection.ops.adapt_datefield_value(under_18_born_after(fiscal_year)),
        connection.ops.adapt_datetimefield_value(fiscal_year_start(fiscal_year)),
        region_id,
        fiscal_year,
        *scope_e_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for kind, municipality, key, first, n, under_18, new in rows:
        n, under_18, new = int(n), int(under_18 or 0), int(new or 0)
        targets = [tallies[municipality], *([whole] if first else [])]
        for tally in targets:
            if kind == 0:
                tally.persons[key if tally is whole else municipality] += n
                tally.under_18 += under_18
                tally.new += new
            else:
                tally.disability[key] += n
