"""Access rules for the people pages (see tests/test_access_matrix.py)."""

from tests.access import row as _row

RULES = {
    "people:list": (lambda o: "/people/", _row(302, 200, 200, 200, 403, 403, 403, 200)),
    "people:detail": (
        lambda o: f"/people/{o['person'].pk}/",
        _row(302, 200, 200, 200, 403, 403, 403, 404),
    ),
    "people:detail(unassigned)": (
        lambda o: f"/people/{o['unassigned_person'].pk}/",
        _row(302, 200, 200, 404, 403, 403, 403, 404),
    ),
}
