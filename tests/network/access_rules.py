"""Access rules for the network pages (see tests/test_access_matrix.py)."""

from tests.access import row as _row

RULES = {
    "network:home": (lambda o: "/network/", _row(302, 200, 200, 200, 200, 200, 200, 200)),
}
