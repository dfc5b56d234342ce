"""Access rules for support plans and monitoring (see tests/test_access_matrix.py).

Provider staff see the plans of persons assigned to their organization (404 otherwise) and
may change only their own organization's (403 on the center's); the outsider, another
region's center staff, gets 404 on every object of ours and empty lists."""

from tests.access import row as _row

LISTS = _row(302, 200, 200, 200, 403, 403, 403, 200)
SEEN = _row(302, 200, 200, 200, 403, 403, 403, 404)
UNASSIGNED = _row(302, 200, 200, 404, 403, 403, 403, 404)
CENTERS = _row(302, 200, 200, 403, 403, 403, 403, 404)  # change the center's record

RULES = {
    "plans:list": (lambda o: "/plans/", LISTS),
    "plans:due": (lambda o: "/plans/due/", LISTS),
    "plans:overdue": (lambda o: "/plans/overdue/", LISTS),
    "plans:person": (lambda o: f"/plans/person/{o['person'].pk}/", SEEN),
    "plans:person(unassigned)": (
        lambda o: f"/plans/person/{o['unassigned_person'].pk}/",
        UNASSIGNED,
    ),
    "plans:new": (lambda o: f"/plans/person/{o['person'].pk}/new/", SEEN),
    "plans:new(unassigned)": (
        lambda o: f"/plans/person/{o['unassigned_person'].pk}/new/",
        UNASSIGNED,
    ),
    "plans:assessment_new": (lambda o: f"/plans/person/{o['person'].pk}/assessments/new/", SEEN),
    "plans:assessment_new(unassigned)": (
        lambda o: f"/plans/person/{o['unassigned_person'].pk}/assessments/new/",
        UNASSIGNED,
    ),
    "plans:assessment_detail": (lambda o: f"/plans/assessments/{o['assessment'].pk}/", SEEN),
    "plans:assessment_detail(unassigned)": (
        lambda o: f"/plans/assessments/{o['unassigned_assessment'].pk}/",
        UNASSIGNED,
    ),
    "plans:assessment_edit": (lambda o: f"/plans/assessments/{o['assessment'].pk}/edit/", CENTERS),
    "plans:detail": (lambda o: f"/plans/{o['support_plan'].pk}/", SEEN),
    "plans:detail(unassigned)": (lambda o: f"/plans/{o['unassigned_plan'].pk}/", UNASSIGNED),
    "plans:edit": (lambda o: f"/plans/{o['support_plan'].pk}/edit/", CENTERS),
    "plans:edit(provider's own)": (lambda o: f"/plans/{o['provider_plan'].pk}/edit/", SEEN),
    "plans:revise": (lambda o: f"/plans/{o['support_plan'].pk}/revise/", CENTERS),
    "plans:revise(provider's own)": (lambda o: f"/plans/{o['provider_plan'].pk}/revise/", SEEN),
    "plans:end": (lambda o: f"/plans/{o['support_plan'].pk}/end/", CENTERS),
    "plans:pdf": (lambda o: f"/plans/{o['support_plan'].pk}/plan.pdf", SEEN),
    "plans:pdf(unassigned)": (lambda o: f"/plans/{o['unassigned_plan'].pk}/plan.pdf", UNASSIGNED),
    "plans:monitoring_new": (lambda o: f"/plans/{o['support_plan'].pk}/monitoring/new/", CENTERS),
    "plans:monitoring_new(provider's own)": (
        lambda o: f"/plans/{o['provider_plan'].pk}/monitoring/new/",
        SEEN,
    ),
    "plans:monitoring_detail": (lambda o: f"/plans/monitoring/{o['monitoring'].pk}/", SEEN),
    "plans:monitoring_detail(unassigned)": (
        lambda o: f"/plans/monitoring/{o['unassigned_monitoring'].pk}/",
        UNASSIGNED,
    ),
}
