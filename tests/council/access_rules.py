"""Access rules for community issues (see tests/test_access_matrix.py). Meetings/proposals
and the public pages keep theirs in access_rules_meetings.py and access_rules_public.py."""

from tests.access import post
from tests.access import row as _row

_POST_ONLY = _row(302, 405, 405, 403, 405, 403, 403, 405)

RULES: dict = {
    "council:issue_list": (
        lambda o: "/council/issues/",
        _row(302, 200, 200, 403, 200, 200, 403, 200),
    ),
    "council:issue_new": (
        lambda o: "/council/issues/new/",
        _row(302, 200, 200, 403, 200, 403, 403, 200),
    ),
    "council:issue_raise": (lambda o: "/council/issues/raise/", _POST_ONLY),
    "council:issue": (
        lambda o: f"/council/issues/{o['issue'].pk}/",
        _row(302, 200, 200, 403, 200, 200, 403, 404),
    ),
    "council:issue(other region)": (
        lambda o: f"/council/issues/{o['other_issue'].pk}/",
        _row(302, 404, 404, 403, 404, 404, 403, 200),
    ),
    "council:issue_edit": (
        lambda o: f"/council/issues/{o['issue'].pk}/edit/",
        _row(302, 200, 200, 403, 200, 403, 403, 404),
    ),
    "council:issue_link": (lambda o: f"/council/issues/{o['issue'].pk}/link/", _POST_ONLY),
    "council:issue_advance": (lambda o: f"/council/issues/{o['issue'].pk}/advance/", _POST_ONLY),
    "council:resource_new": (
        lambda o: f"/council/issues/{o['issue'].pk}/resources/",
        _POST_ONLY,
    ),
}

# POST-only: the council's roles act on an issue of their region; another region's staff get
# 404. Raising takes a group signed for the user's own region: the outsider may post it (to
# their own region), a forged group is refused by the signature.
POST = {
    "council:issue_raise": post(_POST_ONLY),
    **{
        name: post(_POST_ONLY, outsider=404)
        for name in ("council:issue_link", "council:issue_advance", "council:resource_new")
    },
}
