"""How many SQL queries a page may run (issue 10: "query counts don't grow with data").

tests/test_access_matrix.py checks every page against its budget for every role that may
open it; tests/test_query_counts.py checks the counts do not grow when the whole demo is
loaded. A new page gets DEFAULT; a page that needs more is pinned here with the reason."""

# Every page runs session, user, region and 2FA lookups (≈6) before its own work.
DEFAULT = 30
PINNED: dict[str, int] = {
    # "app:name": budget,  # why
    # on a cold shared cache (a database table) the needs grouping is written once; its
    # fingerprint also reads the secretariat's answers and dismissals (issue 22: +2); the
    # region's data version is read first (issue 25: +1 on a cold request; a warm one runs 7,
    # its counts kept under the version)
    "portal:dashboard": 35,
    # an issue's evidence shows the 地域の声 grouped with its needs by the same analysis
    # (needs.selectors.need_groups: its fingerprint, and on a cold shared cache the grouping
    # read and written once; issue 19) — 33 measured on a cold cache; + the fingerprint's
    # answers and dismissals (issue 22: +2)
    "council:issue": 36,
    # the annual report with the sections other apps add (reports/sections.py): 地域支援 (6
    # queries) and 地域移行・地域定着 (4, issue 23); fixed, they do not grow with the data
    "reports:index": 33,
    "reports:annual": 33,
    "reports:annual_csv": 33,
    "reports:annual_pdf": 33,
    "reports:annual_xlsx": 33,
    # a chart drawn on a cache miss also reads and writes its SVG in the Django cache (a
    # database table by default; issue 25: once per data version); a hit skips the report
    "reports:annual_chart": 32,
    # the secretariat's question (open needs, answers, the two needs, one audit entry each)
    # on top of the grouping; the disaster banner that main added runs one more per page;
    # the fingerprint reads the 地域の声 sources too (issue 19: +1)
    "needs:candidates": 32,
}


def budget(name: str) -> int:
    """A variant like "app:page(other region)" shares the budget of "app:page"."""
    return PINNED.get(name, PINNED.get(name.split("(")[0], DEFAULT))
