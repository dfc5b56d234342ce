"""Shared shape of access rules (see tests/test_access_matrix.py)."""

# In a POST row: the role may act — any answer but a refusal (403, 404, a redirect to the
# login page) or a server error; a 200 with form errors or a redirect elsewhere counts.
OK = "ok"

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


def post(get_row: dict, **refused) -> dict:
    """The POST row of a URL that only accepts POST, written from its GET row: a role that got
    405 on GET passed every check that runs before the method check, so it may act, except
    where ``refused`` says otherwise (e.g. ``outsider=404`` when the object's region is only
    looked up once the method is right). Refusals of the GET row stay refusals."""
    unknown = set(refused) - set(ROLES)
    assert not unknown, f"not roles: {unknown}"
    return {
        role: refused.get(role, OK if status in (200, 405) else status)
        for role, status in get_row.items()
    }
