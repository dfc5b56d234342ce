"""Access rules for the disaster pages (see tests/test_access_matrix.py)."""

from tests.access import row as _row

RULES = {
    "disaster:home": (lambda o: "/disaster/", _row(302, 200, 200, 200, 200, 200, 200, 200)),
}
