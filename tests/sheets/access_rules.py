"""Access rules of the sheets (merged into the access matrix): the persons and consultations
a role may see — the center all of the region, the provider those assigned to it (the
`person` fixture is assigned to both), the others refused; another region 404."""

from tests.access import row as _row

_OWN = _row(302, 200, 200, 200, 403, 403, 403, 404)

RULES: dict = {
    "sheets:face_sheet(unassigned)": (
        lambda o: f"/sheets/person/{o['unassigned_person'].pk}/face.pdf",
        _row(302, 200, 200, 404, 403, 403, 403, 404),
    ),
    "sheets:face_sheet": (lambda o: f"/sheets/person/{o['person'].pk}/face.pdf", _OWN),
    "sheets:referral_letter": (lambda o: f"/sheets/person/{o['person'].pk}/referral/", _OWN),
    "sheets:consultation_sheet": (
        lambda o: f"/sheets/consultation/{o['consultation'].pk}.pdf",
        _OWN,
    ),
}
