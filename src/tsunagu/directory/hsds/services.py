"""The public write functions of HSDS documents: one per kind of document."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core.audit import audit_record
from tsunagu.core.locking import lock_claim
from tsunagu.core.models import AuditAction, Region
from tsunagu.directory.hsds.readers import parse_uuid
from tsunagu.directory.hsds.writer import DocumentWriter
from tsunagu.directory.models import (
    Location,
    ResourceOrganization,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from tsunagu.directory.validation import DocumentError, HSDSError, validate


@transaction.atomic
def service_import(*, actor: Any, region: Region, document: dict) -> Service:
    """Create or update the service of one fully nested HSDS document (``/services/{id}``
    shape) in ``region``, with its organization, locations and terms. HSDSError if the
    document cannot be written (then nothing is)."""
    service, _status = DocumentWriter(actor=actor, region=region).write_service(document)
    return service


@transaction.atomic
def service_create(
    *, actor: Any, region: Region, organization: ResourceOrganization, document: dict
) -> Service:
    """A new service of ``organization`` from an HSDS service document (its id is kept, or
    a new one is given; the organization is nested as it is stored)."""
    if organization.region_id != region.pk:
        raise HSDSError(
            [DocumentError("$.organization", _("この運営団体はこの圏域にありません。"))]
        )
    document = copy.deepcopy(document)
    document.setdefault("id", str(uuid.uuid4()))
    document.setdefault("status", ServiceStatus.ACTIVE.value)
    document["organization"] = copy.deepcopy(organization.document) or {
        "id": str(organization.pk),
        "name": organization.name,
        "description": organization.description,
    }
    document.pop("organization_id", None)
    if Service.objects.filter(pk=parse_uuid(document["id"])).exists():
        raise HSDSError([DocumentError("$.id", _("この ID のサービスはすでにあります。"))])
    service, _status = DocumentWriter(actor=actor, region=region).write_service(
        document, source="form"
    )
    return service


@transaction.atomic
def service_save(
    *,
    actor: Any,
    service: Service,
    document: dict,
    note: str = "",
    lock_version: int | None = None,
) -> Service:
    """Store a new document for ``service`` (the old one is kept as a ServiceRevision with
    ``note``) and derive its typed columns again. HSDSError if it cannot be written;
    EditConflict if someone saved it after ``lock_version`` (tsunagu.core.locking)."""
    lock_claim(service, lock_version)
    writer = DocumentWriter(actor=actor, region=service.region)
    saved, _status = writer.write_service(document, service=service, note=note, source="edit")
    return saved


@transaction.atomic
def organization_import(*, actor: Any, region: Region, document: dict) -> ResourceOrganization:
    """An HSDS organization (``/organizations/{id}`` shape); the services it nests (without
    their organization) are written as services of it."""
    errors = validate(document, "organization")
    services = document.get("services") or []
    if not isinstance(services, list):
        errors.append(DocumentError("$.services", _("配列で書いてください。")))
        services = []
    for i, nested in enumerate(services):
        errors += [
            DocumentError(f"$.services[{i}]{e.path[1:]}", e.reason)
            for e in validate(nested, "service")
        ]
    org_id = parse_uuid(document.get("id"))
    if ResourceOrganization.objects.filter(pk=org_id).exclude(region=region).exists():
        errors.append(DocumentError("$.id", _("この ID はほかの圏域のデータで使われています。")))
    if errors:
        raise HSDSError(errors)
    writer = DocumentWriter(actor=actor, region=region)
    writer.seed()
    writer.write_terms(document)
    organization = writer.write_organization(document)
    for i, nested in enumerate(services):
        service_document = {**nested, "organization": organization.document}
        try:
            writer.write_service(service_document)
        except HSDSError as error:
            raise HSDSError(
                [DocumentError(f"$.services[{i}]{e.path[1:]}", e.reason) for e in error.errors]
            ) from None
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=organization,
        region=region,
        summary=f"source=hsds services={len(services)}",
    )
    return organization


@transaction.atomic
def location_import(*, actor: Any, region: Region, document: dict) -> Location:
    """An HSDS location (its typed columns derived; services nesting it get the new copy)."""
    errors = validate(document, "location")
    if not errors and (
        Location.objects.filter(pk=parse_uuid(document["id"])).exclude(region=region).exists()
    ):
        errors.append(DocumentError("$.id", _("この ID はほかの圏域のデータで使われています。")))
    if errors:
        raise HSDSError(errors)
    writer = DocumentWriter(actor=actor, region=region)
    writer.seed()
    writer.write_terms(document)
    location = writer.write_location(copy.deepcopy(document))
    writer._refresh_others(None, {}, {location.pk: location.document})
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=location,
        region=region,
        summary="source=hsds",
    )
    return location


@transaction.atomic
def service_at_location_import(*, actor: Any, region: Region, document: dict) -> ServiceAtLocation:
    """An HSDS service_at_location with its location and its service nested (the
    ``/service_at_locations/{id}`` shape); the service keeps its other locations."""
    errors = validate(document, "service_at_location")
    nested = document.get("service")
    if not isinstance(nested, dict):
        errors.append(DocumentError("$.service", _("サービス（service）がありません。")))
    else:
        errors += [
            DocumentError(f"$.service{e.path[1:]}", e.reason) for e in validate(nested, "service")
        ]
    if errors:
        raise HSDSError(errors)
    entry = {k: v for k, v in document.items() if k != "service"}
    service = Service.objects.filter(pk=parse_uuid(nested["id"]), region=region).first()
    entries = list((service.document if service else {}).get("service_at_locations") or [])
    entries = [e for e in entries if parse_uuid(e.get("id")) != parse_uuid(entry["id"])] + [entry]
    service_document = {**nested, "service_at_locations": entries}
    writer = DocumentWriter(actor=actor, region=region)
    try:
        writer.write_service(service_document, service=service)
    except HSDSError as error:
        raise HSDSError(
            [DocumentError(f"$.service{e.path[1:]}", e.reason) for e in error.errors]
        ) from None
    return ServiceAtLocation.objects.get(pk=parse_uuid(entry["id"]))


@transaction.atomic
def taxonomy_import(*, actor: Any, document: dict) -> Taxonomy:
    """An HSDS taxonomy (taxonomies are shared by all regions; ours are not overwritten)."""
    errors = validate(document, "taxonomy")
    if errors:
        raise HSDSError(errors)
    writer = DocumentWriter(actor=actor, region=None)  # type: ignore[arg-type]
    writer.seed()
    row = writer.write_taxonomy(copy.deepcopy(document))
    audit_record(actor=actor, action=AuditAction.UPDATE, target=row, summary="source=hsds")
    return row


@transaction.atomic
def taxonomy_term_import(*, actor: Any, document: dict) -> TaxonomyTerm:
    """An HSDS taxonomy term (with its taxonomy_detail, if given)."""
    errors = validate(document, "taxonomy_term")
    if errors:
        raise HSDSError(errors)
    writer = DocumentWriter(actor=actor, region=None)  # type: ignore[arg-type]
    writer.seed()
    row = writer.write_term(copy.deepcopy(document))
    audit_record(actor=actor, action=AuditAction.UPDATE, target=row, summary="source=hsds")
    return row


