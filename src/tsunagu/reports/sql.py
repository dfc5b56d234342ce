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

from tsunagu.reports.selectors import (
    UNKNOWN_MUNICIPALITY,
    AnnualReport,
    fiscal_months,
    month_bounds,
    month_key,
)

# Parameters: region id.
_ITEMS = """
SELECT li.id, li.kind, li.label, li.is_active
  FROM core_listitem li
 WHERE li.region_id = %s AND li.kind IN ('disability_type', 'contact_method', 'support_topic')
 ORDER BY li.kind, li.sort_order, li.id
"""

_MUNICIPALITIES = """
SELECT m.id, m.name FROM core_municipality m WHERE m.region_id = %s ORDER BY m.code
"""

# Parameters: 12 pairs of month boundaries (April .. March), then region id, fiscal year.
_TOTALS = """
SELECT COUNT(*),
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
 WHERE c.region_id = %s AND c.fiscal_year = %s
"""

# The rest take the region id and the fiscal year.
_BY_METHOD = """
SELECT c.method_id, COUNT(*)
  FROM consultations_consultation c
 WHERE c.region_id = %s AND c.fiscal_year = %s
 GROUP BY c.method_id
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
    """The same figures as ``annual_report``, from seven raw SQL statements."""
    year = [region_id, fiscal_year]
    bounds = [connection.ops.adapt_datetimefield_value(b) for b in month_bounds(fiscal_year)]
    month_params = [value for i in range(12) for value in (bounds[i], bounds[i + 1])]
    with connection.cursor() as cursor:
        items = _rows(cursor, _ITEMS, [region_id])
        municipalities = _rows(cursor, _MUNICIPALITIES, [region_id])
        (totals,) = _rows(cursor, _TOTALS, [*month_params, *year])
        by_method = dict(_rows(cursor, _BY_METHOD, year))
        by_topic = dict(_rows(cursor, _BY_TOPIC, year))
        by_disability = dict(_rows(cursor, _BY_DISABILITY, year))
        by_municipality = dict(_rows(cursor, _BY_MUNICIPALITY, year))

    def listed(kind: str, counts: dict[int, int]) -> dict[str, int]:
        """Every active item of the list in order; a retired one only when it counts."""
        return {
            label: counts.get(pk, 0)
            for pk, item_kind, label, is_active in items
            if item_kind == kind and (is_active or counts.get(pk, 0))
        }

    persons_by_municipality = {name: by_municipality.get(pk, 0) for pk, name in municipalities}
    known = {pk for pk, _name in municipalities}
    unknown = sum(n for pk, n in by_municipality.items() if pk not in known)
    if unknown:
        persons_by_municipality[str(UNKNOWN_MUNICIPALITY)] = unknown

    contacts, persons, anonymous, *monthly = totals
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
    )
