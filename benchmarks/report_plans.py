"""Print the plan of every statement of the hand-written annual report (issue 25).

    TSUNAGU_VAR_DIR=… [DATABASE_URL=postgres://…] .venv/bin/python benchmarks/report_plans.py \
        [--region bench] [--year 2022]

on a database that `benchmarks/run M --only report` built (or any with data): EXPLAIN QUERY
PLAN on SQLite, EXPLAIN on PostgreSQL (add --analyze for EXPLAIN ANALYZE there). The same
plans are kept in benchmarks/results/report/<database>-<size>.json by the harness."""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--region", default="bench", help="the region's code")
    parser.add_argument("--year", type=int, default=2022, help="the 年度")
    parser.add_argument("--analyze", action="store_true", help="PostgreSQL: EXPLAIN ANALYZE")
    args = parser.parse_args()
    from benchmarks.harness import report_plans, setup_django

    setup_django()
    from django.db import connection

    from tsunagu.core.models import Region
    from tsunagu.reports.sql import plans_statements

    region_id = Region.objects.get(code=args.region).pk
    if args.analyze and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for name, (sql, params) in plans_statements(region_id, args.year).items():
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                print(f"## {name}")
                print("\n".join(row[0] for row in cursor.fetchall()), end="\n\n")
        return
    for name, lines in report_plans(region_id, args.year).items():
        print(f"## {name}")
        print("\n".join(lines), end="\n\n")


if __name__ == "__main__":
    main()
