"""Access rules for the 地域支援 pages (see tests/test_access_matrix.py).

Columns: anonymous, admin, center_staff, provider_staff, secretariat, municipal_staff, member,
outsider (center staff of another region: the capabilities, but 404 on our objects)."""

from tests.access import row as _row

VIEW = _row(302, 200, 200, 403, 200, 403, 403, 200)  # DEIDENTIFIED
VIEW_OBJECT = _row(302, 200, 200, 403, 200, 403, 403, 404)
VIEW_OTHER = _row(302, 404, 404, 403, 404, 403, 403, 200)
CENTER = _row(302, 200, 200, 403, 403, 403, 403, 200)  # PERSONAL_ALL
PERSONAL = _row(302, 200, 200, 200, 403, 403, 403, 200)  # PERSONAL_ALL / PERSONAL_ASSIGNED
PERSONAL_OBJECT = _row(302, 200, 200, 200, 403, 403, 403, 404)
PERSONAL_OTHER = _row(302, 404, 404, 404, 403, 403, 403, 200)
NETWORK = _row(302, 200, 200, 200, 200, 200, 200, 200)
# 合同事例検討会 (attended by the center and the provider): the center sees every case of its
# region; others only when their organization attended (the provider did; the secretariat,
# the municipality and the member — no organization — did not); the outsider never
CONFERENCE_OBJECT = _row(302, 200, 200, 200, 404, 404, 404, 404)
CONFERENCE_OTHER = _row(302, 404, 404, 404, 404, 404, 404, 200)
CONFERENCE_EDIT = _row(302, 200, 200, 403, 403, 403, 403, 404)
CONFERENCE_EDIT_OTHER = _row(302, 404, 404, 403, 403, 403, 403, 200)

RULES = {
    "community:activity_list": (lambda o: "/community/", VIEW),
    "community:activity_new": (lambda o: "/community/new/", VIEW),
    "community:activity_year": (lambda o: "/community/year/?fy=2022", VIEW),
    "community:activity_detail": (
        lambda o: f"/community/{o['community_activity'].pk}/",
        VIEW_OBJECT,
    ),
    "community:activity_detail(other region)": (
        lambda o: f"/community/{o['community_activity_other'].pk}/",
        VIEW_OTHER,
    ),
    "community:activity_edit": (
        lambda o: f"/community/{o['community_activity'].pk}/edit/",
        VIEW_OBJECT,
    ),
    "community:activity_edit(other region)": (
        lambda o: f"/community/{o['community_activity_other'].pk}/edit/",
        VIEW_OTHER,
    ),
    "community:provider_support_list": (
        lambda o: (o["provider_support"], "/community/providers/?fy=2022")[1],
        CENTER,
    ),
    "community:provider_support_new": (lambda o: "/community/providers/new/", CENTER),
    "community:case_meeting_list": (
        lambda o: (o["case_meeting"], "/community/meetings/?fy=2022")[1],
        PERSONAL,
    ),
    "community:case_meeting_new": (
        lambda o: f"/community/meetings/new/{o['person'].pk}/",
        PERSONAL_OBJECT,
    ),
    "community:case_meeting_detail": (
        lambda o: f"/community/meetings/{o['case_meeting'].pk}/",
        PERSONAL_OBJECT,
    ),
    "community:case_meeting_detail(other region)": (
        lambda o: f"/community/meetings/{o['case_meeting_other'].pk}/",
        PERSONAL_OTHER,
    ),
    "community:observation_list": (
        lambda o: (o["community_observation"], "/community/voices/?fy=2022")[1],
        VIEW,
    ),
    "community:observation_new": (lambda o: "/community/voices/new/", NETWORK),
    "community:case_conference_list": (
        lambda o: (o["case_conference"], "/community/conferences/")[1],
        NETWORK,
    ),
    "community:case_conference_new": (lambda o: "/community/conferences/new/", CENTER),
    "community:case_conference_detail": (
        lambda o: f"/community/conferences/{o['case_conference'].pk}/",
        CONFERENCE_OBJECT,
    ),
    "community:case_conference_detail(other region)": (
        lambda o: f"/community/conferences/{o['case_conference_other'].pk}/",
        CONFERENCE_OTHER,
    ),
    "community:case_conference_edit": (
        lambda o: f"/community/conferences/{o['case_conference'].pk}/edit/",
        CONFERENCE_EDIT,
    ),
    "community:case_conference_edit(other region)": (
        lambda o: f"/community/conferences/{o['case_conference_other'].pk}/edit/",
        CONFERENCE_EDIT_OTHER,
    ),
}
