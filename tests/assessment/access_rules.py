"""Access rules for the assessment pages (see tests/test_access_matrix.py)."""

from tests.access import row as _row

RULES = {
    "assessment:home": (lambda o: "/assessment/", _row(302, 200, 200, 403, 200, 200, 403, 200)),
}
