"""The annual report in hand-written SQL, for SQLite and PostgreSQL alike.

It gives the same :class:`AnnualReport` as :func:`tsunagu.reports.selectors.annual_report`
and exists to cross-check the ORM version in tests and to time it in the benchmark
(the ORM version must stay within 1.5× of this). Both take the same approach — what a person
writing the SQL by hand would do: count by foreign key in the database, put labels on in
Python — so the benchmark compares the ORM's overhead, not two different algorithms.

Months are cut at midnight Asia/Tokyo by ranges: the 13 boundaries are passed as parameters
in the form the database stores (``adapt_datetimefield_value``), so no database-specific
time-zone function is needed and no function runs per row.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from tsunagu.core.lists import NATIONAL_CATEGORIES, national_code_of
from tsunagu.core.models import ListKind
from tsunagu.reports.hours import open_periods
from tsunagu.reports.selectors import (
    UNKNOWN_MUNICIPALITY,
    AnnualReport,
    fiscal_months,
    month_bounds,
    month_key,
    under_18_born_after,
)

# Parameters: region id.
_ITEMS = """
SELECT li.id, li.kind, li.label, li.is_active, li.code, li.national_code
  FROM core_listitem li
 WHERE li.region_id = %s AND li.kind IN ('disability_type', 'contact_method', 'support_topic',
                                         'caller_type', 'consultation_kind')
 ORDER BY li.kind, li.sort_order, li.id
"""

_MUNICIPALITIES = """
SELECT m.id, m.name FROM core_municipality m WHERE m.region_id = %s ORDER BY m.code
"""

# Parameters: 12 pairs of month boundaries (April .. March), then the under-18 birth date,
# region id and fiscal year (新規), the open periods (IN_HOURS), region id, fiscal year.
_TOTALS = """
SELECT COUNT(*),
       COUNT(DISTINCT CASE WHEN p.birth_date > %s THEN c.person_id END),
       COUNT(DISTINCT CASE WHEN c.person_id IS NOT NULL AND c.person_id NOT IN (
                 SELECT e.person_id FROM consultations_consultation e
                  WHERE e.region_id = %s AND e.fiscal_year < %s AND e.person_id IS NOT NULL)
             THEN c.person_id END),
       SUM(CASE WHEN IN_HOURS THEN 1 ELSE 0 END),
       COUNT(DISTINCT c.person_id),
       SUM(CASE WHEN c.person_id IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.occurred_at >= %s AND c.occurred_at < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.occurred_at >= %s AND c.occurred_at < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.occurred_at >= %s AND c.occurred_at < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.occurred_at >= %s AND c.occurred_at < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.occurred_at >= %s AND c.occurred_at < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.occurred_at >= %s AND c.occurred_at < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.occurred_at >= %s AND c.occurred_at < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.occurred_at >= %s AND c.occurred_at < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.occurred_at >= %s AND c.occurred_at < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.occurred_at >= %s AND c.occurred_at < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.occurred_at >= %s AND c.occurred_at < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.occurred_at >= %s AND c.occurred_at < %s THEN 1 ELSE 0 END)
  FROM consultations_consultation c
  LEFT JOIN people_person p ON p.id = c.person_id
 WHERE c.region_id = %s AND c.fiscal_year = %s
"""

# The rest take the region id and the fiscal year.
_BY_METHOD = """
SELECT c.method_id, COUNT(*)
  FROM consultations_consultation c
 WHERE c.region_id = %s AND c.fiscal_year = %s
 GROUP BY c.method_id
"""

_BY_CALLER = """
SELECT c.caller_type_id, COUNT(*)
  FROM consultations_consultation c
 WHERE c.region_id = %s AND c.fiscal_year = %s
 GROUP BY c.caller_type_id
"""

_BY_KIND = """
SELECT c.kind_id, COUNT(*)
  FROM consultations_consultation c
 WHERE c.region_id = %s AND c.fiscal_year = %s
 GROUP BY c.kind_id
"""

# A consultation once per national item: (consultation, item) pairs, folded in Python.
_TOPIC_PAIRS = """
SELECT ct.consultation_id, ct.listitem_id
  FROM consultations_consultation_topics ct
  JOIN consultations_consultation c ON c.id = ct.consultation_id
 WHERE c.region_id = %s AND c.fiscal_year = %s
"""

_BY_TOPIC = """
SELECT ct.listitem_id, COUNT(*)
  FROM consultations_consultation_topics ct
  JOIN consultations_consultation c ON c.id = ct.consultation_id
 WHERE c.region_id = %s AND c.fiscal_year = %s
 GROUP BY ct.listitem_id
"""

# A person counts once in each of their types (the pair is unique, DISTINCT is a safeguard).
_BY_DISABILITY = """
SELECT pd.disability_type_id, COUNT(DISTINCT pd.person_id)
  FROM people_persondisability pd
 WHERE pd.person_id IN (SELECT c.person_id
                          FROM consultations_consultation c
                         WHERE c.region_id = %s AND c.fiscal_year = %s
                           AND c.person_id IS NOT NULL)
 GROUP BY pd.disability_type_id
"""

_BY_MUNICIPALITY = """
SELECT p.municipality_id, COUNT(*)
  FROM people_person p
 WHERE p.id IN (SELECT c.person_id
                  FROM consultations_consultation c
                 WHERE c.region_id = %s AND c.fiscal_year = %s
                   AND c.person_id IS NOT NULL)
 GROUP BY p.municipality_id
"""


def _rows(cursor: Any, sql: str, params: list[Any]) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


def annual_report_sql(region_id: int, fiscal_year: int) -> AnnualReport:
    """The same figures as ``annual_report`` (every organization), from raw SQL statements."""
    year = [region_id, fiscal_year]
    bounds = [connection.ops.adapt_datetimefield_value(b) for b in month_bounds(fiscal_year)]
    month_params = [value for i in range(12) for value in (bounds[i], bounds[i + 1])]
    periods = [
        connection.ops.adapt_datetimefield_value(moment)
        for period in open_periods(fiscal_year)
        for moment in period
    ]
    in_hours = " OR ".join(["(c.occurred_at >= %s AND c.occurred_at < %s)"] * (len(periods) // 2))
    totals_sql = _TOTALS.replace("IN_HOURS", f"({in_hours or '1 = 0'})")
    born_after = connection.ops.adapt_datefield_value(under_18_born_after(fiscal_year))
    with connection.cursor() as cursor:
        items = _rows(cursor, _ITEMS, [region_id])
        municipalities = _rows(cursor, _MUNICIPALITIES, [region_id])
        (totals,) = _rows(cursor, totals_sql, [born_after, *year, *periods, *month_params, *year])
        by_method = dict(_rows(cursor, _BY_METHOD, year))
        by_caller = dict(_rows(cursor, _BY_CALLER, year))
        by_kind = dict(_rows(cursor, _BY_KIND, year))
        topic_pairs = _rows(cursor, _TOPIC_PAIRS, year)
        by_topic = dict(_rows(cursor, _BY_TOPIC, year))
        by_disability = dict(_rows(cursor, _BY_DISABILITY, year))
        by_municipality = dict(_rows(cursor, _BY_MUNICIPALITY, year))

    def listed(kind: str, counts: dict[int, int]) -> dict[str, int]:
        """Every active item of the list in order; a retired one only when it counts."""
        return {
            label: counts.get(pk, 0)
            for pk, item_kind, label, is_active, _code, _national in items
            if item_kind == kind and (is_active or counts.get(pk, 0))
        }

    national_of = {
        pk: national_code_of(kind, code, national)
        for pk, kind, _label, _active, code, national in items
    }

    def national(kind: str, counts: dict[str, int]) -> dict[str, int]:
        return {label: counts.get(code, 0) for code, label in NATIONAL_CATEGORIES[kind]}

    method_national: dict[str, int] = {}
    for pk, n in by_method.items():
        method_national[national_of[pk]] = method_national.get(national_of[pk], 0) + n
    topic_national: dict[str, int] = {}
    for _consultation, code in {(c, national_of[pk]) for c, pk in topic_pairs}:
        topic_national[code] = topic_national.get(code, 0) + 1

    persons_by_municipality = {name: by_municipality.get(pk, 0) for pk, name in municipalities}
    known = {pk for pk, _name in municipalities}
    unknown = sum(n for pk, n in by_municipality.items() if pk not in known)
    if unknown:
        persons_by_municipality[str(UNKNOWN_MUNICIPALITY)] = unknown

    contacts, under_18, new, in_hours, persons, anonymous, *monthly = totals
    return AnnualReport(
        fiscal_year=fiscal_year,
        persons_total=persons,
        contacts_total=contacts,
        anonymous_contacts=anonymous or 0,
        persons_by_disability=listed("disability_type", by_disability),
        persons_by_municipality=persons_by_municipality,
        contacts_by_method=listed("contact_method", by_method),
        contacts_by_topic=listed("support_topic", by_topic),
        contacts_by_month={
            month_key(y, m): int(n or 0)
            for (y, m), n in zip(fiscal_months(fiscal_year), monthly, strict=True)
        },
        persons_under_18=under_18,
        persons_new=new,
        contacts_outside_hours=contacts - int(in_hours or 0),
        contacts_by_consultant=listed("caller_type", by_caller),
        contacts_by_kind=listed("consultation_kind", by_kind),
        contacts_by_method_national=national(ListKind.CONTACT_METHOD, method_national),
        contacts_by_topic_national=national(ListKind.SUPPORT_TOPIC, topic_national),
    )
