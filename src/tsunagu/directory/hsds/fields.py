"""The typed columns of a service, derived from its HSDS document."""

from __future__ import annotations

from typing import Any

from tsunagu.core.text import normalize, search_key
from tsunagu.directory import taxonomy as tx
from tsunagu.directory.hsds.readers import (
    attribute_term_ids,
    is_kana,
    iso_date,
    parse_uuid,
    text_within,
)
from tsunagu.directory.models import (
    Location,
    Offering,
    Service,
    ServiceStatus,
    TaxonomyTerm,
)


def extract_service_fields(service: Service) -> dict[str, Any]:
    """Derive the typed columns of ``service`` from its document again: they are set on the
    instance (not saved) and returned, with ``terms`` (ids of the existing terms its
    attributes name; a many-to-many, so the caller sets it after saving).

    Columns: name, name_kana, description, status, assured_date, is_hot_station, offerings,
    search_text (search_key of name, kana, description, term names and the municipalities of
    the service's locations as written)."""
    document = service.document or {}
    alternate = document.get("alternate_name") or ""
    term_ids = attribute_term_ids(document)
    offerings = [
        offering
        for offering in Offering.values
        if tx.term_uuid(tx.OFFERING_TERMS[offering]) in term_ids
    ]
    terms = list(TaxonomyTerm.objects.filter(pk__in=term_ids).values_list("pk", "name"))
    names = {pk: name for pk, name in terms}
    for attribute in document.get("attributes") or []:  # names as the document gives them
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if isinstance(term, dict) and parse_uuid(term.get("id")) in term_ids:
            names.setdefault(parse_uuid(term["id"]), term.get("name") or "")
    municipalities: list[str] = []
    if service.pk and not service._state.adding:
        municipalities = sorted(
            {
                name
                for name in Location.objects.filter(at_services__service=service).values_list(
                    "municipality__name", flat=True
                )
                if name
            }
        )
    name = text_within(document.get("name"), 300)
    name_kana = text_within(normalize(alternate), 300) if is_kana(alternate) else ""
    description = document.get("description") or ""
    parts = [name, name_kana, description, *names.values(), *municipalities]
    status = document.get("status")
    fields = {
        "name": name,
        "name_kana": name_kana,
        "description": description if isinstance(description, str) else "",
        "status": status if status in ServiceStatus.values else ServiceStatus.ACTIVE,
        "assured_date": iso_date(document.get("assured_date")),
        "is_hot_station": tx.HOT_STATION_MARK_ID in term_ids,
        "offerings": offerings,
        "search_text": "|".join(search_key(p) for p in parts if isinstance(p, str) and p),
    }
    for key, value in fields.items():
        setattr(service, key, value)
    return {**fields, "terms": [pk for pk, _name in terms]}


