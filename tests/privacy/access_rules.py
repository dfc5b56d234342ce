"""Access rules for the privacy pages (see tests/test_access_matrix.py).

開示 (and the list of requests): Capability.PERSONAL_ALL — 管理者 and センター相談員; the
outsider (center staff of another region) reaches its own region's pages and gets 404 for
ours. 削除 and the retention list: Capability.MANAGE_REGION — 管理者 only."""

from tests.access import row as _row

#          anonymous admin center provider secretariat municipal member outsider
_PAGE = _row(302, 200, 200, 403, 403, 403, 403, 200)
_OBJECT = _row(302, 200, 200, 403, 403, 403, 403, 404)
_OTHER = _row(302, 404, 404, 403, 403, 403, 403, 200)
_ADMIN = _row(302, 200, 403, 403, 403, 403, 403, 403)
_ADMIN_OTHER = _row(302, 404, 403, 403, 403, 403, 403, 403)

RULES: dict = {
    "privacy:disclosure": (lambda o: f"/privacy/persons/{o['person'].pk}/disclosure/", _OBJECT),
    "privacy:disclosure(other region)": (
        lambda o: f"/privacy/persons/{o['other_person'].pk}/disclosure/",
        _OTHER,
    ),
    "privacy:deletion": (lambda o: f"/privacy/persons/{o['person'].pk}/deletion/", _ADMIN),
    "privacy:deletion(other region)": (
        lambda o: f"/privacy/persons/{o['other_person'].pk}/deletion/",
        _ADMIN_OTHER,
    ),
    "privacy:request_list": (lambda o: "/privacy/requests/", _PAGE),
    "privacy:request_detail": (
        lambda o: f"/privacy/requests/{o['disclosure_request'].pk}/",
        _OBJECT,
    ),
    "privacy:request_detail(other region)": (
        lambda o: f"/privacy/requests/{o['other_disclosure_request'].pk}/",
        _OTHER,
    ),
    "privacy:disclosure_pdf": (
        lambda o: f"/privacy/requests/{o['disclosure_request'].pk}/disclosure.pdf",
        _OBJECT,
    ),
    "privacy:disclosure_pdf(other region)": (
        lambda o: f"/privacy/requests/{o['other_disclosure_request'].pk}/disclosure.pdf",
        _OTHER,
    ),
    "privacy:disclosure_json": (
        lambda o: f"/privacy/requests/{o['disclosure_request'].pk}/disclosure.json",
        _OBJECT,
    ),
    "privacy:disclosure_json(other region)": (
        lambda o: f"/privacy/requests/{o['other_disclosure_request'].pk}/disclosure.json",
        _OTHER,
    ),
    "privacy:retention": (lambda o: "/privacy/retention/", _ADMIN),
}
