"""How many SQL queries a page may run (issue 10: "query counts don't grow with data").

tests/test_access_matrix.py checks every page against its budget for every role that may
open it; tests/test_query_counts.py checks the counts do not grow when the whole demo is
loaded. A new page gets DEFAULT; a page that needs more is pinned here with the reason."""

# Every page runs session, user, region and 2FA lookups (≈6) before its own work.
DEFAULT = 30
PINNED: dict[str, int] = {
    # "app:name": budget,  # why
    # on a cold shared cache (a database table) the needs grouping is written once
    "core:dashboard": 32,
    # the annual report with the sections other apps add (reports/sections.py): 地域支援 (7
    # queries) and 地域移行・地域定着 (4, issue 23); fixed, they do not grow with the data
    "reports:index": 34,
    "reports:annual": 34,
    "reports:annual_csv": 34,
    "reports:annual_pdf": 34,
    "reports:annual_xlsx": 34,
}


def budget(name: str) -> int:
    """A variant like "app:page(other region)" shares the budget of "app:page"."""
    return PINNED.get(name, PINNED.get(name.split("(")[0], DEFAULT))
