"""Who may open which page. Every named URL must have a row here: a new view without a
rule fails `test_every_url_has_a_rule`.

Expected answers: 200 shown, 302 sent to login, 403 refused, 404 not found (an object of
another region or not assigned is not revealed to exist)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

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


def _row(anonymous, admin, center, provider, secretariat, municipal, member, outsider):
    return dict(
        zip(
            ROLES,
            [anonymous, admin, center, provider, secretariat, municipal, member, outsider],
            strict=True,
        )
    )


# url name -> (path builder, expected status per role)
MATRIX = {
    "core:home": (lambda o: "/", _row(200, 200, 200, 200, 200, 200, 200, 200)),
    "core:health": (lambda o: "/healthz", _row(200, 200, 200, 200, 200, 200, 200, 200)),
    "core:dashboard": (lambda o: "/dashboard/", _row(302, 200, 200, 200, 200, 200, 200, 200)),
    "core:organization_list": (
        lambda o: "/organizations/",
        _row(302, 200, 200, 200, 200, 200, 403, 200),
    ),
    "core:audit_list": (lambda o: "/audit/", _row(302, 200, 403, 403, 403, 403, 403, 403)),
    "core:audit_export": (
        lambda o: "/audit/export.csv",
        _row(302, 200, 403, 403, 403, 403, 403, 403),
    ),
    "people:list": (lambda o: "/people/", _row(302, 200, 200, 200, 403, 403, 403, 200)),
    "people:detail": (
        lambda o: f"/people/{o['person'].pk}/",
        _row(302, 200, 200, 200, 403, 403, 403, 404),
    ),
    "people:detail(unassigned)": (
        lambda o: f"/people/{o['unassigned_person'].pk}/",
        _row(302, 200, 200, 404, 403, 403, 403, 404),
    ),
    "accounts:login": (lambda o: "/accounts/login/", _row(200, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:logout": (
        lambda o: "/accounts/logout/",
        _row(405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "accounts:otp_verify": (
        lambda o: "/accounts/otp/",
        _row(302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "accounts:otp_setup": (
        lambda o: "/accounts/otp/setup/",
        _row(302, 302, 302, 302, 200, 200, 200, 302),
    ),
    "accounts:account": (lambda o: "/accounts/", _row(302, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:sign_out_everywhere": (
        lambda o: "/accounts/sessions/end-all/",
        _row(302, 405, 405, 405, 405, 405, 405, 405),
    ),
    "accounts:password_change": (
        lambda o: "/accounts/password/",
        _row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "accounts:user_list": (
        lambda o: "/accounts/manage/",
        _row(302, 200, 403, 403, 403, 403, 403, 403),
    ),
    "accounts:user_new": (
        lambda o: "/accounts/manage/new/",
        _row(302, 200, 403, 403, 403, 403, 403, 403),
    ),
    "accounts:user_edit": (
        lambda o: f"/accounts/manage/{o['center_staff'].pk}/",
        _row(302, 200, 403, 403, 403, 403, 403, 403),
    ),
    "accounts:user_reset_otp": (
        lambda o: f"/accounts/manage/{o['center_staff'].pk}/reset-otp/",
        _row(302, 405, 403, 403, 403, 403, 403, 403),
    ),
}


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from _url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_rule():
    missing = sorted(set(_url_names()) - {name.split("(")[0] for name in MATRIX})
    assert missing == [], f"add these URLs to MATRIX: {missing}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(name, client, personas, person, unassigned_person, login):
    build, expected = MATRIX[name]
    objects = {**personas, "person": person, "unassigned_person": unassigned_person}
    path = build(objects)
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            login(client, personas[role])
        response = client.get(path)
        assert response.status_code == expected[role], (
            f"{role} GET {path}: {response.status_code}, expected {expected[role]}"
        )
        if expected[role] == 302 and role == "anonymous":
            assert "/accounts/login/" in response["Location"]


def test_other_regions_admin_cannot_edit_our_accounts(client, center_staff, other_region, login):
    from tsunagu.accounts.services import user_create
    from tsunagu.core.roles import Role

    other_admin = user_create(
        actor="test",
        region=other_region,
        username="olga-admin",
        password="another-strong-pw-7",
        role=Role.ADMIN,
    )
    login(client, other_admin)
    assert client.get(f"/accounts/manage/{center_staff.pk}/").status_code == 404
    assert client.post(f"/accounts/manage/{center_staff.pk}/reset-otp/").status_code == 404
    assert center_staff.username not in client.get("/accounts/manage/").content.decode()
