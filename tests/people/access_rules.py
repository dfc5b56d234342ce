"""Access rules for the people pages (see tests/test_access_matrix.py).

Order of a row: anonymous, admin, center_staff, provider_staff, secretariat, municipal_staff,
member, outsider (center staff of another region). `person` is assigned to the center and the
provider; `unassigned_person` to the center only. POST-only URLs answer a GET with 405 once
the capability check has passed (the id in their path is never looked up on a GET)."""

from tests.access import post
from tests.access import row as _row

# Seen by whoever may see personal data of this person.
_PERSON = _row(302, 200, 200, 200, 403, 403, 403, 404)
_UNASSIGNED = _row(302, 200, 200, 404, 403, 403, 403, 404)
_POST_ONLY = _row(302, 405, 405, 405, 403, 403, 403, 405)


def _p(suffix: str, fixture: str = "person"):
    return lambda o: f"/people/{o[fixture].pk}/{suffix}"


RULES = {
    "people:list": (lambda o: "/people/", _row(302, 200, 200, 200, 403, 403, 403, 200)),
    "people:new": (lambda o: "/people/new/", _row(302, 200, 200, 200, 403, 403, 403, 200)),
    # Not personal data, but only for those who fill in the person form.
    "people:postal": (
        lambda o: "/people/postal/2830066/",
        _row(302, 200, 200, 200, 403, 403, 403, 200),
    ),
    "people:detail": (_p(""), _PERSON),
    "people:detail(unassigned)": (_p("", "unassigned_person"), _UNASSIGNED),
    "people:edit": (_p("edit/"), _PERSON),
    "people:edit(unassigned)": (_p("edit/", "unassigned_person"), _UNASSIGNED),
    "people:certificate_add": (_p("certificates/add/"), _PERSON),
    "people:certificate_add(unassigned)": (
        _p("certificates/add/", "unassigned_person"),
        _UNASSIGNED,
    ),
    "people:certificate_remove": (
        lambda o: f"/people/{o['person'].pk}/certificates/{o['person_certificate'].pk}/remove/",
        _POST_ONLY,
    ),
    "people:caregiver_add": (_p("caregivers/add/"), _PERSON),
    "people:caregiver_add(unassigned)": (_p("caregivers/add/", "unassigned_person"), _UNASSIGNED),
    "people:caregiver_remove": (
        lambda o: f"/people/{o['person'].pk}/caregivers/{o['person_caregiver'].pk}/remove/",
        _POST_ONLY,
    ),
    "people:consent_add": (_p("consents/add/"), _PERSON),
    "people:consent_add(unassigned)": (_p("consents/add/", "unassigned_person"), _UNASSIGNED),
    "people:consent_withdraw": (
        lambda o: f"/people/{o['person'].pk}/consents/{o['person_consent'].pk}/withdraw/",
        _POST_ONLY,
    ),
    "people:share": (_p("share/"), _PERSON),
    "people:share(unassigned)": (_p("share/", "unassigned_person"), _UNASSIGNED),
    # Merging is for center staff only (it reaches records of every organization).
    "people:merge": (_p("merge/"), _row(302, 200, 200, 403, 403, 403, 403, 404)),
    # The review list of possible duplicates outside a registrant's scope: center staff only.
    "people:duplicate_review": (
        lambda o: "/people/duplicates/review/",
        _row(302, 200, 200, 403, 403, 403, 403, 200),
    ),
    "people:duplicate_review_close": (
        lambda o: f"/people/duplicates/review/{o['duplicate_review'].pk}/close/",
        _row(302, 405, 405, 403, 403, 403, 403, 405),
    ),
}

# Who may act on a POST-only URL (the person is assigned to the provider; another region's
# staff do not learn that it exists).
_POST = post(_POST_ONLY, outsider=404)
POST = {
    "people:certificate_remove": _POST,
    "people:caregiver_remove": _POST,
    "people:consent_withdraw": _POST,
    # center staff and the administrator close a pair; the other region does not see it
    "people:duplicate_review_close": post(
        _row(302, 405, 405, 403, 403, 403, 403, 405), outsider=404
    ),
}
