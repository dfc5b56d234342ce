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
    # the secretariat's question (open needs, answers, the two needs, one audit entry each)
    # on top of the grouping; the disaster banner that main added runs one more per page
    "needs:candidates": 31,
}


def budget(name: str) -> int:
    """A variant like "app:page(other region)" shares the budget of "app:page"."""
    return PINNED.get(name, PINNED.get(name.split("(")[0], DEFAULT))
