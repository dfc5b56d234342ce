"""Access rules for the public directory pages (merged into access_rules.py). They answer
everyone alike — anonymous users and any region's staff — with 200 for what is published and
404 for anything else (an unknown region, an unpublished or defunct service, a service of
another region)."""

from tests.access import row as _row

EVERYONE = _row(200, 200, 200, 200, 200, 200, 200, 200)
NOBODY = _row(404, 404, 404, 404, 404, 404, 404, 404)


def _base(o) -> str:
    return f"/public/{o['region'].code}/directory/"


RULES = {
    "directory_public:search": (_base, EVERYONE),
    "directory_public:search(unknown region)": (lambda o: "/public/nowhere/directory/", NOBODY),
    "directory_public:detail": (lambda o: f"{_base(o)}{o['public_service'].pk}/", EVERYONE),
    "directory_public:detail(unpublished)": (
        lambda o: f"{_base(o)}{o['public_unpublished'].pk}/",
        NOBODY,
    ),
    "directory_public:detail(defunct)": (lambda o: f"{_base(o)}{o['public_defunct'].pk}/", NOBODY),
    "directory_public:detail(other region)": (
        lambda o: f"{_base(o)}{o['public_other_region_service'].pk}/",
        NOBODY,
    ),
    "directory_public:map": (lambda o: f"{_base(o)}map/?near=12213", EVERYONE),
    "directory_public:map(unknown region)": (lambda o: "/public/nowhere/directory/map/", NOBODY),
    "directory_public:print": (lambda o: f"{_base(o)}print/", EVERYONE),
}
