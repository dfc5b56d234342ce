"""Shared shape of access rules (see tests/test_access_matrix.py)."""

ROLES = [
    "anonymous",
    "admin",
    "center_staff",
    "provider_staff",
    "secretariat",
    "municipal_staff",
    "member",
    "outsider",
]


def row(anonymous, admin, center, provider, secretariat, municipal, member, outsider) -> dict:
    """Expected status per role, in the order of ROLES."""
    values = [anonymous, admin, center, provider, secretariat, municipal, member, outsider]
    return dict(zip(ROLES, values, strict=True))
