"""Access rules for council bodies, meetings and proposals (merged into access_rules.py).

Order of each row: anonymous, admin, center, provider, secretariat, municipal, member,
outsider. The council (admin, center, secretariat) sees everything of its region; municipal
staff read meetings whose minutes are published, and proposals; network members and provider
staff nothing. The outsider (another region) gets 404 on our objects."""

from tests.access import post
from tests.access import row as _row

COUNCIL_PAGE = _row(302, 200, 200, 403, 200, 403, 403, 200)
COUNCIL_OBJECT = _row(302, 200, 200, 403, 200, 403, 403, 404)
COUNCIL_POST = _row(302, 405, 405, 403, 405, 403, 403, 405)
READ_PAGE = _row(302, 200, 200, 403, 200, 200, 403, 200)
READ_OBJECT = _row(302, 200, 200, 403, 200, 200, 403, 404)

RULES = {
    "council:body_list": (lambda o: "/council/bodies/", COUNCIL_PAGE),
    "council:body_new": (lambda o: "/council/bodies/new/", COUNCIL_PAGE),
    "council:body": (lambda o: f"/council/bodies/{o['secretariat_body'].pk}/", COUNCIL_OBJECT),
    "council:body_edit": (
        lambda o: f"/council/bodies/{o['secretariat_body'].pk}/edit/",
        COUNCIL_OBJECT,
    ),
    "council:member_new": (
        lambda o: f"/council/bodies/{o['secretariat_body'].pk}/members/new/",
        COUNCIL_POST,
    ),
    "council:meeting_list": (lambda o: "/council/meetings/", READ_PAGE),
    "council:meeting_new": (lambda o: "/council/meetings/new/", COUNCIL_PAGE),
    # Draft minutes: municipal staff do not learn the meeting exists.
    "council:meeting": (
        lambda o: f"/council/meetings/{o['meeting'].pk}/",
        _row(302, 200, 200, 403, 200, 404, 403, 404),
    ),
    "council:meeting(published)": (
        lambda o: f"/council/meetings/{o['published_meeting'].pk}/",
        READ_OBJECT,
    ),
    "council:meeting_agenda": (
        lambda o: f"/council/meetings/{o['meeting'].pk}/agenda/",
        COUNCIL_POST,
    ),
    "council:meeting_minutes": (
        lambda o: f"/council/meetings/{o['meeting'].pk}/minutes/",
        COUNCIL_OBJECT,
    ),
    "council:meeting_request_review": (
        lambda o: f"/council/meetings/{o['meeting'].pk}/minutes/request-review/",
        COUNCIL_POST,
    ),
    "council:meeting_review": (
        lambda o: f"/council/meetings/{o['meeting'].pk}/minutes/review/",
        _row(302, 405, 405, 403, 405, 405, 403, 405),
    ),
    "council:meeting_publish": (
        lambda o: f"/council/meetings/{o['meeting'].pk}/minutes/publish/",
        COUNCIL_POST,
    ),
    "council:meeting_decision": (
        lambda o: f"/council/meetings/{o['meeting'].pk}/decisions/",
        COUNCIL_POST,
    ),
    "council:meeting_action": (
        lambda o: f"/council/meetings/{o['meeting'].pk}/actions/",
        COUNCIL_POST,
    ),
    "council:meeting_advance": (
        lambda o: f"/council/meetings/{o['meeting'].pk}/issues/{o['issue'].pk}/advance/",
        COUNCIL_POST,
    ),
    "council:action_done": (
        lambda o: f"/council/actions/{o['action_item'].pk}/done/",
        COUNCIL_POST,
    ),
    "council:proposal_list": (lambda o: "/council/proposals/", READ_PAGE),
    "council:proposal_new": (lambda o: "/council/proposals/new/", COUNCIL_PAGE),
    "council:proposal": (lambda o: f"/council/proposals/{o['proposal'].pk}/", READ_OBJECT),
    "council:proposal_pdf": (
        lambda o: f"/council/proposals/{o['proposal'].pk}/proposal.pdf",
        READ_OBJECT,
    ),
    "council:proposal_docx": (
        lambda o: f"/council/proposals/{o['proposal'].pk}/proposal.docx",
        READ_OBJECT,
    ),
}

# POST-only: the council's roles act on a meeting of their region; another region's staff get
# 404; only the meeting's reviewers review (市町村 staff who are not one get 404).
POST = {
    name: post(RULES[name][1], outsider=404, **extra)
    for name, extra in {
        "council:member_new": {},
        "council:meeting_agenda": {},
        "council:meeting_request_review": {},
        "council:meeting_review": {"municipal_staff": 404},
        "council:meeting_publish": {},
        "council:meeting_decision": {},
        "council:meeting_action": {},
        "council:meeting_advance": {},
        "council:action_done": {},
    }.items()
}
