"""Who may open which page. Every named URL must have a rule: a new view without one fails
`test_every_url_has_a_rule`.

Rules live here (core and accounts) and in `tests/<app>/access_rules.py` (a dict `RULES` of the
same shape), so that each app keeps its own. A rule is: url name -> (path builder, expected
status per role). The path builder gets a mapping that returns any pytest fixture by name.
Expected answers: 200 shown, 302 sent to login, 403 refused, 404 not found (an object of
another region or not assigned is not revealed to exist), 405 wrong method (POST-only).

Every URL is also sent an empty POST by every role (issue 16: a GET alone shows 405 for every
role on a POST-only view, so a missing permission there was never caught). The expected answer
per role is a refusal (302 to login, 403, 404) or OK (the role may act). It follows the GET
row (a refusal stays one, 200 is OK) unless `POST` here or in `tests/<app>/access_rules*.py`
names the URL; a URL that answers a GET with 405 must be named there (`tests.access.post`).
Each POST runs in a savepoint that is rolled back, so one role's action does not change what
the next role finds."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from tests.access import OK, ROLES, post, row
from tests.query_budget import budget

_row = row


# url name -> (path builder, expected status per role)
MATRIX = {
    "core:home": (lambda o: "/", _row(200, 200, 200, 200, 200, 200, 200, 200)),
    "core:health": (lambda o: "/healthz", _row(200, 200, 200, 200, 200, 200, 200, 200)),
    "portal:dashboard": (lambda o: "/dashboard/", _row(302, 200, 200, 200, 200, 200, 200, 200)),
    "core:organization_list": (
        lambda o: "/organizations/",
        _row(302, 200, 200, 200, 200, 200, 403, 200),
    ),
    "core:audit_list": (lambda o: "/audit/", _row(302, 200, 403, 403, 403, 403, 403, 403)),
    "core:audit_export": (
        lambda o: "/audit/export.csv",
        _row(302, 200, 403, 403, 403, 403, 403, 403),
    ),
    "core:list_kinds": (lambda o: "/lists/", _row(302, 200, 403, 403, 403, 403, 403, 403)),
    "core:list_items": (
        lambda o: "/lists/support_topic/",
        _row(302, 200, 403, 403, 403, 403, 403, 403),
    ),
    "core:notifications": (
        lambda o: "/notifications/",
        _row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "core:notification_read": (
        lambda o: "/notifications/1/read/",
        _row(302, 405, 405, 405, 405, 405, 405, 405),
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
        _row(302, 302, 302, 302, 200, 302, 200, 302),
    ),
    "accounts:otp_recovery": (
        lambda o: "/accounts/otp/recovery/",
        _row(302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "accounts:recovery_codes": (
        lambda o: "/accounts/recovery-codes/",
        _row(302, 200, 200, 200, 302, 200, 302, 200),
    ),
    # Security keys: managed after a verified login (roles without two-factor are sent to
    # their account page); the JSON steps of the ceremonies are POST-only.
    "accounts:security_keys": (
        lambda o: "/accounts/security-keys/",
        _row(302, 200, 200, 200, 302, 200, 302, 200),
    ),
    "accounts:security_key_register_options": (
        lambda o: "/accounts/security-keys/options/",
        _row(302, 405, 405, 405, 405, 405, 405, 405),
    ),
    "accounts:security_key_register": (
        lambda o: "/accounts/security-keys/register/",
        _row(302, 405, 405, 405, 405, 405, 405, 405),
    ),
    "accounts:otp_security_key_options": (
        lambda o: "/accounts/otp/key/options/",
        _row(302, 405, 405, 405, 405, 405, 405, 405),
    ),
    "accounts:otp_security_key": (
        lambda o: "/accounts/otp/key/",
        _row(302, 405, 405, 405, 405, 405, 405, 405),
    ),
    "accounts:affiliation_switch": (
        lambda o: "/accounts/affiliation/",
        _row(302, 200, 200, 200, 200, 200, 200, 200),
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
    "accounts:password_reset": (
        lambda o: "/accounts/password/reset/",
        _row(200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "accounts:password_reset_done": (
        lambda o: "/accounts/password/reset/sent/",
        _row(200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "accounts:password_reset_confirm": (
        lambda o: "/accounts/password/reset/MQ/invalid-token/",
        _row(200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "accounts:password_reset_complete": (
        lambda o: "/accounts/password/reset/done/",
        _row(200, 200, 200, 200, 200, 200, 200, 200),
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
    "accounts:user_affiliation_add": (
        lambda o: f"/accounts/manage/{o['center_staff'].pk}/affiliations/",
        _row(302, 405, 403, 403, 403, 403, 403, 403),
    ),
    "accounts:user_affiliation_remove": (
        lambda o: f"/accounts/manage/{o['center_staff'].pk}/affiliations/1/remove/",
        _row(302, 405, 403, 403, 403, 403, 403, 403),
    ),
}


# url name -> expected answer to an empty POST per role, where the GET row does not say it
POST = {
    # Logging out, from anywhere, ends on the login page.
    "accounts:logout": _row(302, 302, 302, 302, 302, 302, 302, 302),
    "accounts:sign_out_everywhere": _row(302, 302, 302, 302, 302, 302, 302, 302),
    "accounts:user_reset_otp": post(MATRIX["accounts:user_reset_otp"][1]),
    # An empty form is refused with a message on the account's page; hat 1 is not another hat.
    "accounts:user_affiliation_add": post(MATRIX["accounts:user_affiliation_add"][1]),
    "accounts:user_affiliation_remove": post(
        MATRIX["accounts:user_affiliation_remove"][1], admin=404
    ),
    # Registering a key needs a login verified by a second factor (403 for roles without);
    # an empty ceremony is answered 400, no key is registered; with no key to use, 400.
    "accounts:security_key_register_options": post(
        MATRIX["accounts:security_key_register_options"][1], secretariat=403, member=403
    ),
    "accounts:security_key_register": post(
        MATRIX["accounts:security_key_register"][1], secretariat=403, member=403
    ),
    "accounts:otp_security_key_options": post(MATRIX["accounts:otp_security_key_options"][1]),
    "accounts:otp_security_key": post(MATRIX["accounts:otp_security_key"][1]),
    # Each user marks their own notification read (another's id changes nothing).
    "core:notification_read": post(MATRIX["core:notification_read"][1]),
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


def _app_rules() -> tuple[dict, dict]:
    rules, posts = {}, {}
    # tests/<app>/access_rules.py, and access_rules_<part>.py beside it for apps whose pages
    # are written in parts.
    for path in sorted(Path(__file__).parent.glob("*/access_rules*.py")):
        spec = importlib.util.spec_from_file_location(
            f"{path.stem}_{path.parent.name}", path
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        overlap = set(rules) & set(module.RULES)
        assert not overlap, f"rules defined twice: {overlap}"
        rules.update(module.RULES)
        posts.update(getattr(module, "POST", {}))
    return rules, posts


_rules, _posts = _app_rules()
MATRIX.update(_rules)
POST.update(_posts)

_POST_FORM = re.compile(r"<form\b[^>]*\bmethod=[\"']?post[^>]*>(.*?)</form>", re.I | re.S)


def _forms_without_csrf(response) -> int:
    """POST forms on an HTML page that lack Django's CSRF token."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return 0
    html = response.content.decode("utf-8", "replace")
    return sum(1 for body in _POST_FORM.findall(html) if "csrfmiddlewaretoken" not in body)


class _Fixtures:
    def __init__(self, request):
        self.request = request

    def __getitem__(self, name):
        return self.request.getfixturevalue(name)


def _post_row(name: str) -> dict | None:
    """The expected answer to an empty POST per role; None for a POST-only URL without one."""
    if name in POST:
        return POST[name]
    expected = MATRIX[name][1]
    if 405 in expected.values():
        return None
    return {
        role: OK if status == 200 or (status == 302 and role != "anonymous") else status
        for role, status in expected.items()
    }


def test_every_post_only_url_says_who_may_post():
    missing = sorted(name for name in MATRIX if _post_row(name) is None)
    assert set(POST) <= set(MATRIX), f"POST rows without a rule: {set(POST) - set(MATRIX)}"
    assert missing == [], f"add a POST row (tests.access.post) to: {missing}"


def _to_login(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def _refused(response) -> bool:
    return response.status_code in (403, 404) or _to_login(response)


def _check_post(client, path: str, role: str, expected) -> None:
    """POST nothing to ``path`` in a savepoint, rolled back whatever the view did."""
    with transaction.atomic():
        response = client.post(path)
        transaction.set_rollback(True)
    status = response.status_code
    assert status < 500, f"{role} POST {path}: {status}"
    if expected == OK:
        assert not _refused(response), f"{role} POST {path}: {status}, expected to be let act"
    elif status != 405:  # a view that takes no POST at all refuses it for everyone
        assert status == expected, f"{role} POST {path}: {status}, expected {expected}"
        if status == 302:
            assert _to_login(response), f"{role} POST {path}: redirected, not to the login"


# Odd query values every page must survive without a server error (the brief: no input, however
# odd): an id or year too large for the database, a digit int() cannot read, a NUL that
# PostgreSQL refuses in text, a date that does not exist. Sent by the first of the roles that
# see most who may open the page.
_ODD_PARAMS = (
    "year", "fy", "page", "q", "municipality", "month", "status", "kind", "sort", "days",
    "history", "person", "event", "issue", "plan", "consultation", "body", "activation",
    "method", "function", "from", "to", "on", "date", "state", "number", "edit", "other", "type",
)  # fmt: skip
_ODD_QUERIES = (
    dict.fromkeys(_ODD_PARAMS, "99999999999999999999"),
    {k: ("²", "a\x00b", "2024-02-30", "R99.13.40", "-1")[i % 5] for i, k in enumerate(_ODD_PARAMS)},
)
_ODD_ROLES = ("admin", "center_staff", "secretariat")  # the first that may open the page asks


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(name, client, personas, login, request):
    build, expected = MATRIX[name]
    post_expected = _post_row(name) or {}
    path = build(_Fixtures(request))
    odd_role = next((r for r in _ODD_ROLES if expected[r] == 200), None)
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            login(client, personas[role])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == expected[role], (
            f"{role} GET {path}: {response.status_code}, expected {expected[role]}"
        )
        if response.status_code == 200 and role == odd_role:
            for query in _ODD_QUERIES:
                odd = client.get(path, query)
                assert odd.status_code < 500, f"{role} GET {path} {query}: {odd.status_code}"
        if response.status_code == 200:
            assert _forms_without_csrf(response) == 0, f"{role} GET {path}: a form without CSRF"
            assert len(queries) <= budget(name), (
                f"{role} GET {path}: {len(queries)} queries, budget {budget(name)} "
                "(tests/query_budget.py)"
            )
        if expected[role] == 302 and role == "anonymous":
            assert "/accounts/login/" in response["Location"]
        if post_expected:
            _check_post(client, path, role, post_expected[role])


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


def test_the_csrf_check_sees_a_post_form_without_a_token():
    from django.http import HttpResponse

    bare = HttpResponse('<form method="post" action="/x/"><input name="a"></form>')
    guarded = HttpResponse(
        '<form method="POST"><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>'
        '<form method="get"><input name="q"></form>'
    )
    assert _forms_without_csrf(bare) == 1
    assert _forms_without_csrf(guarded) == 0


def test_the_post_check_sees_a_role_that_acts_where_it_should_be_refused(
    client, center_staff, login, network_post
):
    """What lets the matrix catch a missing permission on a POST-only view: a role that acts
    where its row says 403 fails the check, and what it did is rolled back."""
    login(client, center_staff)
    path = f"/network/posts/{network_post.pk}/urgent/"
    with pytest.raises(AssertionError, match="expected 403"):
        _check_post(client, path, "center_staff", 403)
    _check_post(client, path, "center_staff", OK)
    network_post.refresh_from_db()
    assert not network_post.is_urgent
