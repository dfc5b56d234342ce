"""Access rules for the consultation pages (see tests/test_access_matrix.py)."""

from tests.access import post
from tests.access import row as _row

RULES = {
    "consultations:list": (
        lambda o: "/consultations/",
        _row(302, 200, 200, 200, 403, 403, 403, 200),
    ),
    "consultations:new": (
        lambda o: "/consultations/new/",
        _row(302, 200, 200, 200, 403, 403, 403, 200),
    ),
    "consultations:detail": (
        lambda o: f"/consultations/{o['consultation'].pk}/",
        _row(302, 200, 200, 200, 403, 403, 403, 404),
    ),
    "consultations:detail(unassigned)": (
        lambda o: f"/consultations/{o['unassigned_consultation'].pk}/",
        _row(302, 200, 200, 404, 403, 403, 403, 404),
    ),
    "consultations:referral_new": (
        lambda o: f"/consultations/{o['consultation'].pk}/referrals/new/",
        _row(302, 405, 405, 405, 403, 403, 403, 405),
    ),
    "consultations:referral_list": (
        lambda o: "/consultations/referrals/",
        _row(302, 200, 200, 200, 403, 403, 403, 200),
    ),
    "consultations:quiet": (
        lambda o: "/consultations/quiet/",
        _row(302, 200, 200, 200, 403, 403, 403, 200),
    ),
    "consultations:referral_detail": (
        lambda o: f"/consultations/referrals/{o['referral'].pk}/",
        _row(302, 200, 200, 200, 403, 403, 403, 404),
    ),
}

RULES.update(
    {
        "consultations:edit": (
            lambda o: f"/consultations/{o['consultation'].pk}/edit/",
            _row(302, 200, 200, 200, 403, 403, 403, 404),
        ),
        "consultations:attachment_new": (
            lambda o: f"/consultations/{o['consultation'].pk}/attachments/new/",
            _row(302, 405, 405, 405, 403, 403, 403, 405),
        ),
        "consultations:attachment": (
            lambda o: f"/consultations/attachments/{o['attachment'].pk}/",
            _row(302, 200, 200, 200, 403, 403, 403, 404),
        ),
    }
)

# POST-only: whoever may see the consultation acts; another region's staff get 404.
POST = {
    name: post(RULES[name][1], outsider=404)
    for name in ("consultations:referral_new", "consultations:attachment_new")
}
