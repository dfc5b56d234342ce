"""Access rules for サービス等利用計画, モニタリング報告書 and 受給者証 (tests/test_access_matrix.py).

Only those who see every person of the region (admin, center staff) reach them: provider staff
get 403 (their own record is the 個別支援計画), so do the roles without personal data; another
region's center staff gets 404 on every object of ours."""

from tests.access import row as _row

CENTER = _row(302, 200, 200, 403, 403, 403, 403, 404)

RULES = {
    "plans:usage_person": (lambda o: f"/plans/usage/person/{o['person'].pk}/", CENTER),
    "plans:usage_new": (lambda o: f"/plans/usage/person/{o['person'].pk}/new/", CENTER),
    "plans:certificate_new": (
        lambda o: f"/plans/usage/person/{o['person'].pk}/certificates/new/",
        CENTER,
    ),
    "plans:usage_detail": (lambda o: f"/plans/usage/{o['usage_plan'].pk}/", CENTER),
    "plans:usage_detail(draft)": (lambda o: f"/plans/usage/{o['usage_draft'].pk}/", CENTER),
    "plans:usage_edit": (lambda o: f"/plans/usage/{o['usage_draft'].pk}/edit/", CENTER),
    "plans:usage_decide": (lambda o: f"/plans/usage/{o['usage_draft'].pk}/decide/", CENTER),
    "plans:usage_finalize": (lambda o: f"/plans/usage/{o['usage_draft'].pk}/finalize/", CENTER),
    "plans:usage_revise": (lambda o: f"/plans/usage/{o['usage_plan'].pk}/revise/", CENTER),
    "plans:usage_pdf": (lambda o: f"/plans/usage/{o['usage_plan'].pk}/plan.pdf", CENTER),
    "plans:usage_monitoring_new": (
        lambda o: f"/plans/usage/{o['usage_plan'].pk}/monitoring/new/",
        CENTER,
    ),
    "plans:usage_monitoring_detail": (
        lambda o: f"/plans/usage/monitoring/{o['usage_monitoring'].pk}/",
        CENTER,
    ),
    "plans:usage_monitoring_pdf": (
        lambda o: f"/plans/usage/monitoring/{o['usage_monitoring'].pk}/report.pdf",
        CENTER,
    ),
}
