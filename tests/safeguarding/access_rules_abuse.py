"""Access rules for abuse reports (merged into access_rules.py): Capability.SAFEGUARDING
(管理者, センター相談員) for the region's cases; Capability.MUNICIPAL_ABUSE (市町村職員) for the
cases of their own municipality only (東金市's officer gets 404 for a 山武市 case), without
the center's person linking, handover, on-duty and figures; the outsider (center staff of
another region) reaches the pages of its own region and gets 404 for ours."""

from tests.access import post
from tests.access import row as _row

#        anonymous admin center provider secretariat municipal member outsider
_PAGE = _row(302, 200, 200, 403, 403, 200, 403, 200)
_OBJECT = _row(302, 200, 200, 403, 403, 404, 403, 404)  # a 山武市 case: not 東金市's officer's
_POST_ONLY = _row(302, 405, 405, 403, 403, 405, 403, 405)
_CENTER_PAGE = _row(302, 200, 200, 403, 403, 403, 403, 200)
_CENTER_OBJECT = _row(302, 200, 200, 403, 403, 403, 403, 404)
_CENTER_POST_ONLY = _row(302, 405, 405, 403, 403, 403, 403, 405)

RULES: dict = {
    "safeguarding:abuse_list": (lambda o: "/safeguarding/abuse/", _PAGE),
    "safeguarding:abuse_new": (lambda o: "/safeguarding/abuse/new/", _PAGE),
    "safeguarding:abuse_detail": (
        lambda o: f"/safeguarding/abuse/{o['abuse_report'].pk}/",
        _OBJECT,
    ),
    "safeguarding:abuse_detail(other region)": (
        lambda o: f"/safeguarding/abuse/{o['other_abuse_report'].pk}/",
        _row(302, 404, 404, 403, 403, 404, 403, 200),
    ),
    "safeguarding:abuse_detail(東金市)": (
        lambda o: f"/safeguarding/abuse/{o['togane_abuse_report'].pk}/",
        _row(302, 200, 200, 403, 403, 200, 403, 404),
    ),
    "safeguarding:abuse_reporter(東金市)": (
        lambda o: f"/safeguarding/abuse/{o['togane_abuse_report'].pk}/reporter/",
        _row(302, 200, 200, 403, 403, 200, 403, 404),
    ),
    "safeguarding:abuse_reporter": (
        lambda o: f"/safeguarding/abuse/{o['abuse_report'].pk}/reporter/",
        _OBJECT,
    ),
    "safeguarding:abuse_person": (
        lambda o: f"/safeguarding/abuse/{o['abuse_report'].pk}/person/",
        _CENTER_OBJECT,
    ),
    "safeguarding:abuse_advance": (
        lambda o: f"/safeguarding/abuse/{o['abuse_report'].pk}/advance/",
        _POST_ONLY,
    ),
    "safeguarding:abuse_route": (
        lambda o: f"/safeguarding/abuse/{o['togane_employer_routing'].report_id}/route/",
        _row(302, 405, 405, 403, 403, 405, 403, 405),
    ),
    "safeguarding:abuse_routing_pdf": (
        lambda o: "/safeguarding/abuse/{0.report_id}/routing/{0.pk}.pdf".format(
            o["togane_employer_routing"]
        ),
        _row(302, 200, 200, 403, 403, 200, 403, 404),
    ),
    "safeguarding:abuse_intake_pdf": (
        lambda o: f"/safeguarding/abuse/{o['abuse_report'].pk}/intake.pdf",
        _OBJECT,
    ),
    "safeguarding:abuse_handover": (
        lambda o: f"/safeguarding/abuse/{o['abuse_report'].pk}/handover/",
        _CENTER_POST_ONLY,
    ),
    "safeguarding:abuse_figures": (lambda o: "/safeguarding/abuse/figures/", _PAGE),
    "safeguarding:abuse_figures_csv": (
        lambda o: "/safeguarding/abuse/figures.csv",
        _CENTER_PAGE,
    ),
    "safeguarding:abuse_figures_xlsx": (
        lambda o: "/safeguarding/abuse/figures.xlsx",
        _CENTER_PAGE,
    ),
    "safeguarding:abuse_on_duty": (lambda o: "/safeguarding/abuse/on-duty/", _CENTER_PAGE),
    "safeguarding:abuse_on_duty_remove": (
        lambda o: f"/safeguarding/abuse/on-duty/{o['abuse_on_duty'].pk}/remove/",
        _CENTER_POST_ONLY,
    ),
}

# POST-only: SAFEGUARDING roles of the region act; another region's get 404.
POST = {
    name: post(rule[1], outsider=404) for name, rule in RULES.items() if 405 in rule[1].values()
}
# The case of the matrix is 山武市's: 東金市's officer passes the method check, then gets 404.
POST["safeguarding:abuse_advance"] = post(RULES["safeguarding:abuse_advance"][1], outsider=404,
                                          municipal_staff=404)
