"""The annual report in the fastest SQL we could write by hand (issue 25): the reference the
app's ORM version (:mod:`tsunagu.reports.selectors`) is measured against.

It gives the same :class:`AnnualReport` (every organization) as ``annual_report`` and the
same :class:`AnnualReports` as ``annual_reports``; the tests and the benchmark check that. It
is not a copy of the app's queries: each statement is the fastest form found with EXPLAIN
on SQLite 3.40 and PostgreSQL 15 at 100k consultations (``benchmarks/report_plans.py``
prints every plan; ``benchmarks/run --only report`` keeps them in the result file).

- Every count of a 年度 reads the covering index ``consult_region_fy_cover`` (region, 年度,
  occurred_at, person, method, caller, kind, 市町村, organization, id) and never the table; on
  SQLite ``INDEXED BY`` forces it (its planner otherwise walks a foreign-key index in GROUP BY
  order through the whole table).
- Months and 時間外 are counted as ranges of that index: one correlated COUNT per range over a
  VALUES list of the 12 months and the ~245 opening periods — no function and no 245-way OR
  per row (that OR was 90 % of the old report's time).
- 相談方法, 相談者 and 相談の種類 in one GROUP BY pass; 支援内容 through an IN (SELECT id ...)
  on the topics' (consultation, item) index instead of a join the planner starts from the
  topics' item index, in the same pass the national 支援内容 (a consultation once per
  national item): the sum of its items less the consultations that have two of them, found
  by probing only the rows of items that share a national item (差別 and その他 by default).
- Persons: one pass over the year's distinct persons gives 実人数, 障害児, 新規 (NOT EXISTS
  of an earlier consultation, on the (person, occurred_at) index) and persons by 市町村.
- All municipalities side by side: persons and 障害種別 of the region and of every 市町村 in
  one statement over the year's distinct (person, 市町村) pairs, materialized once, each
  person's first pair flagged for the region's count.

Months and opening hours are instants at midnight / opening in Asia/Tokyo, passed as
parameters in the form the database stores (``adapt_datetimefield_value``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.db import connection

from tsunagu.core.lists import NATIONAL_CATEGORIES, national_code_of
from tsunagu.core.models import ListKind
from tsunagu.reports.hours import open_periods
from tsunagu.reports.selectors import (
    UNKNOWN_MUNICIPALITY,
    AnnualReport,
    AnnualReports,
    MunicipalReport,
)
from tsunagu.reports.tallies import (
    fiscal_months,
    fiscal_year_start,
    month_bounds,
    month_key,
    under_18_born_after,
)

_ITEMS = """
SELECT li.id, li.kind, li.label, li.is_active, li.code, li.national_code
  FROM core_listitem li
 WHERE li.region_id = %s AND li.kind IN ('disability_type', 'contact_method', 'support_topic',
                                         'caller_type', 'consultation_kind')
 ORDER BY li.kind, li.sort_order, li.id
"""

_MUNICIPALITIES = """
SELECT m.id, m.code, m.name FROM core_municipality m WHERE m.region_id = %s ORDER BY m.code
"""

# {c}: the consultations of the 年度 read through the covering index; every statement below
# takes the region id and the 年度 for it (in the order {c} appears).
_YEAR = "c.region_id = %s AND c.fiscal_year = %s"

# One COUNT per range (k = 0..11 the months, then the opening periods).
_RANGES = """
WITH p(k, s, e) AS (VALUES {values})
SELECT p.k, (SELECT COUNT(*) FROM consultations_consultation c{cover}
              WHERE {year} AND c.occurred_at >= p.s AND c.occurred_at < p.e)
  FROM p
"""

# The same by the 市町村 recorded on each consultation. PostgreSQL: the ranges drive a join
# and a hash aggregate (71 ms at M against 212 ms for one COUNT per range and 市町村); SQLite:
# each range read once, grouped by 市町村 inside it, returned as a JSON object {市町村 id or
# 0 for none: count} — its join form sorts every row of the 年度, and one COUNT per range and
# 市町村 reads each range seven times (about twice as slow, issue 25).
_RANGES_BY_MUNICIPALITY_JOIN = """
WITH p(k, s, e) AS (VALUES {values})
SELECT p.k, c.municipality_id, COUNT(*)
  FROM p JOIN consultations_consultation c
    ON {year} AND c.occurred_at >= p.s AND c.occurred_at < p.e
 GROUP BY p.k, c.municipality_id
"""

_RANGES_BY_MUNICIPALITY = """
WITH p(k, s, e) AS (VALUES {values})
SELECT p.k, (SELECT json_group_object(COALESCE(g.m, 0), g.n)
               FROM (SELECT c.municipality_id AS m, COUNT(*) AS n
                       FROM consultations_consultation c{cover}
                      WHERE {year} AND c.occurred_at >= p.s AND c.occurred_at < p.e
                      GROUP BY c.municipality_id) g)
  FROM p
"""

_GROUPS = """
SELECT {group}c.method_id, c.caller_type_id, c.kind_id, COUNT(*),
       SUM(CASE WHEN c.person_id IS NULL THEN 1 ELSE 0 END)
  FROM consultations_consultation c{cover}
 WHERE {year}
 GROUP BY {group}c.method_id, c.caller_type_id, c.kind_id
"""

# {dup}: per item, the consultations that also have an item of smaller id folding into the
# same national item (差別 and その他 by default): the national 支援内容 counts a consultation
# once per national item, so it is the sum of its items less these. Only those few rows
# probe the topics' (consultation, item) index; "0" when no two items share one.
_TOPICS = """
SELECT ct.listitem_id, COUNT(*), {dup}
  FROM consultations_consultation_topics ct
 WHERE ct.consultation_id IN (SELECT c.id FROM consultations_consultation c{cover}
                               WHERE {year})
 GROUP BY ct.listitem_id
"""

_TOPICS_BY_MUNICIPALITY = """
SELECT c.municipality_id, ct.listitem_id, COUNT(*), {dup}
  FROM consultations_consultation c{cover}
  {join} consultations_consultation_topics ct ON ct.consultation_id = c.id
 WHERE {year}
 GROUP BY c.municipality_id, ct.listitem_id
"""

_DUP = """(ct.listitem_id IN ({items}) AND EXISTS (
    SELECT 1 FROM consultations_consultation_topics d
     WHERE d.consultation_id = ct.consultation_id AND d.listitem_id IN ({items})
       AND d.listitem_id < ct.listitem_id))"""


# Persons of the 年度, each once: 実人数, 障害児, 新規 and their own (current) 市町村.
# Parameters: born after, start of the 年度 (an instant), region, 年度, then {year}.
_NEW = """
NOT EXISTS (SELECT 1 FROM consultations_consultation e{person_at}
             WHERE e.person_id = p.id AND e.occurred_at < %s
               AND e.region_id = %s AND e.fiscal_year < %s)"""

_PERSONS = """
SELECT p.municipality_id, COUNT(*),
       SUM(CASE WHEN p.birth_date > %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN {new} THEN 1 ELSE 0 END)
  FROM people_person p
 WHERE p.id IN (SELECT c.person_id FROM consultations_consultation c{cover}
                 WHERE {year} AND c.person_id IS NOT NULL)
 GROUP BY p.municipality_id
"""

# A person counts once in each of their types ((person, type) is unique).
_DISABILITY = """
SELECT pd.disability_type_id, COUNT(*)
  FROM people_persondisability pd
 WHERE pd.person_id IN (SELECT c.person_id FROM consultations_consultation c{cover}
                         WHERE {year} AND c.person_id IS NOT NULL)
 GROUP BY pd.disability_type_id
"""

# All municipalities side by side: persons of the region and of every 市町村 in one pass
# over the year's distinct (person, 市町村) pairs (materialized once), each person's first
# pair flagged (f): every pair counts for its 市町村, the flagged ones for the region (a
# person consulted in two municipalities counts in each, once in the region). Kind 0:
# 実人数・障害児・新規 by the person's own 市町村; kind 1: 障害種別. Parameters: {year},
# then born after, start of the 年度, region, 年度 (for {new}).
_PERSONS_BOTH = """
WITH y AS MATERIALIZED (
  SELECT c.person_id AS pid, c.municipality_id AS m,
         CASE WHEN ROW_NUMBER() OVER (PARTITION BY c.person_id) = 1 THEN 1 ELSE 0 END AS f
    FROM consultations_consultation c{cover}
   WHERE {year} AND c.person_id IS NOT NULL
   GROUP BY c.person_id, c.municipality_id)
SELECT 0, y.m, p.municipality_id, y.f, COUNT(*),
       SUM(CASE WHEN p.birth_date > %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN {new} THEN 1 ELSE 0 END)
  FROM y {join} people_person p ON p.id = y.pid
 GROUP BY y.m, p.municipality_id, y.f
UNION ALL
SELECT 1, y.m, pd.disability_type_id, y.f, COUNT(*), 0, 0
  FROM y {join} people_persondisability pd ON pd.person_id = y.pid
 GROUP BY y.m, pd.disability_type_id, y.f
"""


def _indexed(name: str) -> str:
    """SQLite: read through the index ``name`` (its planner's own choice is the slow one)."""
    return f" INDEXED BY {name}" if connection.vendor == "sqlite" else ""


def _sql(template: str, *, group: str = "", **extra: str) -> str:
    # SQLite joins its tables in the order written after CROSS JOIN (the planner's own order
    # starts from the other side); PostgreSQL's planner finds the order by itself.
    sqlite = connection.vendor == "sqlite"
    join = "CROSS JOIN" if sqlite else "JOIN"
    same = "IS" if sqlite else "IS NOT DISTINCT FROM"
    return template.format(
        cover=_indexed("consult_region_fy_cover"),
        year=_YEAR,
        group=group,
        join=join,
        same=same,
        **extra,
    )


def _adapt(moment: Any) -> Any:
    return connection.ops.adapt_datetimefield_value(moment)


def _ranges(fiscal_year: int) -> list[tuple[Any, Any]]:
    """The 12 months, then the opening periods, as (start, end) instants."""
    bounds = month_bounds(fiscal_year)
    months = list(zip(bounds, bounds[1:], strict=False))
    return [(_adapt(s), _adapt(e)) for s, e in [*months, *open_periods(fiscal_year)]]


def _values(ranges: list[tuple[Any, Any]]) -> tuple[str, list[Any]]:
    cast = "CAST(%s AS timestamptz)" if connection.vendor == "postgresql" else "%s"
    sql = ", ".join([f"(%s, {cast}, {cast})"] * len(ranges))
    return sql, [v for k, (s, e) in enumerate(ranges) for v in (k, s, e)]


def plans_statements(region_id: int, fiscal_year: int) -> dict[str, tuple[str, list[Any]]]:
    """Every statement of the reference with its parameters (for EXPLAIN in the benchmark)."""
    with connection.cursor() as cursor:
        items = _fetch(cursor, _ITEMS, [region_id])
    return {name: (sql, p) for name, sql, p in _statements(region_id, fiscal_year, items)}


def _statements(region_id: int, fiscal_year: int, items: list[tuple] | None = None) -> list:
    year = [region_id, fiscal_year]
    values, range_params = _values(_ranges(fiscal_year))
    new = _NEW.format(person_at=_indexed("consult_person_at"))
    person_params = [
        connection.ops.adapt_datefield_value(under_18_born_after(fiscal_year)),
        _adapt(fiscal_year_start(fiscal_year)),
        region_id,
        fiscal_year,
    ]
    by = "c.municipality_id, "
    dup, dup_params = _dup(items)
    statements = [
        ("ranges", _sql(_RANGES, values=values), [*range_params, *year]),
        ("groups", _sql(_GROUPS), year),
        ("topics", _sql(_TOPICS, dup=dup), [*dup_params, *year]),
        ("persons", _sql(_PERSONS, new=new), [*person_params, *year]),
        ("disability", _sql(_DISABILITY), year),
        ("ranges by municipality", _sql(_RANGES_BY_MUNICIPALITY, values=values),
         [*range_params, *year]) if connection.vendor == "sqlite" else
        ("ranges by municipality", _sql(_RANGES_BY_MUNICIPALITY_JOIN, values=values),
         [*range_params, *year]),
        ("groups by municipality", _sql(_GROUPS, group=by), year),
        ("topics by municipality", _sql(_TOPICS_BY_MUNICIPALITY, dup=dup),
         [*dup_params, *year]),
        ("persons by municipality", _sql(_PERSONS_BOTH, new=new), [*year, *person_params]),
    ]  # fmt: skip
    return statements


def _dup(items: list[tuple] | None) -> tuple[str, list[Any]]:
    """The {dup} column of the topics statements and its parameters (see _TOPICS)."""
    shared: dict[str, list[int]] = defaultdict(list)
    for pk, kind, _label, _active, code, national in items or []:
        if kind == ListKind.SUPPORT_TOPIC:
            shared[national_code_of(kind, code, national)].append(pk)
    groups = [pks for pks in shared.values() if len(pks) > 1]
    if not groups:
        return "0", []
    conditions = [_DUP.format(items=", ".join(["%s"] * len(pks))) for pks in groups]
    return (
        f"SUM(CASE WHEN {' OR '.join(conditions)} THEN 1 ELSE 0 END)",
        [pk for pks in groups for pk in (*pks, *pks)],
    )


def _fetch(cursor: Any, sql: str, params: list[Any]) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


class _Counts:
    """Raw counts of one group (the region, or one 市町村)."""

    def __init__(self) -> None:
        self.ranges: dict[int, int] = defaultdict(int)
        self.method: dict[int, int] = defaultdict(int)
        self.caller: dict[int, int] = defaultdict(int)
        self.kind: dict[Any, int] = defaultdict(int)
        self.contacts = 0
        self.anonymous = 0
        self.topic: dict[int, int] = defaultdict(int)
        self.topic_dup: dict[int, int] = defaultdict(int)  # see _TOPICS
        self.persons: dict[Any, int] = defaultdict(int)  # by the person's own 市町村
        self.under_18 = 0
        self.new = 0
        self.disability: dict[int, int] = defaultdict(int)


def _report(
    fiscal_year: int,
    items: list[tuple],
    municipalities: list[tuple],
    counts: _Counts,
    persons_by_municipality: dict[str, int] | None = None,
) -> AnnualReport:
    def listed(kind: str, found: dict[Any, int]) -> dict[str, int]:
        """Every active item of the list in order; a retired one only when it counts."""
        return {
            label: found.get(pk, 0)
            for pk, item_kind, label, is_active, _code, _national in items
            if item_kind == kind and (is_active or found.get(pk, 0))
        }

    national_of = {
        pk: national_code_of(kind, code, national)
        for pk, kind, _label, _active, code, national in items
    }

    def national(kind: str, found: dict[str, int]) -> dict[str, int]:
        return {label: found.get(code, 0) for code, label in NATIONAL_CATEGORIES[kind]}

    def fold(found: dict[int, int]) -> dict[str, int]:
        folded: dict[str, int] = defaultdict(int)
        for pk, n in found.items():
            folded[national_of[pk]] += n
        return folded

    if persons_by_municipality is None:
        persons_by_municipality = {
            name: counts.persons.get(pk, 0) for pk, _c, name in municipalities
        }
        known = {pk for pk, _code, _name in municipalities}
        unknown = sum(n for pk, n in counts.persons.items() if pk not in known)
        if unknown:
            persons_by_municipality[str(UNKNOWN_MUNICIPALITY)] = unknown
    months = [counts.ranges.get(k, 0) for k in range(12)]
    in_hours = sum(n for k, n in counts.ranges.items() if k >= 12)
    return AnnualReport(
        fiscal_year=fiscal_year,
        persons_total=sum(counts.persons.values()),
        contacts_total=counts.contacts,
        anonymous_contacts=counts.anonymous,
        persons_by_disability=listed("disability_type", counts.disability),
        persons_by_municipality=persons_by_municipality,
        contacts_by_method=listed("contact_method", counts.method),
        contacts_by_topic=listed("support_topic", counts.topic),
        contacts_by_month={
            month_key(y, m): n for (y, m), n in zip(fiscal_months(fiscal_year), months, strict=True)
        },
        persons_under_18=counts.under_18,
        persons_new=counts.new,
        contacts_outside_hours=counts.contacts - in_hours,
        contacts_by_consultant=listed("caller_type", counts.caller),
        contacts_by_kind=listed("consultation_kind", counts.kind),
        contacts_by_method_national=national(ListKind.CONTACT_METHOD, fold(counts.method)),
        contacts_by_topic_national=national(
            ListKind.SUPPORT_TOPIC,
            fold({pk: n - counts.topic_dup.get(pk, 0) for pk, n in counts.topic.items()}),
        ),
    )


def _add_groups(counts: _Counts, method: int, caller: int, kind: Any, n: int, anon: int) -> None:
    counts.method[method] += n
    counts.caller[caller] += n
    counts.kind[kind] += n
    counts.contacts += n
    counts.anonymous += int(anon or 0)


def annual_report_sql(region_id: int, fiscal_year: int) -> AnnualReport:
    """The same figures as ``annual_report`` (every organization), from raw SQL statements."""
    with connection.cursor() as cursor:
        items = _fetch(cursor, _ITEMS, [region_id])
        municipalities = _fetch(cursor, _MUNICIPALITIES, [region_id])
        statements = {name: (sql, p) for name, sql, p in _statements(region_id, fiscal_year, items)}
        counts = _Counts()
        for k, n in _fetch(cursor, *statements["ranges"]):
            counts.ranges[k] = n
        for method, caller, kind, n, anon in _fetch(cursor, *statements["groups"]):
            _add_groups(counts, method, caller, kind, n, anon)
        for item, n, dup in _fetch(cursor, *statements["topics"]):
            counts.topic[item] = n
            counts.topic_dup[item] = int(dup or 0)
        for municipality, n, under_18, new in _fetch(cursor, *statements["persons"]):
            counts.persons[municipality] = n
            counts.under_18 += int(under_18 or 0)
            counts.new += int(new or 0)
        counts.disability.update(_fetch(cursor, *statements["disability"]))
    return _report(fiscal_year, items, municipalities, counts)


def _range_rows(rows: list[tuple]) -> list[tuple[int, Any, int]]:
    """(range, 市町村 id or None, count) from either form of "ranges by municipality"."""
    if connection.vendor != "sqlite":
        return rows
    return [
        (k, int(m) or None, n) for k, found in rows for m, n in json.loads(found or "{}").items()
    ]


def annual_reports_sql(region_id: int, fiscal_year: int) -> AnnualReports:
    """The same as ``annual_reports`` (every organization): the region and each 市町村 side by
    side, each consultation-level count in one pass grouped by 市町村 (the region's is their
    sum: a consultation has one 市町村); persons of the region and of each 市町村 in one
    pass over the year's (person, 市町村) pairs."""
    with connection.cursor() as cursor:
        items = _fetch(cursor, _ITEMS, [region_id])
        municipalities = _fetch(cursor, _MUNICIPALITIES, [region_id])
        statements = {name: (sql, p) for name, sql, p in _statements(region_id, fiscal_year, items)}
        region = _Counts()
        by: dict[Any, _Counts] = defaultdict(_Counts)
        for k, municipality, n in _range_rows(
            _fetch(cursor, *statements["ranges by municipality"])
        ):
            by[municipality].ranges[k] = n
            region.ranges[k] += n
        for row in _fetch(cursor, *statements["groups by municipality"]):
            _add_groups(by[row[0]], *row[1:])
            _add_groups(region, *row[1:])
        for municipality, item, n, dup in _fetch(cursor, *statements["topics by municipality"]):
            for counts in (by[municipality], region):
                counts.topic[item] += n
                counts.topic_dup[item] += int(dup or 0)
        for kind, municipality, key, first, n, under_18, new in _fetch(
            cursor, *statements["persons by municipality"]
        ):
            for counts in [by[municipality], *([region] if first else [])]:
                if kind == 0:
                    counts.persons[key if counts is region else municipality] += n
                    counts.under_18 += int(under_18 or 0)
                    counts.new += int(new or 0)
                else:
                    counts.disability[key] += n
    whole = _report(fiscal_year, items, municipalities, region)
    reports = [
        MunicipalReport(
            code,
            name,
            _report(
                fiscal_year, items, municipalities, by[pk], {name: sum(by[pk].persons.values())}
            ),  # fmt: skip
        )
        for pk, code, name in municipalities
    ]
    return AnnualReports(region=whole, municipalities=reports)
