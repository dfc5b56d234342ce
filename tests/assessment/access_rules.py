"""Access rules for the assessment pages (see tests/test_access_matrix.py). Surveys, hearings
and the public form keep theirs in access_rules_surveys.py."""

from tests.access import post
from tests.access import row as _row

READ = _row(302, 200, 200, 403, 200, 200, 403, 200)
READ_OBJECT = _row(302, 200, 200, 403, 200, 200, 403, 404)
EDIT = _row(302, 200, 200, 403, 200, 403, 403, 200)
EDIT_OBJECT = _row(302, 200, 200, 403, 200, 403, 403, 404)
POST_ONLY = _row(302, 405, 405, 403, 405, 403, 403, 405)

RULES = {
    "assessment:home": (lambda o: "/assessment/", READ),
    "assessment:municipality": (lambda o: "/assessment/m/12213/", READ_OBJECT),
    "assessment:municipality(other region)": (
        lambda o: f"/assessment/m/{o['other_region'].municipalities.get().code}/",
        _row(302, 404, 404, 403, 404, 404, 403, 200),
    ),
    "assessment:sheet_pdf": (lambda o: "/assessment/m/12409/sheet.pdf", READ_OBJECT),
    "assessment:sheet_xlsx": (lambda o: "/assessment/m/12409/sheet.xlsx", READ_OBJECT),
    "assessment:chart": (lambda o: "/assessment/charts/region/pyramid.svg", READ),
    "assessment:chart(municipality)": (
        lambda o: "/assessment/charts/12213/aging.png", READ_OBJECT
    ),
    "assessment:profile_edit": (lambda o: "/assessment/profile/region/", EDIT),
    "assessment:profile_edit(municipality)": (
        lambda o: "/assessment/profile/12213/", EDIT_OBJECT
    ),
    "assessment:population": (lambda o: "/assessment/population/", READ),
    "assessment:population_delete": (
        lambda o: f"/assessment/population/{o['population_dataset'].pk}/delete/", POST_ONLY
    ),
    "assessment:gaps": (lambda o: "/assessment/gaps/", READ),
    "assessment:gap_map": (
        lambda o: o["boundary"] and "/assessment/gaps/map.svg", READ_OBJECT
    ),
    "assessment:gap_note": (lambda o: "/assessment/gaps/12213/mobility/", EDIT_OBJECT),
    "assessment:boundaries": (lambda o: "/assessment/boundaries/", EDIT),
}

POST_ONLY_POST = post(POST_ONLY, outsider=404)
POST = {
    "assessment:population_delete": POST_ONLY_POST,
    # 市町村 staff read the population figures but do not import them.
    "assessment:population": post(READ, municipal_staff=403),
}
