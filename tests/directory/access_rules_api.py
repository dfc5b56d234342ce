"""Access rules for the directory's HSDS API (merged into access_rules.py): public, read-only
JSON; every role, the outsider of another region included, gets 200."""

from tests.access import row as _row

_PUBLIC = _row(200, 200, 200, 200, 200, 200, 200, 200)


def _base(o) -> str:
    """The region's API root; asking for the region fixture makes sure the region exists
    (the browser suite builds paths without the personas that would create it)."""
    return f"/api/{o['region'].code}/hsds"


RULES: dict = {
    "hsds_api:root": (lambda o: f"{_base(o)}/", _PUBLIC),
    "hsds_api:openapi": (lambda o: f"{_base(o)}/openapi.json", _PUBLIC),
    "hsds_api:service_list": (lambda o: f"{_base(o)}/services", _PUBLIC),
    "hsds_api:service_detail": (
        lambda o: f"{_base(o)}/services/{o['hsds_service'].pk}",
        _PUBLIC,
    ),
    "hsds_api:organization_list": (lambda o: f"{_base(o)}/organizations", _PUBLIC),
    "hsds_api:organization_detail": (
        lambda o: f"{_base(o)}/organizations/{o['hsds_organization'].pk}",
        _PUBLIC,
    ),
    "hsds_api:service_at_location_list": (lambda o: f"{_base(o)}/service_at_locations", _PUBLIC),
    "hsds_api:service_at_location_detail": (
        lambda o: f"{_base(o)}/service_at_locations/{o['hsds_service_at_location'].pk}",
        _PUBLIC,
    ),
    "hsds_api:taxonomy_list": (lambda o: f"{_base(o)}/taxonomies", _PUBLIC),
    "hsds_api:taxonomy_detail": (
        lambda o: f"{_base(o)}/taxonomies/{o['hsds_taxonomy'].pk}",
        _PUBLIC,
    ),
    "hsds_api:taxonomy_term_list": (lambda o: f"{_base(o)}/taxonomy_terms", _PUBLIC),
    "hsds_api:taxonomy_term_detail": (
        lambda o: f"{_base(o)}/taxonomy_terms/{o['hsds_taxonomy_term'].pk}",
        _PUBLIC,
    ),
}
