"""Open Referral HSDS 3.0 exchange of the directory: the write functions and the exports.

Every service keeps its fully nested HSDS document (``Service.document``, shaped as the HSDS
API's ``/services/{id}`` answers it: organization, service_at_locations with their location,
attributes with their taxonomy_term ...). Writing one — ``service_import``, ``service_create``,
``service_save`` — always does the same, visibly, in one transaction:

1. check the document against the official schema (hsds_schema/), then against what tsunagu
   needs (an organization; ids not used in another region); nothing is written on a problem;
2. write the shared objects it nests, by their HSDS ids: the organization (its ``locations``
   too), each location, each service_at_location, and every taxonomy term it names;
3. derive the typed columns (``extract_service_fields``) the directory searches and maps on;
4. bring the nested copies of the same organization and locations in the other services'
   documents up to date, so every document always equals what the API answers for it.

The exports give the stored documents back unchanged: importing an HSDS document and
exporting it gives back every field it had. Japanese addresses: state_province = 都道府県,
city = 市区町村 (matched to the region's municipalities), address_1 = 町域・番地,
address_2 = 建物, postal_code = 123-4567, country = JP."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.locking import lock_claim
from tsunagu.core.models import AuditAction, Municipality, Region
from tsunagu.core.text import normalize, search_key
from tsunagu.directory import taxonomy as tx
from tsunagu.directory.models import (
    Location,
    Offering,
    ResourceOrganization,
    Service,
    ServiceAtLocation,
    ServiceRevision,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from tsunagu.directory.validation import DocumentError, HSDSError, validate

__all__ = [
    "DocumentError",
    "DocumentWriter",
    "HSDSError",
    "ImportSummary",
    "attribute_term_ids",
    "extract_service_fields",
    "first_address",
    "import_documents",
    "is_kana",
    "location_export",
    "location_import",
    "organization_export",
    "organization_import",
    "parse_uuid",
    "read_documents",
    "service_at_location_export",
    "service_at_location_import",
    "service_create",
    "service_export",
    "service_import",
    "service_list_item",
    "service_save",
    "taxonomy_export",
    "taxonomy_import",
    "taxonomy_term_export",
    "taxonomy_term_import",
]

_FALSE_VALUES = frozenset({"false", "no", "0", "n", "off"})
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
_HIRAGANA_FIRST, _KATAKANA_LAST = 0x3041, 0x30FF  # the hiragana and katakana blocks


# ---- small readers ----------------------------------------------------------------------


def is_kana(text: str) -> bool:
    """Only hiragana and katakana (the long-vowel mark, the middle dot and iteration marks
    included) and spaces, after NFKC; not empty."""
    text = normalize(text or "").replace(" ", "")
    return bool(text) and all(_HIRAGANA_FIRST <= ord(c) <= _KATAKANA_LAST for c in text)


def parse_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def _text(value: Any, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _number(value: Any, low: float, high: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if low <= value <= high else None


def _iso_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _term_id(attribute: Any) -> uuid.UUID | None:
    if not isinstance(attribute, dict):
        return None
    term = attribute.get("taxonomy_term")
    if isinstance(term, dict) and term.get("id"):
        return parse_uuid(term["id"])
    return parse_uuid(attribute.get("taxonomy_term_id"))


def _attribute_on(attribute: dict) -> bool:
    value = attribute.get("value")
    return not (isinstance(value, str) and value.strip().casefold() in _FALSE_VALUES)


def attribute_term_ids(document: dict) -> list[uuid.UUID]:
    """Ids of the terms of the object's own attributes (set ones), in order, once each."""
    found: list[uuid.UUID] = []
    for attribute in document.get("attributes") or []:
        term_id = _term_id(attribute)
        if term_id and term_id not in found and _attribute_on(attribute):
            found.append(term_id)
    return found


def first_address(location: dict) -> dict | None:
    addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
    for address in addresses:
        if address.get("address_type") == "physical":
            return address
    return addresses[0] if addresses else None


def _walk_attributes(value: Any) -> Iterator[dict]:
    """Every attribute object anywhere in a document."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "attributes" and isinstance(child, list):
                yield from (a for a in child if isinstance(a, dict))
            yield from _walk_attributes(child)
    elif isinstance(value, list):
        for child in value:
            yield from _walk_attributes(child)


# ---- the writer -------------------------------------------------------------------------


class DocumentWriter:
    """Writes HSDS documents into one region; caches what a file of documents shares."""

    def __init__(self, *, actor: Any, region: Region) -> None:
        self.actor = actor
        self.region = region
        self.user = acting_user(actor)
        self._municipalities: dict[str, Municipality] | None = None
        self._seeded = False

    # -- lookups

    def municipality(self, location: dict) -> Municipality | None:
        """The region's municipality named by the location's address ``city``."""
        if self._municipalities is None:
            self._municipalities = {
                normalize(m.name): m for m in Municipality.objects.filter(region=self.region)
            }
        address = first_address(location)
        city = normalize(address.get("city") or "") if address else ""
        if not city:
            return None
        if city in self._municipalities:
            return self._municipalities[city]
        for name, municipality in self._municipalities.items():
            if city.endswith(name):  # written with its 都道府県 or 郡
                return municipality
        return None

    # -- checks

    def check_service(self, document: dict, service: Service | None, line: int | None):
        """What tsunagu needs beyond the schema; [] when the document can be written."""
        errors: list[DocumentError] = []

        def error(path: str, reason: str) -> None:
            errors.append(DocumentError(path, reason, line))

        other_region = _("この ID はほかの圏域のデータで使われています。")
        service_id = parse_uuid(document["id"])
        if service is not None and service_id != service.pk:
            error("$.id", _("サービスの ID は変えられません。"))
        elif Service.objects.filter(pk=service_id).exclude(region=self.region).exists():
            error("$.id", other_region)
        organization = document.get("organization")
        organization_id = parse_uuid(document.get("organization_id"))
        if isinstance(organization, dict):
            org_id = parse_uuid(organization["id"])
            if organization_id and organization_id != org_id:
                error("$.organization_id", _("organization の id と違います。"))
            if ResourceOrganization.objects.filter(pk=org_id).exclude(region=self.region).exists():
                error("$.organization.id", other_region)
            for i, location in enumerate(organization.get("locations") or []):
                self._check_location(location, f"$.organization.locations[{i}]", error)
        elif organization_id:
            if not ResourceOrganization.objects.filter(
                pk=organization_id, region=self.region
            ).exists():
                error("$.organization_id", _("この運営団体はこの圏域にありません。"))
        else:
            error("$", _("運営団体（organization）がありません。"))
        seen_locations: dict[uuid.UUID, int] = {}
        seen_sals: set[uuid.UUID] = set()
        for i, entry in enumerate(document.get("service_at_locations") or []):
            path = f"$.service_at_locations[{i}]"
            sal_id = parse_uuid(entry["id"])
            if sal_id in seen_sals:
                error(f"{path}.id", _("同じ ID の service_at_location が2つあります。"))
            seen_sals.add(sal_id)
            other_sal = ServiceAtLocation.objects.filter(pk=sal_id).exclude(service_id=service_id)
            if other_sal.exists():
                error(f"{path}.id", _("この ID はほかのサービスの実施場所で使われています。"))
            location = entry.get("location")
            if isinstance(location, dict):
                location_id = parse_uuid(location["id"])
                self._check_location(location, f"{path}.location", error)
            else:
                location_id = parse_uuid(entry.get("location_id"))
                if location_id is None:
                    error(path, _("所在地（location）がありません。"))
                    continue
                if not Location.objects.filter(pk=location_id, region=self.region).exists():
                    error(f"{path}.location_id", _("この所在地はこの圏域にありません。"))
            if location_id in seen_locations:
                error(
                    path,
                    _("同じ所在地が %(other)s にもあります。")
                    % {"other": f"$.service_at_locations[{seen_locations[location_id]}]"},
                )
            seen_locations[location_id] = i
        return errors

    def _check_location(self, location: dict, path: str, error) -> None:
        if (
            Location.objects.filter(pk=parse_uuid(location["id"]))
            .exclude(region=self.region)
            .exists()
        ):
            error(f"{path}.id", _("この ID はほかの圏域のデータで使われています。"))

    # -- taxonomy

    def seed(self) -> None:
        if not self._seeded:
            tx.taxonomy_seed()
            self._seeded = True

    def write_taxonomy(self, document: dict) -> Taxonomy:
        taxonomy_id = parse_uuid(document["id"])
        row = Taxonomy.objects.filter(pk=taxonomy_id).first()
        if taxonomy_id in tx.TAXONOMY_IDS and row is not None:
            return row  # ours: the seed decides its content
        fields = {
            "name": _text(document.get("name"), 200),
            "description": _text(document.get("description"), 10_000),
            "document": document,
        }
        if row is None:
            return Taxonomy.objects.create(id=taxonomy_id, **fields)
        if any(getattr(row, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(row, key, value)
            row.save()
        return row

    def write_term(self, document: dict) -> TaxonomyTerm:
        term_id = parse_uuid(document["id"])
        row = TaxonomyTerm.objects.filter(pk=term_id).first()
        if term_id in tx.TERM_BY_ID and row is not None:
            return row
        taxonomy_id = None
        detail = document.get("taxonomy_detail")
        if isinstance(detail, dict):
            taxonomy_id = self.write_taxonomy(detail).pk
        elif document.get("taxonomy_id"):
            candidate = parse_uuid(document["taxonomy_id"])
            if Taxonomy.objects.filter(pk=candidate).exists():
                taxonomy_id = candidate
        parent_id = parse_uuid(document.get("parent_id"))
        if parent_id and not TaxonomyTerm.objects.filter(pk=parent_id).exists():
            parent_id = None  # the document keeps it; the row links only what exists
        fields = {
            "taxonomy_id": taxonomy_id,
            "parent_id": parent_id if parent_id != term_id else None,
            "code": _text(document.get("code"), 100),
            "name": _text(document.get("name"), 200),
            "description": _text(document.get("description"), 10_000),
            "document": document,
        }
        if row is None:
            return TaxonomyTerm.objects.create(id=term_id, **fields)
        if any(getattr(row, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(row, key, value)
            row.save()
        return row

    def write_terms(self, document: dict) -> None:
        """Every taxonomy term nested in the document's attributes (parents after all)."""
        written: dict[uuid.UUID, dict] = {}
        for attribute in _walk_attributes(document):
            term = attribute.get("taxonomy_term")
            if isinstance(term, dict) and parse_uuid(term.get("id")) not in written:
                self.write_term(term)
                written[parse_uuid(term["id"])] = term
        for term_id, term in written.items():  # a parent written after its child
            parent_id = parse_uuid(term.get("parent_id"))
            if parent_id in written and term_id not in tx.TERM_BY_ID:
                TaxonomyTerm.objects.filter(pk=term_id, parent_id=None).update(parent_id=parent_id)

    # -- organization and locations

    def write_organization(self, document: dict) -> ResourceOrganization:
        document = {k: v for k, v in document.items() if k != "services"}
        org_id = parse_uuid(document["id"])
        alternate = document.get("alternate_name") or ""
        fields = {
            "name": _text(document.get("name"), 300),
            "name_kana": _text(normalize(alternate), 300) if is_kana(alternate) else "",
            "description": _text(document.get("description"), 100_000),
            "document": document,
        }
        row = ResourceOrganization.objects.filter(pk=org_id).first()
        if row is None:
            row = ResourceOrganization.objects.create(id=org_id, region=self.region, **fields)
        elif any(getattr(row, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(row, key, value)
            row.save()
        for location in document.get("locations") or []:
            self.write_location(location, organization=row)
        return row

    def write_location(
        self, document: dict, *, organization: ResourceOrganization | None = None
    ) -> Location:
        location_id = parse_uuid(document["id"])
        row = Location.objects.filter(pk=location_id).first()
        if organization is None and document.get("organization_id"):
            organization = ResourceOrganization.objects.filter(
                pk=parse_uuid(document["organization_id"]), region=self.region
            ).first()
        flags = {
            tx.ACCESS_BY_TERM_ID[t]
            for t in attribute_term_ids(document)
            if t in tx.ACCESS_BY_TERM_ID
        }
        fields: dict[str, Any] = {
            "name": _text(document.get("name"), 300),
            "municipality": self.municipality(document),
            "latitude": _number(document.get("latitude"), -90, 90),
            "longitude": _number(document.get("longitude"), -180, 180),
            "wheelchair": "wheelchair" in flags,
            "parking": "parking" in flags,
            "public_transport": "public_transport" in flags,
            "document": document,
        }
        if organization is not None:
            fields["organization"] = organization
        if row is None:
            return Location.objects.create(id=location_id, region=self.region, **fields)
        if any(getattr(row, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(row, key, value)
            row.save()
        return row

    # -- the service

    def write_service(
        self,
        document: dict,
        *,
        service: Service | None = None,
        line: int | None = None,
        note: str = "",
        source: str = "hsds",
    ) -> tuple[Service, str]:
        """Check and write one fully nested service. Returns the service and CREATED,
        UPDATED or UNCHANGED (the same document as stored: nothing is written). HSDSError
        if it cannot be written."""
        errors = validate(document, "service", line=line)
        if not errors:
            errors = self.check_service(document, service, line)
        if errors:
            raise HSDSError(errors)
        service_id = parse_uuid(document["id"])
        if service is None:
            service = Service.objects.filter(pk=service_id, region=self.region).first()
        old = None
        if service is not None:
            # As stored, not as the caller may have changed the instance's dict in place.
            old = Service.objects.values_list("document", flat=True).get(pk=service.pk)
            if old == document:
                return service, UNCHANGED
        document = copy.deepcopy(document)
        self.seed()
        self.write_terms(document)
        if isinstance(document.get("organization"), dict):
            organization = self.write_organization(document["organization"])
        else:
            organization = ResourceOrganization.objects.get(
                pk=parse_uuid(document["organization_id"]), region=self.region
            )
        if service is None:
            service = Service(id=service_id, region=self.region)
        else:
            ServiceRevision.objects.create(
                service=service,
                document=old,
                note=(note or _("HSDS の取り込み"))[:300],
                changed_by=self.user,
            )
        service.organization = organization
        service.document = document
        service.updated_by = self.user
        service.name = _text(document.get("name"), 300)
        service.save()
        locations = self._write_service_at_locations(service, document)
        self._apply_fields(service)
        nested_org = isinstance(document.get("organization"), dict)
        shared_orgs = {organization.pk: organization.document} if nested_org else {}
        written = set(locations) | {
            parse_uuid(location["id"])
            for location in (document.get("organization") or {}).get("locations") or []
        }
        shared_locations = dict(
            Location.objects.filter(pk__in=written).values_list("pk", "document")
        )
        refreshed = self._refresh_others(service.pk, shared_orgs, shared_locations)
        audit_record(
            actor=self.actor,
            action=AuditAction.CREATE if old is None else AuditAction.UPDATE,
            target=service,
            region=self.region,
            summary=(
                f"source={source} organization={organization.pk} "
                f"locations={len(locations)} refreshed={refreshed}"
            ),
        )
        return service, CREATED if old is None else UPDATED

    def _write_service_at_locations(self, service: Service, document: dict) -> dict:
        """The service's service_at_locations as the document lists them; the others go.
        Returns {location id: location document} of the locations it nests."""
        entries = document.get("service_at_locations") or []
        keep = [parse_uuid(entry["id"]) for entry in entries]
        ServiceAtLocation.objects.filter(service=service).exclude(pk__in=keep).delete()
        existing = {s.pk: s for s in ServiceAtLocation.objects.filter(pk__in=keep)}
        locations: dict[uuid.UUID, dict] = {}
        planned: list[tuple[dict, Location]] = []
        for entry in entries:
            nested = entry.get("location")
            if isinstance(nested, dict):
                location = self.write_location(nested)
                locations[location.pk] = location.document
            else:
                location = Location.objects.get(
                    pk=parse_uuid(entry["location_id"]), region=self.region
                )
            planned.append((entry, location))
        # A place that moves is removed first, so that (service, location) stays unique.
        moved = [
            sal.pk
            for entry, location in planned
            if (sal := existing.get(parse_uuid(entry["id"]))) and sal.location_id != location.pk
        ]
        ServiceAtLocation.objects.filter(pk__in=moved).delete()
        for entry, location in planned:
            sal_document = {k: v for k, v in entry.items() if k not in ("location", "service")}
            sal = existing.get(parse_uuid(entry["id"]))
            if sal is None or sal.pk in moved:
                ServiceAtLocation.objects.create(
                    id=parse_uuid(entry["id"]),
                    service=service,
                    location=location,
                    document=sal_document,
                )
            elif sal.document != sal_document:
                sal.document = sal_document
                sal.save()
        return locations

    def _apply_fields(self, service: Service) -> None:
        term_ids = extract_service_fields(service)["terms"]
        service.save()
        service.terms.set(term_ids)

    def _refresh_others(
        self, service_id: uuid.UUID | None, organizations: dict[uuid.UUID, dict], locations: dict
    ) -> int:
        """Other services (and organizations) nesting the same organization or locations get
        the new copies. Returns how many services changed."""
        if not organizations and not locations:
            return 0
        holders = set(
            Location.objects.filter(pk__in=locations.keys(), organization__isnull=False)
            .exclude(organization_id__in=organizations)
            .values_list("organization_id", flat=True)
        )
        for organization in ResourceOrganization.objects.filter(pk__in=holders):
            document = copy.deepcopy(organization.document)
            if _refresh_nested({"organization": document}, {}, locations):
                organization.document = document
                organization.save(update_fields=["document", "updated_at"])
        others = (
            Service.objects.filter(region=self.region)
            .filter(
                Q(organization_id__in=[*organizations, *holders])
                | Q(locations__in=locations.keys())
            )
            .exclude(pk=service_id)
            .distinct()
        )
        count = 0
        for other in others:
            document = copy.deepcopy(other.document)
            if _refresh_nested(document, organizations, locations):
                other.document = document
                other.save(update_fields=["document"])
                self._apply_fields(other)
                count += 1
        return count


def _refresh_nested(document: dict, organizations: dict, locations: dict) -> bool:
    """Replace nested copies of the given organizations and locations (by id) in a service
    document; True if anything changed."""
    changed = False

    def fresh_location(value: Any) -> Any:
        nonlocal changed
        if isinstance(value, dict):
            replacement = locations.get(parse_uuid(value.get("id")))
            if replacement is not None and replacement != value:
                changed = True
                return copy.deepcopy(replacement)
        return value

    organization = document.get("organization")
    if isinstance(organization, dict):
        replacement = organizations.get(parse_uuid(organization.get("id")))
        if replacement is not None and replacement != organization:
            document["organization"] = organization = copy.deepcopy(replacement)
            changed = True
        if isinstance(organization.get("locations"), list):
            organization["locations"] = [fresh_location(x) for x in organization["locations"]]
    for entry in document.get("service_at_locations") or []:
        if isinstance(entry, dict) and "location" in entry:
            entry["location"] = fresh_location(entry["location"])
    return changed


# ---- typed columns ------------------------------------------------------------------------


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
    name = _text(document.get("name"), 300)
    name_kana = _text(normalize(alternate), 300) if is_kana(alternate) else ""
    description = document.get("description") or ""
    parts = [name, name_kana, description, *names.values(), *municipalities]
    status = document.get("status")
    fields = {
        "name": name,
        "name_kana": name_kana,
        "description": description if isinstance(description, str) else "",
        "status": status if status in ServiceStatus.values else ServiceStatus.ACTIVE,
        "assured_date": _iso_date(document.get("assured_date")),
        "is_hot_station": tx.HOT_STATION_MARK_ID in term_ids,
        "offerings": offerings,
        "search_text": "|".join(search_key(p) for p in parts if isinstance(p, str) and p),
    }
    for key, value in fields.items():
        setattr(service, key, value)
    return {**fields, "terms": [pk for pk, _name in terms]}


# ---- the public write functions ---------------------------------------------------------


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


# ---- exports ------------------------------------------------------------------------------


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


# ---- files of documents ----------------------------------------------------------------


@dataclass
class ImportSummary:
    """What an import of HSDS documents did, or would do (dry run)."""

    dry_run: bool
    documents: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[DocumentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        n = {
            "documents": self.documents,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            return (
                _(
                    "%(documents)d 件を確認しました（確認のみ、書き込んでいません）。"
                    "作成 %(created)d件・更新 %(updated)d件・変更なし %(unchanged)d件"
                )
                % n
            )
        return (
            _(
                "%(documents)d 件を取り込みました。"
                "作成 %(created)d件・更新 %(updated)d件・変更なし %(unchanged)d件"
            )
            % n
        )


MAX_JSON_DEPTH = 32  # HSDS nests about 6 deep; deeper is an attack on the parser or schema


def _json_depth_over(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def _parse_json(text: str) -> Any:
    """json.loads, with nesting too deep for Python's parser or the schema refused as a
    ValueError (json.loads itself raises RecursionError on ten thousand '[')."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError(_("入れ子が深すぎます")) from None
    if _json_depth_over(value, MAX_JSON_DEPTH):
        raise ValueError(_("入れ子が深すぎます（%(max)d 段まで）") % {"max": MAX_JSON_DEPTH})
    return value


def read_documents(text: str) -> tuple[list[tuple[int | None, Any]], list[DocumentError]]:
    """(line, document) pairs of an ndjson text, or of a text holding one JSON document
    (line None); and the lines that are not JSON."""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        return [], [DocumentError("$", _("ファイルが空です。"))]
    try:
        whole = _parse_json(stripped)
    except ValueError:
        whole = None
    else:
        if isinstance(whole, dict):
            return [(None, whole)], []
    documents: list[tuple[int | None, Any]] = []
    errors: list[DocumentError] = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            documents.append((number, _parse_json(line)))
        except ValueError as error:
            errors.append(
                DocumentError(
                    "$", _("JSON として読めません（%(error)s）。") % {"error": error}, number
                )
            )
    return documents, errors


class _Rollback(Exception):
    pass


def import_documents(
    *, actor: Any, region: Region, documents: list[tuple[int | None, Any]], dry_run: bool = False
) -> ImportSummary:
    """Write fully nested services, all or nothing: every document is checked against the
    schema first; then all are written in one transaction, which is rolled back if any of
    them cannot be written, or for a dry run."""
    result = ImportSummary(dry_run=dry_run, documents=len(documents))
    seen: dict[uuid.UUID, int | None] = {}
    for line, document in documents:
        errors = validate(document, "service", line=line)
        result.errors += errors
        service_id = parse_uuid(document.get("id")) if isinstance(document, dict) else None
        if not errors and service_id in seen:
            result.errors.append(
                DocumentError(
                    "$.id",
                    _("同じ ID のサービスが %(line)s 行目にもあります。")
                    % {"line": seen[service_id]},
                    line,
                )
            )
        seen[service_id] = line
    if not result.errors:
        from tsunagu.directory.imports.places import outside_region_errors

        result.errors += outside_region_errors(region, documents)
    if result.errors:
        return result
    writer = DocumentWriter(actor=actor, region=region)
    try:
        with transaction.atomic():
            for line, document in documents:
                try:
                    with transaction.atomic():
                        _service, status = writer.write_service(document, line=line)
                except HSDSError as error:
                    result.errors += error.errors
                    continue
                setattr(result, status, getattr(result, status) + 1)
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result
