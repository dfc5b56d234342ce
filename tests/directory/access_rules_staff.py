"""Access rules for the directory (staff), merged into access_rules.py.

Reading the staff pages: Capability.DIRECTORY. Editing, confirming, deciding: 管理者,
センター相談員, 協議会事務局. Proposing: a member organization, for its own entries (the
``member`` persona belongs to the entry's member organization through ``staff_member_org``).
Referring: whoever sees personal data. Another region's staff get 404 on our objects."""

from tests.access import post
from tests.access import row as _row


def _service(o) -> str:
    return f"/directory/services/{o['staff_service'].pk}/"


def _own(o) -> str:
    o["staff_member_org"]  # the member persona joins the entry's member organization
    return _service(o)


RULES = {
    "directory:staff_list": (
        lambda o: "/directory/",
        _row(302, 200, 200, 200, 200, 200, 403, 200),
    ),
    "directory:review_list": (
        lambda o: "/directory/review/",
        _row(302, 200, 200, 200, 200, 200, 403, 200),
    ),
    "directory:service_new": (
        lambda o: "/directory/services/new/",
        _row(302, 200, 200, 403, 200, 403, 403, 200),
    ),
    "directory:open_data_import": (
        lambda o: "/directory/import/",
        _row(302, 200, 200, 403, 200, 403, 403, 200),
    ),
    "directory:service_detail": (
        _service,
        _row(302, 200, 200, 200, 200, 200, 403, 404),
    ),
    "directory:service_edit": (
        lambda o: _service(o) + "edit/",
        _row(302, 200, 200, 403, 200, 403, 403, 404),
    ),
    "directory:service_assure": (
        lambda o: _service(o) + "assure/",
        _row(302, 405, 405, 405, 405, 405, 403, 405),
    ),
    "directory:service_refer": (
        lambda o: _service(o) + "refer/",
        _row(302, 200, 200, 200, 403, 403, 403, 404),
    ),
    "directory:service_propose": (
        lambda o: _own(o) + "propose/",
        _row(302, 403, 403, 403, 403, 403, 200, 404),
    ),
    "directory:organization_propose": (
        lambda o: (
            o["staff_member_org"]
            and f"/directory/organizations/{o['staff_resource_org'].pk}/propose/"
        ),
        _row(302, 403, 403, 403, 403, 403, 200, 404),
    ),
    "directory:mine": (
        lambda o: o["staff_member_org"] and "/directory/mine/",
        _row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "directory:change_request_list": (
        lambda o: "/directory/requests/",
        _row(302, 200, 200, 403, 200, 403, 403, 200),
    ),
    "directory:change_request_detail": (
        lambda o: o["staff_member_org"] and f"/directory/requests/{o['staff_change_request'].pk}/",
        _row(302, 200, 200, 403, 200, 403, 200, 404),
    ),
    "directory:postal": (
        lambda o: "/directory/postal/2830802/",
        _row(302, 200, 200, 200, 200, 200, 200, 200),
    ),
}

POST = {
    # Assuring an entry is for those who edit the directory (provider and 市町村 staff read it).
    "directory:service_assure": post(
        RULES["directory:service_assure"][1], provider_staff=403, municipal_staff=403,
        outsider=404,
    ),
    # A member sees their own organization's request but does not decide it.
    "directory:change_request_detail": post(
        RULES["directory:change_request_detail"][1], member=403
    ),
}
