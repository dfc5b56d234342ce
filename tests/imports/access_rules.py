"""Access rules for the import pages (see tests/test_access_matrix.py): center staff and
administrators only (Capability.PERSONAL_ALL); an outsider is center staff of another region
and imports into their own region."""

from tests.access import row as _row

RULES = {
    "consultations:import": (
        lambda o: "/consultations/import/",
        _row(302, 200, 200, 403, 403, 403, 403, 200),
    ),
    "consultations:import_kind": (
        lambda o: "/consultations/import/persons/",
        _row(302, 200, 200, 403, 403, 403, 403, 200),
    ),
}
