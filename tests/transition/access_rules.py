"""Access rules for 地域移行・地域定着 (see tests/test_access_matrix.py): center staff and admins
only; provider staff and the roles without personal data get 403, another region's staff 404 on
our objects (and an empty list)."""

from tests.access import row as _row

LIST = _row(302, 200, 200, 403, 403, 403, 403, 200)
CENTER = _row(302, 200, 200, 403, 403, 403, 403, 404)

RULES = {
    "transition:overview": (lambda o: "/transition/", LIST),
    "transition:person": (lambda o: f"/transition/person/{o['person'].pk}/", CENTER),
    "transition:stay_new": (lambda o: f"/transition/person/{o['person'].pk}/stays/new/", CENTER),
    "transition:settlement_new": (
        lambda o: f"/transition/person/{o['person'].pk}/settlement/new/",
        CENTER,
    ),
    "transition:stay_detail": (lambda o: f"/transition/stays/{o['institution_stay'].pk}/", CENTER),
    "transition:step_new": (
        lambda o: f"/transition/stays/{o['institution_stay'].pk}/steps/new/",
        CENTER,
    ),
    "transition:settlement_detail": (
        lambda o: f"/transition/settlement/{o['settlement_support'].pk}/",
        CENTER,
    ),
    "transition:contact_new": (
        lambda o: f"/transition/settlement/{o['settlement_support'].pk}/contacts/new/",
        CENTER,
    ),
    "transition:response_new": (
        lambda o: f"/transition/settlement/{o['settlement_support'].pk}/responses/new/",
        CENTER,
    ),
}
