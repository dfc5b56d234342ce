"""Access rules for the disaster pages (see tests/test_access_matrix.py).

The dashboard, the organizations' reports and the summaries are the network's (NETWORK);
switching disaster mode is the administrator's (MANAGE_REGION); the safety checks and the
disaster list are personal (PERSONAL_ALL / PERSONAL_ASSIGNED); staff enter reports received
by phone or FAX (DIRECTORY_EDIT). The outsider is center staff of another region."""

from tests.access import post
from tests.access import row as _row

#          anonymous admin center provider secretariat municipal member outsider
_NETWORK = _row(302, 200, 200, 200, 200, 200, 200, 200)
_PERSONAL = _row(302, 200, 200, 200, 403, 403, 403, 200)
_PERSONAL_OBJECT = _row(302, 200, 200, 200, 403, 403, 403, 404)
_PERSONAL_POST = _row(302, 405, 405, 405, 403, 403, 403, 405)


def _active(o, path):
    o["disaster_active"]
    return path


RULES = {
    "disaster:home": (lambda o: "/disaster/", _NETWORK),
    "disaster:home(active)": (
        lambda o: (o["disaster_report"], o["disaster_check"]) and "/disaster/",
        _NETWORK,
    ),
    "disaster:activate": (
        lambda o: "/disaster/activate/",
        _row(302, 200, 403, 403, 403, 403, 403, 403),
    ),
    "disaster:deactivate": (
        lambda o: _active(o, "/disaster/deactivate/"),
        _row(302, 200, 403, 403, 403, 403, 403, 403),
    ),
    "disaster:report": (lambda o: _active(o, "/disaster/report/"), _NETWORK),
    "disaster:report_entry": (
        lambda o: _active(o, "/disaster/reports/enter/"),
        _row(302, 200, 200, 403, 200, 403, 403, 200),
    ),
    "disaster:activations": (lambda o: "/disaster/activations/", _NETWORK),
    "disaster:summary": (
        lambda o: f"/disaster/activations/{o['disaster_past'].pk}/",
        _row(302, 200, 200, 200, 200, 200, 200, 404),
    ),
    "disaster:summary(other region)": (
        lambda o: f"/disaster/activations/{o['other_disaster_check'].activation_id}/",
        _row(302, 404, 404, 404, 404, 404, 404, 200),
    ),
    "disaster:checks": (lambda o: o["disaster_check"] and "/disaster/checks/", _PERSONAL),
    "disaster:my_checks": (lambda o: _active(o, "/disaster/checks/mine/"), _PERSONAL),
    "disaster:check": (
        lambda o: f"/disaster/checks/{o['disaster_check'].pk}/",
        _PERSONAL_OBJECT,
    ),
    "disaster:check(unassigned)": (
        lambda o: f"/disaster/checks/{o['disaster_unassigned_check'].pk}/",
        _row(302, 200, 200, 404, 403, 403, 403, 404),
    ),
    "disaster:check(other region)": (
        lambda o: f"/disaster/checks/{o['other_disaster_check'].pk}/",
        _row(302, 404, 404, 404, 403, 403, 403, 200),
    ),
    "disaster:check_assign": (
        lambda o: f"/disaster/checks/{o['disaster_check'].pk}/assign/",
        _PERSONAL_POST,
    ),
    "disaster:checks_assign": (
        lambda o: "/disaster/checks/assign/",
        _row(302, 405, 405, 403, 403, 403, 403, 405),
    ),
    # the outsider's region is not in disaster mode: sent back to its dashboard
    "disaster:checks_pdf": (
        lambda o: _active(o, "/disaster/checks.pdf"),
        _row(302, 200, 200, 200, 403, 403, 403, 302),
    ),
    "disaster:checks_csv": (
        lambda o: _active(o, "/disaster/checks.csv"),
        _row(302, 200, 200, 200, 403, 403, 403, 302),
    ),
    "disaster:registrations": (
        lambda o: o["disaster_registration"] and "/disaster/registrations/",
        _PERSONAL,
    ),
    "disaster:register": (
        lambda o: f"/disaster/registrations/person/{o['person'].pk}/",
        _PERSONAL_OBJECT,
    ),
    "disaster:register(unassigned)": (
        lambda o: f"/disaster/registrations/person/{o['unassigned_person'].pk}/",
        _row(302, 200, 200, 404, 403, 403, 403, 404),
    ),
    "disaster:registration_remove": (
        lambda o: f"/disaster/registrations/person/{o['person'].pk}/remove/",
        _PERSONAL_POST,
    ),
}

# POST-only: another region's staff get 404 for our checks and registrations; assigning in bulk
# names no object (in their region, with no activation, they are sent back to the start page).
POST = {
    "disaster:check_assign": post(RULES["disaster:check_assign"][1], outsider=404),
    "disaster:registration_remove": post(RULES["disaster:registration_remove"][1], outsider=404),
    "disaster:checks_assign": post(RULES["disaster:checks_assign"][1]),
}
