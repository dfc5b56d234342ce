"""Access rules for the need pages (see tests/test_access_matrix.py)."""

from tests.access import post
from tests.access import row as _row

RULES = {
    "needs:list": (lambda o: "/needs/", _row(302, 200, 200, 200, 403, 403, 403, 200)),
    "needs:new": (lambda o: "/needs/new/", _row(302, 200, 200, 200, 403, 403, 403, 200)),
    "needs:new(consultation)": (
        lambda o: f"/needs/new/?consultation={o['consultation'].pk}",
        _row(302, 200, 200, 200, 403, 403, 403, 404),
    ),
    "needs:suggest": (
        lambda o: "/needs/suggest/?text=%E3%83%90%E3%82%B9%E3%81%8C%E5%B0%91%E3%81%AA%E3%81%84",
        _row(302, 200, 200, 200, 403, 403, 403, 200),
    ),
    "needs:met": (
        lambda o: f"/needs/{o['need'].pk}/met/",
        _row(302, 405, 405, 405, 403, 403, 403, 405),
    ),
    "needs:candidates": (
        lambda o: "/needs/candidates/",
        _row(302, 200, 200, 403, 200, 403, 403, 200),
    ),
    # the secretariat's answers and actions: POST only, council capability (as raising)
    "needs:question_answer": (
        lambda o: "/needs/candidates/answer/",
        _row(302, 405, 405, 403, 405, 403, 403, 405),
    ),
    "needs:candidate_action": (
        lambda o: "/needs/candidates/action/",
        _row(302, 405, 405, 403, 405, 403, 403, 405),
    ),
    # split / move: a stale or missing group token sends the secretariat back to the list
    "needs:candidate_regroup": (
        lambda o: "/needs/candidates/regroup/",
        _row(302, 302, 302, 403, 302, 403, 403, 302),
    ),
}

POST = {
    "needs:met": post(RULES["needs:met"][1], outsider=404),
    # a stale or missing token sends the secretariat back to the candidates, nothing kept
    "needs:question_answer": post(RULES["needs:question_answer"][1]),
    "needs:candidate_action": post(RULES["needs:candidate_action"][1]),
}
