"""The directory sheet written: one row per service-at-location, UTF-8 with BOM or CP932."""

from __future__ import annotations

from typing import Any

from tsunagu.core.csvutil import csv_bytes
from tsunagu.core.models import Region
from tsunagu.core.text import normalize, to_cp932
from tsunagu.directory import taxonomy as tx
from tsunagu.directory.csv_exchange.columns import (
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
    HOURS_SEPARATOR,
    SEPARATOR,
    YES,
)
from tsunagu.directory.hsds.readers import attribute_term_ids, first_address, is_kana
from tsunagu.directory.models import (
    Offering,
    Service,
)


def _our_codes(document: dict, taxonomies: frozenset[str]) -> list[str]:
    codes = []
    for term_id in attribute_term_ids(document):
        term = tx.TERM_BY_ID.get(term_id)
        if term is not None and term.taxonomy in taxonomies and term.code not in codes:
            codes.append(term.code)
    return codes


def _offerings(document: dict) -> list[str]:
    ids = set(attribute_term_ids(document))
    return [o for o in Offering.values if tx.term_uuid(tx.OFFERING_TERMS[o]) in ids]


def _number_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    return repr(float(value)).removesuffix(".0") if isinstance(value, float) else str(value)


def service_cells(document: dict) -> dict[str, str]:
    """The service-level cells of a service document, as the sheet shows them."""
    organization = document.get("organization") or {}
    phones = [p for p in document.get("phones") or [] if isinstance(p, dict)]
    schedules = [s for s in document.get("schedules") or [] if isinstance(s, dict)]
    alternate = document.get("alternate_name") or ""
    return {
        COL_NAME: document.get("name") or "",
        COL_KANA: normalize(alternate) if is_kana(alternate) else "",
        COL_ORGANIZATION: organization.get("name") or "",
        COL_DESCRIPTION: document.get("description") or "",
        COL_CATEGORIES: SEPARATOR.join(_our_codes(document, tx.CATEGORY_TAXONOMIES)),
        COL_OFFERINGS: SEPARATOR.join(_offerings(document)),
        COL_PHONE: (phones[0].get("number") or "") if phones else "",
        COL_EMAIL: document.get("email") or "",
        COL_URL: document.get("url") or "",
        COL_HOURS: HOURS_SEPARATOR.join(
            s["description"] for s in schedules if s.get("description")
        ),
        COL_ASSURED_DATE: document.get("assured_date") or "",
    }


def location_cells(entry: dict | None) -> dict[str, str]:
    """The place-level cells of one service_at_locations entry (blank without one)."""
    location = (entry or {}).get("location") or {}
    address = first_address(location) or {}
    flags = set(_our_codes(location, frozenset({tx.ACCESS})))
    return {
        COL_SAL_ID: (entry or {}).get("id") or "",
        COL_POSTAL_CODE: address.get("postal_code") or "",
        COL_CITY: address.get("city") or "",
        COL_ADDRESS_1: address.get("address_1") or "",
        COL_ADDRESS_2: address.get("address_2") or "",
        COL_LATITUDE: _number_text(location.get("latitude")),
        COL_LONGITUDE: _number_text(location.get("longitude")),
        **{column: (YES if code in flags else "") for column, code in FLAG_COLUMNS.items()},
    }


def service_rows(document: dict) -> list[dict[str, str]]:
    """The sheet's rows of one service: one per service_at_location (one if it has none)."""
    common = {COL_SERVICE_ID: document.get("id") or "", **service_cells(document)}
    entries = [e for e in document.get("service_at_locations") or [] if isinstance(e, dict)]
    return [{**common, **location_cells(entry)} for entry in entries or [None]]


def export_csv(*, region: Region, encoding: str = "utf-8") -> tuple[bytes, list[str], int]:
    """The sheet of all the region's services: (file content, notes of CP932 substitutions,
    number of rows)."""
    services = Service.objects.filter(region=region).order_by("name_kana", "name", "pk")
    rows = [
        [row[column] for column in HEADERS]
        for service in services.iterator()
        for row in service_rows(service.document)
    ]
    data = csv_bytes(HEADERS, rows)
    if encoding == "utf-8":
        return data, [], len(rows)
    text, notes = to_cp932(data[3:].decode("utf-8"))
    return text.encode("cp932"), notes, len(rows)


