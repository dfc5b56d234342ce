"""The writer of HSDS documents into one region: the shared objects they nest, by their HSDS ids."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from tsunagu.core.audit import acting_user, audit_record
from tsunagu.core.models import AuditAction, Municipality, Region
from tsunagu.core.text import normalize
from tsunagu.directory import taxonomy as tx
from tsunagu.directory.hsds.fields import extract_service_fields
from tsunagu.directory.hsds.readers import (
    attribute_term_ids,
    first_address,
    is_kana,
    number_within,
    parse_uuid,
    text_within,
    walk_attributes,
)
from tsunagu.directory.models import (
    Location,
    ResourceOrganization,
    Service,
    ServiceAtLocation,
    ServiceRevision,
    Taxonomy,
    TaxonomyTerm,
)
from tsunagu.directory.validation import DocumentError, HSDSError, validate

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


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
            "name": text_within(document.get("name"), 200),
            "description": text_within(document.get("description"), 10_000),
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
            "code": text_within(document.get("code"), 100),
            "name": text_within(document.get("name"), 200),
            "description": text_within(document.get("description"), 10_000),
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
        for attribute in walk_attributes(document):
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
            "name": text_within(document.get("name"), 300),
            "name_kana": text_within(normalize(alternate), 300) if is_kana(alternate) else "",
            "description": text_within(document.get("description"), 100_000),
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
            "name": text_within(document.get("name"), 300),
            "municipality": self.municipality(document),
            "latitude": number_within(document.get("latitude"), -90, 90),
            "longitude": number_within(document.get("longitude"), -180, 180),
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
        service.name = text_within(document.get("name"), 300)
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


