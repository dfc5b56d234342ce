"""Access rules for the foodbank pages (see tests/test_access_matrix.py)."""

from tests.access import row as _row

RULES = {
    "foodbank:home": (lambda o: "/foodbank/", _row(302, 200, 200, 403, 403, 403, 200, 200)),
}
