"""The exports of HSDS documents, as stored (import then export gives every field back)."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from tsunagu.directory.models import (
    Location,
    ResourceOrganization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


def service_export(service: Service) -> dict:
    """The fully nested service (``/services/{id}``): its stored document."""
    return copy.deepcopy(service.document)


def service_file_export(service: Service, *, places: Any) -> dict:
    """The service as ``tsunagu directory export --hsds`` writes it, so that the file imports
    back: its document, and when none of its addresses is in the region's municipalities and
    it names no ``service_areas``, the region's municipalities as its service_areas (where the
    directory offers it: the import refuses a service with neither). ``places``: the region's
    ``RegionPlaces``."""
    from tsunagu.directory.imports.places import has_place_in_region

    document = service_export(service)
    if document.get("service_areas") or has_place_in_region(places, document):
        return document
    municipalities = sorted(places.by_code.values(), key=lambda m: m.code)
    document["service_areas"] = [
        {
            "id": str(uuid.uuid5(service.pk, f"service-area:{m.code}")),
            "service_id": str(service.pk),
            "name": m.name,
            "description": _("%(prefecture)s%(name)s（全国地方公共団体コード %(code)s）") % {
                "prefecture": places.prefecture_of(m), "name": m.name, "code": m.code},
        }
        for m in municipalities
    ]
    return document


# One-to-one fields (no arrays, no nested objects) of the list views of the HSDS API.
def _one_to_one(document: dict) -> dict:
    return {k: v for k, v in document.items() if not isinstance(v, list | dict)}


def service_list_item(service: Service) -> dict:
    """A service as ``/services`` lists it: one-to-one fields, its organization and
    program reduced to theirs."""
    document = service.document
    item = _one_to_one(document)
    item.setdefault("organization_id", str(service.organization_id))
    for key in ("organization", "program"):
        if isinstance(document.get(key), dict):
            item[key] = _one_to_one(document[key])
    return item


def organization_export(
    organization: ResourceOrganization,
    *,
    full_service: bool = False,
    services: Iterable[Service] | None = None,
) -> dict:
    """The organization (``/organizations/{id}``) with its services: each as listed
    (one-to-one fields), or fully nested without their organization (``full_service``).
    ``services`` defaults to all of the organization's services."""
    document = copy.deepcopy(organization.document)
    if services is None:
        services = organization.services.order_by("name_kana", "name", "pk")
    items = []
    for service in services:
        if full_service:
            item = service_export(service)
            item.pop("organization", None)
        else:
            item = service_list_item(service)
            item.pop("organization", None)
        items.append(item)
    document["services"] = items
    return document


def location_export(location: Location) -> dict:
    return copy.deepcopy(location.document)


def service_at_location_export(sal: ServiceAtLocation) -> dict:
    """The fully nested service_at_location: itself, its location, and its service
    (without the service's service_at_locations)."""
    document = copy.deepcopy(sal.document)
    document["location"] = location_export(sal.location)
    service = service_export(sal.service)
    service.pop("service_at_locations", None)
    document["service"] = service
    return document


def taxonomy_export(taxonomy: Taxonomy) -> dict:
    return copy.deepcopy(taxonomy.document)


def taxonomy_term_export(term: TaxonomyTerm) -> dict:
    return copy.deepcopy(term.document)


